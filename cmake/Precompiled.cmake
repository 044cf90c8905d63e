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

# Unity builds (WEIR_UNITY, off by default; tests/run.sh turns it on): a
# library's files are compiled WEIR_UNITY_BATCH at a time, so the headers and
# templates they share are parsed and instantiated once per batch. A build
# from scratch, as CI makes two of, is quicker; an edit recompiles its whole
# batch, which is why it is off for work on the code. Files compiled together
# share one translation unit: names in their anonymous namespaces must differ.
option(WEIR_UNITY "Compile each library's files in batches (builds from scratch)" OFF)
set(WEIR_UNITY_BATCH 8 CACHE STRING "files per batch with WEIR_UNITY")

function(weir_unity target)
  if(WEIR_UNITY)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE ${WEIR_UNITY_BATCH})
  endif()
endfunction()
