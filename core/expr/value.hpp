#pragma once
/// Values in expressions: null, bool, number or string. A value read from a
/// field remembers the field, so its number is parsed once (Field::number()).

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/record/field.hpp"

namespace weir::expr {

enum class Type : std::uint8_t { null, boolean, number, string };

struct Value {
  Type type = Type::null;
  bool boolean = false;
  double number = 0;
  std::string_view text;          ///< for strings
  const Field* field = nullptr;   ///< the field a string came from, if any
  ValueKind kind = ValueKind::text;  ///< of that field: json text keeps its type

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
  /// Truthiness for and/or/not/filter: null and false are false; a number is
  /// true when not 0; a string is true unless empty or "false" or "0".
  bool truthy() const;
};

}  // namespace weir::expr
