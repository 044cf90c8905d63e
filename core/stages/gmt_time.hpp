#pragma once
/// Seconds since the epoch as GMT text, for sec2gmt and sec2gmtdate
/// (Miller's formats: 2017-07-14T02:40:00Z, with 1..9 decimals, or 2017-07-14).

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

#include <fmt/format.h>

namespace weir {

/// Year, month, day of a count of days since 1970-01-01 (proleptic Gregorian;
/// H. Hinnant's civil_from_days).
inline void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

/// `seconds` as GMT: date only, or date and time with `decimals` (0..9)
/// places of the second, truncated. Nullopt past the years 0..9999.
inline std::optional<std::string> format_gmt(double seconds, int decimals, bool date_only) {
  if (!std::isfinite(seconds) || std::fabs(seconds) > 253402300800.0) return std::nullopt;
  const double whole = std::floor(seconds);
  auto secs = static_cast<std::int64_t>(whole);
  auto nanos = static_cast<std::int64_t>((seconds - whole) * 1e9);
  if (nanos > 999999999) nanos = 999999999;
  std::int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  std::int64_t in_day = secs - days * 86400;
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  if (y < 0 || y > 9999) return std::nullopt;
  if (date_only) return fmt::format("{:04}-{:02}-{:02}", y, m, d);
  std::string text = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", y, m, d, in_day / 3600, in_day / 60 % 60,
                                 in_day % 60);
  if (decimals > 0) {
    std::string fraction = fmt::format("{:09}", nanos);
    text += '.';
    text += fraction.substr(0, static_cast<std::size_t>(decimals));
  }
  text += 'Z';
  return text;
}

}  // namespace weir
