// The JSON Lines fast path (see jsonl_flat.hpp for what it accepts and why).
//
// Every check here mirrors one simdjson makes on the slow path: strings must
// be valid UTF-8 with no raw control character and only JSON's escapes,
// numbers must follow the JSON grammar, literals must be spelled out and
// followed by a delimiter. Where the two could differ (a surrogate escape
// that is not a proper pair, a key with an escape), the scan gives up and
// lets simdjson decide.

#include "core/formats/jsonl_flat.hpp"

#include <cstring>

#if defined(__SSE2__)
#include <immintrin.h>
#endif

namespace weir::jsonl {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

const char* skip_blanks(const char* p, const char* end) {
  while (p < end && is_blank(*p)) ++p;
  return p;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// The code unit of the four hex digits at p, or -1 (p + 4 <= end is checked).
int hex4(const char* p, const char* end) {
  if (end - p < 4) return -1;
  int unit = 0;
  for (int i = 0; i < 4; ++i) {
    int h = hex_digit(p[i]);
    if (h < 0) return -1;
    unit = unit * 16 + h;
  }
  return unit;
}

/// A string scanned from just after its opening quote.
struct StringScan {
  const char* close = nullptr;  ///< its closing quote; nullptr: give up
  bool escaped = false;         ///< holds a (well-formed) escape
};

/// The first byte at or after q that may end or interrupt a plain run of
/// string text: '"', '\\' or a control character; also says whether a byte
/// of 0x80 or more came before it. Reads whole 16-byte chunks (padding).
inline const char* next_special(const char* q, const char* end, bool& ascii) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i control_max = _mm_set1_epi8(0x1F);
  for (; q < end; q += 16) {
    __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
    // x <= 0x1F unsigned: min(x, 0x1F) == x
    __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(x, control_max), x);
    __m128i special =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)), control);
    auto special_mask = static_cast<std::uint32_t>(_mm_movemask_epi8(special));
    auto high_mask = static_cast<std::uint32_t>(_mm_movemask_epi8(x));
    if (special_mask) {
      std::uint32_t first = static_cast<std::uint32_t>(__builtin_ctz(special_mask));
      if (high_mask & ((1u << first) - 1)) ascii = false;
      return q + first;
    }
    if (high_mask) ascii = false;
  }
  return end;
#else
  for (; q < end; ++q) {
    auto c = static_cast<unsigned char>(*q);
    if (c == '"' || c == '\\' || c < 0x20) return q;
    if (c >= 0x80) ascii = false;
  }
  return end;
#endif
}

StringScan scan_string(const char* p, const char* end) {
  StringScan scan;
  bool ascii = true;
  const char* q = p;
  for (;;) {
    const char* s = next_special(q, end, ascii);
    if (s >= end) return {};
    if (*s == '"') {
      if (!ascii && find_invalid_utf8(std::string_view(p, static_cast<std::size_t>(s - p)))) return {};
      scan.close = s;
      return scan;
    }
    if (*s != '\\' || end - s < 2) return {};  // a control character, or a cut escape
    scan.escaped = true;
    switch (s[1]) {
      case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
        q = s + 2;
        break;
      case 'u':
        if (hex4(s + 2, end) < 0) return {};
        q = s + 6;
        break;
      default: return {};
    }
  }
}

void put_utf8(char*& out, std::uint32_t cp) {
  if (cp < 0x80) {
    *out++ = static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out++ = static_cast<char>(0xC0 | (cp >> 6));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out++ = static_cast<char>(0xE0 | (cp >> 12));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out++ = static_cast<char>(0xF0 | (cp >> 18));
    *out++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
}

/// Unescapes the string text [p, close) (escapes checked by scan_string)
/// into the batch's memory; false for a surrogate escape that is not part
/// of a proper pair (simdjson decides about those).
bool unescape(const char* p, const char* close, Batch& batch, std::string_view& value) {
  // an escape never unescapes to more bytes than it is spelled with
  char* const start = batch.allocate(static_cast<std::size_t>(close - p));
  char* out = start;
  while (p < close) {
    const char* bs = static_cast<const char*>(std::memchr(p, '\\', static_cast<std::size_t>(close - p)));
    if (!bs) bs = close;
    std::memcpy(out, p, static_cast<std::size_t>(bs - p));
    out += bs - p;
    p = bs;
    if (p == close) break;
    char e = p[1];
    p += 2;
    switch (e) {
      case 'b': *out++ = '\b'; continue;
      case 'f': *out++ = '\f'; continue;
      case 'n': *out++ = '\n'; continue;
      case 'r': *out++ = '\r'; continue;
      case 't': *out++ = '\t'; continue;
      case 'u': break;
      default: *out++ = e; continue;  // '"', '\\', '/'
    }
    auto unit = static_cast<std::uint32_t>(hex4(p, close));
    p += 4;
    if (unit >= 0xDC00 && unit <= 0xDFFF) return false;
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      if (close - p < 6 || p[0] != '\\' || p[1] != 'u') return false;
      int low = hex4(p + 2, close);
      if (low < 0xDC00 || low > 0xDFFF) return false;
      p += 6;
      unit = 0x10000 + ((unit - 0xD800) << 10) + (static_cast<std::uint32_t>(low) - 0xDC00);
    }
    put_utf8(out, unit);
  }
  value = std::string_view(start, static_cast<std::size_t>(out - start));
  return true;
}

/// True when every surrogate escape in the string text [p, close) (escapes
/// checked by scan_string) is half of a proper pair, as unescape() wants.
bool surrogates_paired(const char* p, const char* close) {
  for (;;) {
    const char* bs = static_cast<const char*>(std::memchr(p, '\\', static_cast<std::size_t>(close - p)));
    if (!bs) return true;
    p = bs + 2;
    if (bs[1] != 'u') continue;
    int unit = hex4(p, close);
    p += 4;
    if (unit >= 0xDC00 && unit <= 0xDFFF) return false;
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      if (close - p < 6 || p[0] != '\\' || p[1] != 'u') return false;
      int low = hex4(p + 2, close);
      if (low < 0xDC00 || low > 0xDFFF) return false;
      p += 6;
    }
  }
}

/// The end of the JSON number at p, or nullptr when it breaks the grammar
/// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
const char* number_end(const char* p, const char* end) {
  if (p < end && *p == '-') ++p;
  if (p == end) return nullptr;
  if (*p == '0') {
    ++p;
  } else if (*p >= '1' && *p <= '9') {
    while (++p < end && is_digit(*p)) {
    }
  } else {
    return nullptr;
  }
  if (p < end && *p == '.') {
    if (++p == end || !is_digit(*p)) return nullptr;
    while (++p < end && is_digit(*p)) {
    }
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    if (++p < end && (*p == '+' || *p == '-')) ++p;
    if (p == end || !is_digit(*p)) return nullptr;
    while (++p < end && is_digit(*p)) {
    }
  }
  return p;
}

/// The end of the literal `word` at p, or nullptr.
const char* literal_end(const char* p, const char* end, std::string_view word) {
  if (static_cast<std::size_t>(end - p) < word.size() || std::memcmp(p, word.data(), word.size()) != 0)
    return nullptr;
  return p + word.size();
}

/// Deeper values are left to simdjson (which refuses them past kMaxDepth).
constexpr int kMaxNesting = 64;

/// The end of the valid JSON value at p (p < end), nested `depth` levels
/// deep, or nullptr. Blanks may surround its parts; a line break may not.
const char* value_end(const char* p, const char* end, int depth) {
  switch (*p) {
    case '"': {
      StringScan s = scan_string(p + 1, end);
      if (!s.close || (s.escaped && !surrogates_paired(p + 1, s.close))) return nullptr;
      return s.close + 1;
    }
    case '{':
    case '[': {
      const char close = *p == '{' ? '}' : ']';
      if (depth >= kMaxNesting) return nullptr;
      p = skip_blanks(p + 1, end);
      if (p == end) return nullptr;
      if (*p == close) return p + 1;
      for (;;) {
        if (close == '}') {
          if (*p != '"') return nullptr;
          p = value_end(p, end, depth);  // the key: a string
          if (!p) return nullptr;
          p = skip_blanks(p, end);
          if (p == end || *p != ':') return nullptr;
          p = skip_blanks(p + 1, end);
          if (p == end) return nullptr;
        }
        p = value_end(p, end, depth + 1);
        if (!p) return nullptr;
        p = skip_blanks(p, end);
        if (p == end) return nullptr;
        if (*p == close) return p + 1;
        if (*p != ',') return nullptr;
        p = skip_blanks(p + 1, end);
        if (p == end) return nullptr;
      }
    }
    case 't': return literal_end(p, end, "true");
    case 'f': return literal_end(p, end, "false");
    case 'n': return literal_end(p, end, "null");
    default: return number_end(p, end);
  }
}

constexpr std::size_t kMaxFlatFields = 4096;

}  // namespace

const char* scan_flat_object(const char* p, const char* end, std::vector<Field>& fields, Batch& batch,
                             const std::vector<std::string>* expected) {
  fields.clear();
  p = skip_blanks(p + 1, end);  // past the '{'
  if (p == end) return nullptr;
  if (*p != '}') {
    for (;;) {
      if (*p != '"') return nullptr;
      // a wide object is left to simdjson, which holds it to --max-fields
      if (fields.size() == kMaxFlatFields) return nullptr;
      Field& field = fields.emplace_back();
      const char* key_close = nullptr;
      std::size_t index = fields.size() - 1;
      if (expected && index < expected->size()) {
        // the key of the record before, at the same place: no scan needed
        const std::string& known = (*expected)[index];
        if (static_cast<std::size_t>(end - p - 1) > known.size() &&
            std::memcmp(p + 1, known.data(), known.size()) == 0 && p[1 + known.size()] == '"') {
          key_close = p + 1 + known.size();
          field.name = known;
        }
      }
      if (!key_close) {
        StringScan key = scan_string(p + 1, end);
        if (!key.close || key.escaped) return nullptr;
        key_close = key.close;
        field.name = std::string_view(p + 1, static_cast<std::size_t>(key.close - p - 1));
      }
      p = skip_blanks(key_close + 1, end);
      if (p == end || *p != ':') return nullptr;
      p = skip_blanks(p + 1, end);
      if (p == end) return nullptr;
      switch (*p) {
        case '"': {
          StringScan s = scan_string(p + 1, end);
          if (!s.close) return nullptr;
          field.kind = ValueKind::string;
          if (!s.escaped) {
            field.value = std::string_view(p + 1, static_cast<std::size_t>(s.close - p - 1));
          } else if (!unescape(p + 1, s.close, batch, field.value)) {
            return nullptr;
          }
          p = s.close + 1;
          break;
        }
        case 'n':
          // null is an empty JSON value (see the reader)
          if (!literal_end(p, end, "null")) return nullptr;
          field.kind = ValueKind::json;
          p += 4;
          break;
        default: {
          // a number, true, false, or a nested object or array: its text
          const char* stop = value_end(p, end, 1);
          if (!stop) return nullptr;
          field.kind = ValueKind::json;
          field.value = std::string_view(p, static_cast<std::size_t>(stop - p));
          p = stop;
          break;
        }
      }
      // a value must be followed by ',' or '}' (so `truex`, `1x` and `1 2` give up)
      p = skip_blanks(p, end);
      if (p == end) return nullptr;
      if (*p == '}') break;
      if (*p != ',') return nullptr;
      p = skip_blanks(p + 1, end);
      if (p == end) return nullptr;
    }
  }
  p = skip_blanks(p + 1, end);  // past the '}'
  return p == end || *p == '\n' ? p : nullptr;
}

bool is_plain_key(std::string_view key) {
  for (char c : key) {
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return false;
  }
  return true;
}


}  // namespace weir::jsonl
