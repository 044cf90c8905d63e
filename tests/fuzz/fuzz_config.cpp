// The JSON config loader on any text: a config is either loaded or refused
// with ConfigError (every problem, each naming its JSON path); nothing else
// escapes. A loaded config shown (`weir config show`) must load again and
// show the same: show_config() promises it is itself a valid config.

#include "config/config.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace weir;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  // a folder that does not exist: hook files are looked for, never found
  const std::string path = "/nonexistent/weir-fuzz/weir.json";
  std::optional<config::Config> loaded;
  try {
    loaded.emplace(config::parse_config(text, path));
  } catch (const config::ConfigError& e) {
    if (e.problems().empty()) fuzz::mismatch("a ConfigError with no problem", text, "");
    return 0;
  } catch (const UsageError&) {
    return 0;
  }
  (void)config::run_problems(*loaded, config::Purpose::check);
  std::string shown = config::show_config(*loaded);
  std::string again;
  try {
    again = config::show_config(config::parse_config(shown, path));
  } catch (const UsageError& e) {
    fuzz::mismatch(std::string("a shown config does not load: ") + e.what(), text, shown);
  }
  if (again != shown) fuzz::mismatch("a shown config, loaded and shown again, differs", shown, again);
  return 0;
}
