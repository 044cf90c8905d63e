#pragma once
/// A computed number's text (step, stats, derive, fraction, ...): an
/// integer without a fraction, else the shortest digits that read back as
/// the same double, in fixed notation at every magnitude, as Miller writes
/// a computed number (0.0000306, not 3.06e-05; 1180591620717411300000, not
/// 1.1805916207174113e+21), made without fmt's run-time format parsing.

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>

#include <fmt/compile.h>
#include <fmt/format.h>

namespace weir {

/// The most bytes number_text() writes: a sign, "0.", 323 zeros and 17
/// digits (5e-324), or 309 digits (1.7e308), with room to spare.
inline constexpr std::size_t kNumberTextMost = 352;

namespace detail {

// the two digits of v < 100, from fmt's table
inline void put_pair(char* p, std::uint32_t v) { std::memcpy(p, fmt::detail::digits2(v), 2); }

/// The decimal digits of v (a Dragonbox significand: at most 17 digits) at
/// `out`; returns how many. Eight digits at a time from 32-bit halves, which
/// are independent of each other, where std::to_chars divides the whole
/// 64-bit value by 100 for each pair in turn (a third of step's formatting).
inline int put_digits(char* out, std::uint64_t v) {
  const int n = fmt::detail::count_digits(v);
  char* p = out + n;
  while (v >= 100000000) {
    const auto low = static_cast<std::uint32_t>(v % 100000000);
    v /= 100000000;
    const std::uint32_t high4 = low / 10000, low4 = low % 10000;
    p -= 8;
    put_pair(p, high4 / 100);
    put_pair(p + 2, high4 % 100);
    put_pair(p + 4, low4 / 100);
    put_pair(p + 6, low4 % 100);
  }
  auto rest = static_cast<std::uint32_t>(v);
  while (rest >= 100) {
    p -= 2;
    put_pair(p, rest % 100);
    rest /= 100;
  }
  if (rest >= 10) {
    put_pair(p - 2, rest);
  } else {
    p[-1] = static_cast<char>('0' + rest);
  }
  return n;
}

/// When x reads back from a decimal with at most six places (a delta of
/// prices, a mean of counts), its text at `out` and its length, else 0. Such
/// a decimal is the only one of six places or fewer in x's rounding interval
/// (doubles below 1e9 lie closer together than 1e-6), so with its trailing
/// zeros cut it is the shortest text that reads back as x: what Dragonbox
/// finds, without Dragonbox. x is finite, not whole, and not 0.
inline std::size_t put_short_decimal(double x, char* out) {
  const double magnitude = std::fabs(x);
  if (magnitude >= 1e9 || magnitude < 1e-4) return 0;  // (fmt writes 1e-05)
  const double millionths = std::nearbyint(magnitude * 1e6);
  if (millionths / 1e6 != magnitude) return 0;  // (x * 1e6 is within 0.25 of it)
  const auto whole = static_cast<std::uint64_t>(millionths);
  std::uint64_t fraction = whole % 1000000;
  int places = 6;
  while (fraction % 10 == 0) {  // (never 0: x is not whole)
    fraction /= 10;
    --places;
  }
  char* p = out;
  if (std::signbit(x)) *p++ = '-';
  p += put_digits(p, whole / 1000000);
  *p++ = '.';
  const int digits = fmt::detail::count_digits(fraction);
  std::memset(p, '0', static_cast<std::size_t>(places - digits));  // 0.05: one leading zero
  p += places - digits;
  p += put_digits(p, fraction);
  return static_cast<std::size_t>(p - out);
}

}  // namespace detail

/// The places after the point of a plain decimal of at most 15
/// significant digits (13.460: 3, 7: 0), else -1 (007, +4, 1e3, -0, -0.0,
/// 5., .5, long digits, below 1e-300). No other decimal of 15 digits or
/// fewer reads as the same double, so such a text is written back exactly
/// by fixed notation with its places.
inline int plain_decimal_places(std::string_view t) {
  std::size_t i = !t.empty() && t[0] == '-' ? 1 : 0;
  const std::size_t first = i;
  int digits = 0, leading_zeros = 0, places = -1;
  bool nonzero = false;
  for (; i < t.size(); ++i) {
    const char c = t[i];
    if (c >= '0' && c <= '9') {
      ++digits;
      if (c != '0') nonzero = true;
      else if (!nonzero) ++leading_zeros;
      if (places >= 0) ++places;
    } else if (c == '.' && places < 0 && i > first && i + 1 < t.size()) {
      places = 0;
    } else {
      return -1;
    }
  }
  // (below 1e-300 lie the subnormals, where fewer digits tell doubles apart)
  if (digits == 0 || digits - leading_zeros > 15 || leading_zeros > 300) return -1;
  if (t[first] == '0' && t.size() > first + 1 && t[first + 1] != '.') return -1;  // 007
  if (!nonzero && first == 1) return -1;                                          // -0
  return places < 0 ? 0 : places;
}

/// Whether `text`, which reads as a number, is spelled as number_text()
/// writes that number, so that a stage keeping the double needs no copy of
/// the text to give the value back as written: a plain decimal (above)
/// without a trailing zero after its point. False for anything else (2.0,
/// 007, +4, 1e3, -0, .5, and long digits that may well be shortest: false
/// only costs a copy). `places`: plain_decimal_places(text), where the
/// caller knows it already.
inline bool spelled_as_number_text(std::string_view text, int places) {
  return places == 0 || (places > 0 && text.back() != '0');
}
inline bool spelled_as_number_text(std::string_view text) {
  return spelled_as_number_text(text, plain_decimal_places(text));
}

/// The text of x in `buffer` (kNumberTextMost bytes, some of them written
/// past the text): an integer without a fraction, else the shortest digits
/// that read back as the same double (fmt's Dragonbox), in fixed notation
/// whatever the magnitude, as Miller's computed numbers are (Go's 'f', -1);
/// fmt's "{}" switched to an exponent below 1e-4 and from 1e16. NaN and the
/// infinities are Go's: NaN, +Inf, -Inf (text, not JSON numbers).
inline std::string_view number_text(double x, char* buffer) {
  char* end;
  if (std::isfinite(x) && x == std::trunc(x) && std::fabs(x) < 9.007199254740992e15) {
    end = std::to_chars(buffer, buffer + kNumberTextMost, static_cast<long long>(x)).ptr;
    return std::string_view(buffer, static_cast<std::size_t>(end - buffer));
  }
  if (!std::isfinite(x)) {
    // as Miller (Go) writes them; not JSON numbers: their fields are text
    const std::string_view word = std::isnan(x) ? "NaN" : x > 0 ? "+Inf" : "-Inf";
    std::memcpy(buffer, word.data(), word.size());
    return std::string_view(buffer, word.size());
  }
  if (const std::size_t n = detail::put_short_decimal(x, buffer)) return std::string_view(buffer, n);
  const auto decimal = fmt::detail::dragonbox::to_decimal(std::fabs(x));  // (x is not 0: an integer)
  const int n = fmt::detail::count_digits(decimal.significand);
  const int exponent = decimal.exponent;  // x = digits * 10^exponent
  const int point = n + exponent;         // digits before the point
  char* p = buffer;
  if (std::signbit(x)) *p++ = '-';
  if (exponent >= 0) {
    p += detail::put_digits(p, decimal.significand);
    std::memset(p, '0', static_cast<std::size_t>(exponent));
    p += exponent;
  } else if (point > 0) {
    // the digits (at most 17, at most 16 on either side of the point)
    // copied in two fixed-size moves around it: no call to memmove
    char digits[32];
    detail::put_digits(digits, decimal.significand);
    std::memcpy(p, digits, 16);
    p[point] = '.';
    std::memcpy(p + point + 1, digits + point, 16);
    p += n + 1;
  } else {
    *p++ = '0';
    *p++ = '.';
    std::memset(p, '0', static_cast<std::size_t>(-point));
    p += -point;
    p += detail::put_digits(p, decimal.significand);
  }
  return std::string_view(buffer, static_cast<std::size_t>(p - buffer));
}

/// A finite x in the fewest digits that read back as it, as %g-style
/// formats without a precision write them: fixed notation where the
/// exponent is from -4 to fixed_below - 1, else an exponent of two digits
/// at least (1e-05, 1.234567895e+08). Go's %g uses fixed_below 6, Python's
/// repr() 16. `buffer` holds 32 bytes.
inline std::string_view shortest_g_text(double x, int fixed_below, char* buffer) {
  char* end = std::to_chars(buffer, buffer + 32, x, std::chars_format::scientific).ptr;
  const std::string_view scientific(buffer, static_cast<std::size_t>(end - buffer));
  const std::size_t e = scientific.find('e');
  int exponent = 0;
  std::from_chars(scientific.data() + e + (scientific[e + 1] == '+' ? 2 : 1), end, exponent);
  if (exponent >= -4 && exponent < fixed_below) {
    end = std::to_chars(buffer, buffer + 32, x, std::chars_format::fixed).ptr;
    return std::string_view(buffer, static_cast<std::size_t>(end - buffer));
  }
  return scientific;  // (to_chars writes two exponent digits at least, as printf does)
}

}  // namespace weir
