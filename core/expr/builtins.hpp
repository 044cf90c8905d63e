#pragma once
/// The functions expressions can call: one table (name, arity, summary)
/// that the parser checks calls against and the man page lists.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/expr/value.hpp"

namespace weir::expr {

enum class Builtin : std::uint8_t {
  len, lower, upper, trim, contains, starts_with, ends_with, substr, substr0, substr1, split, replace, concat,
  num, str, is_null, abs, round, floor, ceil, min, max, epoch, strftime,
  // evaluated by the expression itself: only the arguments needed (if,
  // case, coalesce) or with a compiled regex (sub, gsub)
  if_, case_, coalesce, sub, gsub,
  fmtnum, fmtifnum, hexfmt, format, format_values, strptime, sec2gmt, splitax, md5, sha1, crc32, length,
  // Miller's names (text_functions.cpp, math_functions.cpp, type_functions.cpp)
  toupper, tolower, capitalize, lstrip, rstrip, strip, clean_whitespace, collapse_whitespace, strlen, truncate,
  ssub, gssub,
  regextract, regextract_or_else,  // evaluated by the expression (a compiled regex)
  pow, sqrt, cbrt, exp, expm1, log, log10, log1p, sgn, roundm, int_, float_,
  sin, cos, tan, asin, acos, atan, atan2, sinh, cosh, tanh, asinh, acosh, atanh, erf, erfc, qnorm, invqnorm,
  bitcount, madd, msub, mexp, mmul,
  is_present, is_absent, is_empty, is_not_empty, is_not_null, is_string, is_numeric, is_int, is_float, is_nan,
  typeof_, sha256, sha512, sec2gmtdate,
  // Miller's durations (duration_functions.cpp)
  sec2hms, fsec2hms, sec2dhms, fsec2dhms, hms2sec, hms2fsec, dhms2sec, dhms2fsec,
};

inline constexpr std::size_t kMaxInlineArgs = 16;

struct BuiltinInfo {
  std::string_view name;
  Builtin id;
  int min_args;
  int max_args;
  std::string_view signature;  ///< "substr(s, start[, end])"
  std::string_view summary;
};

const std::vector<BuiltinInfo>& builtins();
const BuiltinInfo* find_builtin(std::string_view name);
std::vector<std::string> builtin_names();

/// Calls `id`. A string result is built in `out` (and points into it).
Value call_builtin(Builtin id, std::span<const Value> args, std::string& out);

/// Seconds since 1970-01-01T00:00:00Z for an ISO-8601 date or timestamp
/// ("2024-01-01", "2024-01-01T10:00:00.5Z", "... +02:00"); nullopt otherwise.
std::optional<double> parse_iso8601(std::string_view text);

}  // namespace weir::expr
