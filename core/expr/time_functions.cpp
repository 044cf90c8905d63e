// strptime and sec2gmt: times in UTC, without the C library's locale or
// time zone (the same answer on every machine).

#include <cctype>
#include <cmath>
#include <cstdint>
#include <ctime>

#include <fmt/format.h>

#include "core/expr/builtin_impl.hpp"

namespace weir::expr {

namespace {

constexpr std::string_view kMonths[] = {"january", "february", "march",     "april",   "may",      "june",
                                        "july",    "august",   "september", "october", "november", "december"};
constexpr std::string_view kDays[] = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};

bool leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(std::int64_t year, int month) {
  static constexpr int kLengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap(year) ? 29 : kLengths[month - 1];
}

char to_lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// The reader of one text against one format.
struct TimeReader {
  std::string_view s;
  std::size_t pos = 0;

  // Up to `max` digits (at least one), with an optional sign when `sign`.
  bool number(int max, std::int64_t& out, bool sign = false) {
    bool negative = false;
    if (sign && pos < s.size() && (s[pos] == '-' || s[pos] == '+')) negative = s[pos++] == '-';
    std::size_t start = pos;
    out = 0;
    while (pos < s.size() && pos - start < static_cast<std::size_t>(max) &&
           std::isdigit(static_cast<unsigned char>(s[pos]))) {
      out = out * 10 + (s[pos++] - '0');
    }
    if (negative) out = -out;
    return pos > start;
  }
  // A month or day name, whole or its first three letters; its index.
  template <std::size_t N>
  bool name(const std::string_view (&names)[N], int& out) {
    for (std::size_t k = 0; k < N; ++k) {
      std::string_view full = names[k];
      for (std::size_t length : {full.size(), std::size_t{3}}) {
        if (pos + length > s.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < length && same; ++i) same = to_lower(s[pos + i]) == full[i];
        if (same) {
          pos += length;
          out = static_cast<int>(k);
          return true;
        }
      }
    }
    return false;
  }
};

}  // namespace

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}


// %T, %F and %D spelled out: %H:%M:%S, %Y-%m-%d, %m/%d/%y.
static std::string expand(std::string_view format) {
  std::string out;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '%' && i + 1 < format.size()) {
      char c = format[++i];
      out += c == 'T' ? "%H:%M:%S" : c == 'F' ? "%Y-%m-%d" : c == 'D' ? "%m/%d/%y" : std::string{'%', c};
      continue;
    }
    out += format[i];
  }
  return out;
}

static std::optional<double> parse_expanded(std::string_view text, std::string_view format) {
  TimeReader in{text};
  std::int64_t year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, yday = -1;
  std::int64_t offset = 0;  // seconds east of UTC
  double fraction = 0;
  bool pm = false, twelve_hour = false, have_epoch = false;
  std::int64_t epoch = 0;
  for (std::size_t i = 0; i < format.size(); ++i) {
    char f = format[i];
    if (f != '%') {
      if (std::isspace(static_cast<unsigned char>(f))) {
        // white space matches any (or none), as in strptime(3)
        while (in.pos < text.size() && std::isspace(static_cast<unsigned char>(text[in.pos]))) ++in.pos;
        continue;
      }
      if (in.pos >= text.size() || text[in.pos] != f) return std::nullopt;
      ++in.pos;
      continue;
    }
    if (++i == format.size()) return std::nullopt;
    std::int64_t n = 0;
    int index = 0;
    switch (format[i]) {
      case 'Y': if (!in.number(4, year, true)) return std::nullopt; break;
      case 'm': if (!in.number(2, month)) return std::nullopt; break;
      case 'd':
      case 'e':
        while (format[i] == 'e' && in.pos < text.size() && text[in.pos] == ' ') ++in.pos;
        if (!in.number(2, day)) return std::nullopt;
        break;
      case 'H': if (!in.number(2, hour)) return std::nullopt; break;
      case 'I':
        if (!in.number(2, hour)) return std::nullopt;
        twelve_hour = true;
        break;
      case 'M': if (!in.number(2, minute)) return std::nullopt; break;
      case 'S':
        if (!in.number(2, second)) return std::nullopt;
        // 05.250: a fraction of a second is read with the seconds
        if (in.pos + 1 < text.size() && text[in.pos] == '.' && std::isdigit(static_cast<unsigned char>(text[in.pos + 1]))) {
          double scale = 0.1;
          for (++in.pos; in.pos < text.size() && std::isdigit(static_cast<unsigned char>(text[in.pos])); ++in.pos) {
            fraction += (text[in.pos] - '0') * scale;
            scale /= 10;
          }
        }
        break;
      case 'y':
        if (!in.number(2, n)) return std::nullopt;
        year = n < 69 ? 2000 + n : 1900 + n;  // POSIX: 69-99 are 1900s
        break;
      case 'j': if (!in.number(3, yday) || yday < 1 || yday > 366) return std::nullopt; break;
      case 'p': {
        if (in.pos + 2 > text.size()) return std::nullopt;
        char a = to_lower(text[in.pos]);
        if ((a != 'a' && a != 'p') || to_lower(text[in.pos + 1]) != 'm') return std::nullopt;
        pm = a == 'p';
        in.pos += 2;
        break;
      }
      case 'b':
      case 'B':
      case 'h':
        if (!in.name(kMonths, index)) return std::nullopt;
        month = index + 1;
        break;
      case 'a':
      case 'A':
        if (!in.name(kDays, index)) return std::nullopt;  // read, not checked against the date
        break;
      case 'z': {
        // Z, +hh, +hhmm, +hh:mm
        if (in.pos < text.size() && (text[in.pos] == 'Z' || text[in.pos] == 'z')) {
          ++in.pos;
          break;
        }
        if (in.pos >= text.size() || (text[in.pos] != '+' && text[in.pos] != '-')) return std::nullopt;
        bool west = text[in.pos++] == '-';
        std::int64_t oh = 0, om = 0;
        std::size_t start = in.pos;
        if (!in.number(2, oh) || in.pos - start != 2) return std::nullopt;
        if (in.pos < text.size() && text[in.pos] == ':') ++in.pos;
        start = in.pos;
        if (in.number(2, om) && in.pos - start != 2) return std::nullopt;
        if (oh > 23 || om > 59) return std::nullopt;
        offset = (oh * 3600 + om * 60) * (west ? -1 : 1);
        break;
      }
      case 'Z':
        // a zone name: only UTC ones are known
        if (text.substr(in.pos, 3) == "UTC" || text.substr(in.pos, 3) == "GMT") in.pos += 3;
        else if (in.pos < text.size() && text[in.pos] == 'Z') ++in.pos;
        else return std::nullopt;
        break;
      case 's':
        if (!in.number(18, epoch, true)) return std::nullopt;  // 19 digits could overflow
        have_epoch = true;
        break;
      case 'n':
      case 't':
        while (in.pos < text.size() && std::isspace(static_cast<unsigned char>(text[in.pos]))) ++in.pos;
        break;
      case '%':
        if (in.pos >= text.size() || text[in.pos] != '%') return std::nullopt;
        ++in.pos;
        break;
      default: return std::nullopt;
    }
  }
  if (in.pos != text.size()) return std::nullopt;
  if (have_epoch) return static_cast<double>(epoch) + fraction;
  if (twelve_hour) {
    if (hour < 1 || hour > 12) return std::nullopt;
    hour = hour % 12 + (pm ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  std::int64_t days;
  if (yday > 0) {
    if (yday > (leap(year) ? 366 : 365)) return std::nullopt;
    days = days_from_civil(year, 1, 1) + yday - 1;
  } else {
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, static_cast<int>(month))) return std::nullopt;
    days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  }
  double seconds = static_cast<double>(days * 86400 + hour * 3600 + minute * 60 + second - offset);
  return seconds + fraction;
}

std::optional<double> parse_time(std::string_view text, std::string_view format) {
  if (format.find('%') == std::string_view::npos) return std::nullopt;  // a format with no conversion
  return parse_expanded(text, expand(format));
}

namespace {

// Year, month, day of a count of days since 1970-01-01 (proleptic Gregorian;
// H. Hinnant's civil_from_days).
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
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

// Miller's sec2Time: the whole seconds (floor), and the fraction's first
// `decimals` digits cut from the double as it is (22.4 is 22.39999...: .3).
bool split_seconds(double t, int decimals, std::int64_t& whole, std::int64_t& fraction) {
  // beyond ~300 million years there is no date (and the cast has no answer)
  if (!(std::fabs(t) < 1e16) || decimals < 0 || decimals > 9) return false;
  whole = static_cast<std::int64_t>(t);
  double rest = t - static_cast<double>(whole);
  if (rest < 0) {
    whole -= 1;
    rest += 1.0;
  }
  fraction = static_cast<std::int64_t>(rest * std::pow(10.0, decimals));
  return true;
}

}  // namespace

std::string with_second_fractions(std::string_view format, double t) {
  std::string out;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '%' && i + 2 < format.size() && format[i + 1] >= '1' && format[i + 1] <= '9' &&
        format[i + 2] == 'S') {
      const int decimals = format[i + 1] - '0';
      std::int64_t whole = 0, fraction = 0;
      if (split_seconds(t, decimals, whole, fraction)) {
        out += fmt::format("%S.{:0{}}", fraction, decimals);  // (strftime's %S: the two digits)
        i += 2;
        continue;
      }
    }
    if (format[i] == '%' && i + 1 < format.size()) {  // (%% stays two characters)
      out += format.substr(i, 2);
      ++i;
      continue;
    }
    out += format[i];
  }
  return out;
}

bool format_gmt(double t, int decimals, std::string& out) {
  std::int64_t whole, fraction;
  if (!split_seconds(t, decimals, whole, fraction)) return false;
  std::int64_t days = whole >= 0 ? whole / 86400 : -((-whole + 86399) / 86400);
  std::int64_t in_day = whole - days * 86400;
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  out += fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", y, m, d, in_day / 3600, in_day / 60 % 60, in_day % 60);
  if (decimals > 0) out += fmt::format(".{:0{}}", fraction, decimals);
  out += 'Z';
  return true;
}

bool format_gmt_date(double t, std::string& out) {
  std::int64_t whole, fraction;
  if (!split_seconds(t, 0, whole, fraction)) return false;
  std::int64_t days = whole >= 0 ? whole / 86400 : -((-whole + 86399) / 86400);
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  out += fmt::format("{:04}-{:02}-{:02}", y, m, d);
  return true;
}

}  // namespace weir::expr
