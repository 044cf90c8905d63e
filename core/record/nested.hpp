#pragma once
/// Reaching into nested JSON: `req.headers.host` names the value at
/// req -> headers -> host when the record has no field of that exact name
/// and its field `req` holds a JSON object. An array's elements are named
/// by position from 0, `items.0.sku` or `items[0].sku`; a negative position
/// counts from the end (`items[-1]` is the last).

#include <optional>
#include <string>
#include <string_view>

#include "core/record/batch.hpp"

namespace weir {

/// The value `path` names inside `record`'s JSON fields, or nullopt. A key
/// may itself contain dots: the longest key that matches at each level wins.
/// The value's text is stored in `batch`; the returned field is named `path`.
std::optional<Field> lookup_nested(const RecordRef& record, std::string_view path, Batch& batch);

/// Whether `name` may be a path into nested JSON (it has a '.' or a '[').
inline bool is_nested_path(std::string_view name) { return name.find_first_of(".[") != std::string_view::npos; }

/// `items[0].sku` as `items.0.sku`: the positions in brackets as dotted keys.
std::string dotted_path(std::string_view path);

}  // namespace weir
