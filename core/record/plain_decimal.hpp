#pragma once
/// The common number, read fast: a plain decimal [-]DIGITS[.DIGITS] of at
/// most 15 digits (11.619, -42, 007). Both its digits as an integer and the
/// power of ten are exact doubles, so one (correctly rounded) division
/// gives the same double as from_chars. One pass also tells how it is
/// spelled (its places), which stats needs of each number it keeps.

#include <cstdint>
#include <string_view>

namespace weir {

struct PlainDecimal {
  double value = 0;
  /// The places after the point (13.460: 3, 7: 0), as plain_decimal_places
  /// gives them: -1 for 007, -0 and -0.0, which are not spelled plainly.
  int places = 0;
};

/// True, with `out` set, when `text` is a plain decimal of at most 15 digits.
inline bool read_plain_decimal(std::string_view text, PlainDecimal& out) {
  static constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  const char* p = text.data();
  const char* const end = p + text.size();
  const bool negative = p != end && *p == '-';
  p += negative;
  const char* const first = p;
  if (p == end || end - p > 16) return false;
  // the digits before the point, then (after one point) those after it:
  // each loop tests one byte a digit, the point is looked for once
  std::uint64_t digits = 0;
  unsigned d;
  while ((d = static_cast<unsigned char>(*p) - unsigned{'0'}) < 10) {
    digits = digits * 10 + d;
    if (++p == end) break;
  }
  int places = 0;
  if (p != end) {
    // one point, with a digit on each side
    if (*p != '.' || p == first || p + 1 == end) return false;
    const char* const point = p++;
    while ((d = static_cast<unsigned char>(*p) - unsigned{'0'}) < 10) {
      digits = digits * 10 + d;
      if (++p == end) break;
    }
    if (p != end || end - first - 1 > 15) return false;
    places = static_cast<int>(end - point - 1);
  } else if (end - first > 15) {
    return false;
  }
  // (an integer needs no division: a division takes as long as ten additions)
  const double v = places == 0 ? static_cast<double>(digits) : static_cast<double>(digits) / kPow10[places];
  out.value = negative ? -v : v;
  const bool leading_zero = *first == '0' && end - first > 1 && first[1] != '.';  // 007
  out.places = leading_zero || (negative && digits == 0) ? -1 : places;
  return true;
}

}  // namespace weir
