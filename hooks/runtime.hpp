#pragma once
/// The embedded Python interpreter: one per process, started the first time
/// a hook stage is made, with an explicit PyConfig (weir's argv is never
/// handed to Python). While the native pipeline runs the GIL is released;
/// hook stages take it around their calls (py::gil_scoped_acquire).

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <pybind11/pybind11.h>

#include "hooks/string_cache.hpp"

#include "core/stages/stage.hpp"

namespace weir::hooks {

namespace py = pybind11;

/// One loaded hook file: its module, its functions and its context object.
struct HookFile {
  std::string path;       ///< as the user wrote it, for messages
  std::string full_path;  ///< absolute
  py::object module;
  py::object context;     ///< the weir.Context its functions receive
  bool setup_done = false;
  bool teardown_done = false;
  int users = 0;          ///< stages using this file (teardown after the last finishes)
};

/// FILE.py:FUNCTION, as a pipeline's hook stage or a check rule names it.
struct HookRef {
  std::string path;
  std::string function;
};

/// Splits "FILE.py:FUNCTION"; UsageError when it is not of that form.
HookRef parse_hook_ref(const std::string& text);
/// "FILE.py:FUNCTION" as messages show it: an absolute FILE inside the
/// current folder (a config's hooks are made absolute) is shown relative to
/// it, as the user would write it; anything else as given.
std::string shown_hook_ref(const std::string& text);

class Runtime {
 public:
  /// Starts the interpreter if needed (UsageError under --no-hooks).
  static Runtime& start(const StageContext& context);

  /// The hook file at `path` (relative to context.base_dir), loaded once.
  /// Throws UsageError for a missing file, a syntax error or an import error.
  /// The GIL must be held.
  HookFile& load(const std::string& path, const std::string& base_dir);

  /// The function `name` of `file`; UsageError naming the functions it has.
  py::object function(HookFile& file, const std::string& name);

  /// Imported lazily: numpy, or None when it cannot be imported.
  py::object numpy();
  /// json.loads and json.dumps, cached.
  py::object json_loads();
  py::object json_dumps();

  /// The repeated texts of column `name` as Python strs (hooks/string_cache.hpp),
  /// shared by every batch column of that name: a str is immutable. GIL held.
  StringCache& text_cache(std::string_view name);

 private:
  Runtime() = default;
  std::vector<std::unique_ptr<HookFile>> files_;
  py::object numpy_;
  bool numpy_checked_ = false;
  py::object loads_;
  py::object dumps_;
  std::unordered_map<std::string, StringCache> text_caches_;  // node-based: references stay valid
};

/// One more user (a hook stage, a rule) of `file`: the first runs the file's
/// setup(ctx), if it defines one. HookError when setup raises. GIL held.
void begin_use(HookFile& file);
/// One user fewer: the last runs the file's teardown(ctx), if it defines
/// one; records it emits with ctx.emit() go to `emitted` (nullptr: ctx.emit
/// raises). HookError when teardown raises. GIL held.
void end_use(HookFile& file, std::vector<py::object>* emitted);

/// The message for the Python exception being handled: "Type: value" and,
/// when `traceback` is set, the formatted traceback after it.
std::string describe_python_error(py::error_already_set& error, bool traceback);

}  // namespace weir::hooks
