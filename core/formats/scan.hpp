#pragma once
/// Finding the next byte of a small set, many bytes at a time (the hot loop
/// of the CSV reader). Needs BlockReader::kPadding readable bytes after
/// `end`, which every input block has.
///
/// The width is chosen at compile time (-march, WEIR_MARCH), not at run time:
/// a field is a dozen bytes, so the first 16-byte load usually finds its end,
/// and a portable build's SSE2 path scans bench/data/rows1m.csv's 11.4M
/// fields as fast as AVX2 does (~130 ms either way); counting its line
/// breaks takes 5 ms with either. A call through a dispatch pointer per field
/// would cost more than it could win.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

#if defined(__AVX2__) || defined(__SSE2__)
#include <immintrin.h>
#endif

namespace weir {

/// The first byte in [p, end) equal to a, b, c or d; `end` when there is none.
inline const char* find_any_of4(const char* p, const char* end, char a, char b, char c, char d) {
#if defined(__AVX2__)
  const __m256i va = _mm256_set1_epi8(a), vb = _mm256_set1_epi8(b);
  const __m256i vc = _mm256_set1_epi8(c), vd = _mm256_set1_epi8(d);
  while (p < end) {
    __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    __m256i hit = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(x, va), _mm256_cmpeq_epi8(x, vb)),
                                  _mm256_or_si256(_mm256_cmpeq_epi8(x, vc), _mm256_cmpeq_epi8(x, vd)));
    auto mask = static_cast<std::uint32_t>(_mm256_movemask_epi8(hit));
    if (mask) {
      const char* found = p + __builtin_ctz(mask);
      return found < end ? found : end;
    }
    p += 32;
  }
  return end;
#elif defined(__SSE2__)
  const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b);
  const __m128i vc = _mm_set1_epi8(c), vd = _mm_set1_epi8(d);
  while (p < end) {
    __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb)),
                               _mm_or_si128(_mm_cmpeq_epi8(x, vc), _mm_cmpeq_epi8(x, vd)));
    auto mask = static_cast<std::uint32_t>(_mm_movemask_epi8(hit));
    if (mask) {
      const char* found = p + __builtin_ctz(mask);
      return found < end ? found : end;
    }
    p += 16;
  }
  return end;
#else
  while (p < end && *p != a && *p != b && *p != c && *p != d) ++p;
  return p;
#endif
}

/// Two byte sets over the 64 bytes at p, as bit masks (bit i for p[i]):
/// `ends` where p[i] is a or b, `others` where it is c or d. The CSV
/// reader's fast path (csv/plain_row.hpp) walks a row's field ends by
/// these bits rather than scanning each field from its start. Reads 64
/// bytes: p + 64 must not pass the block's end and its padding.
struct ByteMasks {
  std::uint64_t ends = 0;
  std::uint64_t others = 0;
};

inline ByteMasks byte_masks64(const char* p, char a, char b, char c, char d) {
#if defined(__AVX512BW__)
  const __m512i x = _mm512_loadu_si512(p);
  return {_mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8(a)) | _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8(b)),
          _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8(c)) | _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8(d))};
#elif defined(__AVX2__)
  const __m256i va = _mm256_set1_epi8(a), vb = _mm256_set1_epi8(b);
  const __m256i vc = _mm256_set1_epi8(c), vd = _mm256_set1_epi8(d);
  ByteMasks m;
  for (int half = 0; half < 2; ++half) {
    __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * half));
    auto ends = static_cast<std::uint32_t>(
        _mm256_movemask_epi8(_mm256_or_si256(_mm256_cmpeq_epi8(x, va), _mm256_cmpeq_epi8(x, vb))));
    auto others = static_cast<std::uint32_t>(
        _mm256_movemask_epi8(_mm256_or_si256(_mm256_cmpeq_epi8(x, vc), _mm256_cmpeq_epi8(x, vd))));
    m.ends |= std::uint64_t{ends} << (32 * half);
    m.others |= std::uint64_t{others} << (32 * half);
  }
  return m;
#elif defined(__SSE2__)
  const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b);
  const __m128i vc = _mm_set1_epi8(c), vd = _mm_set1_epi8(d);
  ByteMasks m;
  for (int quarter = 0; quarter < 4; ++quarter) {
    __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * quarter));
    auto ends = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb))));
    auto others =
        static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, vc), _mm_cmpeq_epi8(x, vd))));
    m.ends |= std::uint64_t{ends} << (16 * quarter);
    m.others |= std::uint64_t{others} << (16 * quarter);
  }
  return m;
#else
  ByteMasks m;
  for (int i = 0; i < 64; ++i) {
    m.ends |= std::uint64_t{p[i] == a || p[i] == b} << i;
    m.others |= std::uint64_t{p[i] == c || p[i] == d} << i;
  }
  return m;
#endif
}

/// A CSV row's marks over the 64 bytes at p, as bit masks: its delimiters,
/// its LFs, and its quotes and CRs (csv/picked_row.hpp). Reads 64 bytes, as
/// byte_masks64 does.
struct RowMasks {
  std::uint64_t delimiters = 0;
  std::uint64_t breaks = 0;
  std::uint64_t others = 0;
};

inline RowMasks row_masks64(const char* p, char delimiter, char quote) {
#if defined(__AVX2__)
  const __m256i vd = _mm256_set1_epi8(delimiter), vl = _mm256_set1_epi8('\n');
  const __m256i vq = _mm256_set1_epi8(quote), vr = _mm256_set1_epi8('\r');
  RowMasks m;
  for (int half = 0; half < 2; ++half) {
    __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * half));
    auto d = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, vd)));
    auto l = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, vl)));
    auto o = static_cast<std::uint32_t>(
        _mm256_movemask_epi8(_mm256_or_si256(_mm256_cmpeq_epi8(x, vq), _mm256_cmpeq_epi8(x, vr))));
    m.delimiters |= std::uint64_t{d} << (32 * half);
    m.breaks |= std::uint64_t{l} << (32 * half);
    m.others |= std::uint64_t{o} << (32 * half);
  }
  return m;
#else
  ByteMasks ends = byte_masks64(p, delimiter, delimiter, '\n', '\n');
  ByteMasks others = byte_masks64(p, quote, quote, '\r', '\r');
  return {ends.ends, ends.others, others.ends | others.others};
#endif
}

/// How many bytes of a text equal each of N bytes, and whether all of its
/// bytes are ASCII (so valid UTF-8).
template <std::size_t N>
struct ByteCounts {
  std::array<std::int64_t, N> n{};
  bool ascii = true;
};

namespace scan_detail {

// count_bytes(), and with kAscii whether every byte is below 0x80 (an OR of
// the bytes loaded anyway: the parallel engine's count of a chunk's lines
// then spares its parse the UTF-8 check, a second pass over the chunk).
template <std::size_t N, bool kAscii>
ByteCounts<N> count(const char* p, const char* end, const std::array<char, N>& c) {
  ByteCounts<N> counts;
  std::array<std::int64_t, N>& n = counts.n;
  // Each byte lane counts its matches (a match is -1, subtracted) for up to
  // 255 rounds, then the lanes are summed 8 at a time (sad): no mask, no
  // popcount and no dependence on the count in the loop, 2-3x the speed of
  // a popcount per load on a chunk in L2 (-j N counts each chunk's lines).
#if defined(__AVX2__)
  const __m256i zero = _mm256_setzero_si256();
  __m256i vc[N], total[N];
  __m256i high = zero;  // (kAscii) the bytes OR-ed: bit 7 set by any non-ASCII byte
  for (std::size_t k = 0; k < N; ++k) vc[k] = _mm256_set1_epi8(c[k]), total[k] = zero;
  while (end - p >= 64) {
    __m256i lo[N], hi[N];
    for (std::size_t k = 0; k < N; ++k) lo[k] = hi[k] = zero;
    const char* stop = p + 64 * std::min<std::ptrdiff_t>((end - p) / 64, 255);
    for (; p < stop; p += 64) {
      const __m256i x0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
      const __m256i x1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32));
      if constexpr (kAscii) high = _mm256_or_si256(high, _mm256_or_si256(x0, x1));
      for (std::size_t k = 0; k < N; ++k) {
        lo[k] = _mm256_sub_epi8(lo[k], _mm256_cmpeq_epi8(x0, vc[k]));
        hi[k] = _mm256_sub_epi8(hi[k], _mm256_cmpeq_epi8(x1, vc[k]));
      }
    }
    for (std::size_t k = 0; k < N; ++k) {
      const __m256i sums = _mm256_add_epi64(_mm256_sad_epu8(lo[k], zero), _mm256_sad_epu8(hi[k], zero));
      total[k] = _mm256_add_epi64(total[k], sums);
    }
  }
  for (std::size_t k = 0; k < N; ++k) {
    alignas(32) std::int64_t lanes[4];
    _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), total[k]);
    n[k] = lanes[0] + lanes[1] + lanes[2] + lanes[3];
  }
  if constexpr (kAscii) counts.ascii = _mm256_movemask_epi8(high) == 0;
#elif defined(__SSE2__)
  const __m128i zero = _mm_setzero_si128();
  __m128i vc[N], total[N];
  __m128i high = zero;
  for (std::size_t k = 0; k < N; ++k) vc[k] = _mm_set1_epi8(c[k]), total[k] = zero;
  while (end - p >= 32) {
    __m128i lo[N], hi[N];
    for (std::size_t k = 0; k < N; ++k) lo[k] = hi[k] = zero;
    const char* stop = p + 32 * std::min<std::ptrdiff_t>((end - p) / 32, 255);
    for (; p < stop; p += 32) {
      const __m128i x0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      const __m128i x1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16));
      if constexpr (kAscii) high = _mm_or_si128(high, _mm_or_si128(x0, x1));
      for (std::size_t k = 0; k < N; ++k) {
        lo[k] = _mm_sub_epi8(lo[k], _mm_cmpeq_epi8(x0, vc[k]));
        hi[k] = _mm_sub_epi8(hi[k], _mm_cmpeq_epi8(x1, vc[k]));
      }
    }
    for (std::size_t k = 0; k < N; ++k) {
      total[k] = _mm_add_epi64(total[k], _mm_add_epi64(_mm_sad_epu8(lo[k], zero), _mm_sad_epu8(hi[k], zero)));
    }
  }
  for (std::size_t k = 0; k < N; ++k) {
    alignas(16) std::int64_t lanes[2];
    _mm_store_si128(reinterpret_cast<__m128i*>(lanes), total[k]);
    n[k] = lanes[0] + lanes[1];
  }
  if constexpr (kAscii) counts.ascii = _mm_movemask_epi8(high) == 0;
#endif
  for (; p < end; ++p) {
    for (std::size_t k = 0; k < N; ++k) n[k] += *p == c[k];
    if constexpr (kAscii) counts.ascii = counts.ascii && static_cast<unsigned char>(*p) < 0x80;
  }
  return counts;
}

}  // namespace scan_detail

/// How many bytes in [p, end) equal each of the N bytes `c` (the parallel
/// engine counts the lines of each block it cuts, and a CSV block's
/// quotes). Reads no byte past `end`.
template <std::size_t N>
std::array<std::int64_t, N> count_bytes(const char* p, const char* end, const std::array<char, N>& c) {
  return scan_detail::count<N, false>(p, end, c).n;
}

/// count_bytes(), and whether every byte in [p, end) is ASCII.
template <std::size_t N>
ByteCounts<N> count_bytes_ascii(const char* p, const char* end, const std::array<char, N>& c) {
  return scan_detail::count<N, true>(p, end, c);
}

/// How many bytes in [p, end) equal c. Reads no byte past `end`.
inline std::int64_t count_byte(const char* p, const char* end, char c) {
  return count_bytes<1>(p, end, {c})[0];
}

/// The last line break in [p, end) that ends a record of a CSV whose
/// quoted fields may hold line breaks (a quote inside one doubled): with
/// `odd_after`, the last one followed by an odd number of quotes in the
/// range, else by an even number. A line break ends a record when the
/// quotes before it, since the record's start, are even: so, where the
/// state at `end` is known (inside a quoted field or not: the quotes'
/// count from the input's start), the record ends are the line breaks
/// whose quotes after them leave that state (-j N's cuts). Scanned from
/// `end` back, 64 bytes at a time: the answer is most often in the last
/// record. Reads no byte before `p` or from `end` on.
struct QuoteBreak {
  const char* after = nullptr;  ///< just past the line break; null: none
  std::int64_t breaks_after = 0;  ///< the line breaks after it, to `end`
};

inline QuoteBreak last_quote_break(const char* p, const char* end, char quote, char line_break,
                                   bool odd_after) {
  QuoteBreak out;
  bool odd = false;  // the quotes from the window's end to `end`
  const char* at = end;
  for (; at - p >= 64;) {
    at -= 64;
    const ByteMasks masks = byte_masks64(at, line_break, line_break, quote, quote);
    std::uint64_t upto = masks.others;  // bit i: the quotes at 0..i, odd
    for (int shift = 1; shift < 64; shift *= 2) upto ^= upto << shift;
    const bool window_odd = upto >> 63;
    // bit i: the quotes after byte i, to `end`, odd
    const std::uint64_t after = upto ^ (window_odd != odd ? ~std::uint64_t{0} : 0);
    if (const std::uint64_t found = masks.ends & (odd_after ? after : ~after)) {
      const int bit = 63 - __builtin_clzll(found);
      out.after = at + bit + 1;
      out.breaks_after += bit == 63 ? 0 : __builtin_popcountll(masks.ends >> (bit + 1));
      return out;
    }
    out.breaks_after += __builtin_popcountll(masks.ends);
    odd = odd != window_odd;
  }
  while (at > p) {
    --at;
    if (*at == quote) {
      odd = !odd;
    } else if (*at == line_break) {
      if (odd == odd_after) {
        out.after = at + 1;
        return out;
      }
      ++out.breaks_after;
    }
  }
  out.breaks_after = 0;
  return out;
}

}  // namespace weir
