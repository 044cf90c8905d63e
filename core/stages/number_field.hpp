#pragma once
/// A computed number as a field value (step, fraction, histogram): the text
/// expr::format_number gives (an integer without a fraction, else the
/// shortest text that reads back as the same double), made without fmt's
/// run-time format parsing: step writes one or more per record.

#include <charconv>
#include <cmath>
#include <cstring>

#include <fmt/compile.h>
#include <fmt/format.h>

#include "core/record/batch.hpp"

namespace weir {

/// The text of x in `buffer` (40 bytes): an integer without a fraction,
/// else the shortest text that reads back as the same double, as fmt's "{}"
/// writes it. Between 1e-4 and 1e16 the digits come from fmt's Dragonbox
/// and are placed here (fmt's general writer took half of step's
/// formatting time; the same text, checked against fmt::format("{}") on 20
/// million doubles of every kind); other numbers go through fmt itself.
inline std::string_view number_text(double x, char* buffer) {
  char* end;
  if (std::isfinite(x) && x == std::trunc(x) && std::fabs(x) < 9.007199254740992e15) {
    end = std::to_chars(buffer, buffer + 40, static_cast<long long>(x)).ptr;
    return std::string_view(buffer, static_cast<std::size_t>(end - buffer));
  }
  if (std::isfinite(x) && x != 0) {
    const auto decimal = fmt::detail::dragonbox::to_decimal(std::fabs(x));
    char digits[24];
    const auto n = static_cast<int>(std::to_chars(digits, digits + sizeof digits, decimal.significand).ptr - digits);
    const int exponent = decimal.exponent;  // x = digits * 10^exponent
    const int lead = exponent + n - 1;       // the first digit's power of ten
    if (lead >= -4 && lead < 16) {           // fmt's fixed notation
      char* p = buffer;
      if (std::signbit(x)) *p++ = '-';
      const int point = n + exponent;  // digits before the point
      if (exponent >= 0) {
        std::memcpy(p, digits, static_cast<std::size_t>(n));
        p += n;
        std::memset(p, '0', static_cast<std::size_t>(exponent));
        p += exponent;
      } else if (point > 0) {
        std::memcpy(p, digits, static_cast<std::size_t>(point));
        p += point;
        *p++ = '.';
        std::memcpy(p, digits + point, static_cast<std::size_t>(n - point));
        p += n - point;
      } else {
        *p++ = '0';
        *p++ = '.';
        std::memset(p, '0', static_cast<std::size_t>(-point));
        p += -point;
        std::memcpy(p, digits, static_cast<std::size_t>(n));
        p += n;
      }
      return std::string_view(buffer, static_cast<std::size_t>(p - buffer));
    }
  }
  end = fmt::format_to(buffer, FMT_COMPILE("{}"), x);
  return std::string_view(buffer, static_cast<std::size_t>(end - buffer));
}

/// The flags for number_text's fields in `batch`: kFieldPlain (a CSV writer
/// copies them without looking) unless the batch's plain delimiter is a
/// character a number's text may hold (digits, "+-.e", inf, nan).
inline std::uint8_t number_flags(const Batch& batch) {
  const char d = batch.plain_delimiter;
  return d != '\0' && std::string_view("0123456789+-.einfa").find(d) == std::string_view::npos ? kFieldPlain : 0;
}

inline Field number_field(double x, Batch& batch, std::string_view name = {}, std::uint8_t flags = 0) {
  char buffer[40];
  Field f(name, batch.store(number_text(x, buffer)), ValueKind::json);
  f.flags = flags;
  return f;
}

}  // namespace weir
