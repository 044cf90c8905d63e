#pragma once
/// Values in expressions: null, bool, number or string. A value read from a
/// field remembers the field, so its number is parsed once (Field::number()).

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/record/exact_number.hpp"
#include "core/record/field.hpp"

namespace weir::expr {

enum class Type : std::uint8_t { null, boolean, number, string };

struct Value {
  Type type = Type::null;
  bool boolean = false;
  double number = 0;
  /// A number past 2^53 that is an integer (an ID such as
  /// 1600000000000000003, which `number` holds only to the nearest 256):
  /// its exact value, which comparisons, + - * % and the text use.
  bool wide = false;
  std::int64_t integer = 0;
  std::string_view text;          ///< for strings
  const Field* field = nullptr;   ///< the field a string (or a JSON number) came from, if any
  ValueKind kind = ValueKind::text;  ///< of that field: json text keeps its type
  /// Miller's absent (with Expression::use_absent_rules): a field the record
  /// does not have, which arithmetic passes over and an assignment skips.
  bool absent = false;

  static Value null() { return {}; }
  static Value of(bool b) {
    Value v;
    v.type = Type::boolean;
    v.boolean = b;
    return v;
  }
  static Value of(double n) {
    Value v;
    v.type = Type::number;
    v.number = n;
    return v;
  }
  /// An integer, exact also past 2^53.
  static Value of_integer(std::int64_t i) {
    Value v = of(static_cast<double>(i));
    v.wide = std::fabs(v.number) >= kExactIntegerLimit;
    v.integer = i;
    return v;
  }
  /// The number x that `text` spells: wide when the text is an integer past 2^53.
  static Value of_number_text(double x, std::string_view text) {
    if (std::fabs(x) >= kExactIntegerLimit) {
      if (std::optional<std::int64_t> i = decimal_integer(text)) return of_integer(*i);
    }
    return of(x);
  }
  static Value of(std::string_view s) {
    Value v;
    v.type = Type::string;
    v.text = s;
    return v;
  }
  /// A field's value: null when the field is missing or empty (or JSON null).
  static Value of(const Field* f);

  bool is_null() const { return type == Type::null; }
  /// The value as a number: numbers, numeric strings ("12.5"), true/false as 1/0.
  std::optional<double> as_number() const;
  /// The number x (as_number()) as Miller's arithmetic keeps it: an integer
  /// exactly, else a double.
  ExactNumber exact(double x) const;
  /// What orders x (as_number()) against an equal double past 2^53 (wide_part()).
  std::int64_t wide_part_of(double x) const;
  /// Truthiness for and/or/not/filter: null and false are false; a number is
  /// true when not 0; a string is true unless empty or "false" or "0".
  bool truthy() const;
};

}  // namespace weir::expr
