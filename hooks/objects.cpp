#include "hooks/objects.hpp"

#include <cmath>

#include <fmt/format.h>
#include <pybind11/embed.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "core/check/violation.hpp"
#include "core/errors/error.hpp"
#include "core/expr/expression.hpp"
#include "hooks/convert.hpp"
#include "hooks/runtime.hpp"

namespace weir::hooks {

namespace {

Runtime& runtime() {
  static StageContext defaults;
  return Runtime::start(defaults);
}

std::shared_ptr<Batch> batch_from_dicts(py::iterable rows) {
  auto batch = std::make_shared<Batch>();
  batch->set_source(std::make_shared<const std::string>("(python)"));
  std::int64_t line = 1;
  for (py::handle row : rows) append_record(*batch, row, Provenance{line++, 0}, runtime());
  return batch;
}

py::object get_item(PyRecord& r, const std::string& name) {
  r.check();
  const Field* f = (*r.batch)[r.index].find(name);
  if (!f) throw py::key_error(name);
  return to_python(*f, runtime());
}

// The PyRecord inside a weir.Record instance (pybind11's simple layout).
PyRecord* record_of(PyObject* self) {
  auto* inst = reinterpret_cast<py::detail::instance*>(self);
  void* value = inst->simple_layout ? inst->simple_value_holder[0] : inst->nonsimple.values_and_holders[0];
  return static_cast<PyRecord*>(value);
}

PyObject* record_subscript(PyObject* self, PyObject* key) {
  PyRecord* r = record_of(self);
  if (!r || !r->valid) {
    PyErr_SetString(PyExc_RuntimeError,
                    "this weir.Record was handed to an earlier hook call and is no longer valid; keep rec.to_dict() "
                    "instead");
    return nullptr;
  }
  if (!PyUnicode_Check(key)) {
    PyErr_SetObject(PyExc_KeyError, key);
    return nullptr;
  }
  Py_ssize_t size = 0;
  const char* name = PyUnicode_AsUTF8AndSize(key, &size);
  if (!name) return nullptr;
  const Field* f = (*r->batch)[r->index].find(std::string_view(name, static_cast<std::size_t>(size)));
  if (!f) {
    PyErr_SetObject(PyExc_KeyError, key);
    return nullptr;
  }
  if (f->kind != ValueKind::json) {
    return PyUnicode_DecodeUTF8(f->value.data(), static_cast<Py_ssize_t>(f->value.size()), "replace");
  }
  try {
    return to_python(*f, runtime()).release().ptr();
  } catch (py::error_already_set& e) {
    e.restore();
    return nullptr;
  }
}

py::dict to_dict(PyRecord& r) {
  r.check();
  py::dict d;
  for (const Field& f : (*r.batch)[r.index].fields()) d[py::str(f.name.data(), f.name.size())] = to_python(f, runtime());
  return d;
}

// ---- columns of a batch

py::object column(PyBatch& b, const std::string& name) {
  b.check();
  Batch& batch = *b.batch;
  std::size_t n = batch.size();
  std::vector<const Field*> fields(n, nullptr);
  bool numeric = true;
  bool any = false;
  for (std::size_t i = 0; i < n; ++i) {
    const Field* f = batch[i].find(name);
    fields[i] = f;
    if (!f || f->is_null()) continue;
    any = true;
    if (numeric && !(f->kind != ValueKind::string && f->number())) numeric = false;
  }
  if (!any) {
    bool present = false;
    for (const Field* f : fields) present |= f != nullptr;
    if (!present) throw py::key_error(name);
  }
  py::object np = runtime().numpy();
  if (numeric && !np.is_none()) {
    py::array_t<double> out(static_cast<py::ssize_t>(n));
    auto view = out.mutable_unchecked<1>();
    for (std::size_t i = 0; i < n; ++i) {
      const Field* f = fields[i];
      view(static_cast<py::ssize_t>(i)) = (f && !f->is_null()) ? *f->number() : std::nan("");
    }
    return out;
  }
  py::list out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Field* f = fields[i];
    if (!f) {
      out[i] = py::none();
    } else if (numeric && !f->is_null()) {
      out[i] = py::float_(*f->number());
    } else {
      out[i] = to_python(*f, runtime());
    }
  }
  return out;
}

void set_column(PyBatch& b, const std::string& name, py::handle values) {
  b.check();
  Batch& batch = *b.batch;
  std::size_t n = batch.size();
  std::string_view stored = batch.store(name);
  bool scalar = PyUnicode_Check(values.ptr()) || !py::isinstance<py::iterable>(values) || PyDict_Check(values.ptr());
  if (scalar) {
    for (std::size_t i = 0; i < n; ++i) set_field(batch, i, from_python(values, stored, batch, runtime()));
    return;
  }
  py::sequence seq = py::isinstance<py::sequence>(values)
                         ? py::reinterpret_borrow<py::sequence>(values)
                         : py::reinterpret_steal<py::sequence>(PySequence_List(values.ptr()));
  if (!seq) throw py::error_already_set();
  if (static_cast<std::size_t>(py::len(seq)) != n) {
    throw py::value_error(fmt::format("column '{}' has {} values for a batch of {} records", name, py::len(seq), n));
  }
  // numpy arrays: read numbers and booleans directly, without a Python object per value
  if (py::isinstance<py::array>(values)) {
    py::array array = py::reinterpret_borrow<py::array>(values);
    char kind = array.dtype().kind();
    if (kind == 'b') {
      auto a = py::array_t<bool>::ensure(array);
      auto v = a.unchecked<1>();
      for (std::size_t i = 0; i < n; ++i) {
        Field f(stored, v(static_cast<py::ssize_t>(i)) ? "true" : "false", ValueKind::json);
        set_field(batch, i, f);
      }
      return;
    }
    if (kind == 'f' || kind == 'i' || kind == 'u') {
      auto a = py::array_t<double>::ensure(array);
      auto v = a.unchecked<1>();
      char buffer[32];
      for (std::size_t i = 0; i < n; ++i) {
        double x = v(static_cast<py::ssize_t>(i));
        Field f(stored, std::isnan(x) ? std::string_view() : batch.store(expr::format_number(x, buffer, sizeof buffer)),
                ValueKind::json);
        set_field(batch, i, f);
      }
      return;
    }
  }
  for (std::size_t i = 0; i < n; ++i) set_field(batch, i, from_python(seq[i], stored, batch, runtime()));
}

// Keeps the records whose flag is true, at once: columns read afterwards
// hold only the kept records (as a filtered DataFrame would).
void keep(PyBatch& b, py::handle mask) {
  b.check();
  std::size_t n = b.batch->size();
  py::sequence seq = py::reinterpret_borrow<py::sequence>(mask);
  if (static_cast<std::size_t>(py::len(seq)) != n) {
    throw py::value_error(fmt::format("keep() got {} flags for a batch of {} records", py::len(seq), n));
  }
  std::vector<bool> flags(n);
  if (py::isinstance<py::array>(mask)) {
    auto a = py::array_t<bool>::ensure(mask);
    auto v = a.unchecked<1>();
    for (std::size_t i = 0; i < n; ++i) flags[i] = v(static_cast<py::ssize_t>(i));
  } else {
    for (std::size_t i = 0; i < n; ++i) flags[i] = py::cast<bool>(py::bool_(seq[i]));
  }
  b.batch->keep_if(flags);
}

std::vector<std::string> column_names(const Batch& batch_in) {
  Batch& batch = const_cast<Batch&>(batch_in);
  std::vector<std::string> names;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    for (const Field& f : batch[i].fields()) {
      if (std::find(names.begin(), names.end(), f.name) == names.end()) names.emplace_back(f.name);
    }
  }
  return names;
}

std::string type_name(py::handle value) { return py::cast<std::string>(py::type::handle_of(value).attr("__name__")); }

PyViolation make_violation(py::handle message, py::handle field, py::handle severity) {
  PyViolation v;
  if (!PyUnicode_Check(message.ptr())) {
    throw py::type_error(fmt::format("weir.Violation: message must be a str, not {}", type_name(message)));
  }
  v.message = py::cast<std::string>(message);
  if (!field.is_none()) {
    if (!PyUnicode_Check(field.ptr())) {
      throw py::type_error(fmt::format("weir.Violation: field must be a str or None, not {}", type_name(field)));
    }
    v.field = py::cast<std::string>(field);
  }
  if (!severity.is_none()) {
    if (!PyUnicode_Check(severity.ptr())) {
      throw py::type_error(fmt::format("weir.Violation: severity must be 'error', 'warning' or 'info', not {}",
                                       type_name(severity)));
    }
    std::string name = py::cast<std::string>(severity);
    if (!check::parse_severity(name)) {
      throw py::value_error(fmt::format("weir.Violation: severity must be 'error', 'warning' or 'info', not {}",
                                        py::cast<std::string>(py::repr(severity))));
    }
    v.severity = name;
  }
  return v;
}

py::object optional_str(const std::optional<std::string>& text) {
  return text ? py::object(py::str(*text)) : py::object(py::none());
}

}  // namespace

void bind_objects(py::module_& m) {
  m.doc() = "weir: records for hooks (Record, Batch, Context, Violation)";

  py::class_<PyRecord> record_class(m, "Record", "One record: read and set fields by name, like a dict.");
  record_class
      .def(py::init([](py::dict fields) {
             PyRecord r;
             r.owned = batch_from_dicts(py::make_tuple(fields));
             r.batch = r.owned.get();
             r.valid = true;
             return r;
           }),
           py::arg("fields") = py::dict())
      .def("__getitem__", &get_item)
      .def("get",
           [](PyRecord& r, const std::string& name, py::object fallback) {
             r.check();
             const Field* f = (*r.batch)[r.index].find(name);
             return f ? to_python(*f, runtime()) : fallback;
           },
           py::arg("name"), py::arg("default") = py::none())
      .def("__setitem__",
           [](PyRecord& r, const std::string& name, py::handle value) {
             r.check();
             std::string_view stored = r.batch->store(name);
             set_field(*r.batch, r.index, from_python(value, stored, *r.batch, runtime()));
           })
      .def("__delitem__",
           [](PyRecord& r, const std::string& name) {
             r.check();
             RecordRef record = (*r.batch)[r.index];
             std::vector<Field> fields;
             bool found = false;
             for (const Field& f : record.fields()) {
               if (f.name == name) found = true;
               else fields.push_back(f);
             }
             if (!found) throw py::key_error(name);
             r.batch->replace_fields(r.index, fields);
           })
      .def("__contains__", [](PyRecord& r, const std::string& name) {
        r.check();
        return (*r.batch)[r.index].find(name) != nullptr;
      })
      .def("__len__", [](PyRecord& r) {
        r.check();
        return (*r.batch)[r.index].size();
      })
      .def("keys", [](PyRecord& r) {
        r.check();
        py::list out;
        for (const Field& f : (*r.batch)[r.index].fields()) out.append(py::str(f.name.data(), f.name.size()));
        return out;
      })
      .def("__iter__", [](PyRecord& r) {
        r.check();
        py::list out;
        for (const Field& f : (*r.batch)[r.index].fields()) out.append(py::str(f.name.data(), f.name.size()));
        return py::iter(out);
      })
      .def("items", [](PyRecord& r) { return to_dict(r).attr("items")(); })
      .def("values", [](PyRecord& r) { return to_dict(r).attr("values")(); })
      .def("to_dict", &to_dict, "A plain dict copy, which stays valid after the hook returns.")
      .def("__repr__", [](PyRecord& r) {
        if (!r.valid) return std::string("weir.Record(<no longer valid>)");
        return "weir.Record(" + py::cast<std::string>(py::repr(to_dict(r))) + ")";
      });
  // rec["name"] is the hot call of a record hook: serve it from the type's
  // mapping slot, without pybind11's argument dispatch (~150 ns a call).
  reinterpret_cast<PyTypeObject*>(record_class.ptr())->tp_as_mapping->mp_subscript = &record_subscript;

  py::class_<PyBatch>(m, "Batch",
                      "Many records as columns: batch['x'] is a numpy array when every value is a "
                      "number (and numpy imports), else a list; assigning a column adds or replaces it.")
      .def(py::init([](py::iterable rows) {
             PyBatch b;
             b.owned = batch_from_dicts(rows);
             b.batch = b.owned.get();
             b.valid = true;
             return b;
           }),
           py::arg("records"))
      .def("__getitem__", &column)
      .def("__setitem__", &set_column)
      .def("keep", &keep, py::arg("mask"), "Keeps only the records whose flag is true; columns read afterwards hold only those.")
      .def("__len__", [](PyBatch& b) {
        b.check();
        return b.batch->size();
      })
      .def_property_readonly("columns", [](PyBatch& b) {
        b.check();
        return column_names(*b.batch);
      })
      .def("__contains__", [](PyBatch& b, const std::string& name) {
        b.check();
        auto names = column_names(*b.batch);
        return std::find(names.begin(), names.end(), name) != names.end();
      })
      .def("to_dicts", [](PyBatch& b) {
        b.check();
        py::list out;
        for (std::size_t i = 0; i < b.batch->size(); ++i) {
          PyRecord r{b.batch, i, true, nullptr};
          out.append(to_dict(r));
        }
        return out;
      });

  py::class_<PyContext>(m, "Context", "What a hook file's functions share for the run: state, emit().")
      .def(py::init<>())
      .def_readwrite("state", &PyContext::state)
      .def("emit",
           [](PyContext& c, py::object record) {
             if (!c.pending) throw std::runtime_error("ctx.emit() works only while weir runs the pipeline");
             if (py::isinstance<PyRecord>(record)) record = to_dict(record.cast<PyRecord&>());
             if (!PyDict_Check(record.ptr())) throw py::type_error("ctx.emit() takes a dict or a weir.Record");
             c.pending->push_back(record);
           },
           py::arg("record"), "Adds a record after the current one (or at the end, from teardown).")
      .def_property_readonly("file", [](PyContext& c) -> py::object {
        if (!c.batch) return py::none();
        return py::str(c.batch->source());
      })
      .def_property_readonly("line", [](PyContext& c) -> py::object {
        if (!c.batch || c.index >= c.batch->size()) return py::none();
        return py::int_(const_cast<Batch*>(c.batch)->operator[](c.index).where().line);
      });

  py::class_<PyViolation>(m, "Violation",
                          "What a rule hook (weir check) returns for a record that breaks its rule: a message, "
                          "the field at fault, and a severity ('error', 'warning' or 'info') that overrides "
                          "the rule's.")
      .def(py::init(&make_violation), py::arg("message"), py::arg("field") = py::none(),
           py::arg("severity") = py::none())
      .def_readonly("message", &PyViolation::message)
      .def_property_readonly("field", [](const PyViolation& v) { return optional_str(v.field); })
      .def_property_readonly("severity", [](const PyViolation& v) { return optional_str(v.severity); })
      .def("__eq__",
           [](const PyViolation& v, py::handle other) -> py::object {
             if (!py::isinstance<PyViolation>(other)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
             const auto& o = other.cast<const PyViolation&>();
             return py::bool_(v.message == o.message && v.field == o.field && v.severity == o.severity);
           })
      .def("__repr__", [](const PyViolation& v) {
        std::string out = "weir.Violation(" + py::cast<std::string>(py::repr(py::str(v.message)));
        if (v.field) out += ", field=" + py::cast<std::string>(py::repr(py::str(*v.field)));
        if (v.severity) out += ", severity=" + py::cast<std::string>(py::repr(py::str(*v.severity)));
        return out + ")";
      });
}

}  // namespace weir::hooks

