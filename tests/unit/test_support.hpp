#pragma once
// Helpers for unit tests: run a whole pipeline, a reader or a writer over
// text in memory.

#include <catch2/catch.hpp>

#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/errors/error.hpp"
#include "core/formats/format.hpp"
#include "core/pipeline/pipeline.hpp"

namespace weir::test {

/// A folder of its own under the temporary folder, removed at the end.
struct TempDir {
  TempDir() : path(std::filesystem::temp_directory_path() / ("weir-test-" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string file(const std::string& name, const std::string& text) const {
    std::string p = (path / name).string();
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  std::filesystem::path path;
};


/// `text` gzipped (as one gzip member), with `header`'s fields when given.
inline std::string gzip_bytes(const std::string& text, gz_header* header = nullptr, int flush = Z_FINISH) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) == Z_OK);
  if (header) REQUIRE(deflateSetHeader(&z, header) == Z_OK);
  std::string out(deflateBound(&z, text.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, flush) == (flush == Z_FINISH ? Z_STREAM_END : Z_OK));
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// `text` gzipped as a writer gives it before it pauses: flushed
// (Z_SYNC_FLUSH), the stream not ended.
inline std::string gzip_flushed(const std::string& text) { return gzip_bytes(text, nullptr, Z_SYNC_FLUSH); }

/// Reads `input` as format `from`, writes it as `to`, through `stages`.
/// Returns the output text; throws what run() throws.
inline std::string convert(const std::string& input, const std::string& from, const std::string& to,
                           std::vector<StageSpec> stages = {}, ReadOptions read = {},
                           WriteOptions write = {}) {
  PipelineSpec spec;
  spec.from = from;
  spec.to = to;
  spec.read = read;
  spec.write = write;
  spec.stages = std::move(stages);
  std::string out;
  auto sink = string_sink(out);
  run_over(spec, memory_source(input, "input." + from), *sink);
  sink->flush();
  return out;
}

/// What a run under --on-error skip produced.
struct SkipRun {
  std::string output;
  RunStats stats;
};

/// convert() under OnError::skip: the output and the counts.
inline SkipRun convert_skipping(const std::string& input, const std::string& from,
                                const std::string& to, ReadOptions read = {}) {
  PipelineSpec spec;
  spec.from = from;
  spec.to = to;
  spec.read = read;
  spec.on_error = OnError::skip;
  SkipRun result;
  auto sink = string_sink(result.output);
  result.stats = run_over(spec, memory_source(input, "input." + from), *sink);
  sink->flush();
  return result;
}

/// The DataError that reading `input` (named `name`) as `from` fails with;
/// nullopt when it reads cleanly.
inline std::optional<DataError> read_error(const std::string& input, const std::string& from,
                                           ReadOptions read = {}, std::string name = "in.txt") {
  ErrorPolicy errors(OnError::fail);
  auto reader = format_named(from).make_reader(memory_source(input, std::move(name)), read, errors);
  Batch batch;
  try {
    while (reader->read(batch)) {
    }
  } catch (const InputError& e) {
    return e.error();
  }
  return std::nullopt;
}

/// One field as a test sees it.
struct FieldText {
  std::string name;
  std::string value;
  ValueKind kind = ValueKind::text;
  bool operator==(const FieldText&) const = default;
};

using RecordText = std::vector<FieldText>;

/// A readable dump of records: `name=value` pairs, one record a line, with
/// json values marked `name:=value` and strings `name$=value`.
inline std::string dump(const std::vector<RecordText>& records) {
  std::string out;
  for (const auto& record : records) {
    for (std::size_t i = 0; i < record.size(); ++i) {
      if (i) out += ' ';
      out += record[i].name;
      out += record[i].kind == ValueKind::json ? ":=" : record[i].kind == ValueKind::string ? "$=" : "=";
      out += record[i].value;
    }
    out += '\n';
  }
  return out;
}

/// Every record the reader for `from` makes of `input`, copied out of the
/// batches, plus the lines they started on. Throws InputError under fail.
struct ReadResult {
  std::vector<RecordText> records;
  std::vector<std::int64_t> lines;
  std::int64_t skipped = 0;
  std::string text() const { return dump(records); }
};

inline ReadResult read_all(const std::string& input, const std::string& from, ReadOptions read = {},
                           OnError on_error = OnError::fail) {
  ErrorPolicy errors(on_error);
  auto reader = format_named(from).make_reader(memory_source(input, "in." + from), read, errors);
  ReadResult result;
  Batch batch;
  while (reader->read(batch)) {
    REQUIRE((!batch.empty() || batch.bare_header));  // a header-only input gives its header alone
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      RecordText copy;
      for (const Field& f : record.fields()) {
        copy.push_back({std::string(f.name), std::string(f.value), f.kind});
      }
      result.records.push_back(std::move(copy));
      result.lines.push_back(record.where().line);
    }
  }
  result.skipped = errors.skipped();
  return result;
}

/// The batches a CSV reader makes of `input` in blocks of `block_size`
/// bytes (16: a batch per row or two), as the writers' render() tests take them.
inline std::vector<Batch> csv_batches(const std::string& input, std::size_t block_size) {
  ReadOptions read;
  read.block_size = block_size;
  ErrorPolicy errors(OnError::fail);
  auto reader = format_named("csv").make_reader(memory_source(input, "in.csv"), read, errors);
  std::vector<Batch> batches;
  for (Batch batch; reader->read(batch);) batches.push_back(std::exchange(batch, {}));
  return batches;
}

/// The bytes the writer for `to` makes of `batches`, then finish().
inline std::string write_all(const std::string& to, std::vector<Batch>& batches,
                             WriteOptions write = {}) {
  std::string out;
  auto sink = string_sink(out);
  auto writer = format_named(to).make_writer(*sink, write);
  for (auto& batch : batches) writer->write(batch);
  writer->finish();
  sink->flush();
  return out;
}

/// A batch holding `records` (names and values stored in the batch itself).
inline Batch make_batch(const std::vector<RecordText>& records) {
  Batch batch;
  for (const auto& record : records) {
    batch.begin_record(Provenance{});
    for (const auto& f : record) batch.add_field(Field(batch.store(f.name), batch.store(f.value), f.kind));
  }
  return batch;
}

/// The bytes the writer for `to` makes of one batch of `records`.
inline std::string write_records(const std::string& to, const std::vector<RecordText>& records,
                                 WriteOptions write = {}) {
  std::vector<Batch> batches;
  batches.push_back(make_batch(records));
  return write_all(to, batches, write);
}

}  // namespace weir::test
