#include "hooks/convert.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

#include "core/expr/expression.hpp"
#include "hooks/objects.hpp"

namespace weir::hooks {

py::object to_python(const Field& field, Runtime& runtime) {
  std::string_view v = field.value;
  if (field.kind != ValueKind::json) return py::str(v.data(), v.size());
  if (v.empty() || v == "null") return py::none();
  if (v == "true") return py::bool_(true);
  if (v == "false") return py::bool_(false);
  char c = v.front();
  if (c == '{' || c == '[' || c == '"') return runtime.json_loads()(py::str(v.data(), v.size()));
  bool integer = v.find_first_of(".eE") == std::string_view::npos;
  if (integer) {
    long long n = 0;
    auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec == std::errc() && ptr == v.data() + v.size()) return py::int_(n);
    // too big for 64 bits: Python's int has no limit
    return py::reinterpret_steal<py::object>(PyLong_FromString(std::string(v).c_str(), nullptr, 10));
  }
  if (auto x = field.number()) return py::float_(*x);
  return py::str(v.data(), v.size());
}

Field from_python(py::handle value, std::string_view name, Batch& batch, Runtime& runtime) {
  Field field;
  field.name = name;
  if (value.is_none()) {
    field.kind = ValueKind::json;  // empty JSON value: null
    return field;
  }
  if (PyBool_Check(value.ptr())) {
    field.kind = ValueKind::json;
    field.value = value.ptr() == Py_True ? "true" : "false";
    return field;
  }
  if (PyUnicode_Check(value.ptr())) {
    Py_ssize_t size = 0;
    const char* text = PyUnicode_AsUTF8AndSize(value.ptr(), &size);
    if (!text) throw py::error_already_set();
    field.value = batch.store(std::string_view(text, static_cast<std::size_t>(size)));
    return field;
  }
  if (PyLong_Check(value.ptr())) {
    field.kind = ValueKind::json;
    field.value = batch.store(py::cast<std::string>(py::str(value)));
    return field;
  }
  if (PyFloat_Check(value.ptr())) {
    double x = PyFloat_AS_DOUBLE(value.ptr());
    char buffer[32];
    field.value = batch.store(expr::format_number(x, buffer, sizeof buffer));
    field.kind = std::isfinite(x) ? ValueKind::json : ValueKind::text;
    return field;
  }
  if (PyDict_Check(value.ptr()) || PyList_Check(value.ptr()) || PyTuple_Check(value.ptr())) {
    py::object text = runtime.json_dumps()(value, py::arg("ensure_ascii") = false,
                                           py::arg("separators") = py::make_tuple(",", ":"));
    field.kind = ValueKind::json;
    field.value = batch.store(py::cast<std::string>(text));
    return field;
  }
  // numpy scalars and the rest: through their Python number or text
  if (PyObject_HasAttrString(value.ptr(), "item") && PyObject_HasAttrString(value.ptr(), "dtype")) {
    return from_python(value.attr("item")(), name, batch, runtime);
  }
  field.value = batch.store(py::cast<std::string>(py::str(value)));
  return field;
}

void set_field(Batch& batch, std::size_t r, const Field& field) {
  RecordRef record = batch[r];
  if (Field* existing = record.find(field.name)) {
    *existing = field;
    return;
  }
  static thread_local std::vector<Field> fields;  // reused: no allocation per record
  fields.assign(record.fields().begin(), record.fields().end());
  fields.push_back(field);
  batch.replace_fields(r, fields);
}

void append_record(Batch& batch, py::handle source, Provenance where, Runtime& runtime) {
  std::vector<Field> fields;
  if (py::isinstance<PyRecord>(source)) {
    PyRecord& other = source.cast<PyRecord&>();
    other.check();
    for (const Field& f : (*other.batch)[other.index].fields()) fields.push_back(f);
    // copy the text: the other record's batch may be another one
    for (Field& f : fields) {
      f.name = batch.store(f.name);
      f.value = batch.store(f.value);
    }
  } else if (PyDict_Check(source.ptr())) {
    for (auto item : py::reinterpret_borrow<py::dict>(source)) {
      std::string key = py::cast<std::string>(py::str(item.first));
      fields.push_back(from_python(item.second, batch.store(key), batch, runtime));
    }
  } else {
    throw py::type_error("expected a dict or a weir.Record, got " +
                         py::cast<std::string>(py::str(py::type::handle_of(source).attr("__name__"))));
  }
  batch.begin_record(where);
  for (const Field& f : fields) batch.add_field(f);
}

}  // namespace weir::hooks
