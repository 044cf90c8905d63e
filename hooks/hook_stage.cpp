// hook FILE.py:FUNCTION [--batch]: a pipeline stage run by a Python function.
//
// Record hooks, def f(rec, ctx), see one weir.Record at a time and return
// None (keep, as changed), False (drop), a dict (replace) or a list of dicts
// (emit each, 0..N). Batch hooks, def f(batch, ctx), see a weir.Batch of
// thousands of records as columns. The GIL is taken once per batch, around
// the calls; setup(ctx) runs when the stage is made, teardown(ctx) when the
// input ends. A Python exception stops the run (exit 4) with the hook, the
// record's file:line and the traceback, or, under --on-error skip, skips the
// record and is counted.

#include <filesystem>

#include <fmt/format.h>
#include <pybind11/embed.h>

#include "core/errors/error.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"
#include "hooks/convert.hpp"
#include "hooks/objects.hpp"
#include "hooks/runtime.hpp"

namespace weir::hooks {

namespace {

/// How the function is called.
enum class Mode {
  record,  ///< f(rec, ctx) -> None | False | dict | list
  batch,   ///< f(batch, ctx) -> None, changes the batch in place
  decode,  ///< f(line, ctx) -> dict | None: a record from a line of text (input.parse)
  encode,  ///< f(rec, ctx) -> str: the output text of a record (output.format_hook)
};

class HookStage final : public Stage {
 public:
  HookStage(const StageSpec& spec, Mode mode)
      : ref_text_(shown_hook_ref(spec.args.at(0))),
        mode_(mode),
        errors_(spec.context ? spec.context->errors : nullptr),
        types_(spec.context ? spec.context->types : DeclaredTypes{}) {
    HookRef ref = parse_hook_ref(spec.args.at(0));
    StageContext defaults;
    const StageContext& context = spec.context ? *spec.context : defaults;
    runtime_ = &Runtime::start(context);
    py::gil_scoped_acquire gil;
    file_ = &runtime_->load(ref.path, context.base_dir);
    // held in a local until setup has run: if setup raises, it is released
    // while the GIL is still held
    py::object function = runtime_->function(*file_, ref.function);
    begin_use(*file_);
    function_ = std::move(function);
  }

  ~HookStage() override {
    py::gil_scoped_acquire gil;
    function_ = py::object();
    record_ = py::object();
  }

  bool keeps_to_caller_thread() const override { return true; }

  bool push(Batch& batch) override {
    {
      py::gil_scoped_acquire gil;
      if (PyErr_CheckSignals() != 0) {
        PyErr_Clear();
        throw Interrupted();
      }
      types_.learn(batch);
      if (mode_ == Mode::batch) {
        run_batch(batch);
      } else {
        run_records(batch);
      }
    }
    return batch.empty() || emit(batch);
  }

  void finish() override {
    Batch out;
    {
      py::gil_scoped_acquire gil;
      std::vector<py::object> emitted;
      end_use(*file_, &emitted);
      if (!emitted.empty()) {
        out.set_source(std::make_shared<const std::string>(file_->path));
        for (auto& record : emitted) append_record(out, record, Provenance{}, *runtime_);
      }
    }
    if (!out.empty()) emit(out);
    next_->finish();
  }

 private:
  PyContext& context() { return file_->context.cast<PyContext&>(); }

  py::object fresh_record() { return py::cast(PyRecord{}); }

  void run_records(Batch& batch) {
    PyContext& ctx = context();
    std::vector<py::object> emitted;
    ctx.pending = &emitted;
    ctx.batch = &batch;
    order_.clear();
    running_ = &batch;
    if (!record_) record_ = fresh_record();
    std::size_t n = batch.size();
    for (std::size_t i = 0; i < n; ++i) {
      kept_before_ = order_.size();
      PyRecord& rec = record_.cast<PyRecord&>();
      rec.batch = &batch;
      rec.index = i;
      rec.valid = true;
      rec.types = &types_;
      ctx.index = i;
      py::object line;
      if (mode_ == Mode::decode) {
        const Field* text = batch[i].size() ? &batch[i][0] : nullptr;
        line = text ? py::str(text->value.data(), text->value.size()) : py::str();
      }
      PyObject* args[] = {mode_ == Mode::decode ? line.ptr() : record_.ptr(), file_->context.ptr()};
      PyObject* raw = PyObject_Vectorcall(function_.ptr(), args, 2, nullptr);
      if (!raw) {
        rec.valid = false;
        ctx.pending = nullptr;
        py::error_already_set e;
        fail(e, batch, i);  // throws, or skips the record
        ctx.pending = &emitted;
        continue;
      }
      py::object result = py::reinterpret_steal<py::object>(raw);
      take_result(result, batch, i);
      for (auto& extra : emitted) {
        append_record(batch, extra, batch[i].where(), *runtime_);
        order_.push_back(static_cast<std::uint32_t>(batch.size() - 1));
      }
      emitted.clear();
      rec.valid = false;
      // the hook kept the record (in ctx.state, say): leave it invalid, use a new one
      if (Py_REFCNT(record_.ptr()) > 1) record_ = fresh_record();
    }
    ctx.pending = nullptr;
    ctx.batch = nullptr;
    running_ = nullptr;
    batch.reorder(order_);
  }

  void take_result(const py::object& result, Batch& batch, std::size_t i) {
    PyObject* r = result.ptr();
    if (mode_ == Mode::decode) {
      // a dict is the record; None skips the line
      if (r == Py_None) return;
      if (!PyDict_Check(r)) bad_result(result, batch, i, "");
    } else if (mode_ == Mode::encode) {
      if (!PyUnicode_Check(r)) bad_result(result, batch, i, "");
      Field text = from_python(result, "line", batch, *runtime_);
      batch.begin_record(batch[i].where());
      batch.add_field(text);
      order_.push_back(static_cast<std::uint32_t>(batch.size() - 1));
      return;
    }
    if (r == Py_None || r == Py_True) {
      order_.push_back(static_cast<std::uint32_t>(i));
    } else if (r == Py_False) {
      // dropped
    } else if (PyDict_Check(r) || py::isinstance<PyRecord>(result)) {
      append_record(batch, result, batch[i].where(), *runtime_);
      order_.push_back(static_cast<std::uint32_t>(batch.size() - 1));
    } else if (PyList_Check(r) || PyTuple_Check(r)) {
      for (py::handle item : result) {
        if (!PyDict_Check(item.ptr()) && !py::isinstance<PyRecord>(item)) bad_result(item, batch, i, " in the list");
        append_record(batch, item, batch[i].where(), *runtime_);
        order_.push_back(static_cast<std::uint32_t>(batch.size() - 1));
      }
    } else {
      bad_result(result, batch, i, "");
    }
  }

  [[noreturn]] void bad_result(py::handle value, Batch& batch, std::size_t i, const char* where) {
    std::string type = py::cast<std::string>(py::type::handle_of(value).attr("__name__"));
    const char* allowed =
        mode_ == Mode::decode   ? "a decode hook returns a dict (the record) or None (skip the line)"
        : mode_ == Mode::encode ? "a format hook returns a str (the record's output line)"
                                : "a record hook returns None (keep the record), False (drop it), a dict (replace it) "
                                  "or a list of dicts (emit each)";
    stop(fmt::format("weir: hook {} returned {}{} on {}:{}; {}", ref_text_, type, where, batch.source(),
                     batch[i].where().line, allowed));
  }

  void run_batch(Batch& batch) {
    PyContext& ctx = context();
    std::vector<py::object> emitted;
    ctx.pending = &emitted;
    ctx.batch = &batch;
    ctx.index = 0;
    py::object wrapper = py::cast(PyBatch{&batch, true, nullptr, &types_, nullptr});
    PyObject* args[] = {wrapper.ptr(), file_->context.ptr()};
    PyObject* raw = PyObject_Vectorcall(function_.ptr(), args, 2, nullptr);
    PyBatch& b = wrapper.cast<PyBatch&>();
    b.valid = false;
    ctx.pending = nullptr;
    ctx.batch = nullptr;
    if (!raw) {
      py::error_already_set e;
      fail_batch(e, batch);
      return;
    }
    py::object result = py::reinterpret_steal<py::object>(raw);
    if (!result.is_none() && !result.is(wrapper)) {
      std::string type = py::cast<std::string>(py::type::handle_of(result).attr("__name__"));
      throw HookError(fmt::format("weir: hook {} returned {} for a batch of {}; a batch hook changes the batch "
                                  "in place (batch['x'] = ..., batch.keep(mask)) and returns None",
                                  ref_text_, type, batch.source()));
    }
    for (auto& extra : emitted) append_record(batch, extra, Provenance{}, *runtime_);
  }

  // A hook raised on record i: stop (exit 4), or skip the record.
  void fail(py::error_already_set& e, Batch& batch, std::size_t i) {
    check_fatal(e, fmt::format("{}:{}", batch.source(), batch[i].where().line));
    DataError error;
    error.file = batch.source();
    error.line = batch[i].where().line;
    error.column = 1;
    error.message = fmt::format("hook {} raised {}", ref_text_, describe_python_error(e, false));
    error.kind = DataErrorKind::hook_error;
    error.offset = batch[i].where().offset;
    error.raw = std::string(batch[i].text());
    errors_->report(std::move(error));
  }

  void fail_batch(py::error_already_set& e, Batch& batch) {
    // which record made the function raise, weir cannot know: name them all
    std::int64_t first = batch.empty() ? 0 : batch[0].where().line;
    std::int64_t last = batch.empty() ? 0 : batch[batch.size() - 1].where().line;
    check_fatal(e, fmt::format("its batch of {} record{}, {}:{}{}", batch.size(), batch.size() == 1 ? "" : "s",
                               batch.source(), first, last > first ? fmt::format("-{}", last) : ""));
    std::string message = fmt::format("hook {} raised {} (on its whole batch)", ref_text_, describe_python_error(e, false));
    for (std::size_t i = 0; i < batch.size(); ++i) {
      DataError error;
      error.file = batch.source();
      error.line = batch[i].where().line;
      error.column = 1;
      error.message = message;
      error.kind = DataErrorKind::hook_error;
      error.offset = batch[i].where().offset;
      error.raw = std::string(batch[i].text());
      errors_->report(std::move(error));
    }
    batch.truncate(0);
  }

  // Ctrl-C, sys.exit() and the fail policy stop the run here.
  // `where`: the record's file:line, or its batch's.
  void check_fatal(py::error_already_set& e, const std::string& where) {
    if (e.matches(PyExc_KeyboardInterrupt)) throw Interrupted();
    if (e.matches(PyExc_SystemExit)) {
      py::object code = e.value().attr("code");
      stop(fmt::format("weir: hook {} called sys.exit({}) on {}; a hook stops the run by raising an exception",
                       ref_text_, py::cast<std::string>(py::repr(code)), where));
    }
    if (!errors_ || errors_->mode() != OnError::skip) {
      stop(fmt::format("weir: hook {} raised on {}: {}", ref_text_, where, describe_python_error(e, true)));
    }
  }

  // The run stops at a record: the records before it in its batch still go
  // downstream first, so that an iterator over the output (weir.records())
  // yields them before it raises. (weir's stdout keeps them only if flushed.)
  [[noreturn]] void stop(std::string message) {
    if (running_) {
      Batch& batch = *running_;
      running_ = nullptr;
      record_.cast<PyRecord&>().valid = false;
      PyContext& ctx = context();
      ctx.pending = nullptr;
      ctx.batch = nullptr;
      order_.resize(kept_before_);
      batch.reorder(order_);
      if (!batch.empty()) emit(batch);
    }
    throw HookError(std::move(message));
  }

  std::string ref_text_;
  Mode mode_;
  ErrorPolicy* errors_;
  ColumnTypes types_;  // what text is in Python, decided once per column
  Runtime* runtime_ = nullptr;
  HookFile* file_ = nullptr;
  py::object function_;
  py::object record_;
  std::vector<std::uint32_t> order_;
  Batch* running_ = nullptr;     // the batch run_records() is working on
  std::size_t kept_before_ = 0;  // order_'s size before the current record
};

struct HookOptions {
  bool batch = false;
  bool decode = false;
  bool encode = false;
};

StageInfo hook_stage_info() {
  return with_options<HookOptions>(
      {
          .name = "hook",
          .summary = "run a Python function over the records: FILE.py:FUNCTION",
          .usage = "hook [--batch|--decode|--encode] FILE.py:FUNCTION",
          .description = "Calls FUNCTION from the Python file FILE.py. A record hook, def f(rec, ctx), gets one "
                         "weir.Record at a time and returns None (keep it, as changed), False (drop it), a dict "
                         "(replace it) or a list of dicts (emit each). With --batch, def f(batch, ctx) gets "
                         "thousands of records as columns (numpy arrays for numbers) and changes them in place. "
                         "setup(ctx) and teardown(ctx) in the file run once, before and after; ctx.state is a "
                         "dict for the run and ctx.emit(dict) adds a record. With --decode, def f(line, ctx) turns "
                         "a line of text (from --from lines) into a record, a dict, or None to skip it: a format "
                         "weir does not know. With --encode, def f(rec, ctx) returns the text to write for the "
                         "record, one line (use --to lines). See weir-hooks(7).",
          .min_args = 1,
          .max_args = 1,
          .arg_kind = OptionKind::file,
          .examples = {{"weir hook examples/hooks/enrich.py:add_api then head -n 3 examples/access.csv",
                        "add a field from Python"}},
      },
      {{{"", "--batch", "", "call FUNCTION once per batch of records, with columns", OptionKind::flag},
        sets<&HookOptions::batch>},
       {{"", "--decode", "", "FUNCTION(line, ctx) makes a record (a dict) from each line, or None", OptionKind::flag},
        sets<&HookOptions::decode>},
       {{"", "--encode", "", "FUNCTION(rec, ctx) returns each record's output line (a str)", OptionKind::flag},
        sets<&HookOptions::encode>}},
      [](const HookOptions& o, const StageSpec& spec) -> std::unique_ptr<Stage> {
        if (o.batch + o.decode + o.encode > 1) {
          throw UsageError("hook: --batch, --decode and --encode exclude each other");
        }
        Mode mode = o.batch ? Mode::batch : o.decode ? Mode::decode : o.encode ? Mode::encode : Mode::record;
        return std::make_unique<HookStage>(spec, mode);
      });
}

// Registered when the hooks library is linked (it is an OBJECT library).
const bool stage_factory_registered = [] {
  register_stage(hook_stage_info());
  return true;
}();

}  // namespace

}  // namespace weir::hooks
