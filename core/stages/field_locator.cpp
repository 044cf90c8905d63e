#include "core/stages/field_locator.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/record/header.hpp"

namespace weir {

void FieldLocator::remember_names(const RecordRef& record) {
  if (std::find(positions_.begin(), positions_.end(), kMissing) == positions_.end()) return;
  for (const Field& field : record.fields()) names_of_lacking_.emplace_back(field.name);
  lacking_positional_ = record.header() && record.header()->positional;
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
