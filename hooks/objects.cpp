#include "hooks/objects.hpp"

#include <cmath>

#include <fmt/format.h>
#include <pybind11/embed.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "core/check/violation.hpp"
#include "core/errors/error.hpp"
#include "core/expr/expression.hpp"
#include "hooks/columns.hpp"
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

// The index of field `name` in record r, or -1.
std::ptrdiff_t field_index(const PyRecord& r, std::string_view name) {
  RecordRef record = (*r.batch)[r.index];
  const Field* f = record.find(name);
  return f ? f - &record[0] : -1;
}

py::object get_item(PyRecord& r, const std::string& name) {
  r.check();
  std::ptrdiff_t i = field_index(r, name);
  if (i < 0) throw py::key_error(name);
  auto index = static_cast<std::size_t>(i);
  return to_python((*r.batch)[r.index][index], r.type_of(index), runtime());
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
  std::ptrdiff_t i = field_index(*r, std::string_view(name, static_cast<std::size_t>(size)));
  if (i < 0) {
    PyErr_SetObject(PyExc_KeyError, key);
    return nullptr;
  }
  auto index = static_cast<std::size_t>(i);
  return new_python_value((*r->batch)[r->index][index], r->type_of(index), runtime());
}

py::dict to_dict(PyRecord& r) {
  r.check();
  py::dict d;
  RecordRef record = (*r.batch)[r.index];
  for (std::size_t i = 0; i < record.size(); ++i) {
    const Field& f = record[i];
    d[py::str(f.name.data(), f.name.size())] = to_python(f, r.type_of(i), runtime());
  }
  return d;
}

// ---- columns of a batch (hooks/columns.hpp)

const ColumnTypes& types_of(PyBatch& b) {
  b.check();
  if (b.types) return *b.types;
  // a batch made in Python: its types come from its own values
  b.owned_types = std::make_shared<ColumnTypes>();
  b.owned_types->learn(*b.batch);
  b.types = b.owned_types.get();
  return *b.types;
}

py::object column(PyBatch& b, const std::string& name) {
  ColumnType type = types_of(b).type_of(name);
  return column_values(*b.batch, name, type, runtime());
}

py::object valid(PyBatch& b, const std::string& name) {
  ColumnType type = types_of(b).type_of(name);
  return column_valid(*b.batch, name, type, runtime());
}

void assign_column(PyBatch& b, const std::string& name, py::handle values) {
  b.check();
  set_column(*b.batch, name, values, runtime());
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
             std::ptrdiff_t i = field_index(r, name);
             if (i < 0) return fallback;
             auto index = static_cast<std::size_t>(i);
             return to_python((*r.batch)[r.index][index], r.type_of(index), runtime());
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
                      "Many records as columns: batch['x'] is a numpy array typed by the column's type "
                      "(int and float: float64 with NaN where missing; bool; str: object), the same "
                      "in every batch; batch.valid('x') says where it holds a value; assigning a "
                      "column adds or replaces it.")
      .def(py::init([](py::iterable rows) {
             PyBatch b;
             b.owned = batch_from_dicts(rows);
             b.batch = b.owned.get();
             b.valid = true;
             return b;
           }),
           py::arg("records"))
      .def("__getitem__", &column)
      .def("__setitem__", &assign_column)
      .def("valid", &valid, py::arg("name"),
           "True where column name holds a value of its type (not missing, absent or a misfit).")
      .def("type", [](PyBatch& b, const std::string& name) { return column_type_name(types_of(b).type_of(name)); },
           py::arg("name"), "The column's type: 'int', 'float', 'bool', 'str' (or 'unknown': no value yet).")
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
          PyRecord r{b.batch, i, true, nullptr, &types_of(b)};
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

