// The baseline reader (weir check --baseline FILE) on any text: a baseline
// is read, or refused with a SetupError naming the file; nothing else.

#include "core/check/baseline.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace weir;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    auto fingerprints = check::parse_baseline(text, "baseline.json");
    for (const std::string& f : fingerprints) (void)f.size();
  } catch (const SetupError& e) {
    if (std::string_view(e.what()).substr(0, 14) != "baseline.json:") fuzz::mismatch("an error not naming the file", text, e.what());
  }
  return 0;
}
