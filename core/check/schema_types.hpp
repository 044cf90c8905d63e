#pragma once
/// The value tests behind the schema's types, and the text helpers of its
/// messages. Pure functions of a string_view: no allocation when a value
/// passes, so the schema rule costs nothing per record on its passing path.
///
///   is_int("-42")                 true     (optional sign, digits)
///   is_bool("True")               true     (true/True/TRUE/1, false/False/FALSE/0)
///   is_iso_datetime("2024-01-01T10:00:00.5+02:00")   true
///   TimeFormat::compile("%d/%m/%Y")->matches("29/02/2023")   false (not a leap year)

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace weir::check {

/// An optional '+' or '-', then one or more ASCII digits, nothing else.
bool is_int(std::string_view text);

/// is_int(text), and its value when it is one (exact up to 2^53).
bool parse_int(std::string_view text, double& value);

/// The value of a plain decimal: an optional sign, digits, optionally a '.'
/// and more digits, at most 15 digits in all. Such a number is exactly a

/// The frictionless defaults: true, True, TRUE, 1, false, False, FALSE, 0.
bool is_bool(std::string_view text);

/// ISO 8601 / RFC 3339: YYYY-MM-DD, 'T' (or 't' or a space), HH:MM:SS, an
/// optional '.' and one or more digits, an optional 'Z' (or 'z') or
/// +HH:MM / -HH:MM. The date must exist (no 2023-02-29); seconds go to 60
/// for a leap second.
bool is_iso_datetime(std::string_view text);

/// A strftime-style format compiled once, for checking dates and times.
///
/// Directives (each field has a fixed width: %m wants "01", not "1"):
///   %Y year (4 digits)   %y year (2 digits; 69-99 are 19xx)   %m month 01-12
///   %d day 01-31         %j day of the year 001-366           %H hour 00-23
///   %M minute 00-59      %S second 00-60                      %f 1 to 9 digits
///   %z Z, +HHMM or +HH:MM   %F = %Y-%m-%d   %T = %H:%M:%S      %% a '%'
/// Any other character stands for itself. A match is a calendar date: the
/// day exists in its month and year (without a year, February has 29 days),
/// and %j agrees with %m and %d when a format has all three.
class TimeFormat {
 public:
  /// Nullopt, with `error` set ("unsupported directive %Q"), when the format
  /// uses a directive outside the list above or ends in a lone '%'.
  static std::optional<TimeFormat> compile(std::string_view format, std::string& error);

  bool matches(std::string_view text) const;

 private:
  enum class Step : std::uint8_t {
    literal,
    year4,
    year2,
    month,
    day,
    day_of_year,
    hour,
    minute,
    second,
    fraction,
    zone
  };
  struct Item {
    Step step;
    char literal;
  };
  std::vector<Item> items_;
};

/// Appends `text` as a JSON string literal, quotes included; past
/// `max_chars` code points it is cut and ends with "…" inside the quotes.
void append_quoted(std::string& out, std::string_view text, std::size_t max_chars = 80);

/// Appends `text` as it is when it reads unambiguously inside a message
/// (not empty, no quote, comma, parenthesis, control character or edge
/// space), else quoted as append_quoted does; cut past `max_chars` either way.
void append_plain_or_quoted(std::string& out, std::string_view text, std::size_t max_chars = 80);

}  // namespace weir::check
