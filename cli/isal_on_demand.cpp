// The weir command opens libisal.so.2 (ISA-L, gzip input) on the first gzip
// input, not at start-up: linked as a NEEDED library it is mapped and
// relocated at every start, which `weir --version` pays for nothing (issue
// 14: start-up under 5 ms). These are the ISA-L functions GzipSource
// (core/io/source.cpp) calls; each looks its libisal function up once. A new
// one fails the link of weir with an undefined reference: add it here. The
// symbols are hidden (as in tbb_on_demand.cpp). Only the weir executable has
// this file; the Python module and the tests link libisal itself.

#include <isa-l/igzip_lib.h>

#include "cli/on_demand.hpp"

namespace {

void* isal_function(const char* name) {
  static void* const library = weir::cli::open_library("libisal.so.2", "gzip input needs (ISA-L)");
  return weir::cli::library_function(library, name, "libisal.so.2", "gzip input needs (ISA-L)");
}

}  // namespace

// ret name(params) calls libisal's `name` with args
#define WEIR_ISAL(ret, name, params, args)                                              \
  extern "C" ret name params {                                                          \
    static const auto function = reinterpret_cast<ret(*) params>(isal_function(#name)); \
    return function args;                                                               \
  }

WEIR_ISAL(void, isal_inflate_init, (struct inflate_state * state), (state))
WEIR_ISAL(void, isal_inflate_reset, (struct inflate_state * state), (state))
WEIR_ISAL(int, isal_inflate, (struct inflate_state * state), (state))
WEIR_ISAL(void, isal_gzip_header_init, (struct isal_gzip_header * header), (header))
WEIR_ISAL(int, isal_read_gzip_header, (struct inflate_state * state, struct isal_gzip_header* header),
          (state, header))
