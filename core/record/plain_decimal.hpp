#pragma once
/// The common number, read fast: a plain decimal [-]DIGITS[.DIGITS] of at
/// most 15 digits (11.619, -42, 007). Both its digits as an integer and the
/// power of ten are exact doubles, so one (correctly rounded) division
/// gives the same double as from_chars. One pass also tells how it is
/// spelled (its places), which stats needs of each number it keeps.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

#if defined(__SSE4_1__)
#include <immintrin.h>
#endif

namespace weir {

struct PlainDecimal {
  double value = 0;
  /// The places after the point (13.460: 3, 7: 0), as plain_decimal_places
  /// gives them: -1 for 007, -0 and -0.0, which are not spelled plainly.
  int places = 0;
};

namespace plain_decimal_detail {

inline constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                    1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

// The value of `digits` (the text's digits as an integer) with `places`
// places, and how it is spelled (places, or -1 for 007, -0 and -0.0).
inline void finish(std::uint64_t digits, int places, bool negative, const char* first, std::size_t length,
                   PlainDecimal& out) {
  // (an integer needs no division: a division takes as long as ten additions)
  const double v = places == 0 ? static_cast<double>(digits) : static_cast<double>(digits) / kPow10[places];
  out.value = negative ? -v : v;
  const bool leading_zero = first[0] == '0' && length > 1 && first[1] != '.';  // 007
  out.places = leading_zero || (negative && digits == 0) ? -1 : places;
}

// One byte a digit: each loop tests one byte, the point is looked for once.
inline bool read_bytewise(const char* first, const char* end, bool negative, PlainDecimal& out) {
  const char* p = first;
  if (p == end || end - p > 16) return false;
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
  finish(digits, places, negative, first, static_cast<std::size_t>(end - first), out);
  return true;
}

#if defined(__SSE4_1__)
// The text's 16 bytes at once, with no branch on its digits: the bytewise
// loops' exits (after 1, 2 or 3 digits before the point, as latencies run)
// are mispredicted most of the time. Reads the 16 bytes at `first`, the
// text's and those after it, in the text's page (the caller checks), and
// so is not for AddressSanitizer, which sees no page.
__attribute__((no_sanitize("address"))) inline bool read_in_one_load(const char* first, std::size_t length,
                                                                     bool negative, PlainDecimal& out) {
  const __m128i text = _mm_loadu_si128(reinterpret_cast<const __m128i*>(first));
  const auto within = static_cast<unsigned>((1u << length) - 1);
  const __m128i d = _mm_sub_epi8(text, _mm_set1_epi8('0'));
  const __m128i is_digit = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);
  const unsigned digit_bits = static_cast<unsigned>(_mm_movemask_epi8(is_digit)) & within;
  const unsigned point_bits = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(text, _mm_set1_epi8('.')))) & within;
  // digits, and at most one point, with a digit on each side
  if ((digit_bits | point_bits) != within || (point_bits & (point_bits - 1)) != 0 ||
      (point_bits & (1u | (1u << (length - 1)))) != 0) {
    return false;
  }
  const int point = point_bits ? std::countr_zero(point_bits) : 16;
  const int count = static_cast<int>(length) - (point_bits != 0);
  if (count > 15) return false;
  // The digits right-aligned in the 16 lanes, the point taken out: lane j
  // takes digit k = j - (16 - count), found at k, or k + 1 past the point;
  // a negative index (the lanes before the first digit) gives 0.
  const __m128i iota = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  __m128i index = _mm_add_epi8(iota, _mm_set1_epi8(static_cast<char>(count - 16)));
  index = _mm_sub_epi8(index, _mm_cmpgt_epi8(index, _mm_set1_epi8(static_cast<char>(point - 1))));
  const __m128i aligned = _mm_shuffle_epi8(d, index);
  // pairs, fours, eights of digits, then the two eights
  const __m128i pairs = _mm_maddubs_epi16(aligned, _mm_setr_epi8(10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1));
  const __m128i fours = _mm_madd_epi16(pairs, _mm_setr_epi16(100, 1, 100, 1, 100, 1, 100, 1));
  const __m128i eights = _mm_madd_epi16(_mm_packus_epi32(fours, fours), _mm_setr_epi16(10000, 1, 10000, 1, 0, 0, 0, 0));
  const auto high = static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_cvtsi128_si32(eights)));
  const auto low = static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_extract_epi32(eights, 1)));
  const int places = point_bits ? static_cast<int>(length) - 1 - point : 0;
  finish(high * 100000000 + low, places, negative, first, length, out);
  return true;
}
#endif

}  // namespace plain_decimal_detail

/// True, with `out` set, when `text` is a plain decimal of at most 15 digits.
inline bool read_plain_decimal(std::string_view text, PlainDecimal& out) {
  const char* p = text.data();
  const bool negative = !text.empty() && *p == '-';
  const char* const first = p + negative;
  const auto length = text.size() - negative;
#if defined(__SSE4_1__)
  // (16 bytes from `first` in its page: all but 15 of 4096 places)
  if (length - 1 < 16 && (reinterpret_cast<std::uintptr_t>(first) & 4095) <= 4096 - 16) {
    return plain_decimal_detail::read_in_one_load(first, length, negative, out);
  }
#endif
  return plain_decimal_detail::read_bytewise(first, first + length, negative, out);
}

}  // namespace weir
