// miller_number_of (core/stages/univariate.hpp): the numbers Miller's verbs
// read (sort -nf, top, step, ...) are those miller_type() calls int or
// float, with miller_number()'s value; a faster order of the same rules.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/stages/univariate.hpp"

namespace {

using weir::Field;
using weir::MillerType;
using weir::ValueKind;

}  // namespace

TEST_CASE("miller numbers: miller_number_of agrees with miller_type", "[miller]") {
  const std::vector<std::string> texts = {
      "0", "-0", "00", "007", "-007", "+5", "+0", "5", "-5", "10", "1.5", "-1.5", "00.5", "007.5", ".5", "-.5",
      "+.5", "5.", "1e1", "1E3", "1.5e-3", "0e0", "0x05", "0x1F", "-0x10", "0b101", "0o17", "0x1F.5", "1_000",
      " 5", "5 ", "NaN", "nan", "Inf", "-Inf", "abc", "", "true", "false", "null", "9223372036854775807",
      "-9223372036854775808", "9223372036854775808", "99999999999999999999", "-99999999999999999999",
      "12345678901234567890.5", "9000000000000000000", "8999999999999999999", "0xffffffffffffffff", "1e19",
      "1e400", "-", ".", "e5", "5e", "0.0", "-0.0", "{}", "[1]", "\"5\""};
  for (ValueKind kind : {ValueKind::text, ValueKind::json, ValueKind::string}) {
    for (const std::string& text : texts) {
      if (kind == ValueKind::json && (text == "00" || text == "007")) continue;  // (no JSON reader gives these)
      INFO("'" << text << "' kind " << static_cast<int>(kind));
      const Field f({}, text, kind);
      const MillerType type = weir::miller_type(f);
      const bool number = type == MillerType::int_ || type == MillerType::float_;
      const std::optional<double> x = weir::miller_number_of(Field({}, text, kind));
      CHECK(x.has_value() == number);
      if (x && number) CHECK(*x == weir::miller_number(f));
    }
  }
}
