#pragma once
/// weir's Python hooks live in a plugin, libweir_python.so, that links
/// libpython: loading it costs more than the rest of weir's start-up, so it
/// is loaded only by a run that names the hook verb or a hook rule.

namespace weir::cli {

/// Tells the verb registry where the hook verb comes from (no-op in a
/// build without Python).
void use_python_plugin();

}  // namespace weir::cli
