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

/// How many bytes in [p, end) equal c (the parallel engine counts the lines
/// of each block while it cuts them). Reads no byte past `end`.
inline std::int64_t count_byte(const char* p, const char* end, char c) {
  std::int64_t n = 0;
  // Each byte lane counts its matches (a match is -1, subtracted) for up to
  // 255 rounds, then the lanes are summed 8 at a time (sad): no mask, no
  // popcount and no dependence on the count in the loop, 2-3x the speed of
  // a popcount per load on a chunk in L2 (-j N counts each chunk's lines).
#if defined(__AVX2__)
  const __m256i vc = _mm256_set1_epi8(c), zero = _mm256_setzero_si256();
  __m256i total = zero;
  while (end - p >= 64) {
    __m256i a = zero, b = zero;
    const char* stop = p + 64 * std::min<std::ptrdiff_t>((end - p) / 64, 255);
    for (; p < stop; p += 64) {
      a = _mm256_sub_epi8(a, _mm256_cmpeq_epi8(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)), vc));
      b = _mm256_sub_epi8(
          b, _mm256_cmpeq_epi8(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32)), vc));
    }
    total = _mm256_add_epi64(total, _mm256_add_epi64(_mm256_sad_epu8(a, zero), _mm256_sad_epu8(b, zero)));
  }
  alignas(32) std::int64_t lanes[4];
  _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), total);
  n = lanes[0] + lanes[1] + lanes[2] + lanes[3];
#elif defined(__SSE2__)
  const __m128i vc = _mm_set1_epi8(c), zero = _mm_setzero_si128();
  __m128i total = zero;
  while (end - p >= 32) {
    __m128i a = zero, b = zero;
    const char* stop = p + 32 * std::min<std::ptrdiff_t>((end - p) / 32, 255);
    for (; p < stop; p += 32) {
      a = _mm_sub_epi8(a, _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), vc));
      b = _mm_sub_epi8(b, _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16)), vc));
    }
    total = _mm_add_epi64(total, _mm_add_epi64(_mm_sad_epu8(a, zero), _mm_sad_epu8(b, zero)));
  }
  alignas(16) std::int64_t lanes[2];
  _mm_store_si128(reinterpret_cast<__m128i*>(lanes), total);
  n = lanes[0] + lanes[1];
#endif
  for (; p < end; ++p) n += *p == c;
  return n;
}

}  // namespace weir
