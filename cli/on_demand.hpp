#pragma once
// A shared library opened on the first call into it, not at start-up
// (tbb_on_demand.cpp, isal_on_demand.cpp): each of those files opens its
// library once (a function-local static) and looks each function up once.
// Included only by files compiled with hidden visibility.

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

namespace weir::cli {

/// Ends weir: `soname` (or a function of it) cannot be found, and what
/// needs it (`needed_for`) cannot run.
[[noreturn]] inline void cannot_load(const char* soname, const char* needed_for) {
  const char* why = dlerror();
  std::fprintf(stderr, "weir: cannot load %s, which %s: %s\n", soname, needed_for, why ? why : "?");
  std::abort();
}

/// The library `soname`, opened now.
inline void* open_library(const char* soname, const char* needed_for) {
  void* handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (!handle) cannot_load(soname, needed_for);
  return handle;
}

/// The function `symbol` of `library` (opened by open_library).
inline void* library_function(void* library, const char* symbol, const char* soname, const char* needed_for) {
  void* function = dlsym(library, symbol);
  if (!function) cannot_load(soname, needed_for);
  return function;
}

}  // namespace weir::cli
