// Limits on hostile input (issue 15): --max-fields in every reader, names
// made unique in linear time, the decompression ratio guard, expression
// length. Each exceeded limit is a located error, or a reject under skip.

#include <zlib.h>

#include <chrono>

#include "core/check/baseline.hpp"
#include "core/expr/expression.hpp"
#include "core/formats/jsonl_flat.hpp"
#include "core/record/header.hpp"
#include "tests/unit/test_support.hpp"

namespace {

using weir::test::read_all;
using weir::test::gzip_bytes;
using weir::test::read_error;

std::string drain(weir::Source& source) {
  std::string out;
  char buffer[65536];
  while (std::size_t got = source.read(buffer, sizeof buffer)) out.append(buffer, got);
  return out;
}

weir::ReadOptions max_fields(std::size_t n) {
  weir::ReadOptions o;
  o.max_fields = n;
  return o;
}

}  // namespace

TEST_CASE("limits: a csv row with more than --max-fields fields is too large, located", "[limits]") {
  auto error = read_error("a,b,c\n1,2,3\n4,5,6,7\n", "csv", max_fields(3), "in.csv");
  REQUIRE(error);
  CHECK(weir::format_data_error(*error) ==
        "weir: in.csv:3:7: a record with more than 3 fields (--max-fields)\n  4,5,6,7\n        ^\n");
  CHECK(error->kind == weir::DataErrorKind::too_large);
  // quoted: the caret is on the opening quote
  error = read_error("a,b\n1,\"x\"\n", "csv", max_fields(1), "in.csv");
  REQUIRE(error);
  CHECK(error->line == 1);
  CHECK(error->column == 3);
}

TEST_CASE("limits: under skip, a row over --max-fields is rejected and reading goes on", "[limits]") {
  auto result = read_all("a,b\n1,2\n1,2,3,4,5\n3,4\n", "csv", max_fields(4), weir::OnError::skip);
  CHECK(result.text() == "a=1 b=2\na=3 b=4\n");
  CHECK(result.skipped == 1);
  result = read_all("a\tb\n1\t2\n1\t2\t3\n3\t4\n", "tsv", max_fields(2), weir::OnError::skip);
  CHECK(result.text() == "a=1 b=2\na=3 b=4\n");
  CHECK(result.skipped == 1);
}

TEST_CASE("limits: tsv, logfmt and jsonl hold records to --max-fields too", "[limits]") {
  auto error = read_error("a\tb\n1\t2\t3\n", "tsv", max_fields(2), "in.tsv");
  REQUIRE(error);
  CHECK(weir::format_data_error(*error) ==
        "weir: in.tsv:2:5: a record with more than 2 fields (--max-fields)\n  1 2 3\n      ^\n");
  // exactly the limit is fine
  CHECK(read_all("a\tb\n1\t2\n", "tsv", max_fields(2)).text() == "a=1 b=2\n");
  error = read_error("x=1 y=2 z=3\n", "logfmt", max_fields(2), "in.logfmt");
  REQUIRE(error);
  CHECK(error->message == "a record with more than 2 fields (--max-fields)");
  CHECK((error->line == 1 && error->column == 9));
  CHECK(read_all("x=1 y=2\n", "logfmt", max_fields(2)).text() == "x=1 y=2\n");
  error = read_error("{\"a\":1}\n{\"a\":1,\"b\":2,\"c\":3}\n", "jsonl", max_fields(2), "in.jsonl");
  REQUIRE(error);
  CHECK(error->message == "a record with more than 2 fields (--max-fields)");
  CHECK(error->kind == weir::DataErrorKind::too_large);
  CHECK(error->line == 2);
  CHECK(read_all("{\"a\":1,\"b\":2}\n", "jsonl", max_fields(2)).text() == "a:=1 b:=2\n");
}

TEST_CASE("limits: a wide JSON object is read by simdjson, as the flat path would", "[limits]") {
  std::string wide = "{";
  for (int i = 0; i < 5000; ++i) wide.append(i ? ",\"k" : "\"k").append(std::to_string(i)).append("\":").append(std::to_string(i));
  wide += "}\n";
  auto result = read_all(wide, "jsonl");
  REQUIRE(result.records.size() == 1);
  CHECK(result.records[0].size() == 5000);
  CHECK(result.records[0][4999].name == "k4999");
}

TEST_CASE("limits: 200,000 repeated names are made unique in linear time", "[limits]") {
  std::vector<std::string> names(200000, "a");
  auto start = std::chrono::steady_clock::now();
  weir::HeaderPtr header = weir::make_header(names);
  auto took = std::chrono::steady_clock::now() - start;
  CHECK(header->names[0] == "a");
  CHECK(header->names[1] == "a_2");
  CHECK(header->names[199999] == "a_200000");
  // quadratic, this took minutes; linear, well under a second even under ASan
  CHECK(took < std::chrono::seconds(5));
  // a suffixed name that is in the input already is skipped
  header = weir::make_header({"a", "a_2", "a", "a"});
  CHECK(header->names == std::vector<std::string>{"a", "a_2", "a_3", "a_4"});
}

TEST_CASE("limits: logfmt keys repeated past the linear scan keep their suffixes", "[limits]") {
  std::string line;
  for (int i = 0; i < 40; ++i) line.append("k=").append(std::to_string(i)).append(" ");
  line += "k_3=x\n";
  auto result = read_all(line, "logfmt");
  REQUIRE(result.records.size() == 1);
  REQUIRE(result.records[0].size() == 41);
  CHECK(result.records[0][0].name == "k");
  CHECK(result.records[0][39].name == "k_40");
  CHECK(result.records[0][40].name == "k_3_2");
}

TEST_CASE("limits: a csv row far wider than its header names its extra values in linear time", "[limits]") {
  std::string row = "1";
  for (int i = 2; i <= 100000; ++i) row.append(",").append(std::to_string(i));
  auto start = std::chrono::steady_clock::now();
  weir::ReadOptions strict;
  strict.strict = true;
  strict.header = false;
  auto result = read_all("1,2\n" + row + "\n", "csv", strict);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  REQUIRE(result.records.size() == 2);
  CHECK(result.records[1].size() == 100000);
  CHECK(result.records[1][99999].name == "100000");
}

TEST_CASE("limits: gzip expanding more than the ratio is an error naming the file", "[limits]") {
  std::string zeros(20 << 20, '\0');  // past the 16 MiB the guard lets out first
  std::string gz = gzip_bytes(zeros);
  auto source = weir::decompressed(weir::memory_source(gz, "bomb.gz"));
  try {
    drain(*source);
    FAIL("no error");
  } catch (const weir::InputError& e) {
    CHECK(e.error().file == "bomb.gz");
    CHECK(e.error().message.starts_with("gzip data expanding more than 1000 times ("));
    CHECK(e.error().message.ends_with("): a decompression bomb? (--max-ratio N raises the limit, 0 removes it)"));
  }
  // 0: no limit
  CHECK(drain(*weir::decompressed(weir::memory_source(gz, "bomb.gz"), 0)) == zeros);
  // small or ordinary input is never refused
  CHECK(drain(*weir::decompressed(weir::memory_source(gzip_bytes("a,b\n1,2\n"), "x.gz"), 1)) == "a,b\n1,2\n");
  // not compressed: given back as it is
  CHECK(drain(*weir::decompressed(weir::memory_source("\x1f", "x"))) == "\x1f");
}

TEST_CASE("limits: an expression longer than 1 MiB is refused", "[limits]") {
  std::string source = "a == '" + std::string(1 << 20, 'x') + "'";
  try {
    weir::expr::Expression::compile(source);
    FAIL("no error");
  } catch (const weir::expr::ExprError& e) {
    CHECK(e.message == "the expression is longer than 1048576 bytes");
  }
}

TEST_CASE("limits: a long expression's error shows the text around the column", "[limits]") {
  std::string source = std::string(300, '(') + "a" + std::string(300, ')');
  try {
    weir::expr::Expression::compile(source);
    FAIL("no error");
  } catch (const weir::expr::ExprError& e) {
    std::string expected = "filter: the expression nests too deeply (more than 256 levels) (column 257)\n  ...";
    expected.append(104, '(').append("a").append(15, ')').append("...\n  ").append(63, ' ').append("^");
    CHECK(weir::expr::format_expr_error("filter", source, e) == expected);
  }
}

TEST_CASE("limits: a baseline is parsed from text, bad text named by its file", "[limits]") {
  auto prints = weir::check::parse_baseline(
      R"({"weir_baseline": 1, "violations": [{"fingerprint": "00ff"}, {"fingerprint": "11ee"}]})", "b.json");
  CHECK(prints == std::unordered_set<std::string>{"00ff", "11ee"});
  CHECK_THROWS_WITH(weir::check::parse_baseline("[[[", "b.json"),
                    Catch::StartsWith("b.json: not a weir baseline ("));
}

TEST_CASE("limits: the jsonl reader without its flat path reads as the reader with it", "[limits]") {
  std::string input = "{\"a\":1,\"b\":\"x\\ty\",\"c\":[1,{\"d\":null}]}\n{\"a\":true}\n[1,2]\n\"s\"\n";
  weir::ErrorPolicy e1, e2;
  auto fast = weir::make_jsonl_reader(weir::memory_source(input, "in"), {}, e1);
  auto slow = weir::jsonl::make_reader_without_flat_path(weir::memory_source(input, "in"), {}, e2);
  weir::Batch a, b;
  REQUIRE(fast->read(a));
  REQUIRE(slow->read(b));
  REQUIRE(a.size() == b.size());
  for (std::size_t r = 0; r < a.size(); ++r) {
    REQUIRE(a[r].size() == b[r].size());
    for (std::size_t i = 0; i < a[r].size(); ++i) {
      CHECK(a[r][i].name == b[r][i].name);
      CHECK(a[r][i].value == b[r][i].value);
      CHECK(a[r][i].kind == b[r][i].kind);
    }
  }
}

// Found by fuzz_jsonl: a record over --max-record-size was an error only
// when it ran past a block's end; inside one block it was read (or failed
// for another reason), so the limit depended on where blocks ended.
TEST_CASE("limits: --max-record-size holds inside a block as across blocks", "[limits]") {
  const std::string line(100, 'x');
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {"lines", "a\n" + line + "\nb\n"},
      {"tsv", "h\na\n" + line + "\nb\n"},
      {"logfmt", "k=a\nk=" + line + "\nk=b\n"},
      {"jsonl", "{\"k\":1}\n{\"k\":\"" + line + "\"}\n{\"k\":2}\n"},
      {"jsonl", "{\"x\":[{\"id\": \"" + std::string(40, 'x') + "\"}], \"id\": \"" + std::string(40, 'x') + "\n"},
  };
  for (const auto& [format, input] : inputs) {
    for (std::size_t block : {std::size_t{1} << 20, std::size_t{16}}) {
      weir::ReadOptions options;
      options.max_record_size = 64;
      options.block_size = block;
      CAPTURE(format, input, block);
      auto error = read_error(input, format, options, "in");
      REQUIRE(error);
      CHECK(error->message == "a record longer than 64 bytes (--max-record-size)");
      CHECK(error->kind == weir::DataErrorKind::too_large);
      CHECK(error->column == 1);
      auto skipped = read_all(input, format, options, weir::OnError::skip);
      CHECK(skipped.skipped == 1);
    }
  }
}

// Found by fuzz_jsonl (heap-buffer-overflow under ASan): a key compared with
// the previous record's longer key was read past the end of the block.
TEST_CASE("fuzz: a short key at the end of the input after a long one", "[limits][fuzz]") {
  std::string input = "{\"" + std::string(200, 'k') + "\":1}\n{\"\\u0078\":2}";
  auto result = read_all(input, "jsonl");
  CHECK(result.text() == std::string(200, 'k') + ":=1\nx:=2\n");
}

// Found by fuzz_csv: a comment line over --max-record-size was an error only
// when it ran past a block's end.
TEST_CASE("fuzz: a comment line is held to --max-record-size inside a block too", "[limits][fuzz]") {
  for (std::size_t block : {std::size_t{1} << 20, std::size_t{8}}) {
    weir::ReadOptions options;
    options.comment = '#';
    options.max_record_size = 64;
    options.block_size = block;
    auto error = read_error("a,b\n#" + std::string(100, 'c') + "\n1,2\n", "csv", options, "in.csv");
    REQUIRE(error);
    CHECK(error->message == "a record longer than 64 bytes (--max-record-size)");
    CHECK((error->line == 2 && error->column == 1));
  }
}

// Found by fuzz_csv: under --strict, an unterminated quote longer than
// --max-record-size was too large when it ran past a block's end, and
// unterminated when the whole input was in one block.
TEST_CASE("fuzz: an unterminated quote past --max-record-size is too large in any block", "[limits][fuzz]") {
  const std::string input = "a,b\n1,\"x\n2," + std::string(30, 'c') + "\n3," + std::string(30, 'd') + "\n";
  for (std::size_t block : {std::size_t{1} << 20, std::size_t{8}, std::size_t{45}}) {
    weir::ReadOptions options;
    options.strict = true;
    options.max_record_size = 64;
    options.block_size = block;
    CAPTURE(block);
    auto error = read_error(input, "csv", options, "in.csv");
    REQUIRE(error);
    CHECK(error->message == "a record longer than 64 bytes (--max-record-size)");
    CHECK((error->line == 2 && error->column == 1));
    auto skipped = read_all(input, "csv", options, weir::OnError::skip);
    CHECK(skipped.skipped == 1);
    CHECK(skipped.text() == "a=2 b=" + std::string(30, 'c') + "\na=3 b=" + std::string(30, 'd') + "\n");
  }
}

// Found by fuzz_csv: the same without --strict, where a quote never closed
// is read as text (repaired) when the input's end is in the block.
TEST_CASE("fuzz: a quote never closed, past --max-record-size, is too large in any block", "[limits][fuzz]") {
  const std::string input = "a\n\"x\n" + std::string(70, 'c') + "\nd\n";
  for (std::size_t block : {std::size_t{1} << 20, std::size_t{8}, std::size_t{33}}) {
    weir::ReadOptions options;
    options.max_record_size = 64;
    options.block_size = block;
    CAPTURE(block);
    auto skipped = read_all(input, "csv", options, weir::OnError::skip);
    CHECK(skipped.skipped == 2);  // line 2 (its quote runs to the end), line 3 (70 bytes)
    CHECK(skipped.text() == "a=d\n");
  }
}

// Found by fuzz_csv: a quoted field across lines, past --max-record-size,
// took its later lines with it when its end was in the block; across blocks,
// where its end is never seen, reading went on after its first line. Now
// both go on after its first line, so no line is read one way and not the other.
TEST_CASE("fuzz: a record of several lines past --max-record-size, in any block", "[limits][fuzz]") {
  const std::string input = "a,b\n1,\"" + std::string(40, 'x') + "\n" + std::string(40, 'y') + "\",2\n3,4\n";
  for (std::size_t block : {std::size_t{1} << 20, std::size_t{8}, std::size_t{60}}) {
    weir::ReadOptions options;
    options.strict = true;  // (sniffed, the quote would be read as text: two short rows)
    options.max_record_size = 64;
    options.block_size = block;
    CAPTURE(block);
    auto error = read_error(input, "csv", options, "in.csv");
    REQUIRE(error);
    CHECK(error->message == "a record longer than 64 bytes (--max-record-size)");
    CHECK((error->line == 2 && error->column == 1));
    auto skipped = read_all(input, "csv", options, weir::OnError::skip);
    CHECK(skipped.skipped == 1);
    CHECK(skipped.text() == "a=" + std::string(40, 'y') + "\" b=2\na=3 b=4\n");
  }
}

namespace {

// The records, then the errors ("line:column kind"), of a reading with
// blocks of `block` bytes under --on-error skip: what the fuzzers compare.
std::string read_in_blocks(const std::string& input, const std::string& from, weir::ReadOptions options,
                           std::size_t block) {
  options.block_size = block;
  std::string out;
  std::string problems;
  weir::ErrorPolicy errors(weir::OnError::skip);
  errors.set_quarantine([&problems](const weir::DataError& e, bool) {
    problems += fmt::format("{}:{} {}\n", e.line, e.column, weir::data_error_kind_name(e.kind));
  });
  auto reader = weir::format_named(from).make_reader(weir::memory_source(input, "in." + from), options, errors);
  weir::Batch batch;
  try {
    while (reader->read(batch)) {
      if (batch.bare_header) out += "(bare header)\n";
      for (std::size_t r = 0; r < batch.size(); ++r) {
        for (const weir::Field& f : batch[r].fields()) out += fmt::format("{}={} ", f.name, f.value);
        out += '\n';
      }
    }
  } catch (const weir::InputError& e) {
    problems += fmt::format("stopped: {}\n", e.error().message);
  }
  return out + "--\n" + problems;
}

}  // namespace

// Found by fuzz_csv: a row whose reading could not be decided from
// --max-record-size bytes (how to read its stray quote needed a quote 200
// bytes on) was too large across blocks, and in one block was read (here:
// reported for its invalid UTF-8). A row is now always read from at most
// --max-record-size bytes.
TEST_CASE("fuzz: a row that cannot be read from --max-record-size bytes is too large in any block", "[limits][fuzz]") {
  const std::string input = "a``a\n``\xcc`\n1,\"x1%1,\"\xff\xfe\nx1\xd3\xf5\xcd```\"" + std::string(200, '`') + "\"\n";
  weir::ReadOptions options;
  options.max_record_size = 64;
  const std::string expected = "(bare header)\n--\n2:3 invalid-utf8\n3:1 too-large\n4:1 too-large\n";
  for (std::size_t block : {std::size_t{1} << 20, std::size_t{5}, std::size_t{13}, std::size_t{64}}) {
    CAPTURE(block);
    CHECK(read_in_blocks(input, "csv", options, block) == expected);
  }
}

// Found by fuzz_tsv: a spreadsheet TSV of one line past --max-record-size,
// whose quote opens a field that is never closed, gave its header (and no
// row) in one block, and nothing in small blocks. Its one line end is a CR
// (so lines end at CRs): the too-large record is passed over to it, as to an
// LF elsewhere, and what follows is read (it was dropped, unreported, while
// the skip looked for an LF).
TEST_CASE("fuzz: one long line of spreadsheet TSV is too large in any block", "[limits][fuzz]") {
  const std::string input = "\"a" + std::string(60, 'X') + " #\"\"a #\"\t2a=\"N/Aa \t2a=a\r b\"\tb\x12" "2\v1";
  weir::ReadOptions options;
  options.max_record_size = 64;
  for (std::size_t block : {std::size_t{1} << 20, std::size_t{5}, std::size_t{13}}) {
    CAPTURE(block);
    CHECK(read_in_blocks(input, "tsv", options, block) == "(bare header)\n--\n1:1 too-large\n2:10 ragged\n");
  }
}

// Found by fuzz_roundtrip: a row read again because of its stray quote (to
// fit the header's width) took in the next line, whose invalid UTF-8 was
// not looked at: it was written as U+FFFD, with exit status 0.
TEST_CASE("fuzz: a row read again across lines is checked for invalid UTF-8", "[limits][fuzz]") {
  const std::string input = "a,b,c\n0,1,2\n1,\"x\"y\n2\xff\",3\n4,5,6\n";
  for (std::size_t block : {std::size_t{1} << 20, std::size_t{7}}) {
    CAPTURE(block);
    CHECK(read_in_blocks(input, "csv", {}, block) == "a=0 b=1 c=2 \na=4 b=5 c=6 \n--\n4:2 invalid-utf8\n");
  }
}

// Found by fuzz_roundtrip: a record of one empty value is written to TSV as
// an empty line, which reading took for a blank line: the record was lost.
TEST_CASE("fuzz: a one-column TSV's empty value reads back under --strict", "[limits][fuzz]") {
  std::vector<weir::Batch> batches;
  batches.push_back(weir::test::make_batch({{{"a", ""}}, {{"a", "x"}}}));
  const std::string written = weir::test::write_all("tsv", batches);
  CHECK(written == "a\n\nx\n");
  weir::ReadOptions strict;
  strict.strict = true;
  CHECK(weir::test::read_all(written, "tsv", strict).text() == "a=\na=x\n");
  // a blank line in a table of one column is an empty value (as Miller
  // reads it) when not --strict as well; in a wider table it holds no record
  CHECK(weir::test::read_all(written, "tsv").text() == "a=\na=x\n");
  CHECK(weir::test::read_all("a\tb\n\n1\t2\n", "tsv").text() == "a=1 b=2\n");
  CHECK(weir::test::read_all("a\tb\n\n1\t2\n", "tsv", strict).text() == "a=1 b=2\n");
}

// Found by fuzz_csv: an input that fails at its end (UTF-16 with half a
// character there) lost the records before the failure when it fitted in one
// block, as the block reader threw before the block was parsed; in small
// blocks they were read. Now the bytes before a failure are handed out first.
TEST_CASE("fuzz: the records before a failing source are read in any block", "[limits][fuzz]") {
  std::string input = "\xfe\xff";  // UTF-16BE
  for (char c : std::string("a\n1\n2\n")) input += {'\0', c};
  input += '\0';  // half a character
  weir::ReadOptions strict;  // (nothing sniffed: the reader is made without reading the input)
  strict.strict = true;
  for (std::size_t block : {std::size_t{1} << 20, std::size_t{5}}) {
    CAPTURE(block);
    CHECK(read_in_blocks(input, "csv", strict, block) ==
          "a=1 \na=2 \n--\nstopped: invalid UTF-16BE at byte offset 14: an odd number of bytes (the input ends "
          "with half a character)\n");
  }
}

// Found by fuzz_roundtrip: TSV with backslash escapes (--strict, or
// sniffed) took no --ragged: a row wider than the header, as the writers
// write kept extra values, did not read back.
TEST_CASE("fuzz: TSV with escapes reads ragged rows as --ragged says", "[limits][fuzz]") {
  const std::string input = "a\\tb\tc\n1\t2\t3\n4\n";
  weir::ReadOptions options;
  options.strict = true;
  CHECK(read_in_blocks(input, "tsv", options, 1 << 20) == "--\n2:5 ragged\n3:2 ragged\n");
  options.ragged = weir::Ragged::keep;
  CHECK(read_in_blocks(input, "tsv", options, 1 << 20) == "a\tb=1 c=2 3=3 \na\tb=4 c= \n--\n2:5 ragged\n3:2 ragged\n");
  options.ragged = weir::Ragged::pad;
  CHECK(read_in_blocks(input, "tsv", options, 1 << 20) == "a\tb=4 c= \n--\n2:5 ragged\n3:2 ragged\n");
}

// Found by fuzz_expr (UBSan): unary minus indexed the node list at -1.
TEST_CASE("fuzz: unary minus on a field", "[limits][fuzz]") {
  CHECK(weir::test::convert("x\n3\n", "csv", "csv", {weir::StageSpec{"derive", {"y=-x"}, {}}}) == "x,y\n3,-3\n");
}
