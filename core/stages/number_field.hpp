#pragma once
/// A computed number as a field value (step, fraction, histogram): the text
/// expr::format_number gives (an integer without a fraction, else the
/// shortest text that reads back as the same double), made without fmt's
/// run-time format parsing: step writes one or more per record.

#include <charconv>
#include <cmath>

#include <fmt/compile.h>
#include <fmt/format.h>

#include "core/record/batch.hpp"

namespace weir {

/// The text of x in `buffer` (40 bytes): an integer without a fraction,
/// else the shortest text that reads back as the same double.
inline std::string_view number_text(double x, char* buffer) {
  char* end;
  if (std::isfinite(x) && x == std::trunc(x) && std::fabs(x) < 9.007199254740992e15) {
    end = std::to_chars(buffer, buffer + 40, static_cast<long long>(x)).ptr;
  } else {
    end = fmt::format_to_n(buffer, 40, FMT_COMPILE("{}"), x).out;
  }
  return std::string_view(buffer, static_cast<std::size_t>(end - buffer));
}

inline Field number_field(double x, Batch& batch, std::string_view name = {}) {
  char buffer[40];
  return Field(name, batch.store(number_text(x, buffer)), ValueKind::json);
}

}  // namespace weir
