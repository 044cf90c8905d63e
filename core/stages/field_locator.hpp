#pragma once
/// Finds named fields in records. Positions are worked out once per Header
/// (records of one csv file, or JSON records with the same keys) and reused;
/// a dotted name the record lacks is looked up in nested JSON (a.b).

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/record/batch.hpp"
#include "core/record/nested.hpp"

namespace weir {

class FieldLocator {
 public:
  explicit FieldLocator(std::vector<std::string> names)
      : names_(std::move(names)), found_(names_.size()), nested_(names_.size()) {}

  /// The fields of `record`, in the order of the names; nullptr where the
  /// record has none. Valid until the next call.
  std::span<const Field* const> locate(const RecordRef& record, Batch& batch) {
    const Header* header = record.header();
    if (!header || header->id != header_id_) {
      positions_.assign(names_.size(), kMissing);
      for (std::size_t k = 0; k < names_.size(); ++k) {
        for (std::size_t i = 0; i < record.size(); ++i) {
          if (record[i].name == names_[k]) {
            positions_[k] = static_cast<std::int32_t>(i);
            break;
          }
        }
        if (positions_[k] == kMissing && is_nested_path(names_[k])) positions_[k] = kNested;
      }
      header_id_ = header ? header->id : 0;
    }
    for (std::size_t k = 0; k < names_.size(); ++k) {
      std::int32_t p = positions_[k];
      if (p >= 0) {
        found_[k] = &record[static_cast<std::size_t>(p)];
      } else if (p == kNested) {
        auto field = lookup_nested(record, names_[k], batch);
        if (field) nested_[k] = *field;
        found_[k] = field ? &nested_[k] : nullptr;
      } else {
        found_[k] = nullptr;
      }
    }
    return found_;
  }

  const std::vector<std::string>& names() const { return names_; }

 private:
  static constexpr std::int32_t kMissing = -1;
  static constexpr std::int32_t kNested = -2;

  std::vector<std::string> names_;
  std::vector<const Field*> found_;
  std::vector<Field> nested_;
  std::vector<std::int32_t> positions_;
  std::uint64_t header_id_ = 0;
};

}  // namespace weir
