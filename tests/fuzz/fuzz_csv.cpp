// The csv reader on any bytes, with options the fuzzer picks (what is left
// unset is sniffed: the dialect sniffer runs on every input): no crash, no leak, and
// the same records and errors whatever the block size.

#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  weir::fuzz::check_reader(weir::make_csv_reader, data, size);
  return 0;
}
