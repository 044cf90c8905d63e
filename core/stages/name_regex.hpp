#pragma once
/// Field-name regexes as Miller's verbs take them (cut -r, merge-fields -r/-c,
/// having-fields): "abc" or "abc"i (quoted; i for case-insensitive) or a bare
/// RE2 regex, matched anywhere in the name.

#include <memory>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <re2/re2.h>

#include "core/errors/error.hpp"

namespace weir {

/// Compiles `text`; UsageError naming `verb` when it is not a regex.
inline std::unique_ptr<re2::RE2> compile_name_regex(std::string_view verb, const std::string& text) {
  std::string pattern = text;
  re2::RE2::Options options;
  options.set_log_errors(false);
  if (pattern.size() >= 3 && pattern.front() == '"' && pattern.ends_with("\"i")) {
    pattern = pattern.substr(1, pattern.size() - 3);
    options.set_case_sensitive(false);
  } else if (pattern.size() >= 2 && pattern.front() == '"' && pattern.back() == '"') {
    pattern = pattern.substr(1, pattern.size() - 2);
  }
  auto re = std::make_unique<re2::RE2>(pattern, options);
  if (!re->ok()) throw UsageError(fmt::format("{}: bad regex '{}': {}", verb, text, re->error()));
  return re;
}

/// Whether `re` matches somewhere in `name`.
inline bool name_matches(const re2::RE2& re, std::string_view name) {
  return re2::RE2::PartialMatch(re2::StringPiece(name.data(), name.size()), re);
}

}  // namespace weir
