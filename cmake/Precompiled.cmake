# Precompiled headers (WEIR_PCH, on by default): the standard library, fmt,
# nlohmann/json, pybind11 and Catch2 are parsed once per target instead of
# once per file. Without them about half of a Release build's compile time
# went into parsing the same headers again (core/stages/head.cpp: 1.5 s of its
# 2.1 s), which made the CI suite's two builds most of its 15 minutes.
# A file still includes what it uses: -DWEIR_PCH=OFF builds without them.
option(WEIR_PCH "Precompile the widely used library headers" ON)

set(WEIR_PCH_STD <algorithm> <array> <charconv> <cmath> <cstdint> <cstring> <deque>
                 <functional> <map> <memory> <optional> <span> <string> <string_view>
                 <unordered_map> <unordered_set> <utility> <vector> <fmt/format.h>)

function(weir_precompile target)
  if(WEIR_PCH)
    target_precompile_headers(${target} PRIVATE ${WEIR_PCH_STD} ${ARGN})
  endif()
endfunction()
