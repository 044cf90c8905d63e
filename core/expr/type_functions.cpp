// Miller's types: typeof and the is_* tests. A field's type is what Miller
// infers from its text (0x1F is an int, 1e5 a float, 007 and +3 are text); a
// text made in the expression (a literal, str(x), a . b) is a string, as in
// Miller; a computed number is an int when it is whole.

#include <cmath>

#include "core/expr/builtin_impl.hpp"
#include "core/expr/builtins.hpp"

namespace weir::expr {

namespace {

// Miller's inference from text: [-] then 0x/0b/0o digits or a decimal
// integer without leading zeros (an int), or a decimal with a point or an
// exponent (a float); anything else is a string.
MillerType type_of_text(std::string_view t) {
  const std::string_view signed_text = t;
  if (t.starts_with('-')) t.remove_prefix(1);
  if (t.size() > 2 && t[0] == '0') {
    const char prefix = static_cast<char>(t[1] | 0x20);
    const int base = prefix == 'x' ? 16 : prefix == 'b' ? 2 : prefix == 'o' ? 8 : 0;
    // (past 64 bits it is text; hex of 16 digits is two's complement)
    if (base) return prefixed_integer(signed_text) ? MillerType::integer : MillerType::string;
  }
  std::size_t i = 0, whole = 0, fraction = 0;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i, ++whole;
  const bool point = i < t.size() && t[i] == '.';
  if (point) {
    ++i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i, ++fraction;
  }
  if (whole + fraction == 0) return MillerType::string;
  bool exponent = false;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    if (i == t.size()) return MillerType::string;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    exponent = true;
  }
  if (i != t.size()) return MillerType::string;
  if (point || exponent) return MillerType::real;
  if (whole > 1 && t[0] == '0') return MillerType::string;  // 007
  // past int64 it is a float (as Miller's later versions read it); the sign
  // counts: -9223372036854775808 is within
  return whole < 19 || decimal_integer(signed_text) ? MillerType::integer : MillerType::real;
}

std::string_view name_of(MillerType type) {
  switch (type) {
    case MillerType::absent: return "absent";
    case MillerType::empty: return "empty";
    case MillerType::boolean: return "bool";
    case MillerType::integer: return "int";
    case MillerType::real: return "float";
    case MillerType::string: return "string";
    case MillerType::map: return "map";
    case MillerType::array: return "array";
  }
  return "string";
}

}  // namespace

MillerType miller_type(const Value& v) {
  if (v.absent) return MillerType::absent;
  switch (v.type) {
    case Type::null: return MillerType::empty;
    case Type::boolean: return MillerType::boolean;
    case Type::number:
      // a JSON number as written (1.0 is a float), unless made by a stage
      if (v.field && !v.field->value.empty()) return type_of_text(v.field->value);
      return v.wide || (std::isfinite(v.number) && v.number == std::trunc(v.number)) ? MillerType::integer
                                                                                     : MillerType::real;
    case Type::string:
      if (v.kind == ValueKind::json && v.text.starts_with('[')) return MillerType::array;
      if (v.kind == ValueKind::json && v.text.starts_with('{')) return MillerType::map;
      return v.field ? type_of_text(v.text) : MillerType::string;
  }
  return MillerType::string;
}

Value call_type_function(Builtin id, const Value& v) {
  const MillerType type = miller_type(v);
  switch (id) {
    case Builtin::typeof_: return Value::of(name_of(type));
    case Builtin::is_present: return Value::of(type != MillerType::absent);
    case Builtin::is_absent: return Value::of(type == MillerType::absent);
    case Builtin::is_empty: return Value::of(type == MillerType::empty);
    case Builtin::is_not_empty:
    case Builtin::is_not_null: return Value::of(type != MillerType::empty && type != MillerType::absent);
    case Builtin::is_string: return Value::of(type == MillerType::string || type == MillerType::empty);
    case Builtin::is_numeric: return Value::of(type == MillerType::integer || type == MillerType::real);
    case Builtin::is_int: return Value::of(type == MillerType::integer);
    case Builtin::is_float: return Value::of(type == MillerType::real);
    default: return Value::of(v.type == Type::number && std::isnan(v.number));  // is_nan
  }
}

}  // namespace weir::expr
