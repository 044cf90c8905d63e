#pragma once
/// Reaching into nested JSON: `req.headers.host` names the value at
/// req -> headers -> host when the record has no field of that exact name
/// and its field `req` holds a JSON object.

#include <optional>
#include <string_view>

#include "core/record/batch.hpp"

namespace weir {

/// The value `path` names inside `record`'s JSON fields, or nullopt. A key
/// may itself contain dots: the longest key that matches at each level wins.
/// The value's text is stored in `batch`; the returned field is named `path`.
std::optional<Field> lookup_nested(const RecordRef& record, std::string_view path, Batch& batch);

}  // namespace weir
