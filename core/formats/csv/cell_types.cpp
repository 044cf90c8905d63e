#include "core/formats/csv/cell_types.hpp"

#include <string>

namespace weir {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads digits at s[i...]; returns how many.
std::size_t digits(std::string_view s, std::size_t& i) {
  std::size_t start = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  return i - start;
}

bool is_integer(std::string_view s) {
  std::size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  return digits(s, i) > 0 && i == s.size();
}

// 1.5  .5  1.  -2e3  1,5 (decimal comma, when `comma`)
bool is_decimal(std::string_view s, bool comma = false) {
  std::size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  std::size_t whole = digits(s, i);
  std::size_t frac = 0;
  if (i < s.size() && (s[i] == '.' || (comma && s[i] == ','))) {
    bool decimal_comma = s[i] == ',';
    ++i;
    frac = digits(s, i);
    if (decimal_comma && frac == 0) return false;  // "1," is a number and a delimiter
  }
  if (whole + frac == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (digits(s, i) == 0) return false;
  }
  return i == s.size();
}

// `b` is lower-case ASCII (and holds no 'i', which a Turkish locale's
// tolower() does not make of 'I'): lowering A-Z inline decides as
// std::tolower() would, without a call per byte
bool equals_nocase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char c = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] + ('a' - 'A')) : a[i];
    if (c != b[i]) return false;
  }
  return true;
}

// Three groups of digits with one separator ('-', '/' or '.'): a four-digit
// year first or last, the other two groups of one or two digits.
bool is_date(std::string_view s) {
  std::size_t i = 0;
  std::size_t a = digits(s, i);
  if (i == s.size() || (s[i] != '-' && s[i] != '/' && s[i] != '.')) return false;
  char sep = s[i++];
  std::size_t b = digits(s, i);
  if (i == s.size() || s[i] != sep) return false;
  ++i;
  std::size_t c = digits(s, i);
  if (i != s.size() || b < 1 || b > 2) return false;
  if (a == 4) return c >= 1 && c <= 2;
  return a >= 1 && a <= 2 && (c == 4 || c == 2);
}

// hh:mm, hh:mm:ss, hh:mm:ss.fff, then maybe " AM"/"PM"
bool is_time(std::string_view s) {
  std::size_t i = 0;
  std::size_t h = digits(s, i);
  if (h < 1 || h > 2 || i == s.size() || s[i] != ':') return false;
  ++i;
  if (digits(s, i) != 2) return false;
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (digits(s, i) != 2) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      if (digits(s, i) == 0) return false;
    }
  }
  if (i < s.size() && s[i] == ' ') ++i;
  if (i + 2 == s.size() && (equals_nocase(s.substr(i), "am") || equals_nocase(s.substr(i), "pm"))) return true;
  return i == s.size();
}

bool is_datetime(std::string_view s) {
  // (a date starts with a digit; find_first_of calls memchr for each byte)
  if (s.empty() || !is_digit(s[0])) return false;
  std::size_t split = 0;
  while (split < s.size() && s[split] != 'T' && s[split] != ' ') ++split;
  if (split == s.size() || !is_date(s.substr(0, split))) return false;
  std::string_view time = s.substr(split + 1);
  // a zone: Z, +hh:mm, -hhmm
  if (!time.empty() && time.back() == 'Z') time.remove_suffix(1);
  std::size_t zone = time.size();
  while (zone > 0 && time[zone - 1] != '+' && time[zone - 1] != '-') --zone;
  if (zone > 1) time = time.substr(0, zone - 1);
  return is_time(time);
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && equals_nocase(s.substr(0, prefix.size()), prefix);
}

// $74.69  -$5  74.69 €  €5  £1,000.00  12%
bool is_money_or_percent(std::string_view s) {
  static constexpr std::string_view kSymbols[] = {"$", "\xE2\x82\xAC" /* € */, "\xC2\xA3" /* £ */,
                                                  "\xC2\xA5" /* ¥ */, "%"};
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  // (text, mostly: no symbol can start or end it)
  if (s.empty()) return false;
  const char first = s.front(), last = s.back();
  if (first != '$' && first != '%' && first != '\xE2' && first != '\xC2' && last != '$' && last != '%' &&
      last != '\xAC' && last != '\xA3' && last != '\xA5') {
    return false;
  }
  for (std::string_view symbol : kSymbols) {
    std::string_view rest = s;
    if (rest.starts_with(symbol)) {
      rest.remove_prefix(symbol.size());
    } else if (rest.ends_with(symbol)) {
      rest.remove_suffix(symbol.size());
    } else {
      continue;
    }
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    while (!rest.empty() && rest.back() == ' ') rest.remove_suffix(1);
    std::string digits_only;
    for (char c : rest) {
      if (c != ',' && c != '.' && c != '\'') digits_only += c;
    }
    if (!digits_only.empty() && is_integer(digits_only)) return true;
  }
  return false;
}

bool is_url_or_email(std::string_view s) {
  // one pass for the space (none) and the first '@' (short cells: no calls)
  std::size_t at = std::string_view::npos;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ' ') return false;
    if (s[i] == '@' && at == std::string_view::npos) at = i;
  }
  if (starts_with_nocase(s, "http://") || starts_with_nocase(s, "https://") || starts_with_nocase(s, "www.")) {
    return s.size() > 8;
  }
  return at != std::string_view::npos && at > 0 && s.find('.', at) != std::string_view::npos;
}

}  // namespace

CellType classify_cell(std::string_view s) {
  if (s.empty()) return CellType::empty;
  // numbers, dates and times start with a digit, a sign or a point: the
  // rest of the cells (most text) are told by their first byte
  const char first = s[0];
  if (!is_digit(first) && first != '-' && first != '+' && first != '.') {
    return equals_nocase(s, "true") || equals_nocase(s, "false") ? CellType::boolean : CellType::text;
  }
  if (is_integer(s)) return CellType::integer;
  if (is_decimal(s)) return CellType::decimal;
  if (is_date(s)) return CellType::date;
  if (is_time(s)) return CellType::time;
  if (is_datetime(s)) return CellType::datetime;
  return CellType::text;
}

bool cell_fits(CellType column, CellType cell) {
  if (cell == CellType::empty || column == CellType::text || column == cell) return true;
  return column == CellType::decimal && cell == CellType::integer;
}

bool cell_is_known(std::string_view s) {
  if (classify_cell(s) != CellType::text) return true;
  for (std::string_view mark : {"na", "n/a", "null", "none", "-", "nan"}) {
    if (equals_nocase(s, mark)) return true;
  }
  return is_decimal(s, true) || is_money_or_percent(s) || is_url_or_email(s);
}

bool is_missing_cell(std::string_view cell) {
  if (cell.size() > 4) return false;
  for (std::string_view mark : {"na", "n/a", "nan", "null", "none", "nil", "-", "--", ".", "?", "#n/a", "n.a.", "<na>"}) {
    if (equals_nocase(cell, mark)) return true;
  }
  return false;
}

std::string_view cell_type_name(CellType type) {
  switch (type) {
    case CellType::empty: return "empty";
    case CellType::integer: return "int";
    case CellType::decimal: return "float";
    case CellType::boolean: return "bool";
    case CellType::date: return "date";
    case CellType::time: return "time";
    case CellType::datetime: return "datetime";
    case CellType::text: return "text";
  }
  return "text";
}

}  // namespace weir
