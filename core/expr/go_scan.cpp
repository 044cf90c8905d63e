// Go's fmt.Sscanf and strconv.ParseFloat, followed step by step (fmt/scan.go:
// SkipSpace, scanInt, floatToken, convertFloat, convertString; strconv/atof.go:
// special, readFloat, underscoreOK), for Miller's hms2sec family.

#include "core/expr/go_scan.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <utility>

namespace weir::expr {

namespace {

constexpr char32_t kRuneError = 0xFFFD;

// The rune at the front of `s` and its width, as Go's utf8.DecodeRuneInString
// reads it: (U+FFFD, 1) for a byte that starts no well-formed sequence.
std::pair<char32_t, std::size_t> decode_rune(std::string_view s) {
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char b0 = b(0);
  if (b0 < 0x80) return {b0, 1};
  std::size_t size = b0 >= 0xC2 && b0 <= 0xDF ? 2 : b0 >= 0xE0 && b0 <= 0xEF ? 3 : b0 >= 0xF0 && b0 <= 0xF4 ? 4 : 0;
  if (size == 0 || s.size() < size) return {kRuneError, 1};
  // the second byte's range narrows after E0, ED, F0 and F4 (no overlong
  // forms, no surrogates, nothing past U+10FFFF)
  const unsigned char low = b0 == 0xE0 ? 0xA0 : b0 == 0xF0 ? 0x90 : 0x80;
  const unsigned char high = b0 == 0xED ? 0x9F : b0 == 0xF4 ? 0x8F : 0xBF;
  if (b(1) < low || b(1) > high) return {kRuneError, 1};
  for (std::size_t i = 2; i < size; ++i) {
    if (b(i) < 0x80 || b(i) > 0xBF) return {kRuneError, 1};
  }
  char32_t r = b0 & (size == 2 ? 0x1F : size == 3 ? 0x0F : 0x07);
  for (std::size_t i = 1; i < size; ++i) r = (r << 6) | (b(i) & 0x3F);
  return {r, size};
}

// Go's isSpace: Unicode's White_Space.
bool is_space(char32_t r) {
  return (r >= 0x09 && r <= 0x0D) || r == 0x20 || r == 0x85 || r == 0xA0 || r == 0x1680 ||
         (r >= 0x2000 && r <= 0x200A) || r == 0x2028 || r == 0x2029 || r == 0x202F || r == 0x205F || r == 0x3000;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// strconv.ParseInt(text, 10, 64): [+-]digits within int64.
bool parse_int(std::string_view text, std::int64_t& out) {
  if (text.starts_with('+')) text.remove_prefix(1);  // (from_chars takes '-' only)
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

// strconv.Atoi: the same, without underscores.
bool parse_atoi(std::string_view text, std::int64_t& out) {
  if (text.starts_with('+') || text.starts_with('-')) {
    if (text.size() < 2 || !is_digit(text[1])) return false;
  }
  return parse_int(text, out);
}

// strconv's underscoreOK: an underscore only between digits, or between a
// base prefix and a digit.
bool underscores_ok(std::string_view s) {
  char saw = '^';  // ^ start, 0 a digit or base prefix, _ an underscore, ! anything else
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  std::size_t i = 0;
  bool hex = false;
  if (s.size() >= 2 && s[0] == '0' && (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x')) {
    i = 2;
    saw = '0';
    hex = lower(s[1]) == 'x';
  }
  for (; i < s.size(); ++i) {
    if (is_digit(s[i]) || (hex && lower(s[i]) >= 'a' && lower(s[i]) <= 'f')) {
      saw = '0';
      continue;
    }
    if (s[i] == '_') {
      if (saw != '0') return false;
      saw = '_';
      continue;
    }
    if (saw == '_') return false;
    saw = '!';
  }
  return saw != '_';
}

// strconv's readFloat: how much of s is a float's syntax ([+-], 0x, digits
// with one '.', an exponent: e for decimal, p, required, for hex), or 0.
std::size_t float_syntax(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  bool hex = false;
  if (i + 2 < s.size() && s[i] == '0' && lower(s[i + 1]) == 'x') {
    hex = true;
    i += 2;
  }
  bool underscores = false, dot = false, digits = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '_') {
      underscores = true;
    } else if (c == '.') {
      if (dot) break;
      dot = true;
    } else if (is_digit(c) || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
      digits = true;
    } else {
      break;
    }
  }
  if (!digits) return 0;
  if (i < s.size() && lower(s[i]) == (hex ? 'p' : 'e')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (i >= s.size() || !is_digit(s[i])) return 0;
    for (; i < s.size() && (is_digit(s[i]) || s[i] == '_'); ++i) underscores = underscores || s[i] == '_';
  } else if (hex) {
    return 0;
  }
  if (underscores && !underscores_ok(s.substr(0, i))) return 0;
  return i;
}

// strconv's special: [+-]inf, [+-]infinity, nan (any case); how much of s it is.
std::size_t special_float(std::string_view s, double& out) {
  auto prefix_length = [&](std::string_view t, std::string_view word) {
    std::size_t n = 0;
    while (n < t.size() && n < word.size() && lower(t[n]) == word[n]) ++n;
    return n;
  };
  if (s.empty()) return 0;
  if (s[0] == '+' || s[0] == '-' || lower(s[0]) == 'i') {
    const std::size_t sign = s[0] == '+' || s[0] == '-' ? 1 : 0;
    std::size_t n = prefix_length(s.substr(sign), "infinity");
    if (n > 3 && n < 8) n = 3;  // "infin": only "inf" is taken
    if (n != 3 && n != 8) return 0;
    out = s[0] == '-' ? -HUGE_VAL : HUGE_VAL;
    return sign + n;
  }
  if (lower(s[0]) == 'n' && prefix_length(s, "nan") == 3) {
    out = std::nan("");
    return 3;
  }
  return 0;
}

}  // namespace

bool go_parse_float(std::string_view text, double& out) {
  if (std::size_t n = special_float(text, out)) return n == text.size();
  if (text.empty() || float_syntax(text) != text.size()) return false;
  std::string digits;  // without the underscores, for strtod (which reads hex floats too)
  for (char c : text) {
    if (c != '_') digits += c;
  }
  out = std::strtod(digits.c_str(), nullptr);
  return !std::isinf(out);  // past float64's range: Go's ErrRange
}

bool GoScanner::skip_space() {
  while (pos_ < in_.size()) {
    const auto [r, width] = decode_rune(in_.substr(pos_));
    if (r == '\n' || (r == '\r' && pos_ + 1 < in_.size() && in_[pos_ + 1] == '\n')) return false;  // "unexpected newline"
    if (!is_space(r)) break;
    pos_ += width;
  }
  return true;
}

bool GoScanner::accept(std::string_view set, std::string& token) {
  // (the sets are ASCII: a byte of a longer character is in none)
  if (pos_ >= in_.size() || set.find(in_[pos_]) == std::string_view::npos) return false;
  token += in_[pos_++];
  return true;
}

bool GoScanner::literal(char c) {
  if (pos_ >= in_.size() || in_[pos_] != c) return false;
  ++pos_;
  return true;
}

bool GoScanner::integer(std::int64_t& out) {
  if (!skip_space() || pos_ >= in_.size()) return false;
  std::string token;
  accept("+-", token);
  if (!accept("0123456789", token)) return false;  // "expected integer"
  while (accept("0123456789", token)) {
  }
  return parse_int(token, out);
}

bool GoScanner::real(double& out) {
  if (!skip_space() || pos_ >= in_.size()) return false;
  // floatToken: it reads what may be a float, and convertFloat judges it
  std::string token;
  if (accept("nN", token) && accept("aA", token) && accept("nN", token)) return go_parse_float(token, out);
  accept("+-", token);
  if (accept("iI", token) && accept("nN", token) && accept("fF", token)) return go_parse_float(token, out);
  std::string_view digits = "0123456789_", exponent = "eEpP";
  if (accept("0", token) && accept("xX", token)) {
    digits = "0123456789aAbBcCdDeEfF_";
    exponent = "pP";
  }
  while (accept(digits, token)) {
  }
  if (accept(".", token)) {
    while (accept(digits, token)) {
    }
  }
  if (accept(exponent, token)) {
    accept("+-", token);
    while (accept("0123456789_", token)) {
    }
  }
  // convertFloat: 1.5p4 is 1.5 times 2 to the 4th (a binary exponent after
  // decimal digits), which ParseFloat does not take
  const std::size_t p = token.find('p');
  if (p != std::string::npos && token.find_first_of("xX") == std::string::npos) {
    double mantissa = 0;
    std::int64_t exponent_value = 0;
    if (!go_parse_float(std::string_view(token).substr(0, p), mantissa) ||
        !parse_atoi(std::string_view(token).substr(p + 1), exponent_value)) {
      return false;
    }
    // (beyond +-100000 every finite mantissa gives 0 or infinity)
    const auto e = static_cast<int>(exponent_value < -100000 ? -100000 : exponent_value > 100000 ? 100000 : exponent_value);
    out = std::ldexp(mantissa, e);
    return true;
  }
  return go_parse_float(token, out);
}

bool GoScanner::word(std::string& out) {
  if (!skip_space() || pos_ >= in_.size()) return false;
  out.clear();
  while (pos_ < in_.size()) {
    const auto [r, width] = decode_rune(in_.substr(pos_));
    if (is_space(r)) break;
    const bool malformed = r == kRuneError && width == 1;
    out += malformed ? std::string_view("\xEF\xBF\xBD") : in_.substr(pos_, width);
    pos_ += width;
  }
  return true;
}

}  // namespace weir::expr
