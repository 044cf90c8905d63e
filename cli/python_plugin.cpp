#include "cli/python_plugin.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/stages/stage.hpp"

namespace weir::cli {

#ifdef WEIR_PYTHON_PLUGIN

namespace {

std::string executable_folder() {
  char path[PATH_MAX];
  ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return ".";
  std::string exe(path, static_cast<std::size_t>(n));
  auto slash = exe.rfind('/');
  return slash == std::string::npos ? "." : exe.substr(0, slash);
}

// Next to weir in a build folder; under lib/weir once installed.
void load() {
  const std::string folder = executable_folder();
  const std::vector<std::string> places = {folder + "/" WEIR_PYTHON_PLUGIN,
                                           folder + "/../lib/weir/" WEIR_PYTHON_PLUGIN};
  std::string why;
  for (const std::string& place : places) {
    if (::access(place.c_str(), F_OK) != 0) continue;
    // RTLD_GLOBAL: Python's extension modules (numpy) find libpython's
    // symbols in the global scope, as in a python3 process
    if (::dlopen(place.c_str(), RTLD_NOW | RTLD_GLOBAL)) return;  // its verbs registered themselves
    why = ::dlerror();
    break;
  }
  if (why.empty()) why = fmt::format("no {} next to weir or in ../lib/weir", WEIR_PYTHON_PLUGIN);
  throw SetupError(fmt::format("cannot load the Python hooks: {}", why));
}

}  // namespace

void use_python_plugin() { set_stage_plugin({"hook"}, &load); }

#else

void use_python_plugin() {}

#endif

}  // namespace weir::cli
