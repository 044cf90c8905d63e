#pragma once
/// Base of the key=value line readers (logfmt, dkvp): a key repeated in
/// one line gets a suffix (a, a_2, a_3), as repeated CSV header names and
/// JSON keys do, so that no value is lost or shadowed.

#include <string>
#include <string_view>

#include <fmt/format.h>

#include "core/formats/line_parser.hpp"
#include "core/record/header.hpp"

namespace weir {

class KeyValueLineParser : public LineParser {
 public:
  using LineParser::LineParser;

 protected:
  /// `key` as the name of the next field of the record being built.
  std::string_view unique_name(std::string_view key, Batch& batch) {
    auto fields = batch[batch.size() - 1].fields();
    // Past kLinearNames keys, the names taken are kept in a hash set: a
    // line of 200,000 keys must not compare each with all before it.
    if (fields.size() >= kLinearNames) {
      if (fields.size() == kLinearNames) {
        names_.clear();
        for (const Field& f : fields) names_.take(std::string(f.name));
      }
      std::string name = names_.take(std::string(key));
      return name == key ? key : batch.store(name);
    }
    auto taken = [&](std::string_view name) {
      for (const Field& f : fields) {
        if (f.name == name) return true;
      }
      return false;
    };
    if (!taken(key)) return key;
    for (int n = 2;; ++n) {
      std::string candidate = fmt::format("{}_{}", key, n);
      if (!taken(candidate)) return batch.store(candidate);
    }
  }

 private:
  static constexpr std::size_t kLinearNames = 32;
  UniqueNames names_;  // the keys of a long line (see kLinearNames)
};

}  // namespace weir
