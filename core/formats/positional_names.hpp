#pragma once
/// The names "1", "2", ... of values named by their positions (nidx, a dkvp
/// field without '='): made once and grown by doubling, and kept by each
/// batch whose fields view them, so that no name is stored per field.

#include <algorithm>
#include <string_view>

#include "core/record/batch.hpp"
#include "core/record/header.hpp"

namespace weir {

class PositionalNames {
 public:
  /// The name of position `position` (from 1) for a field of `batch`.
  std::string_view name(std::size_t position, Batch& batch) {
    if (!names_ || names_->names.size() < position) {
      names_ = make_positional_header(std::max<std::size_t>(position, 2 * (names_ ? names_->names.size() : 8)));
    }
    if (!batch.keeps_last(names_.get())) batch.keep(names_);
    return names_->names[position - 1];
  }

 private:
  HeaderPtr names_;
};

}  // namespace weir
