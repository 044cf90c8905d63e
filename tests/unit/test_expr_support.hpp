#pragma once
// Helpers for the expression tests: records read from text, an expression
// evaluated against them, and the error a bad expression fails with.

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "core/expr/expression.hpp"
#include "tests/unit/test_support.hpp"

namespace weir::test {

/// A value as the tests spell it: null, true, false, 42, 0.5, "text".
inline std::string show(const expr::Value& v) {
  switch (v.type) {
    case expr::Type::null:
      return "null";
    case expr::Type::boolean:
      return v.boolean ? "true" : "false";
    case expr::Type::number: {
      char buffer[weir::kNumberTextMost];
      return std::string(expr::format_number(v.number, buffer, sizeof buffer));
    }
    case expr::Type::string: {
      // built by append: GCC 12 -Wrestrict misfires on "literal" + std::string
      std::string out(1, '"');
      out.append(v.text);
      out += '"';
      return out;
    }
  }
  return "?";
}

/// The records of `input` read as `from` (one batch: inputs here are small).
class Records {
 public:
  Records(const std::string& input, const std::string& from) {
    ErrorPolicy errors(OnError::fail);
    auto reader = format_named(from).make_reader(memory_source(input, "in." + from), ReadOptions{}, errors);
    REQUIRE(reader->read(batch_));
    REQUIRE(!batch_.empty());
  }

  std::size_t size() const { return batch_.size(); }
  Batch& batch() { return batch_; }

  /// `expression` evaluated against record `i`.
  expr::Value evaluate(expr::Expression& expression, std::size_t i = 0) {
    return expression.evaluate(batch_[i], batch_);
  }

  /// `source` compiled and evaluated against record `i`, shown.
  std::string eval(std::string_view source, std::size_t i = 0) {
    auto expression = expr::Expression::compile(source);
    return show(evaluate(expression, i));
  }

 private:
  Batch batch_;
};

/// `source` evaluated against a record that has one field, x=1.
inline std::string eval(std::string_view source) {
  Records records("x\n1\n", "csv");
  return records.eval(source);
}

/// The error compiling `source` fails with.
inline expr::ExprError compile_error(std::string_view source) {
  try {
    expr::Expression::compile(source);
  } catch (const expr::ExprError& e) {
    return e;
  }
  FAIL("compiled without an error: " << source);
  return {};
}

/// The message and column of the error compiling `source` fails with, as
/// "message @column" so one CHECK pins both.
inline std::string error_at(std::string_view source) {
  expr::ExprError e = compile_error(source);
  return e.message + " @" + std::to_string(e.column);
}

}  // namespace weir::test
