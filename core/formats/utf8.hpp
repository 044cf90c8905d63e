#pragma once
/// UTF-8, checked: the one decoder the readers, writers and reports share.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace weir {

/// The length of the well-formed UTF-8 sequence at s (n bytes left, s[0] >=
/// 0x80) and its code point, or 0 when there is none: a stray continuation
/// byte, a truncated, overlong or surrogate sequence, or a code point past U+10FFFF.
inline std::size_t utf8_decode(const unsigned char* s, std::size_t n, std::uint32_t& cp) {
  unsigned char c = s[0];
  std::size_t length;
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
    cp = c & 0x1Fu;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    cp = c & 0x0Fu;
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    cp = c & 0x07u;
  } else {
    return 0;
  }
  if (n < length) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[i] & 0x3Fu);
  }
  if (length == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return 0;
  if (length == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return 0;
  return length;
}

/// Appends code point `cp` (at most U+10FFFF, not a surrogate) as UTF-8.
inline void append_utf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

/// The same, when the code point does not matter.
inline std::size_t utf8_length(const unsigned char* s, std::size_t n) {
  std::uint32_t cp;
  return utf8_decode(s, n, cp);
}

/// How many characters (code points) `text` holds: its bytes that are not
/// continuation bytes. Columns in messages and reports count these.
inline std::size_t utf8_characters(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

/// The first byte of `text` that does not start a well-formed sequence, or nullptr.
inline const char* find_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const auto* e = s + text.size();
  while (s < e) {
    if (*s < 0x80) {
      ++s;
      continue;
    }
    std::size_t length = utf8_length(s, static_cast<std::size_t>(e - s));
    if (length == 0) return reinterpret_cast<const char*>(s);
    s += length;
  }
  return nullptr;
}

}  // namespace weir
