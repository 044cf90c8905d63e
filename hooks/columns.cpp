#include "hooks/columns.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

#include <fmt/format.h>
#include <pybind11/numpy.h>

#include "core/expr/expression.hpp"
#include "core/record/number_text.hpp"
#include "hooks/convert.hpp"

namespace weir::hooks {

namespace {

constexpr std::size_t kNowhere = static_cast<std::size_t>(-1);

// Where each record holds the field `name` (kNowhere: it has none). A record
// of a header holds its names in the header's order: the field is looked
// for at the name's place first, and a name the header lacks is not there.
std::vector<std::size_t> places_of(Batch& batch, std::string_view name) {
  std::vector<std::size_t> places(batch.size(), kNowhere);
  const Header* header = nullptr;
  std::size_t place = kNowhere;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    RecordRef record = batch[i];
    const Header* own = record.header();
    if (own && own != header) {
      header = own;
      auto it = std::find(header->names.begin(), header->names.end(), name);
      place = it == header->names.end() ? kNowhere : static_cast<std::size_t>(it - header->names.begin());
    }
    if (own && place < record.size() && record[place].name == name) {
      places[i] = place;
    } else if (!own || place != kNowhere || record.size() != own->names.size()) {
      const Field* f = record.find(name);
      if (f) places[i] = static_cast<std::size_t>(f - record.fields().data());
    }
  }
  return places;
}

// The field named `name` in each record (nullptr where absent); KeyError
// when no record has it.
std::vector<const Field*> fields_named(Batch& batch, std::string_view name) {
  std::vector<std::size_t> places = places_of(batch, name);
  std::vector<const Field*> fields(batch.size(), nullptr);
  bool present = false;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (places[i] == kNowhere) continue;
    fields[i] = &batch[i][places[i]];
    present = true;
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

py::array object_array(const std::vector<const Field*>& fields, ColumnType type, Runtime& runtime,
                       StringCache* cache = nullptr) {
  const std::size_t n = fields.size();
  const bool text_column = type == ColumnType::str || type == ColumnType::unknown;
  py::array out(py::dtype("O"), std::vector<py::ssize_t>{static_cast<py::ssize_t>(n)});
  auto** data = static_cast<PyObject**>(out.mutable_data());
  for (std::size_t i = 0; i < n; ++i) {
    // the array holds None references at first: replace each
    const Field* f = fields[i];
    PyObject* value = !f ? (Py_INCREF(Py_None), Py_None)
                      : cache && text_column && f->kind == ValueKind::text ? cache->get(f->value)
                                                                           : new_python_value(*f, type, runtime);
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
  return object_array(fields, type, runtime, &runtime.text_cache(name));
}

ColumnArrays column_arrays(Batch& batch, std::string_view name, ColumnType type, bool exact, Runtime& runtime,
                           StringCache* cache) {
  std::vector<const Field*> fields = fields_named(batch, name);
  const std::size_t n = fields.size();
  const auto size = static_cast<py::ssize_t>(n);
  if (runtime.numpy().is_none()) {
    py::list values(n), valid(n);
    for (std::size_t i = 0; i < n; ++i) {
      values[i] = python_value(fields[i], type, runtime);
      valid[i] = py::bool_(holds_value(fields[i], type));
    }
    return {values, valid};
  }
  if (!numeric(type) && type != ColumnType::boolean) {
    py::array_t<bool> valid(size);
    bool* ok = valid.mutable_data();
    for (std::size_t i = 0; i < n; ++i) ok[i] = fields[i] != nullptr;
    return {object_array(fields, type, runtime, cache), valid};
  }
  // numbers and booleans: the values and the mask in one pass; in a table
  // (exact) a misfit makes the column objects, so that no value is lost
  py::array_t<bool> valid(size);
  bool* ok = valid.mutable_data();
  bool objects = false;
  py::array values;
  if (type == ColumnType::boolean) {
    py::array_t<bool> out(size);
    bool* data = out.mutable_data();
    for (std::size_t i = 0; i < n; ++i) {
      std::optional<bool> b = fields[i] ? bool_of(*fields[i]) : std::nullopt;
      data[i] = b.value_or(false);
      ok[i] = b.has_value();
      objects |= exact && !ok[i] && misfit(fields[i], type);
    }
    values = out;
  } else if (type == ColumnType::integer) {
    // int64, exact past 2^53 (an id of 19 digits), where float64 would
    // change the value; outside a table a misfit or an integer beyond 64
    // bits is masked (not valid), so the array type stays the same
    py::array_t<long long> out(size);
    long long* data = out.mutable_data();
    for (std::size_t i = 0; i < n && !objects; ++i) {
      data[i] = 0;
      ok[i] = holds_value(fields[i], type);
      if (!ok[i]) {
        objects = exact && misfit(fields[i], type);
        continue;
      }
      std::string_view v = fields[i]->value;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), data[i]);
      if (ec != std::errc() || end != v.data() + v.size()) {
        data[i] = 0;
        ok[i] = false;
        objects = exact;  // beyond 64 bits: Python ints
      }
    }
    values = out;
  } else {
    py::array_t<double> out(size);
    double* data = out.mutable_data();
    for (std::size_t i = 0; i < n; ++i) {
      std::optional<double> x = fields[i] ? number_of(*fields[i], type) : std::nullopt;
      data[i] = x ? *x : std::nan("");
      ok[i] = x.has_value();
      objects |= exact && !ok[i] && misfit(fields[i], type);
    }
    values = out;
  }
  if (objects) {
    for (std::size_t i = 0; i < n; ++i) ok[i] = holds_value(fields[i], type);
    return {object_array(fields, type, runtime, cache), valid};
  }
  return {values, valid};
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

// Where each record of a batch holds the field `name`; a field new to a
// record goes into room made once for the batch (Batch::make_room), not
// into a copy of the record (b["api"] = ... adds a column to every record).
class ColumnSlots {
 public:
  ColumnSlots(Batch& batch, std::string_view name) : batch_(batch), places_(places_of(batch, name)) {
    if (std::find(places_.begin(), places_.end(), kNowhere) != places_.end()) batch.make_room(1);
  }

  void set(std::size_t r, const Field& field) {
    if (places_[r] != kNowhere) batch_[r][places_[r]] = field;
    else batch_.grow(r, field, nullptr);  // (the record's names are no longer its header's)
  }

 private:
  Batch& batch_;
  std::vector<std::size_t> places_;
};

void set_column(Batch& batch, std::string_view name, py::handle values, Runtime& runtime) {
  const std::size_t n = batch.size();
  std::string_view stored = batch.store(name);
  ColumnSlots slots(batch, name);
  auto set_field = [&slots](Batch&, std::size_t r, const Field& field) { slots.set(r, field); };
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
      char buffer[kNumberTextMost];
      for (std::size_t i = 0; i < n; ++i) {
        double x = v(static_cast<py::ssize_t>(i));
        // nan (missing) and inf are null: JSON has no such numbers; a whole
        // number has no ".0" here (an int column is float64 in numpy, for
        // its missing values: it stays as it was written)
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
