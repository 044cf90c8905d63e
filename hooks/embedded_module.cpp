// The `weir` module that hooks import inside the weir command (Record, Batch,
// Context). The installed Python package (python_module.cpp) defines the
// same classes for `import weir` outside it.

#include <pybind11/embed.h>

#include "hooks/objects.hpp"

PYBIND11_EMBEDDED_MODULE(weir, m) { weir::hooks::bind_objects(m); }
