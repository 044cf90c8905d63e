#pragma once
/// The header of records a stage rebuilds from a reader's records, the same
/// fields for every record of one input header (cut, select, reorder): made
/// once per input header and kept by each batch whose records it names.
/// Writers then tell those records apart by its id, not name by name, and
/// make their text on the reading threads (one_header). Records of a
/// positional header (input without a header line) get none, as before:
/// their names are written as a header line once they are rebuilt.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/record/batch.hpp"
#include "core/record/header.hpp"

namespace weir {

class RebuiltHeader {
 public:
  /// For the records of `record`'s input header: they are rebuilt from
  /// the fields at `positions`, in that order (a position past the header's
  /// names, such as a nested path's, leaves them without a header).
  void plan(const RecordRef& record, std::span<const std::size_t> positions) {
    header_.reset();
    input_id_ = 0;
    const Header* in = record.header();
    if (!in || in->positional || in->names.size() != record.size()) return;
    std::vector<std::string> names;
    names.reserve(positions.size());
    for (std::size_t p : positions) {
      if (p >= in->names.size()) return;
      names.push_back(in->names[p]);
    }
    header_ = std::make_shared<const Header>(std::move(names));
    input_id_ = in->id;
  }

  /// The header of `record` rebuilt as planned, kept by `batch`; nullptr
  /// when the plan was not for its input header.
  const Header* of(const RecordRef& record, Batch& batch) {
    const Header* in = record.header();
    if (!header_ || !in || in->id != input_id_ || in->names.size() != record.size()) return nullptr;
    if (!batch.keeps_last(header_.get())) batch.keep(header_);
    return header_.get();
  }

 private:
  HeaderPtr header_;
  std::uint64_t input_id_ = 0;
};

}  // namespace weir
