#pragma once
/// For writers with a header line (csv, tsv, table): tells when a record's
/// field names differ from the previous record's. Records that share a
/// reader's Header are compared by its id, others name by name.

#include <cstdint>
#include <string>
#include <vector>

#include "core/record/batch.hpp"

namespace weir {

class HeaderTracker {
 public:
  /// True when `record`'s names differ from the last record's (and for the
  /// first record); the new names are then in names().
  bool changed(const RecordRef& record) {
    const Header* header = record.header();
    if (header && header->id == header_id_) return false;
    bool same = seen_ && record.size() == names_.size();
    for (std::size_t i = 0; same && i < record.size(); ++i) same = record[i].name == names_[i];
    header_id_ = header ? header->id : 0;
    if (same) return false;
    names_.clear();
    for (const Field& f : record.fields()) names_.emplace_back(f.name);
    seen_ = true;
    return true;
  }
  const std::vector<std::string>& names() const { return names_; }
  /// True once any record was seen.
  bool seen() const { return seen_; }

 private:
  std::vector<std::string> names_;
  std::uint64_t header_id_ = 0;
  bool seen_ = false;
};

}  // namespace weir
