#pragma once
/// The objects hooks receive: weir.Record (one record, read in place),
/// weir.Batch (columns of many records), weir.Context (ctx.state, ctx.emit)
/// and weir.Violation (what a rule hook returns).
///
/// A Record or Batch handed to a hook points into weir's own batch and is
/// valid only during that call; one kept past it raises when used (keep
/// rec.to_dict() instead). A Record made in Python (weir.Record({...}), for
/// a hook's unit tests) owns its data.

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <pybind11/pybind11.h>

#include "core/record/batch.hpp"
#include "core/record/column_types.hpp"

namespace weir::hooks {

namespace py = pybind11;

struct PyRecord {
  Batch* batch = nullptr;
  std::size_t index = 0;
  bool valid = false;
  std::shared_ptr<Batch> owned;  // set for records made in Python
  /// The column types text is read with (nullptr: text is str).
  const ColumnTypes* types = nullptr;

  ColumnType type_of(std::size_t field) const {
    return types ? types->type_of((*batch)[index], field) : ColumnType::str;
  }

  void check() const {
    if (!valid) {
      throw std::runtime_error(
          "this weir.Record was handed to an earlier hook call and is no longer valid; keep rec.to_dict() instead");
    }
  }
};

struct PyBatch {
  Batch* batch = nullptr;
  bool valid = false;
  std::shared_ptr<Batch> owned;
  /// The column types (a batch made in Python learns its own).
  const ColumnTypes* types = nullptr;
  std::shared_ptr<ColumnTypes> owned_types;

  void check() const {
    if (!valid) throw std::runtime_error("this weir.Batch was handed to an earlier hook call and is no longer valid");
  }
};

struct PyContext {
  py::dict state;
  std::vector<py::object>* pending = nullptr;  // where ctx.emit() puts records, while a stage runs
  const Batch* batch = nullptr;                // the record being processed, for ctx.file / ctx.line
  std::size_t index = 0;
};

/// weir.Violation(message, field=None, severity=None): what a rule hook
/// (`weir check`) returns for a record that breaks its rule.
struct PyViolation {
  std::string message;
  std::optional<std::string> field;     ///< the field at fault
  std::optional<std::string> severity;  ///< "error", "warning" or "info"; unset: the rule's
};

/// Defines Record, Batch, Context, Violation (and the module's docstring) on `m`.
void bind_objects(py::module_& m);

}  // namespace weir::hooks
