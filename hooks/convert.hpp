#pragma once
/// Values between weir fields and Python objects (weir-hooks(7), TYPES).
///
///   field -> Python: untyped text (csv, tsv, logfmt, lines) as its column's
///   type says (core/record/column_types.hpp): int, float, bool, or str, and
///   None for a missing value in an int, float or bool column; a value that
///   does not fit its column stays a str. JSON strings are str; JSON numbers
///   int or float; true/false bool; null (and an empty JSON value) None;
///   objects and arrays dict and list.
///   Python -> field: str is a string; int, float and bool are JSON numbers
///   and booleans (nan and inf: null), a float spelled as Python's repr()
///   spells it (2.0, -0.0, 1e+20), so that it reads back as a float; None is
///   null; dict and list are JSON; numpy scalars by their value; anything
///   else str(x).

#include <string_view>

#include <pybind11/pybind11.h>

#include "core/record/batch.hpp"
#include "core/record/column_types.hpp"
#include "hooks/runtime.hpp"

namespace weir::hooks {

/// The Python value of `field` in a column of type `type`, as a new
/// reference, or nullptr with a Python error set (the C API's way: this
/// runs once per value in weir.records()).
PyObject* new_python_value(const Field& field, ColumnType type, Runtime& runtime);

inline py::object to_python(const Field& field, ColumnType type, Runtime& runtime) {
  PyObject* value = new_python_value(field, type, runtime);
  if (!value) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(value);
}

/// A finite float's text as Python's repr() writes it: the fewest digits
/// that read back, as an exponent below 1e-4 and from 1e16 on, and a ".0"
/// on a whole number (2 would read back as an int); in `buffer`, 32 bytes.
std::string_view float_text(double x, char* buffer);

/// A field named `name` holding `value`; its text is stored in `batch`.
Field from_python(py::handle value, std::string_view name, Batch& batch, Runtime& runtime);

/// Sets field `field.name` of record `r` (replacing it where it is, or adding it at the end).
void set_field(Batch& batch, std::size_t r, const Field& field);

/// Appends a record made from a dict (or a weir.Record) to `batch`.
void append_record(Batch& batch, py::handle source, Provenance where, Runtime& runtime);

}  // namespace weir::hooks
