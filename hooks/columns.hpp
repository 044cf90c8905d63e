#pragma once
/// A batch's fields as columns, for batch hooks (weir.Batch) and for
/// weir.batches(as_="numpy"|"pandas") and weir.read_pandas().
///
/// A column's array type follows its column type (core/record/column_types.hpp),
/// fixed for the run, never what one batch happens to hold:
///
///   int, float   numpy float64; NaN where the value is missing, absent or
///                does not fit (valid() says which)
///   bool         numpy bool; False where missing, absent or not a bool
///   str          numpy object array of str (None where absent); JSON
///                values as Python values (dict, list, ...)
///
/// Without numpy every column is a list.

#include <string_view>

#include <pybind11/pybind11.h>

#include "core/record/batch.hpp"
#include "core/record/column_types.hpp"
#include "hooks/runtime.hpp"
#include "hooks/string_cache.hpp"

namespace weir::hooks {

namespace py = pybind11;

/// Column `name` of `batch`; KeyError when no record has the field.
py::object column_values(Batch& batch, std::string_view name, ColumnType type, Runtime& runtime);

/// Column `name` with its validity mask (as column_valid()), each field
/// looked up once: what weir.batches(as_=...) and weir.read_pandas() take.
/// With `exact` (a whole table: read_pandas), an int column is int64 (0
/// where not valid), and a column holding a value that does not fit its
/// type is an object array of the values as a record gives them (the
/// misfits as str), so that no value is lost. `cache` (may be null) makes
/// each repeated text of a str column one Python str.
struct ColumnArrays {
  py::object values;
  py::object valid;
};
ColumnArrays column_arrays(Batch& batch, std::string_view name, ColumnType type, bool exact, Runtime& runtime,
                           StringCache* cache);

/// True where column `name` holds a value of its type (not missing, not
/// absent, not a misfit): the validity mask of column_values().
py::object column_valid(Batch& batch, std::string_view name, ColumnType type, Runtime& runtime);

/// Sets field `name` of every record from `values`: a numpy array, a
/// sequence of the batch's length, or one value for all. nan and inf are
/// written as null; a value written back is the value given.
void set_column(Batch& batch, std::string_view name, py::handle values, Runtime& runtime);

}  // namespace weir::hooks
