#pragma once
/// Finds named fields in records. Positions are worked out once per Header
/// (records of one csv file, or JSON records with the same keys) and reused;
/// a dotted name the record lacks is looked up in nested JSON (a.b).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/record/batch.hpp"
#include "core/record/nested.hpp"

namespace weir {

class FieldLocator {
 public:
  explicit FieldLocator(std::vector<std::string> names)
      : names_(std::move(names)), found_(names_.size()), nested_(names_.size()), ever_found_(names_.size()) {}

  /// The fields of `record`, in the order of the names; nullptr where the
  /// record has none. Valid until the next call.
  std::span<const Field* const> locate(const RecordRef& record, Batch& batch) {
    const Header* header = record.header();
    if (!header || header->id != header_id_) {
      // the header before (a CSV file whose picked rows and whole rows
      // alternate: Reader::project) is kept beside the current one
      std::swap(positions_, other_positions_);
      std::swap(header_id_, other_header_id_);
      if (!header || header->id != header_id_) find_positions(record, header);
    }
    for (std::size_t k = 0; k < names_.size(); ++k) {
      std::int32_t p = positions_[k];
      if (p >= 0) {
        found_[k] = &record[static_cast<std::size_t>(p)];
      } else if (p == kNested) {
        found_[k] = locate_nested(k, record, batch);
      } else {
        found_[k] = nullptr;
      }
    }
    return found_;
  }

  const std::vector<std::string>& names() const { return names_; }

  /// Once the records are read: "VERB: no record has the field 'X' (did you
  /// mean 'Y'?)" for each name no record had (a misspelt key, or a header
  /// the input does not have), as filter says of the fields it reads.
  void notes(std::string_view verb, std::vector<std::string>& out) const;
  /// What a copy's locator saw (on other threads), added to this one's, for notes().
  void absorb(const FieldLocator& copy);

 private:
  // positions_ for the records of `header` (or of none): out of line, so
  // that locate() is small enough to be inlined
  void find_positions(const RecordRef& record, const Header* header);
  // names_[k] in nested JSON (a.b), or nullptr
  const Field* locate_nested(std::size_t k, const RecordRef& record, Batch& batch);
  // the names of the first record lacking one of ours: the nearest is suggested
  void remember_names(const RecordRef& record);

  static constexpr std::int32_t kMissing = -1;
  static constexpr std::int32_t kNested = -2;

  std::vector<std::string> names_;
  std::vector<const Field*> found_;
  std::vector<Field> nested_;
  std::vector<std::int32_t> positions_;
  std::uint64_t header_id_ = 0;
  std::vector<std::int32_t> other_positions_;  // of the header before
  std::uint64_t other_header_id_ = 0;
  std::vector<bool> ever_found_;                // by name: in some record
  std::vector<std::string> names_of_lacking_;  // see remember_names()
  bool lacking_positional_ = false;            // ... their names were positions (no header line)
  bool saw_record_ = false;
};

}  // namespace weir
