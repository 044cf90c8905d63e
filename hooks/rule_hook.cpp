// Rule hooks for `weir check`: a rule whose test is a Python function,
// {"id": "no-email", "hook": "rules.py:no_email"} in a config's rules.
//
// def f(rec, ctx) gets each record (a weir.Record, as record hooks do) and
// returns None or True (the record passes), False (it fails, with the
// rule's message), a str (one violation with that message), a
// weir.Violation(message, field=None, severity=None), or a list of str and
// Violations. The GIL is taken once per batch. The file is loaded and its
// setup(ctx) run once, shared with hook stages; teardown(ctx) runs after
// the last record.

#include <fmt/format.h>
#include <pybind11/embed.h>

#include "core/check/rule.hpp"
#include "core/errors/error.hpp"
#include "core/expr/expression.hpp"
#include "hooks/objects.hpp"
#include "hooks/runtime.hpp"

namespace weir::hooks {

namespace {

class HookRule final : public check::Rule {
 public:
  bool keeps_to_caller_thread() const override { return true; }

  HookRule(const check::RuleSpec& spec, const StageContext& context)
      : ref_text_(shown_hook_ref(*spec.hook)), message_(spec.message) {
    if (spec.when) when_.emplace(compile_when(spec));
    check::RuleInfo info;
    info.id = spec.id;
    info.severity = spec.severity;
    info.description = spec.when ? fmt::format("hook {} (where {})", ref_text_, *spec.when)
                                  : fmt::format("hook {}", ref_text_);
    info.tags = spec.tags;
    info.help = fmt::format("The Python function {} judges each record{}: it returns a message (or a list of "
                            "them) for a record that breaks the rule, None or True for one that keeps it. "
                            "Fix the record, or the rule '{}' in the config (weir-hooks(7)).",
                            ref_text_, spec.when ? fmt::format(" where `{}` holds", *spec.when) : "", spec.id);
    info_.push_back(std::move(info));

    HookRef ref = parse_hook_ref(*spec.hook);
    types_ = ColumnTypes(context.types);
    runtime_ = &Runtime::start(context);
    py::gil_scoped_acquire gil;
    // a rule's hook path is relative to the current folder (a config's
    // rules are resolved against its folder before they get here)
    file_ = &runtime_->load(ref.path, ".");
    // held in a local until setup has run: if setup raises, it is released
    // while the GIL is still held
    py::object function = runtime_->function(*file_, ref.function);
    begin_use(*file_);
    function_ = std::move(function);
  }

  ~HookRule() override {
    py::gil_scoped_acquire gil;
    function_ = py::object();
    record_ = py::object();
  }

  const std::vector<check::RuleInfo>& rules() const override { return info_; }

  void check(Batch& batch, std::vector<check::Finding>& out) override {
    // `when` is native: the GIL is taken only when some record is checked
    applies_.clear();
    for (std::size_t i = 0; i < batch.size(); ++i) {
      if (!when_ || when_->evaluate(batch[i], batch).truthy()) applies_.push_back(i);
    }
    if (applies_.empty()) return;
    py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() != 0) {
      PyErr_Clear();
      throw Interrupted();
    }
    PyContext& ctx = file_->context.cast<PyContext&>();
    ctx.pending = nullptr;
    ctx.batch = &batch;
    types_.learn(batch);
    if (!record_) record_ = py::cast(PyRecord{});
    for (std::size_t i : applies_) {
      PyRecord& rec = record_.cast<PyRecord&>();
      rec.batch = &batch;
      rec.index = i;
      rec.valid = true;
      rec.types = &types_;
      ctx.index = i;
      PyObject* args[] = {record_.ptr(), file_->context.ptr()};
      PyObject* raw = PyObject_Vectorcall(function_.ptr(), args, 2, nullptr);
      rec.valid = false;
      if (!raw) {
        ctx.batch = nullptr;
        py::error_already_set e;
        raised(e, batch, i);
      }
      py::object result = py::reinterpret_steal<py::object>(raw);
      try {
        take_result(result, batch, i, out);
      } catch (...) {
        ctx.batch = nullptr;
        throw;
      }
      // the hook kept the record (in ctx.state, say): leave it invalid, use a new one
      if (Py_REFCNT(record_.ptr()) > 1) record_ = py::cast(PyRecord{});
    }
    ctx.batch = nullptr;
  }

  void finish() override {
    if (finished_) return;
    finished_ = true;
    py::gil_scoped_acquire gil;
    end_use(*file_, nullptr);
  }

 private:
  expr::Expression compile_when(const check::RuleSpec& spec) {
    try {
      return expr::Expression::compile(*spec.when);
    } catch (const expr::ExprError& e) {
      std::string where = spec.origin.empty() ? fmt::format("rule '{}'", spec.id)
                                              : fmt::format("{}: rule '{}'", spec.origin, spec.id);
      throw UsageError(expr::format_expr_error(fmt::format("{} when", where), *spec.when, e));
    }
  }

  void take_result(const py::object& result, Batch& batch, std::size_t i, std::vector<check::Finding>& out) {
    PyObject* r = result.ptr();
    if (r == Py_None || r == Py_True) return;
    if (r == Py_False) {
      add(out, i, message_ ? check::render_message(*message_, batch[i]) : std::string("rule failed"));
    } else if (PyUnicode_Check(r) || py::isinstance<PyViolation>(result)) {
      add_violation(out, i, result);
    } else if (PyList_Check(r) || PyTuple_Check(r)) {
      for (py::handle item : result) {
        if (!PyUnicode_Check(item.ptr()) && !py::isinstance<PyViolation>(item)) {
          bad_result(item, batch, i, " in the list");
        }
        add_violation(out, i, item);
      }
    } else {
      bad_result(result, batch, i, "");
    }
  }

  static void add(std::vector<check::Finding>& out, std::size_t i, std::string message) {
    check::Finding finding;
    finding.record = static_cast<std::uint32_t>(i);
    finding.message = std::move(message);
    out.push_back(std::move(finding));
  }

  // A str or a weir.Violation.
  static void add_violation(std::vector<check::Finding>& out, std::size_t i, py::handle value) {
    if (PyUnicode_Check(value.ptr())) {
      add(out, i, py::cast<std::string>(value));
      return;
    }
    const PyViolation& v = value.cast<const PyViolation&>();
    add(out, i, v.message);
    if (v.field) out.back().field = *v.field;
    if (v.severity) out.back().severity = check::parse_severity(*v.severity);
  }

  [[noreturn]] void bad_result(py::handle value, Batch& batch, std::size_t i, const char* where) {
    std::string type = py::cast<std::string>(py::type::handle_of(value).attr("__name__"));
    throw HookError(fmt::format("weir: hook {} returned {}{} on {}:{}; a rule hook returns None or True (the record "
                                "passes), False (it fails), a str (the violation's message), a weir.Violation or "
                                "a list of str and weir.Violation",
                                ref_text_, type, where, batch.source(), batch[i].where().line));
  }

  // The hook raised on record i: the check stops (exit 4), as for record hooks.
  [[noreturn]] void raised(py::error_already_set& e, Batch& batch, std::size_t i) {
    const std::string& file = batch.source();
    std::int64_t line = batch[i].where().line;
    if (e.matches(PyExc_KeyboardInterrupt)) throw Interrupted();
    if (e.matches(PyExc_SystemExit)) {
      py::object code = e.value().attr("code");
      throw HookError(fmt::format("weir: hook {} called sys.exit({}) on {}:{}; a hook stops the run by raising an "
                                  "exception",
                                  ref_text_, py::cast<std::string>(py::repr(code)), file, line));
    }
    throw HookError(fmt::format("weir: hook {} raised on {}:{}: {}", ref_text_, file, line,
                                describe_python_error(e, true)));
  }

  std::string ref_text_;
  std::optional<std::string> message_;
  std::optional<expr::Expression> when_;
  std::vector<check::RuleInfo> info_;
  ColumnTypes types_;  // what text is in Python, decided once per column
  Runtime* runtime_ = nullptr;
  HookFile* file_ = nullptr;
  py::object function_;
  py::object record_;
  std::vector<std::size_t> applies_;
  bool finished_ = false;
};

std::unique_ptr<check::Rule> make_rule(const check::RuleSpec& spec, const StageContext& context) {
  WEIR_ASSERT(spec.hook.has_value());
  if (context.no_hooks) {
    throw SetupError(fmt::format("rule '{}' runs a Python hook ({}), and --no-hooks forbids running it", spec.id,
                                 shown_hook_ref(*spec.hook)));
  }
  return std::make_unique<HookRule>(spec, context);
}

// Registered when the hooks library is linked (it is an OBJECT library).
const bool rule_factory_registered = [] {
  check::set_hook_rule_factory(&make_rule);
  return true;
}();

}  // namespace

}  // namespace weir::hooks
