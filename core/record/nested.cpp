#include "core/record/nested.hpp"

#include <simdjson.h>

namespace weir {

namespace {

namespace dom = simdjson::dom;

// Finds `path` under `element`, trying the longest key first at each level
// ("a.b" as one key before "a" then "b").
std::optional<dom::element> descend(dom::element element, std::string_view path) {
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

std::optional<Field> lookup_nested(const RecordRef& record, std::string_view path, Batch& batch) {
  static thread_local dom::parser parser;
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
    field.name = path;
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
