#include "core/expr/field_watch.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/expr/expression.hpp"

namespace weir::expr {

FieldWatch::FieldWatch(const Expression& expression)
    : FieldWatch(expression.fields(), expression.bare_numbers()) {}

FieldWatch::FieldWatch(std::vector<std::string> names, std::vector<std::string> bare_numbers)
    : unseen_(std::move(names)), bare_numbers_(std::move(bare_numbers)) {
  done_ = unseen_.empty() && bare_numbers_.empty();
}

void FieldWatch::see_slow(const RecordRef& record) {
  if (!saw_record_) {
    // the first record tells whether a bare number names a field
    for (const auto& number : bare_numbers_) {
      if (record.find(number)) numbers_found_.push_back(number);
    }
    bare_numbers_.clear();
  }
  saw_record_ = true;
  std::erase_if(unseen_, [&](const std::string& name) {
    if (record.find(name)) return true;
    std::size_t dot = name.find_first_of(".[");
    return dot != std::string::npos && record.find(std::string_view(name).substr(0, dot)) != nullptr;
  });
  if (!unseen_.empty() && names_seen_.empty()) {
    for (const Field& field : record.fields()) names_seen_.emplace_back(field.name);
  }
  done_ = unseen_.empty();
}

void FieldWatch::merge(const FieldWatch& copy) {
  if (!copy.saw_record_) return;
  if (!saw_record_) bare_numbers_.clear();  // the run's first record was the copy's
  saw_record_ = true;
  std::erase_if(unseen_, [&](const std::string& name) {
    return std::find(copy.unseen_.begin(), copy.unseen_.end(), name) == copy.unseen_.end();
  });
  if (names_seen_.empty()) names_seen_ = copy.names_seen_;
  done_ = unseen_.empty() && bare_numbers_.empty();
}

std::string FieldWatch::suggestion(const std::string& name) const {
  std::string whole = did_you_mean(name, names_seen_);
  std::size_t cut = name.find_first_of(".[");
  if (!whole.empty() || cut == std::string::npos) return whole;
  // rq.host: the first field of the path is the one missing
  std::string first = nearest(std::string_view(name).substr(0, cut), names_seen_);
  return first.empty() ? std::string() : fmt::format(" (did you mean '{}{}'?)", first, name.substr(cut));
}

void FieldWatch::notes(std::string_view who, std::string_view source, std::vector<std::string>& out) const {
  if (!saw_record_) return;  // no records at all: nothing to say about their fields
  for (const auto& name : unseen_) {
    out.push_back(fmt::format("{}: no record has the field '{}'{}", who, name, suggestion(name)));
  }
  for (const auto& number : numbers_found_) {
    out.push_back(fmt::format("{}: {} in '{}' is the number {}; the field named {} is written `{}`", who, number,
                              source, number, number, number));
  }
}

}  // namespace weir::expr
