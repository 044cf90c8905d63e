// Block boundaries, fuzzed: many small random inputs, each read with tiny
// blocks and with one big block, must give the same records, lines, skipped
// count and first error. A reader that mishandles a record cut by a block
// boundary shows up here even when no hand-written case hits the spot.

#include <catch2/catch.hpp>

#include <random>

#include "core/errors/policy.hpp"
#include "tests/unit/test_support.hpp"

namespace {

std::string random_input(std::mt19937& rng, const std::vector<std::string>& alphabet, std::size_t max_tokens) {
  std::uniform_int_distribution<std::size_t> length(0, max_tokens);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::string out;
  for (std::size_t n = length(rng); n > 0; --n) out += alphabet[pick(rng)];
  return out;
}

std::string escape(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else out += static_cast<char>(c);
  }
  return out;
}

/// What a read under --on-error skip gave: the records, their lines, what
/// was rejected and repaired (by kind, and where), and a header-only input's
/// header (handed out on a batch with no record).
struct Skipping {
  std::vector<weir::test::RecordText> records;
  std::vector<std::int64_t> lines;
  std::int64_t skipped = 0;
  std::vector<std::int64_t> rejected, repaired;  // by DataErrorKind
  std::vector<std::string> noted;                // "LINE:COLUMN kind action", in order
  std::vector<std::string> bare_header;
};

Skipping read_skipping(const std::string& in, const std::string& format, const weir::ReadOptions& read) {
  Skipping s;
  weir::ErrorPolicy errors(weir::OnError::skip);
  errors.set_quarantine([&s](const weir::DataError& e, bool rejected) {
    s.noted.push_back(std::to_string(e.line) + ":" + std::to_string(e.column) + " " +
                      std::string(weir::data_error_kind_name(e.kind)) + (rejected ? " rejected" : " repaired"));
  });
  auto reader = weir::format_named(format).make_reader(weir::memory_source(in, "in." + format), read, errors);
  weir::Batch batch;
  while (reader->read(batch)) {
    if (batch.bare_header) {
      for (const auto& name : batch.bare_header->names) s.bare_header.push_back(name);
    }
    REQUIRE((!batch.empty() || batch.bare_header));
    for (std::size_t r = 0; r < batch.size(); ++r) {
      weir::RecordRef record = batch[r];
      weir::test::RecordText copy;
      for (const weir::Field& f : record.fields()) copy.push_back({std::string(f.name), std::string(f.value), f.kind});
      s.records.push_back(std::move(copy));
      s.lines.push_back(record.where().line);
    }
  }
  s.skipped = errors.skipped();
  for (std::size_t k = 0; k < weir::kDataErrorKinds; ++k) {
    s.rejected.push_back(errors.rejected(static_cast<weir::DataErrorKind>(k)));
    s.repaired.push_back(errors.repaired(static_cast<weir::DataErrorKind>(k)));
  }
  return s;
}

struct Outcome {
  Skipping skipping;
  std::optional<weir::DataError> failure;
};

Outcome read_both_ways(const std::string& in, const std::string& format, weir::ReadOptions read) {
  Outcome o;
  o.skipping = read_skipping(in, format, read);
  o.failure = weir::test::read_error(in, format, read);
  return o;
}

// Random inputs per format: a third of them in the sanitizer build (at -O0
// these tests were a third of its unit tests' time), whose memory checks
// find what the same paths do wrong in fewer inputs; every one in the others.
#ifdef WEIR_TESTS_SANITIZED
constexpr int kInputs = 100;
#else
constexpr int kInputs = 300;
#endif

void check_block_sizes(const std::string& format, const std::vector<std::string>& alphabet,
                       weir::ReadOptions read = {}, int inputs = kInputs) {
  std::mt19937 rng(20240611);
  for (int i = 0; i < inputs; ++i) {
    std::string in = random_input(rng, alphabet, 24);
    INFO(format << " input: \"" << escape(in) << "\"");
    read.block_size = 4096;  // one block for any of these inputs
    Outcome expected = read_both_ways(in, format, read);
    for (std::size_t size : {1, 2, 3, 4, 5, 7, 8, 11, 16, 64}) {
      INFO("block size " << size);
      read.block_size = size;
      Outcome got = read_both_ways(in, format, read);
      REQUIRE(got.skipping.records == expected.skipping.records);
      REQUIRE(got.skipping.lines == expected.skipping.lines);
      REQUIRE(got.skipping.skipped == expected.skipping.skipped);
      REQUIRE(got.skipping.rejected == expected.skipping.rejected);
      REQUIRE(got.skipping.repaired == expected.skipping.repaired);
      REQUIRE(got.skipping.noted == expected.skipping.noted);
      REQUIRE(got.skipping.bare_header == expected.skipping.bare_header);
      REQUIRE(got.failure.has_value() == expected.failure.has_value());
      if (expected.failure) {
        CHECK(got.failure->line == expected.failure->line);
        CHECK(got.failure->column == expected.failure->column);
        CHECK(got.failure->message == expected.failure->message);
        CHECK(got.failure->excerpt == expected.failure->excerpt);
      }
    }
  }
}

}  // namespace

// [!mayfail] while a known bug lasts: jsonl's error excerpt stops at the
// end of the block it was found in (the csv cases, once tagged so too, pass
// since the reader waits for the rest of the line).
//
// csv and tsv are read twice: as by default (the dialect sniffed from the
// whole input, whatever the block size; rows repaired, not rejected) and
// with --strict (RFC 4180 only: every error, and where --on-error skip goes
// on after it, must not depend on the block size).

namespace {

weir::ReadOptions strict(weir::ReadOptions read = {}) {
  read.strict = true;
  return read;
}

const std::vector<std::string> kCsvAlphabet = {"a", "b", ",", ",", "\"", "\"\"", "\n", "\r\n", "\r", " ",
                                               "\xC3\xA9", "\xEF\xBB\xBF"};
const std::vector<std::string> kCsvBareAlphabet = {"a", ",", "\"", "\n", "\r\n", "\r"};
const std::vector<std::string> kCsvCommentAlphabet = {"a", ",", "\"", "\n", "\r\n", "#", " ", "\t"};
const std::vector<std::string> kTsvAlphabet = {"a", "\t", "\\", "t", "\n", "\r\n", "\r", "\xC3\xA9",
                                               "\xEF\xBB\xBF"};
const std::vector<std::string> kTsvPipeAlphabet = {"a", "|", "\\", "\\|", "\t", "\n", "\r\n"};

weir::ReadOptions bare() {
  weir::ReadOptions read;
  read.header = false;
  read.keep_blank_lines = true;
  return read;
}

weir::ReadOptions commented() {
  weir::ReadOptions read;
  read.comment = '#';
  read.trim = true;
  return read;
}

weir::ReadOptions piped() {
  weir::ReadOptions read;
  read.delimiter = '|';
  return read;
}

}  // namespace

TEST_CASE("fuzz: csv reads the same at every block size", "[csv][blocks][fuzz]") {
  check_block_sizes("csv", kCsvAlphabet);
}

TEST_CASE("fuzz: strict csv reads and fails the same at every block size", "[csv][blocks][fuzz]") {
  check_block_sizes("csv", kCsvAlphabet, strict());
}

TEST_CASE("fuzz: csv without a header reads the same at every block size",
          "[csv][blocks][fuzz]") {
  check_block_sizes("csv", kCsvBareAlphabet, bare());
}

TEST_CASE("fuzz: strict csv without a header reads and fails the same at every block size",
          "[csv][blocks][fuzz]") {
  check_block_sizes("csv", kCsvBareAlphabet, strict(bare()));
}

TEST_CASE("fuzz: csv with comments and trimming reads the same at every block size",
          "[csv][blocks][fuzz]") {
  check_block_sizes("csv", kCsvCommentAlphabet, commented());
}

TEST_CASE("fuzz: strict csv with comments and trimming reads and fails the same at every block size",
          "[csv][blocks][fuzz]") {
  check_block_sizes("csv", kCsvCommentAlphabet, strict(commented()));
}

TEST_CASE("fuzz: tsv reads the same at every block size", "[tsv][blocks][fuzz]") {
  check_block_sizes("tsv", kTsvAlphabet);
}

TEST_CASE("fuzz: strict tsv reads and fails the same at every block size", "[tsv][blocks][fuzz]") {
  check_block_sizes("tsv", kTsvAlphabet, strict());
}

TEST_CASE("fuzz: tsv with another delimiter reads the same at every block size", "[tsv][blocks][fuzz]") {
  check_block_sizes("tsv", kTsvPipeAlphabet, piped());
}

TEST_CASE("fuzz: strict tsv with another delimiter reads and fails the same at every block size",
          "[tsv][blocks][fuzz]") {
  check_block_sizes("tsv", kTsvPipeAlphabet, strict(piped()));
}

TEST_CASE("fuzz: logfmt reads the same at every block size", "[logfmt][blocks][fuzz]") {
  check_block_sizes("logfmt", {"a", "b", "=", "\"", "\\", " ", "\n", "\r\n", "\t", "\xC3\xA9"});
}

TEST_CASE("fuzz: dkvp reads the same at every block size", "[dkvp][blocks][fuzz]") {
  check_block_sizes("dkvp", {"a", "b", "=", ",", "\"", " ", "\n", "\r\n", "\xC3\xA9"});
}

TEST_CASE("fuzz: nidx reads the same at every block size", "[nidx][blocks][fuzz]") {
  check_block_sizes("nidx", {"a", "b", " ", "  ", ",", "\n", "\r\n", "\t", "\xC3\xA9"});
}

TEST_CASE("fuzz: lines reads the same at every block size", "[lines][blocks][fuzz]") {
  check_block_sizes("lines", {"a", "\n", "\r\n", "\r", "\xEF\xBB\xBF", "\xC3\xA9"});
}

TEST_CASE("fuzz: jsonl reads the same at every block size", "[jsonl][blocks][fuzz][!mayfail]") {
  check_block_sizes("jsonl", {"{", "}", "[", "]", "\"a\"", "\"", ":", ",", "1", "\n", "\r\n", " ",
                              "{\"a\":1}", "\"\\\"\"", "true", "\xC3\xA9", "\\"});
}
