// The JSON Lines reader on any bytes, and a differential check of its two
// paths: the hand-written scan of flat objects (jsonl_flat.cpp) must read
// every record it takes exactly as simdjson does, so the reader with the
// fast path and the reader without it must give the same records and the
// same errors on every input. Also: the same whatever the block size.

#include "core/formats/jsonl_flat.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace weir;
  FuzzedDataProvider in(data, size);
  ReadOptions options;
  if (in.ConsumeBool()) options.max_record_size = 64;
  std::size_t block = fuzz::tiny_block(in);
  std::string bytes = in.ConsumeRemainingBytesAsString();
  fuzz::Reading fast = fuzz::read_all(make_jsonl_reader, bytes, options, std::size_t{1} << 20);
  fuzz::Reading slow = fuzz::read_all(jsonl::make_reader_without_flat_path, bytes, options, std::size_t{1} << 20);
  if (fast.records != slow.records) fuzz::mismatch("flat path and simdjson read different records", fast.records, slow.records);
  if (fast.errors != slow.errors) fuzz::mismatch("flat path and simdjson report different errors", fast.errors, slow.errors);
  fuzz::Reading cut = fuzz::read_all(make_jsonl_reader, bytes, options, block);
  if (fast.records != cut.records) fuzz::mismatch("records differ between one block and tiny blocks", fast.records, cut.records);
  if (fast.errors != cut.errors) fuzz::mismatch("errors differ between one block and tiny blocks", fast.errors, cut.errors);
  fuzz::read_failing(make_jsonl_reader, bytes, options);
  return 0;
}
