#pragma once
/// Integers past a double's 53 bits. A double holds 1600000000000000003 (an
/// ID of that size is common) only to the nearest 256, so two such IDs read
/// as the same number. Verbs that order, add or subtract numbers keep the
/// integer the text spells beside the double, as Miller's int64 does.

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>

namespace weir {

/// 2^53: below it every integer is an exact double.
inline constexpr double kExactIntegerLimit = 9007199254740992.0;

/// The integer a text spells in decimal ([+-]DIGITS), when it fits 64 bits.
inline std::optional<std::int64_t> decimal_integer(std::string_view text) {
  if (text.starts_with('+')) {
    text.remove_prefix(1);
    if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;  // (from_chars takes "-5")
  }
  std::int64_t n = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, n);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return n;
}

/// The integer of 0x1F, 0b101, 0o17 (0X, 0B, 0O too; and with '-'), as
/// Miller 6 reads them from data; nullopt for anything else. The value must
/// fit int64, but for hex of exactly 16 digits, which is two's complement
/// (0xffffffffffffffff is -1), as in Miller; 0b and 0o past int64 are text.
inline std::optional<std::int64_t> prefixed_integer(std::string_view text) {
  const bool negative = text.starts_with('-');
  if (negative) text.remove_prefix(1);
  if (text.size() < 3 || text[0] != '0') return std::nullopt;
  const char prefix = static_cast<char>(text[1] | 0x20);
  const int base = prefix == 'x' ? 16 : prefix == 'b' ? 2 : prefix == 'o' ? 8 : 0;
  if (base == 0) return std::nullopt;
  const std::string_view digits = text.substr(2);
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n, base);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  if (n > static_cast<std::uint64_t>(INT64_MAX) && !(base == 16 && digits.size() == 16)) return std::nullopt;
  // (negated unsigned: -0x8000000000000000 is the least int64, not an overflow)
  return static_cast<std::int64_t>(negative ? 0 - n : n);
}

/// The digits of n at `buffer`, which has room for 20.
inline std::string_view integer_text(std::int64_t n, char* buffer) {
  const char* end = std::to_chars(buffer, buffer + 20, n).ptr;
  return std::string_view(buffer, static_cast<std::size_t>(end - buffer));
}

/// The double x of magnitude 2^53 or more (an integer, being that large)
/// as an int64, held at the ends of its range.
inline std::int64_t clamped_integer(double x) {
  if (x >= 9223372036854775807.0) return INT64_MAX;
  if (x <= -9223372036854775807.0) return INT64_MIN;
  return static_cast<std::int64_t>(x);
}

/// What orders two equal doubles: 0 below 2^53 (equal doubles there are
/// equal numbers), else the integer `text` spells, or x's own. Ordering by
/// the double, then by this, orders numbers by their exact values.
inline std::int64_t wide_part(double x, std::string_view text) {
  if (std::fabs(x) < kExactIntegerLimit) return 0;
  if (std::optional<std::int64_t> n = decimal_integer(text)) return *n;
  return clamped_integer(x);
}

/// -1, 0, 1: x against y, each with its wide_part.
inline int compare_exact(double x, std::int64_t wide_x, double y, std::int64_t wide_y) {
  if (x != y) return x < y ? -1 : 1;
  return wide_x < wide_y ? -1 : wide_x > wide_y ? 1 : 0;
}

/// A number as Miller's arithmetic keeps it: an integer while integers add,
/// subtract and multiply without overflow, else a double.
struct ExactNumber {
  bool is_int = true;
  std::int64_t i = 0;
  double f = 0;

  static ExactNumber integer(std::int64_t n) { return {true, n, 0}; }
  static ExactNumber real(double x) { return {false, 0, x}; }
  /// The number x read from `text`: an integer when x is one (below 2^53)
  /// or the text spells one (at or past it).
  static ExactNumber of(double x, std::string_view text) {
    if (std::fabs(x) < kExactIntegerLimit) return x == std::trunc(x) ? integer(static_cast<std::int64_t>(x)) : real(x);
    if (std::optional<std::int64_t> n = decimal_integer(text)) return integer(*n);
    return real(x);
  }

  double value() const { return is_int ? static_cast<double>(i) : f; }
  /// True when value() is not the number (an integer at or past 2^53).
  bool wide() const { return is_int && (i >= 9007199254740992 || i <= -9007199254740992); }

  ExactNumber plus(const ExactNumber& b) const {
    std::int64_t n;
    if (is_int && b.is_int && !__builtin_add_overflow(i, b.i, &n)) return integer(n);
    return real(value() + b.value());
  }
  ExactNumber minus(const ExactNumber& b) const {
    std::int64_t n;
    if (is_int && b.is_int && !__builtin_sub_overflow(i, b.i, &n)) return integer(n);
    return real(value() - b.value());
  }
  ExactNumber times(const ExactNumber& b) const {
    std::int64_t n;
    if (is_int && b.is_int && !__builtin_mul_overflow(i, b.i, &n)) return integer(n);
    return real(value() * b.value());
  }
};

}  // namespace weir
