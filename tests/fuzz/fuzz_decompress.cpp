// gzip and zstd sources on any bytes (the seeds are real .gz and .zst
// files): damaged, truncated or concatenated streams end in an InputError
// naming the file, never a crash; what comes out is read as lines, and the
// ratio guard bounds how much a small input may expand.

#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace weir;
  std::string bytes(reinterpret_cast<const char*>(data), size);
  // the raw bytes through the decoder, in odd-sized reads
  try {
    // a low ratio limit, so that the guard trips on small inputs too
    auto source = decompressed(memory_source(bytes, "fuzz.gz"), 50);
    char buffer[4093];
    std::size_t total = 0;
    while (std::size_t got = source->read(buffer, 1 + total % sizeof buffer)) {
      total += got;
      if (total > (std::size_t{64} << 20)) break;  // (the guard allows 16M before it looks)
    }
  } catch (const InputError& e) {
    (void)format_data_error(e.error());
  }
  // the same bytes as the lines reader gets them from a file
  ErrorPolicy errors(OnError::skip);
  try {
    ReadOptions options;
    options.max_record_size = 1 << 20;
    auto reader = make_lines_reader(decompressed(memory_source(bytes, "fuzz.gz")), options, errors);
    Batch batch;
    std::size_t records = 0;
    while (reader->read(batch) && records < 100000) records += batch.size();
  } catch (const InputError& e) {
    (void)format_data_error(e.error());
  }
  return 0;
}
