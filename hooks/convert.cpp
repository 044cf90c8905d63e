#include "hooks/convert.hpp"
#include "core/record/number_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

#include "core/expr/expression.hpp"
#include "hooks/objects.hpp"

namespace weir::hooks {

namespace {

PyObject* new_str(std::string_view v) { return PyUnicode_FromStringAndSize(v.data(), static_cast<Py_ssize_t>(v.size())); }

// An integer's text as a Python int: 64 bits directly, longer through Python.
PyObject* new_int(std::string_view v) {
  long long n = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec == std::errc() && ptr == v.data() + v.size()) return PyLong_FromLongLong(n);
  return PyLong_FromString(std::string(v).c_str(), nullptr, 10);  // Python's int has no limit
}

PyObject* new_float(std::string_view v) {
  double x = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), x);  // the caller checked the text
  if (ec == std::errc::result_out_of_range) {
    // past a double's range, as json.loads reads it: 1e400 is inf, 1e-400 is 0.0
    // (from_chars leaves x as it was: 1e400 came to Python as 0.0)
    const std::size_t e = v.find_first_of("eE");
    const bool tiny = e != std::string_view::npos && e + 1 < v.size() && v[e + 1] == '-';
    const bool negative = !v.empty() && v.front() == '-';
    x = tiny ? (negative ? -0.0 : 0.0) : (negative ? -INFINITY : INFINITY);
  }
  return PyFloat_FromDouble(x);
}

PyObject* new_none() { Py_RETURN_NONE; }

PyObject* new_bool(bool b) {
  if (b) Py_RETURN_TRUE;
  Py_RETURN_FALSE;
}

PyObject* json_value(std::string_view v, Runtime& runtime) {
  if (v.empty() || v == "null") return new_none();
  if (v == "true") return new_bool(true);
  if (v == "false") return new_bool(false);
  char c = v.front();
  if (c == '{' || c == '[' || c == '"') {
    try {
      return runtime.json_loads()(py::str(v.data(), v.size())).release().ptr();
    } catch (py::error_already_set& e) {
      e.restore();
      return nullptr;
    }
  }
  if (is_plain_integer(v)) return new_int(v);
  return new_float(v);  // JSON's grammar, checked by the reader: 1e400 is inf, as json.loads says
}

}  // namespace

std::string_view float_text(double x, char* buffer) {
  const std::string_view text = shortest_g_text(x, 16, buffer);
  if (text.find_first_of(".e") != std::string_view::npos) return text;
  // (a whole number in fixed notation: at most 17 characters of the 32)
  char* end = buffer + text.size();
  *end++ = '.';
  *end++ = '0';
  return std::string_view(buffer, static_cast<std::size_t>(end - buffer));
}

PyObject* new_python_value(const Field& field, ColumnType type, Runtime& runtime) {
  std::string_view v = field.value;
  switch (field.kind) {
    case ValueKind::string: return new_str(v);
    case ValueKind::json: return json_value(v, runtime);
    case ValueKind::text: break;
  }
  // each branch reads the text once: the value, else missing or a misfit
  switch (type) {
    case ColumnType::unknown:
    case ColumnType::str:
      return new_str(v);
    case ColumnType::integer:
      if (is_plain_integer(v)) return new_int(v);
      break;
    case ColumnType::real: {
      double x = 0;
      if (parse_finite_number(v, x)) return PyFloat_FromDouble(x);
      break;
    }
    case ColumnType::boolean:
      if (auto b = parse_bool_text(v)) return new_bool(*b);
      break;
  }
  return is_missing_mark(v) ? new_none() : new_str(v);
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
    field.kind = ValueKind::string;
    return field;
  }
  if (PyLong_Check(value.ptr())) {
    field.kind = ValueKind::json;
    field.value = batch.store(py::cast<std::string>(py::str(value)));
    return field;
  }
  if (PyFloat_Check(value.ptr())) {
    double x = PyFloat_AS_DOUBLE(value.ptr());
    field.kind = ValueKind::json;
    if (!std::isfinite(x)) return field;  // nan, inf: null (JSON has no such number)
    char buffer[32];
    field.value = batch.store(float_text(x, buffer));
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
