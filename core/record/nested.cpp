#include "core/record/nested.hpp"

#include <simdjson.h>

#include <cstdint>

namespace weir {

namespace {

namespace dom = simdjson::dom;

// An array position: -?[0-9]+ (negative from the end).
std::optional<std::int64_t> position(std::string_view text) {
  bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return negative ? -n : n;
}

// Finds `path` under `element`, trying the longest key first at each level
// ("a.b" as one key before "a" then "b"); in an array the key is a position.
std::optional<dom::element> descend(dom::element element, std::string_view path) {
  dom::array array;
  if (!element.get_array().get(array)) {
    std::size_t dot = path.find('.');
    auto at = position(path.substr(0, dot));
    if (!at) return std::nullopt;
    std::int64_t index = *at < 0 ? *at + static_cast<std::int64_t>(array.size()) : *at;
    dom::element child;
    if (index < 0 || array.at(static_cast<std::size_t>(index)).get(child)) return std::nullopt;
    if (dot == std::string_view::npos) return child;
    return descend(child, path.substr(dot + 1));
  }
  dom::object object;
  if (element.get_object().get(object)) return std::nullopt;
  std::size_t cut = path.size();
  for (;;) {
    dom::element child;
    if (!object.at_key(path.substr(0, cut)).get(child)) {
      if (cut == path.size()) return child;
      if (auto found = descend(child, path.substr(cut + 1))) return found;
    }
    if (cut == 0) return std::nullopt;
    std::size_t dot = path.rfind('.', cut - 1);
    if (dot == std::string_view::npos) return std::nullopt;
    cut = dot;
  }
}

}  // namespace

std::string dotted_path(std::string_view path) {
  std::string out;
  out.reserve(path.size() + 2);
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '[') {
      std::size_t close = path.find(']', i);
      if (close != std::string_view::npos && position(path.substr(i + 1, close - i - 1))) {
        if (!out.empty()) out += '.';
        out.append(path.substr(i + 1, close - i - 1));
        i = close;
        continue;
      }
    }
    out += path[i];
  }
  return out;
}

std::optional<Field> lookup_nested(const RecordRef& record, std::string_view written, Batch& batch) {
  static thread_local dom::parser parser;
  static thread_local std::string dotted;
  std::string_view path = written;
  if (written.find('[') != std::string_view::npos) {
    dotted = dotted_path(written);
    path = dotted;
  }
  for (std::size_t dot = path.find('.'); dot != std::string_view::npos; dot = path.find('.', dot + 1)) {
    const Field* base = record.find(path.substr(0, dot));
    if (!base || base->kind != ValueKind::json || base->value.empty() ||
        (base->value.front() != '{' && base->value.front() != '[')) {
      continue;
    }
    dom::element root;
    if (parser.parse(simdjson::padded_string(base->value)).get(root)) continue;
    auto found = descend(root, path.substr(dot + 1));
    if (!found) continue;
    Field field;
    field.name = written;
    if (found->is_string()) {
      field.kind = ValueKind::string;
      field.value = batch.store(std::string_view(*found));
    } else {
      field.kind = ValueKind::json;
      field.value = batch.store(simdjson::minify(*found));
    }
    return field;
  }
  return std::nullopt;
}

}  // namespace weir
