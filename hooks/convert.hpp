#pragma once
/// Values between weir fields and Python objects.
///
///   field -> Python: text and JSON strings become str; JSON numbers int or
///   float; true/false bool; null (and an empty JSON value) None; nested
///   JSON objects and arrays dict and list.
///   Python -> field: str is text; int, float and bool are JSON numbers and
///   booleans; None is null; dict and list are JSON; anything else str(x).

#include <string_view>

#include <pybind11/pybind11.h>

#include "core/record/batch.hpp"
#include "hooks/runtime.hpp"

namespace weir::hooks {

py::object to_python(const Field& field, Runtime& runtime);

/// A field named `name` holding `value`; its text is stored in `batch`.
Field from_python(py::handle value, std::string_view name, Batch& batch, Runtime& runtime);

/// Sets field `field.name` of record `r` (replacing it where it is, or adding it at the end).
void set_field(Batch& batch, std::size_t r, const Field& field);

/// Appends a record made from a dict (or a weir.Record) to `batch`.
void append_record(Batch& batch, py::handle source, Provenance where, Runtime& runtime);

}  // namespace weir::hooks
