#pragma once
/// Internal helpers for walking a parsed config: JSON paths for messages
/// ("pipeline[2].hook") and short descriptions of values ("got 42").

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace weir::config {

/// Keys keep the order they have in the file: a pipeline entry's first key
/// is its verb, and `config show` writes keys back in the order read.
using Json = nlohmann::ordered_json;

/// `path.key`, or `path["odd key"]` when the key is not a plain word.
std::string member_path(const std::string& path, std::string_view key);
/// `path[i]`.
std::string index_path(const std::string& path, std::size_t i);

/// The value as a message shows it after "got": `"enrich"`, `42`, `true`,
/// `null`, `an object`, `an array`; long strings are cut short.
std::string describe(const Json& value);

/// The value when it is a whole number that fits in 64 bits: 3, also 3.0
/// (as JSON Schema's "integer" has it).
std::optional<std::int64_t> whole_number(const Json& value);

/// " (did you mean 'x'?)" for a near miss, else the list of valid keys.
std::string unknown_key_hint(std::string_view key, const std::vector<std::string>& allowed);

}  // namespace weir::config
