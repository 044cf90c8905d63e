#pragma once
/// Output batches as Python values, without JSON text in between: dicts for
/// weir.records() and weir.run(), columns for weir.batches(as_="numpy" |
/// "pandas") and weir.read_pandas(). Values follow the same column types a
/// hook sees (core/record/column_types.hpp), learned from the same batches.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include <pybind11/pybind11.h>

#include "core/record/batch.hpp"
#include "core/record/column_types.hpp"
#include "hooks/runtime.hpp"
#include "hooks/string_cache.hpp"

namespace weir::hooks {

namespace py = pybind11;

class PythonRecords {
 public:
  PythonRecords(const DeclaredTypes& declared, Runtime& runtime) : types_(declared), runtime_(runtime) {}

  /// The batch's records as a list of dicts (keys in record order).
  py::list dicts(Batch& batch);

  /// The batch as columns: a dict of name -> array (hooks/columns.hpp), in
  /// the order names first appear; with `exact`, int columns are int64 (0
  /// where not valid) and each column comes with its validity mask in
  /// `valid` and its type name in `types`.
  py::dict columns(Batch& batch, bool exact, py::dict* valid, py::dict* types);

  /// Notes for the columns given as text ("", "NA") before their type was
  /// known, and None after (ColumnTypes::late_types).
  std::vector<std::string> late_type_notes() const { return types_.late_type_notes("given", "None"); }

 private:
  PyObject* key(std::string_view name);
  StringCache& cache(std::string_view name);

  ColumnTypes types_;
  Runtime& runtime_;
  // field names as Python str, made once
  std::unordered_map<std::string, py::object> keys_;
  std::uint64_t header_id_ = 0;
  std::vector<PyObject*> header_keys_;        // borrowed from keys_
  std::vector<StringCache*> header_caches_;  // the runtime's (node-based: stable)
  py::dict template_;                         // the header's names, each to None
};

}  // namespace weir::hooks
