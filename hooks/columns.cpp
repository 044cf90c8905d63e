#include "hooks/columns.hpp"

#include <charconv>
#include <cmath>
#include <vector>

#include <fmt/format.h>
#include <pybind11/numpy.h>

#include "core/expr/expression.hpp"
#include "hooks/convert.hpp"

namespace weir::hooks {

namespace {

// The field named `name` in each record (nullptr where absent); KeyError
// when no record has it.
std::vector<const Field*> fields_named(Batch& batch, std::string_view name) {
  std::vector<const Field*> fields(batch.size(), nullptr);
  bool present = false;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    fields[i] = batch[i].find(name);
    present |= fields[i] != nullptr;
  }
  if (!present && !batch.empty()) throw py::key_error(std::string(name));
  return fields;
}

// The number a field holds as a value of a numeric column, or nullopt.
std::optional<double> number_of(const Field& f, ColumnType type) {
  std::string_view v = f.value;
  if (f.kind == ValueKind::string) return std::nullopt;
  double x = 0;
  if (f.kind == ValueKind::json) {
    if (v.empty() || !(v.front() == '-' || (v.front() >= '0' && v.front() <= '9'))) return std::nullopt;
    std::from_chars(v.data(), v.data() + v.size(), x);
    return x;
  }
  if (type == ColumnType::integer && !is_plain_integer(v)) return std::nullopt;
  if (!parse_finite_number(v, x)) return std::nullopt;
  return x;
}

std::optional<bool> bool_of(const Field& f) {
  if (f.kind == ValueKind::string) return std::nullopt;
  if (f.kind == ValueKind::json) {
    if (f.value == "true") return true;
    if (f.value == "false") return false;
    return std::nullopt;
  }
  return parse_bool_text(f.value);
}

bool numeric(ColumnType type) { return type == ColumnType::integer || type == ColumnType::real; }

bool holds_value(const Field* f, ColumnType type) {
  if (!f) return false;
  if (numeric(type)) return number_of(*f, type).has_value();
  if (type == ColumnType::boolean) return bool_of(*f).has_value();
  return true;
}

py::object python_value(const Field* f, ColumnType type, Runtime& runtime) {
  return f ? to_python(*f, type, runtime) : py::none();
}

// A value present, not missing, and not of the column's type.
bool misfit(const Field* f, ColumnType type) {
  if (!f || holds_value(f, type)) return false;
  if (f->kind == ValueKind::text) return read_as(type, f->value) == Reading::misfit;
  return !(f->kind == ValueKind::json && (f->value.empty() || f->value == "null"));
}

py::array object_array(const std::vector<const Field*>& fields, ColumnType type, Runtime& runtime) {
  const std::size_t n = fields.size();
  py::array out(py::dtype("O"), std::vector<py::ssize_t>{static_cast<py::ssize_t>(n)});
  auto** data = static_cast<PyObject**>(out.mutable_data());
  for (std::size_t i = 0; i < n; ++i) {
    // the array holds None references at first: replace each
    PyObject* value = fields[i] ? new_python_value(*fields[i], type, runtime) : (Py_INCREF(Py_None), Py_None);
    if (!value) throw py::error_already_set();
    Py_XDECREF(data[i]);
    data[i] = value;
  }
  return out;
}

}  // namespace

py::object column_values(Batch& batch, std::string_view name, ColumnType type, Runtime& runtime) {
  std::vector<const Field*> fields = fields_named(batch, name);
  const std::size_t n = fields.size();
  const auto size = static_cast<py::ssize_t>(n);
  if (runtime.numpy().is_none()) {
    py::list out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = python_value(fields[i], type, runtime);
    return out;
  }
  if (numeric(type)) {
    py::array_t<double> out(size);
    double* data = out.mutable_data();
    for (std::size_t i = 0; i < n; ++i) {
      std::optional<double> x = fields[i] ? number_of(*fields[i], type) : std::nullopt;
      data[i] = x ? *x : std::nan("");
    }
    return out;
  }
  if (type == ColumnType::boolean) {
    py::array_t<bool> out(size);
    bool* data = out.mutable_data();
    for (std::size_t i = 0; i < n; ++i) data[i] = fields[i] && bool_of(*fields[i]).value_or(false);
    return out;
  }
  return object_array(fields, type, runtime);
}

py::object column_for_table(Batch& batch, std::string_view name, ColumnType type, Runtime& runtime) {
  if (!numeric(type) && type != ColumnType::boolean) return column_values(batch, name, type, runtime);
  std::vector<const Field*> fields = fields_named(batch, name);
  for (const Field* f : fields) {
    if (misfit(f, type)) return object_array(fields, type, runtime);
  }
  if (type != ColumnType::integer) return column_values(batch, name, type, runtime);
  py::array_t<long long> out(static_cast<py::ssize_t>(fields.size()));
  long long* data = out.mutable_data();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    long long n = 0;
    if (fields[i] && holds_value(fields[i], type)) {
      std::string_view v = fields[i]->value;
      auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      // beyond 64 bits: the column is Python ints
      if (ec != std::errc() || ptr != v.data() + v.size()) return object_array(fields, type, runtime);
    }
    data[i] = n;
  }
  return out;
}

py::object column_valid(Batch& batch, std::string_view name, ColumnType type, Runtime& runtime) {
  std::vector<const Field*> fields = fields_named(batch, name);
  const std::size_t n = fields.size();
  if (runtime.numpy().is_none()) {
    py::list out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = py::bool_(holds_value(fields[i], type));
    return out;
  }
  py::array_t<bool> out(static_cast<py::ssize_t>(n));
  bool* data = out.mutable_data();
  for (std::size_t i = 0; i < n; ++i) data[i] = holds_value(fields[i], type);
  return out;
}

void set_column(Batch& batch, std::string_view name, py::handle values, Runtime& runtime) {
  const std::size_t n = batch.size();
  std::string_view stored = batch.store(name);
  bool scalar = PyUnicode_Check(values.ptr()) || !py::isinstance<py::iterable>(values) || PyDict_Check(values.ptr());
  if (scalar) {
    for (std::size_t i = 0; i < n; ++i) set_field(batch, i, from_python(values, stored, batch, runtime));
    return;
  }
  py::sequence seq = py::isinstance<py::sequence>(values)
                         ? py::reinterpret_borrow<py::sequence>(values)
                         : py::reinterpret_steal<py::sequence>(PySequence_List(values.ptr()));
  if (!seq) throw py::error_already_set();
  if (static_cast<std::size_t>(py::len(seq)) != n) {
    throw py::value_error(fmt::format("column '{}' has {} values for a batch of {} records", name, py::len(seq), n));
  }
  // numpy arrays of numbers and booleans: read directly, without a Python object per value
  if (py::isinstance<py::array>(values)) {
    py::array array = py::reinterpret_borrow<py::array>(values);
    char kind = array.dtype().kind();
    if (kind == 'b') {
      auto a = py::array_t<bool>::ensure(array);
      auto v = a.unchecked<1>();
      for (std::size_t i = 0; i < n; ++i) {
        set_field(batch, i, Field(stored, v(static_cast<py::ssize_t>(i)) ? "true" : "false", ValueKind::json));
      }
      return;
    }
    if (kind == 'i' || kind == 'u') {
      auto a = py::array_t<long long>::ensure(array);
      auto v = a.unchecked<1>();
      char buffer[24];
      for (std::size_t i = 0; i < n; ++i) {
        auto r = std::to_chars(buffer, buffer + sizeof buffer, v(static_cast<py::ssize_t>(i)));
        set_field(batch, i, Field(stored, batch.store(std::string_view(buffer, r.ptr - buffer)), ValueKind::json));
      }
      return;
    }
    if (kind == 'f') {
      auto a = py::array_t<double>::ensure(array);
      auto v = a.unchecked<1>();
      char buffer[32];
      for (std::size_t i = 0; i < n; ++i) {
        double x = v(static_cast<py::ssize_t>(i));
        // nan (missing) and inf are null: JSON has no such numbers
        std::string_view text = std::isfinite(x) ? batch.store(expr::format_number(x, buffer, sizeof buffer))
                                                 : std::string_view();
        set_field(batch, i, Field(stored, text, ValueKind::json));
      }
      return;
    }
  }
  for (std::size_t i = 0; i < n; ++i) set_field(batch, i, from_python(seq[i], stored, batch, runtime));
}

}  // namespace weir::hooks
