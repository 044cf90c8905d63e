#include "core/expr/value.hpp"

#include <charconv>

namespace weir::expr {

Value Value::of(const Field* f) {
  if (!f || f->is_null()) return null();
  if (f->kind == ValueKind::json && (f->value == "true" || f->value == "false")) return of(f->value == "true");
  Value v;
  v.type = Type::string;
  v.text = f->value;
  v.field = f;
  v.kind = f->kind;
  if (f->kind == ValueKind::json) {
    // a JSON number is a number; objects and arrays stay text
    if (auto n = f->number()) {
      Value number = of_number_text(*n, f->value);
      number.field = f;  // (copied as it is written: 1.50, 1e3, 12345678901234567890)
      number.kind = f->kind;
      return number;
    }
  }
  return v;
}

std::optional<double> Value::as_number() const {
  switch (type) {
    case Type::number: return number;
    case Type::boolean: return boolean ? 1.0 : 0.0;
    case Type::null: return std::nullopt;
    case Type::string: {
      // a field's number is cached in the field; JSON strings ("500") count too
      if (field && field->kind != ValueKind::string) return field->number();
      Field probe(std::string_view(), text);
      return probe.number();
    }
  }
  return std::nullopt;
}

ExactNumber Value::exact(double x) const {
  if (wide) return ExactNumber::integer(integer);
  return ExactNumber::of(x, type == Type::string ? text : std::string_view());
}

std::int64_t Value::wide_part_of(double x) const {
  if (wide) return integer;
  return wide_part(x, type == Type::string ? text : std::string_view());
}

bool Value::truthy() const {
  switch (type) {
    case Type::null: return false;
    case Type::boolean: return boolean;
    case Type::number: return number != 0;
    case Type::string: return !text.empty() && text != "false" && text != "0";
  }
  return false;
}

}  // namespace weir::expr
