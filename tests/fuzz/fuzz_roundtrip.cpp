// Round trip, per format (the fuzzer's last byte picks csv, tsv, jsonl,
// logfmt or lines): what a reader takes from any bytes, written by that
// format's writer and read back, gives the same records -- the same names
// and values (and, for JSON, the same kinds: a string stays a string).
//
// The second read is told the writer's dialect (csv and tsv: --strict, so
// nothing is sniffed, with --ragged keep for a row's extra values). Records whose field names change from one to the
// next are left out of the comparison for csv and tsv: their writers start
// a new header block, which a strict reader does not take.

#include <array>

#include "tests/fuzz/fuzz_support.hpp"

namespace {

using namespace weir;

/// Nested JSON text without the spaces and line breaks between its tokens:
/// a pretty-printed record's object is written on one line, the same value.
std::string without_layout(std::string_view json) {
  std::string out;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < json.size()) out += json[++i];
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
      out += c;
    } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
      out += c;
    }
  }
  return out;
}

/// Every record's fields as name=value text, one line each.
std::string describe(Batch& batch, bool kinds) {
  std::string out;
  for (std::size_t r = 0; r < batch.size(); ++r) {
    for (const Field& f : batch[r].fields()) {
      const bool nested = f.kind == ValueKind::json && (f.value.starts_with('{') || f.value.starts_with('['));
      out += fmt::format("{}={}", f.name, nested ? without_layout(f.value) : std::string(f.value));
      if (kinds) out += fmt::format(":{}", f.kind == ValueKind::string ? 's' : f.kind == ValueKind::json ? 'j' : 't');
      out += '|';
    }
    out += '\n';
  }
  return out;
}

bool same_names(Batch& batch) {
  for (std::size_t r = 1; r < batch.size(); ++r) {
    auto a = batch[r - 1].fields();
    auto b = batch[r].fields();
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (a[i].name != b[i].name) return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  static const std::array<std::string_view, 5> kFormats = {"csv", "tsv", "jsonl", "logfmt", "lines"};
  std::string_view name = kFormats[in.ConsumeIntegral<std::uint8_t>() % kFormats.size()];
  std::string bytes = in.ConsumeRemainingBytesAsString();
  const FormatInfo& format = format_named(name);
  const bool tabular = name == "csv" || name == "tsv";
  const bool kinds = name == "jsonl";

  // every record of the input in one batch (read with one block)
  ErrorPolicy skip(OnError::skip);
  Batch first;
  {
    ReadOptions options;
    options.max_record_size = 1 << 16;
    Batch batch;
    try {
      // (the reader may fail as it is made: a UTF-16 input is transcoded from the start)
      auto reader = format.make_reader(memory_source(bytes, "fuzz.in"), options, skip);
      while (reader->read(batch)) {
        for (std::size_t r = 0; r < batch.size(); ++r) {
          first.begin_record(batch[r].where());
          for (const Field& f : batch[r].fields()) {
            Field copy = f;
            copy.name = first.store(f.name);
            copy.value = first.store(f.value);
            first.add_field(copy);
          }
        }
      }
    } catch (const InputError&) {
      return 0;  // input the reader cannot go on past (under skip: invalid UTF-16 and such)
    }
  }
  if (first.empty() || (tabular && !same_names(first))) return 0;
  // logfmt cannot quote a key: the writer puts '_' for its blanks, '=' and
  // control characters, and for an empty key (documented in logfmt.cpp)
  if (name == "logfmt") {
    for (std::size_t r = 0; r < first.size(); ++r) {
      for (const Field& f : first[r].fields()) {
        if (f.name.empty()) return 0;
        for (unsigned char c : f.name) {
          if (c <= ' ' || c == '=' || c == 0x7F) return 0;
        }
      }
    }
  }

  // lines has no escapes, and its reader takes a CR before a line's end as
  // part of a CRLF: a value that ends in CR (read from a last line ending in
  // two CRs and no LF) is written as is and reads back without that CR
  if (name == "lines") {
    for (std::size_t r = 0; r < first.size(); ++r) {
      for (const Field& f : first[r].fields()) {
        if (f.value.ends_with('\r')) return 0;
      }
    }
  }

  std::string written;
  {
    auto sink = string_sink(written);
    auto writer = format.make_writer(*sink, WriteOptions{});
    writer->write(first);
    writer->finish();
    sink->flush();
  }

  // Known and left (issue 15's note): a first value starting with U+FEFF is
  // written at the very start, where reading takes it for a byte order mark.
  if (written.starts_with("\xEF\xBB\xBF")) return 0;

  ErrorPolicy fail(OnError::fail);
  ReadOptions again;
  again.max_record_size = std::size_t{1} << 30;
  if (tabular) {
    again.strict = true;
    // a row's extra values (kept, named by position) are written past the
    // header line, as Miller does: read back, they are extra values again
    again.ragged = Ragged::keep;
  }
  Batch second;
  std::string read_back;
  try {
    auto reader = format.make_reader(memory_source(written, "written"), again, fail);
    while (reader->read(second)) read_back += describe(second, kinds);
  } catch (const InputError& e) {
    fuzz::mismatch("the writer's output does not read back: " + format_data_error(e.error()), bytes, written);
  }
  std::string expected = describe(first, kinds);
  if (expected != read_back) {
    fuzz::mismatch(fmt::format("{}: read, written and read again, the records differ; written:\n{}", name, written),
                   expected, read_back);
  }
  return 0;
}
