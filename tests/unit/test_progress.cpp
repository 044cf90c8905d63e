// The progress counters (core/io/progress.hpp) and the line drawn from them
// (cli/progress_line.hpp).

#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli/progress_line.hpp"
#include "core/io/progress.hpp"
#include "core/pipeline/pipeline.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace weir;
using weir::test::TempDir;
using weir::cli::progress_text;
using weir::cli::ProgressSnapshot;

namespace {


std::string rows(int n) {
  std::string text = "id,name\n";
  for (int i = 0; i < n; ++i) text += std::to_string(i) + ",name" + std::to_string(i % 7) + "\n";
  return text;
}

}  // namespace

TEST_CASE("progress: bytes, records and the inputs' size, counted as a run reads", "[progress]") {
  TempDir dir;
  // (past the sniffer's first 256 KiB, which it counts as it reads them)
  std::string text = rows(40000);
  std::string a = dir.file("a.csv", text);
  std::string b = dir.file("b.csv", "id,name\n1,x\n");
  // read, then seen in place (as the command line sees a file: mapped)
  for (auto [threads, in_place] : {std::pair{1, false}, {3, false}, {1, true}, {3, true}}) {
    CAPTURE(threads, in_place);
    if (in_place) see_files_in_place();
    PipelineSpec spec;
    spec.inputs = {a, b};
    spec.threads = threads;
    spec.read.block_size = 4096;  // many blocks, many chunks under -j 3
    spec.progress = std::make_shared<InputProgress>();
    std::string out;
    auto sink = string_sink(out);
    RunStats stats = run(spec, *sink);
    auto total = static_cast<std::int64_t>(text.size() + 12);
    CHECK(spec.progress->total_bytes.load() == total);
    CHECK(spec.progress->bytes.load() == total);
    CHECK(spec.progress->file_bytes.load() == total);
    CHECK(spec.progress->records.load() == 40001);
    CHECK(stats.records_read == 40001);
  }
}

TEST_CASE("progress: a .gz is measured by its compressed offset against its size on disk", "[progress]") {
  TempDir dir;
  std::string text = rows(20000);
  std::string path = (dir.path / "in.csv.gz").string();
  gzFile gz = gzopen(path.c_str(), "wb");
  REQUIRE(gz != nullptr);
  gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
  gzclose(gz);
  auto on_disk = static_cast<std::int64_t>(fs::file_size(path));
  REQUIRE(on_disk < static_cast<std::int64_t>(text.size()) / 2);

  PipelineSpec spec;
  spec.inputs = {path};
  spec.threads = 1;
  spec.progress = std::make_shared<InputProgress>();
  std::string out;
  auto sink = string_sink(out);
  run(spec, *sink);
  CHECK(spec.progress->total_bytes.load() == on_disk);
  CHECK(spec.progress->file_bytes.load() == on_disk);
  CHECK(spec.progress->bytes.load() == static_cast<std::int64_t>(text.size()));
  CHECK(spec.progress->records.load() == 20000);
}

TEST_CASE("progress: an input that is not a regular file has no known size", "[progress]") {
  TempDir dir;
  std::string file = dir.file("a.csv", "x\n1\n");
  CHECK(total_input_size({file, file}) == 8);
  CHECK(total_input_size({file, "/dev/null"}) == -1);
  CHECK(total_input_size({(dir.path / "missing.csv").string()}) == -1);
}

TEST_CASE("progress line: bytes, records and MB/s; % and time left when the size is known", "[progress]") {
  ProgressSnapshot s;
  s.bytes = 1234567890;
  s.file_bytes = 308641972;  // a .gz a quarter read
  s.total_bytes = 1234567890;
  s.records = 12345678;
  s.seconds = 10;
  CHECK(progress_text(s) == "weir: 1.2 GB, 12,345,678 records, 123.5 MB/s, 25%, 0:30 left");
  s.total_bytes = -1;
  CHECK(progress_text(s) == "weir: 1.2 GB, 12,345,678 records, 123.5 MB/s");
  s = {};
  CHECK(progress_text(s) == "weir: 0 B, 0 records");
  s.bytes = 999;
  s.records = 100;
  s.seconds = 2;
  CHECK(progress_text(s) == "weir: 999 B, 100 records, 0.0 MB/s");
  s.bytes = 45600;
  s.file_bytes = 1000;
  s.total_bytes = 3000;
  s.seconds = 3600;
  CHECK(progress_text(s) == "weir: 45.6 KB, 100 records, 0.0 MB/s, 33%, 2:00:00 left");
  s.file_bytes = 3000;
  CHECK(progress_text(s) == "weir: 45.6 KB, 100 records, 0.0 MB/s, 100%");
}
