#include "core/check/json_out.hpp"

#include <cmath>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/formats/json_text.hpp"

namespace weir::check {

void JsonOut::indent() {
  sink_.put('\n');
  for (std::size_t i = 0; i < has_items_.size(); ++i) sink_.write("  ");
}

void JsonOut::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (has_items_.empty()) return;  // the top-level value
  if (has_items_.back()) sink_.put(',');
  has_items_.back() = true;
  if (pretty_) indent();
}

JsonOut& JsonOut::key(std::string_view name) {
  WEIR_ASSERT(!after_key_ && !has_items_.empty());
  separate();
  write_json_string(sink_, name);
  sink_.write(pretty_ ? ": " : ":");
  after_key_ = true;
  return *this;
}

JsonOut& JsonOut::open(char bracket) {
  separate();
  sink_.put(bracket);
  has_items_.push_back(false);
  return *this;
}

JsonOut& JsonOut::close(char bracket) {
  WEIR_ASSERT(!after_key_ && !has_items_.empty());
  bool had_items = has_items_.back();
  has_items_.pop_back();
  // an empty container stays on one line: {} and []
  if (pretty_ && had_items) indent();
  sink_.put(bracket);
  return *this;
}

JsonOut& JsonOut::string(std::string_view text) {
  separate();
  write_json_string(sink_, text);
  return *this;
}

JsonOut& JsonOut::integer(std::int64_t number) {
  separate();
  sink_.write(fmt::format("{}", number));
  return *this;
}

JsonOut& JsonOut::number(double number) {
  separate();
  sink_.write(std::isfinite(number) ? fmt::format("{}", number) : std::string("null"));
  return *this;
}

JsonOut& JsonOut::null() {
  separate();
  sink_.write("null");
  return *this;
}

}  // namespace weir::check
