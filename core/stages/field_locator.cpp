#include "core/stages/field_locator.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/record/header.hpp"

namespace weir {

void FieldLocator::find_positions(const RecordRef& record, const Header* header) {
  positions_.assign(names_.size(), kMissing);
  for (std::size_t k = 0; k < names_.size(); ++k) {
    for (std::size_t i = 0; i < record.size(); ++i) {
      if (record[i].name == names_[k]) {
        positions_[k] = static_cast<std::int32_t>(i);
        break;
      }
    }
    if (positions_[k] == kMissing && is_nested_path(names_[k])) positions_[k] = kNested;
    if (positions_[k] >= 0) ever_found_[k] = true;
  }
  saw_record_ = true;
  if (names_of_lacking_.empty()) remember_names(record);
  header_id_ = header ? header->id : 0;
}

const Field* FieldLocator::locate_nested(std::size_t k, const RecordRef& record, Batch& batch) {
  auto field = lookup_nested(record, names_[k], batch);
  if (!field) return nullptr;
  nested_[k] = *field;
  ever_found_[k] = true;
  return &nested_[k];
}

void FieldLocator::remember_names(const RecordRef& record) {
  if (std::find(positions_.begin(), positions_.end(), kMissing) == positions_.end()) return;
  for (const Field& field : record.fields()) names_of_lacking_.emplace_back(field.name);
  lacking_positional_ = record.header() && record.header()->positional;
}

void FieldLocator::absorb(const FieldLocator& copy) {
  for (std::size_t k = 0; k < names_.size() && k < copy.ever_found_.size(); ++k) {
    if (copy.ever_found_[k]) ever_found_[k] = true;
  }
  if (names_of_lacking_.empty()) {
    names_of_lacking_ = copy.names_of_lacking_;
    lacking_positional_ = copy.lacking_positional_;
  }
  saw_record_ = saw_record_ || copy.saw_record_;
}

void FieldLocator::notes(std::string_view verb, std::vector<std::string>& out) const {
  if (!saw_record_) return;  // no records at all: nothing to say about their fields
  for (std::size_t k = 0; k < names_.size(); ++k) {
    if (ever_found_[k]) continue;
    // (a header of numbers, 2020,2021, reads as data: the sniffer names the fields 1, 2, ...)
    std::string why = lacking_positional_ ? std::string(" (the input was read without a header line, its fields "
                                                        "named 1, 2, 3, ...: --header reads its first line as one)")
                                          : did_you_mean(names_[k], names_of_lacking_);
    out.push_back(fmt::format("{}: no record has the field '{}'{}", verb, names_[k], why));
  }
}

}  // namespace weir
