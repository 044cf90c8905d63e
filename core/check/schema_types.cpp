#include "core/check/schema_types.hpp"

#include <charconv>

#include <fmt/format.h>

namespace weir::check {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// `count` digits at text[pos], as a number; false when any is not a digit
// or the text is too short.
bool digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > text.size()) return false;
  int n = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!is_digit(text[i])) return false;
    n = n * 10 + (text[i] - '0');
  }
  out = n;
  return true;
}

bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

// ±HH:MM (and, when `colon_optional`, ±HHMM) at text[pos]; moves pos past it.
bool offset(std::string_view text, std::size_t& pos, bool colon_optional) {
  if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return false;
  int hours, minutes;
  if (!digits(text, pos + 1, 2, hours)) return false;
  std::size_t p = pos + 3;
  if (p < text.size() && text[p] == ':') {
    ++p;
  } else if (!colon_optional) {
    return false;
  }
  if (!digits(text, p, 2, minutes) || hours > 23 || minutes > 59) return false;
  pos = p + 2;
  return true;
}

bool needs_escape(unsigned char c) {
  return c < 0x20 || c == '"' || c == '\\';
}

// Appends text[0, n) JSON-escaped (no quotes).
void append_escaped(std::string& out, std::string_view text) {
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (!needs_escape(c)) {
      out += ch;
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
    }
  }
}

// The first `max_chars` code points of `text`, and whether that cut it.
std::string_view cut(std::string_view text, std::size_t max_chars, bool& was_cut) {
  was_cut = false;
  if (text.size() <= max_chars) return text;  // fewer bytes than the limit: fewer code points too
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (chars == max_chars) {
        was_cut = true;
        return text.substr(0, i);
      }
      ++chars;
    }
  }
  return text;
}

}  // namespace

bool is_int(std::string_view text) {
  std::size_t i = !text.empty() && (text[0] == '+' || text[0] == '-') ? 1 : 0;
  if (i == text.size()) return false;
  for (; i < text.size(); ++i) {
    if (!is_digit(text[i])) return false;
  }
  return true;
}

bool parse_int(std::string_view text, double& value) {
  const bool negative = !text.empty() && text[0] == '-';
  std::size_t i = !text.empty() && (text[0] == '+' || text[0] == '-') ? 1 : 0;
  if (i == text.size()) return false;
  const std::size_t first = i;
  std::uint64_t n = 0;
  for (; i < text.size(); ++i) {
    if (!is_digit(text[i])) return false;
    n = n * 10 + static_cast<unsigned>(text[i] - '0');
  }
  if (text.size() - first > 19) {
    // more digits than 64 bits hold (n wrapped): the slow, exact way
    std::from_chars(text.data() + first, text.data() + text.size(), value);
  } else {
    value = static_cast<double>(n);
  }
  if (negative) value = -value;
  return true;
}

bool is_bool(std::string_view text) {
  switch (text.size()) {
    case 1:
      return text[0] == '1' || text[0] == '0';
    case 4:
      return text == "true" || text == "True" || text == "TRUE";
    case 5:
      return text == "false" || text == "False" || text == "FALSE";
    default:
      return false;
  }
}

bool is_iso_datetime(std::string_view s) {
  int year, month, day, hour, minute, second;
  if (s.size() < 19 || !digits(s, 0, 4, year) || s[4] != '-' || !digits(s, 5, 2, month) || s[7] != '-' ||
      !digits(s, 8, 2, day) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s, 11, 2, hour) ||
      s[13] != ':' || !digits(s, 14, 2, minute) || s[16] != ':' || !digits(s, 17, 2, second)) {
    return false;
  }
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 || minute > 59 ||
      second > 60) {
    return false;
  }
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    std::size_t start = ++pos;
    while (pos < s.size() && is_digit(s[pos])) ++pos;
    if (pos == start) return false;
  }
  if (pos == s.size()) return true;
  if (s[pos] == 'Z' || s[pos] == 'z') return pos + 1 == s.size();
  return offset(s, pos, false) && pos == s.size();
}

std::optional<TimeFormat> TimeFormat::compile(std::string_view format, std::string& error) {
  TimeFormat f;
  auto add = [&f](Step step, char literal = '\0') { f.items_.push_back(Item{step, literal}); };
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      add(Step::literal, format[i]);
      continue;
    }
    if (++i == format.size()) {
      error = "the format ends in a lone '%' (write %% for a percent sign)";
      return std::nullopt;
    }
    switch (format[i]) {
      case 'Y':
        add(Step::year4);
        break;
      case 'y':
        add(Step::year2);
        break;
      case 'm':
        add(Step::month);
        break;
      case 'd':
        add(Step::day);
        break;
      case 'j':
        add(Step::day_of_year);
        break;
      case 'H':
        add(Step::hour);
        break;
      case 'M':
        add(Step::minute);
        break;
      case 'S':
        add(Step::second);
        break;
      case 'f':
        add(Step::fraction);
        break;
      case 'z':
        add(Step::zone);
        break;
      case 'F':
        add(Step::year4);
        add(Step::literal, '-');
        add(Step::month);
        add(Step::literal, '-');
        add(Step::day);
        break;
      case 'T':
        add(Step::hour);
        add(Step::literal, ':');
        add(Step::minute);
        add(Step::literal, ':');
        add(Step::second);
        break;
      case '%':
        add(Step::literal, '%');
        break;
      default:
        error = fmt::format("unsupported directive %{} (supported: %Y %y %m %d %j %H %M %S %f %z %F %T %%)",
                            format[i]);
        return std::nullopt;
    }
  }
  return f;
}

bool TimeFormat::matches(std::string_view s) const {
  int year = -1, month = -1, day = -1, day_of_year = -1, n = 0;
  std::size_t pos = 0;
  for (const Item& item : items_) {
    switch (item.step) {
      case Step::literal:
        if (pos >= s.size() || s[pos] != item.literal) return false;
        ++pos;
        break;
      case Step::year4:
        if (!digits(s, pos, 4, year)) return false;
        pos += 4;
        break;
      case Step::year2:
        if (!digits(s, pos, 2, n)) return false;
        year = n < 69 ? 2000 + n : 1900 + n;  // POSIX's pivot
        pos += 2;
        break;
      case Step::month:
        if (!digits(s, pos, 2, month) || month < 1 || month > 12) return false;
        pos += 2;
        break;
      case Step::day:
        if (!digits(s, pos, 2, day) || day < 1 || day > 31) return false;
        pos += 2;
        break;
      case Step::day_of_year:
        if (!digits(s, pos, 3, day_of_year) || day_of_year < 1 || day_of_year > 366) return false;
        pos += 3;
        break;
      case Step::hour:
        if (!digits(s, pos, 2, n) || n > 23) return false;
        pos += 2;
        break;
      case Step::minute:
        if (!digits(s, pos, 2, n) || n > 59) return false;
        pos += 2;
        break;
      case Step::second:
        if (!digits(s, pos, 2, n) || n > 60) return false;
        pos += 2;
        break;
      case Step::fraction: {
        std::size_t start = pos;
        while (pos < s.size() && pos - start < 9 && is_digit(s[pos])) ++pos;
        if (pos == start) return false;
        break;
      }
      case Step::zone:
        if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
          ++pos;
        } else if (!offset(s, pos, true)) {
          return false;
        }
        break;
    }
  }
  if (pos != s.size()) return false;
  // The calendar: a day that exists in its month (in a leap year when the
  // format has no year), and a day of the year that exists and agrees.
  const int y = year >= 0 ? year : 2000;
  if (day >= 0 && month >= 0 && day > days_in_month(y, month)) return false;
  if (day_of_year >= 0) {
    if (day_of_year > (is_leap(y) ? 366 : 365)) return false;
    if (month >= 0 && day >= 0) {
      int doy = day;
      for (int m = 1; m < month; ++m) doy += days_in_month(y, m);
      if (doy != day_of_year) return false;
    }
  }
  return true;
}

void append_quoted(std::string& out, std::string_view text, std::size_t max_chars) {
  bool was_cut;
  std::string_view shown = cut(text, max_chars, was_cut);
  out += '"';
  append_escaped(out, shown);
  if (was_cut) out += "\u2026";
  out += '"';
}

void append_plain_or_quoted(std::string& out, std::string_view text, std::size_t max_chars) {
  bool plain = !text.empty() && text.front() != ' ' && text.back() != ' ';
  for (std::size_t i = 0; plain && i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    plain = !needs_escape(c) && c != ',' && c != '(' && c != ')' && c != 0x7F;
  }
  if (!plain) return append_quoted(out, text, max_chars);
  bool was_cut;
  out += cut(text, max_chars, was_cut);
  if (was_cut) out += "\u2026";
}

}  // namespace weir::check
