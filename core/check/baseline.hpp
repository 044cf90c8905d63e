#pragma once
/// Baselines: today's violations written down, so that a check fails only
/// on new ones (--write-baseline FILE, then --baseline FILE).
///
/// A violation is known by its fingerprint, which hashes the rule id, the
/// file, the field and the record's text, plus how many identical ones came
/// before it in the file — not its line, so inserting lines above leaves it
/// baselined. The file is JSON, readable in review:
///
///   {"weir_baseline": 1, "violations": [
///     {"fingerprint": "9f2c...", "rule": "status-known", "file": "access.csv", "line": 12, "message": "..."}]}

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/check/violation.hpp"

namespace weir::check {

/// Gives each violation its fingerprint (16 hex digits).
class Fingerprinter {
 public:
  std::string fingerprint(const Violation& violation);

 private:
  std::unordered_map<std::uint64_t, std::uint32_t> seen_;  // base hash -> occurrences so far
};

/// The fingerprints of a baseline file. Throws SetupError when it cannot be
/// read or is not a weir baseline (naming the file and, for bad JSON, where).
std::unordered_set<std::string> load_baseline(const std::string& path);

/// The same over a baseline's text already read; `path` names it in messages.
std::unordered_set<std::string> parse_baseline(std::string_view text, const std::string& path);

/// Writes `violations` as a baseline file (atomically: a temporary file renamed).
void write_baseline(const std::string& path, const std::vector<Violation>& violations);

}  // namespace weir::check
