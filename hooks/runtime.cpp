#include "hooks/runtime.hpp"

#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>
#include <pybind11/embed.h>

#include "core/errors/error.hpp"
#include "hooks/objects.hpp"

#ifndef WEIR_PYTHON_EXECUTABLE
#define WEIR_PYTHON_EXECUTABLE "/usr/bin/python3"
#endif

namespace weir::hooks {

namespace {

Runtime* g_runtime = nullptr;
PyThreadState* g_released = nullptr;  // the main thread's state while the GIL is released

// At exit: take the GIL back, drop every Python object weir holds, finalize.
void finalize_at_exit() {
  if (!g_runtime) return;
  PyEval_RestoreThread(g_released);
  delete g_runtime;  // its py::objects go first
  g_runtime = nullptr;
  py::finalize_interpreter();
}

std::string interpreter_path(const StageContext& context) {
  if (context.python) return *context.python;
  if (const char* env = std::getenv("WEIR_PYTHON"); env && *env) return env;
  return WEIR_PYTHON_EXECUTABLE;
}

void initialize(const StageContext& context) {
  std::string python = interpreter_path(context);
  if (::access(python.c_str(), X_OK) != 0) {
    throw UsageError(fmt::format("--python {}: not an executable Python interpreter", python));
  }
  PyConfig config;
  PyConfig_InitPythonConfig(&config);
  config.parse_argv = 0;               // weir's argv is not Python's
  config.install_signal_handlers = 1;  // Ctrl-C becomes KeyboardInterrupt in a hook
  // sys.executable and sys.prefix follow this path, so a venv's python
  // brings its site-packages
  PyStatus status = PyConfig_SetBytesString(&config, &config.program_name, python.c_str());
  if (PyStatus_Exception(status)) {
    PyConfig_Clear(&config);
    throw SetupError("cannot configure the Python interpreter");
  }
  try {
    py::initialize_interpreter(&config, 0, nullptr, false);
  } catch (const std::exception& e) {
    PyConfig_Clear(&config);
    throw SetupError(fmt::format("cannot start Python ({}): {}", python, e.what()));
  }
  PyConfig_Clear(&config);
  if (context.records_to_stdout) {
    // hook print() must not corrupt the records on stdout
    py::module_::import("sys").attr("stdout") = py::module_::import("sys").attr("stderr");
  }
  py::module_::import("weir");  // the embedded module: Record, Batch, Context
}

// setup(ctx) / teardown(ctx), when the file defines them.
void call_optional(HookFile& file, const char* name, std::vector<py::object>* emitted) {
  py::object f = py::getattr(file.module, name, py::none());
  if (f.is_none()) return;
  PyContext& ctx = file.context.cast<PyContext&>();
  ctx.pending = emitted;
  ctx.batch = nullptr;
  try {
    f(file.context);
  } catch (py::error_already_set& e) {
    ctx.pending = nullptr;
    if (e.matches(PyExc_KeyboardInterrupt)) throw Interrupted();
    throw HookError(fmt::format("weir: hook {} {}() raised: {}", file.path, name, describe_python_error(e, true)));
  }
  ctx.pending = nullptr;
}

}  // namespace

HookRef parse_hook_ref(const std::string& text) {
  auto colon = text.rfind(':');
  HookRef ref;
  if (colon != std::string::npos) {
    ref.path = text.substr(0, colon);
    ref.function = text.substr(colon + 1);
  }
  bool identifier = !ref.function.empty() && !std::isdigit(static_cast<unsigned char>(ref.function[0]));
  for (char c : ref.function) identifier = identifier && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  if (ref.path.empty() || !ref.path.ends_with(".py") || !identifier) {
    throw UsageError(fmt::format("hook: expected FILE.py:FUNCTION, got '{}'", text));
  }
  return ref;
}

std::string shown_hook_ref(const std::string& text) {
  namespace fs = std::filesystem;
  auto colon = text.rfind(':');
  if (colon == std::string::npos) return text;
  fs::path path(text.substr(0, colon));
  if (!path.is_absolute()) return text;
  std::error_code ec;
  fs::path relative = path.lexically_relative(fs::current_path(ec));
  if (ec || relative.empty() || *relative.begin() == "..") return text;
  return relative.string() + text.substr(colon);
}

void begin_use(HookFile& file) {
  ++file.users;
  if (!file.setup_done) {
    file.setup_done = true;
    call_optional(file, "setup", nullptr);
  }
}

void end_use(HookFile& file, std::vector<py::object>* emitted) {
  if (--file.users == 0 && !file.teardown_done) {
    file.teardown_done = true;
    call_optional(file, "teardown", emitted);
  }
}

Runtime& Runtime::start(const StageContext& context) {
  if (g_runtime) return *g_runtime;
  if (context.no_hooks) {
    throw UsageError("this pipeline has Python hooks, and --no-hooks forbids running them");
  }
  if (Py_IsInitialized()) {
    // inside Python (`import weir`): the host owns the interpreter and the GIL
    g_runtime = new Runtime();
    return *g_runtime;
  }
  initialize(context);
  g_runtime = new Runtime();
  std::atexit(finalize_at_exit);
  g_released = PyEval_SaveThread();
  return *g_runtime;
}

StringCache& Runtime::text_cache(std::string_view name) { return text_caches_[std::string(name)]; }

HookFile& Runtime::load(const std::string& path, const std::string& base_dir) {
  namespace fs = std::filesystem;
  fs::path full = fs::path(path).is_absolute() ? fs::path(path) : fs::path(base_dir) / path;
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(full, ec);
  std::string key = (ec ? full : canonical).string();
  for (auto& file : files_) {
    if (file->full_path == key) return *file;
  }
  if (!fs::is_regular_file(key)) {
    throw UsageError(fmt::format("hook file {}: cannot open: {}", path,
                                 fs::exists(key) ? "not a regular file" : "No such file or directory"));
  }
  auto file = std::make_unique<HookFile>();
  file->path = path;
  file->full_path = key;
  try {
    py::module_ sys = py::module_::import("sys");
    // a hook may import modules that sit next to it
    std::string dir = fs::path(key).parent_path().string();
    py::list sys_path = sys.attr("path");
    if (!sys_path.contains(dir)) sys_path.insert(0, dir);
    std::string name = fmt::format("weir_hook_{}_{}", files_.size(), fs::path(key).stem().string());
    // Tracebacks name the file as the user would: relative to the current
    // folder when inside it. (importlib would make the name absolute.)
    std::string shown = key;
    fs::path relative = fs::path(key).lexically_relative(fs::current_path(ec));
    if (!ec && !relative.empty() && *relative.begin() != "..") shown = relative.string();
    py::module_ builtins = py::module_::import("builtins");
    py::object module = py::module_::import("types").attr("ModuleType")(name);
    module.attr("__file__") = key;
    sys.attr("modules")[py::str(name)] = module;
    py::object source = py::module_::import("io").attr("open_code")(key).attr("read")();
    py::object code = builtins.attr("compile")(source, shown, "exec");
    builtins.attr("exec")(code, module.attr("__dict__"));
    file->module = module;
    file->context = py::module_::import("weir").attr("Context")();
  } catch (py::error_already_set& e) {
    bool syntax = e.matches(PyExc_SyntaxError);
    std::string where = path;
    if (syntax) {
      py::object value = e.value();
      py::object line = value.attr("lineno");
      if (!line.is_none()) where = fmt::format("{}:{}", path, py::cast<long>(line));
      std::string msg = py::cast<std::string>(py::str(value.attr("msg")));
      throw UsageError(fmt::format("hook file {}: SyntaxError: {}", where, msg));
    }
    throw UsageError(fmt::format("hook file {} failed to load: {}", path, describe_python_error(e, true)));
  }
  files_.push_back(std::move(file));
  return *files_.back();
}

py::object Runtime::function(HookFile& file, const std::string& name) {
  py::object f = py::getattr(file.module, name.c_str(), py::none());
  if (!f.is_none() && PyCallable_Check(f.ptr())) return f;
  std::vector<std::string> functions;
  py::module_ inspect = py::module_::import("inspect");
  for (auto item : py::dict(file.module.attr("__dict__"))) {
    std::string key = py::cast<std::string>(item.first);
    if (!key.starts_with("_") && py::cast<bool>(inspect.attr("isfunction")(item.second))) functions.push_back(key);
  }
  std::string listed = functions.empty() ? "it defines no functions" : fmt::format("it has: {}", fmt::join(functions, ", "));
  throw UsageError(fmt::format("hook file {} has no function '{}'{}; {}", file.path, name,
                               did_you_mean(name, functions), listed));
}

py::object Runtime::numpy() {
  if (!numpy_checked_) {
    numpy_checked_ = true;
    try {
      numpy_ = py::module_::import("numpy");
    } catch (py::error_already_set&) {
      numpy_ = py::none();
    }
  }
  return numpy_;
}

py::object Runtime::json_loads() {
  if (!loads_) loads_ = py::module_::import("json").attr("loads");
  return loads_;
}

py::object Runtime::json_dumps() {
  if (!dumps_) dumps_ = py::module_::import("json").attr("dumps");
  return dumps_;
}

std::string describe_python_error(py::error_already_set& error, bool traceback) {
  std::string type = py::cast<std::string>(py::str(error.type().attr("__name__")));
  // str() of a KeyError('pth') is 'pth', quotes included, as Python prints it
  std::string value = py::cast<std::string>(py::str(error.value()));
  std::string out = value.empty() ? type : fmt::format("{}: {}", type, value);
  if (traceback && error.trace()) {
    // importlib's own frames say nothing about the hook: leave them out
    py::module_ tb_module = py::module_::import("traceback");
    py::list frames;
    for (auto frame : tb_module.attr("extract_tb")(error.trace())) {
      if (!py::cast<std::string>(frame.attr("filename")).starts_with("<frozen")) frames.append(frame);
    }
    std::string tb;
    for (auto line : tb_module.attr("format_list")(frames)) tb += py::cast<std::string>(line);
    if (!tb.empty()) out += fmt::format("\nTraceback (most recent call last):\n{}", tb);
    while (!out.empty() && out.back() == '\n') out.pop_back();
  }
  return out;
}

}  // namespace weir::hooks
