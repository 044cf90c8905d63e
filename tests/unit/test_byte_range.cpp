// Byte ranges of one file (core/pipeline/byte_range.hpp), as weir.dask reads
// a large file: ranges cut after a line break, each guess checked against
// where the range before ended and read again from there when wrong, give
// the whole file's records and its first error, line and column included.

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string_view>

#include "core/errors/error.hpp"
#include "core/pipeline/pipeline.hpp"

namespace {

namespace fs = std::filesystem;

struct TempFile {
  explicit TempFile(const std::string& text) {
    path = (fs::temp_directory_path() / ("weir-range-" + std::to_string(::getpid()) + ".csv")).string();
    std::ofstream(path, std::ios::binary) << text;
  }
  ~TempFile() { fs::remove(path); }
  std::string path;
};

struct RangeRead {
  std::string output;
  std::string error;
  weir::RangeEnd end;
};

RangeRead read(const std::string& path, std::optional<weir::ByteRange> range, bool strict) {
  weir::PipelineSpec spec;
  spec.inputs = {path};
  spec.to = "jsonl";
  spec.types["*"] = weir::ColumnType::str;  // JSON typing that does not depend on where a range starts
  spec.threads = 1;
  spec.read.strict = strict;
  spec.range = range;
  spec.range_end = std::make_shared<weir::RangeEnd>();
  RangeRead outcome;
  auto sink = weir::string_sink(outcome.output);
  try {
    weir::run(spec, *sink);
  } catch (const weir::InputError& e) {
    outcome.error = weir::format_data_error(e.error());
  }
  sink->flush();
  outcome.end = *spec.range_end;
  return outcome;
}

// How many times `c` occurs in `text` (find is memchr: std::count, compiled
// at -O0 with the tests, took a quarter of these tests' time)
std::int64_t occurrences(std::string_view text, char c) {
  std::int64_t n = 0;
  for (std::size_t at = text.find(c); at != std::string_view::npos; at = text.find(c, at + 1)) ++n;
  return n;
}

// The ranges cut after the first line break past each multiple of `size`,
// read in order with weir.dask's check (hooks/python/weir/dask.py).
RangeRead read_in_ranges(const std::string& path, const std::string& text, std::size_t size, bool strict,
                       int* reread) {
  std::vector<std::int64_t> cuts = {0};
  for (std::size_t at = size; at < text.size(); at += size) {
    std::size_t nl = text.find('\n', at);
    if (nl == std::string::npos || nl + 1 >= text.size()) break;
    cuts.push_back(static_cast<std::int64_t>(nl + 1));
  }
  cuts.push_back(static_cast<std::int64_t>(text.size()));
  RangeRead all;
  std::int64_t start = 0;
  std::int64_t line = 1;
  for (std::size_t k = 0; k + 1 < cuts.size() && start < cuts.back(); ++k) {
    if (start >= cuts[k + 1]) continue;  // the range before read past this one
    const std::string_view before(text.data(), static_cast<std::size_t>(cuts[k]));
    std::int64_t guessed_line = 1 + occurrences(before, '\n');
    weir::ByteRange range{cuts[k], cuts[k + 1], guessed_line};
    if (cuts[k] != start) {
      ++*reread;
      range = {start, cuts[k + 1], line};
    }
    RangeRead part = read(path, range, strict);
    all.output += part.output;
    if (!part.error.empty()) {
      all.error = part.error;
      break;
    }
    REQUIRE(part.end.offset >= cuts[k + 1]);
    start = part.end.offset;
    line = part.end.line;
  }
  return all;
}

std::string quoted_csv(int rows) {
  std::string text = "id,note,n\n";
  for (int i = 0; i < rows; ++i) {
    std::string note = i % 3 ? "\"line " + std::to_string(i) + "\nnext, " + std::to_string(i % 7) + "\n\""
                             : "plain " + std::to_string(i);
    text += std::to_string(i) + "," + note + "," + std::to_string(i % 13) + "\n";
  }
  return text;
}

}  // namespace

TEST_CASE("byte ranges of a CSV file with quoted line breaks give the whole file's records", "[ranges]") {
  std::string text = quoted_csv(150000);  // ~4 MB: ranges larger than the first batch (~1 MB)
  TempFile file(text);
  RangeRead whole = read(file.path, std::nullopt, false);
  REQUIRE(whole.error.empty());
  for (std::size_t size : {1300000, 1700000, 2000000}) {
    int reread = 0;
    RangeRead ranges = read_in_ranges(file.path, text, size, false, &reread);
    REQUIRE(ranges.error.empty());
    REQUIRE(ranges.output == whole.output);
    // only a guess after a line break inside a quoted field (an odd number
    // of quotes before it: this text has no escaped quotes) is read again,
    // unless the range before read past it (range 0's first batch is ~1 MB)
    int inside = 0;
    for (std::size_t at = size; at < text.size(); at += size) {
      std::size_t cut = text.find('\n', at) + 1;
      if (cut < text.size() && occurrences(std::string_view(text).substr(0, cut), '"') % 2) ++inside;
    }
    CHECK(reread > 0);
    CHECK(reread <= inside);
  }
}

TEST_CASE("a range's malformed record is reported with the whole file's line and column", "[ranges]") {
  std::string text = quoted_csv(150000);
  std::string tail = quoted_csv(2000).substr(10);
  text += "20000,\"no end,1\n" + tail;
  TempFile file(text);
  RangeRead whole = read(file.path, std::nullopt, true);
  REQUIRE(!whole.error.empty());
  int reread = 0;
  RangeRead ranges = read_in_ranges(file.path, text, 1200000, true, &reread);
  CHECK(ranges.error == whole.error);
  CHECK(ranges.output == whole.output);
}

TEST_CASE("a compressed file is not read in ranges", "[ranges]") {
  TempFile file(std::string("\x1f\x8b\x08\x00", 4) + std::string(100, 'x'));
  weir::PipelineSpec spec;
  spec.inputs = {file.path};
  spec.from = "csv";
  spec.range = weir::ByteRange{0, 50, 1};
  std::string out;
  auto sink = weir::string_sink(out);
  REQUIRE_THROWS_WITH(weir::run(spec, *sink),
                      file.path + ": cannot read a byte range of it: it is compressed or UTF-16");
}
