#pragma once
/// A computed number as a field value (step, fraction, histogram): the text
/// expr::format_number gives (an integer without a fraction, else the
/// shortest text that reads back as the same double), made without fmt's
/// run-time format parsing: step writes one or more per record.

#include "core/record/batch.hpp"
#include "core/record/number_text.hpp"

namespace weir {

/// The flags for number_text's fields in `batch`: kFieldPlain (a CSV writer
/// copies them without looking) unless the batch's plain delimiter is a
/// character a number's text may hold (digits, "+-.e", NaN, +Inf).
inline std::uint8_t number_flags(const Batch& batch) {
  const char d = batch.plain_delimiter;
  return d != '\0' && std::string_view("0123456789+-.eNaInf").find(d) == std::string_view::npos ? kFieldPlain : 0;
}

/// A computed number's kind: JSON, but NaN and the infinities are text
/// (number_text writes NaN, +Inf: no JSON number).
inline ValueKind number_kind(double x) { return std::isfinite(x) ? ValueKind::json : ValueKind::text; }

inline Field number_field(double x, Batch& batch, std::string_view name = {}, std::uint8_t flags = 0) {
  // written straight into the batch's memory, the unused rest given back
  constexpr std::size_t kMost = kNumberTextMost;
  std::string_view text = number_text(x, batch.allocate(kMost));
  batch.give_back(kMost - text.size());
  Field f(name, text, number_kind(x));
  f.flags = flags;
  return f;
}

/// An integer field, from its digits: exact also past 2^53, where
/// number_field's double is not.
inline Field integer_field(std::int64_t n, Batch& batch, std::string_view name = {}, std::uint8_t flags = 0) {
  const fmt::format_int digits(n);
  Field f(name, batch.store(std::string_view(digits.data(), digits.size())), ValueKind::json);
  f.flags = flags;
  return f;
}

/// A number field whose text is made later, by complete_numbers(): on
/// whichever thread then holds the batch (the writer's, after step).
inline Field deferred_number_field(double x, Batch& batch, std::uint8_t flags = 0) {
  Field f;
  f.defer_number(x, flags);
  ++batch.deferred;
  return f;
}

/// Makes the text of the batch's deferred numbers (number_field's text).
inline void complete_numbers(Batch& batch) {
  if (batch.deferred == 0) return;
  constexpr std::size_t kMost = kNumberTextMost;
  for (std::size_t r = 0; r < batch.size(); ++r) {
    for (Field& f : batch[r].fields()) {
      if (!(f.flags & kFieldDeferred)) continue;
      const std::uint8_t flags = f.flags & ~kFieldDeferred;
      std::string_view text = number_text(*f.number(), batch.allocate(kMost));
      batch.give_back(kMost - text.size());
      f.set_value(text, number_kind(*f.number()));
      f.flags = flags;
    }
  }
  batch.deferred = 0;
}

}  // namespace weir
