// number_text (core/record/number_text.hpp): the text step, stats,
// fraction, derive, merge-fields and summary write for a computed number:
// the shortest digits that read back as the same double, in fixed notation
// at every magnitude (as Miller writes computed numbers), which is what
// std::to_chars gives with chars_format::fixed and no precision.

#include <catch2/catch.hpp>

#include <charconv>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/stages/number_field.hpp"
#include "tests/unit/mismatches.hpp"

namespace {

std::string number_text_of(double x) {
  char buffer[weir::kNumberTextMost];
  return std::string(weir::number_text(x, buffer));
}

bool integral(double x) { return std::isfinite(x) && x == std::trunc(x) && std::fabs(x) < 9.007199254740992e15; }

// The reference. Below 1e16, the C++ library's shortest round trip in
// fixed notation. From there on that is every digit of the integer the
// double is, where Miller (Go's 'f', -1) writes the shortest digits and
// zeros: fmt's shortest "d.ddde+N", its exponent spelled out.
std::string fixed(double x) {
  char buffer[weir::kNumberTextMost];
  if (std::fabs(x) < 1e16) {
    auto r = std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::fixed);
    REQUIRE(r.ec == std::errc());
    return std::string(buffer, r.ptr);
  }
  const std::string e = fmt::format("{}", x);  // shortest digits: "-3.1690030607818578e+53"
  const std::size_t at = e.find('e');
  std::string digits;
  for (char c : e.substr(0, at)) {
    if (c >= '0' && c <= '9') digits += c;
  }
  const int exponent = std::stoi(e.substr(at + 1));
  digits.append(static_cast<std::size_t>(exponent + 1) - digits.size(), '0');
  return (x < 0 ? "-" : "") + digits;
}

}  // namespace

TEST_CASE("number_text: integers without a fraction, the rest in fixed notation", "[number]") {
  CHECK(number_text_of(0) == "0");
  CHECK(number_text_of(-3) == "-3");
  CHECK(number_text_of(1e15) == "1000000000000000");
  CHECK(number_text_of(0.1 + 0.2) == "0.30000000000000004");
  CHECK(number_text_of(85.651) == "85.651");
  CHECK(number_text_of(-0.0001) == "-0.0001");
  CHECK(number_text_of(0.00001) == "0.00001");            // fmt's {}: 1e-05
  CHECK(number_text_of(3.06000556967936e-05) == "0.0000306000556967936");
  CHECK(number_text_of(1.5e16) == "15000000000000000");  // fmt's {}: 1.5e+16
  CHECK(number_text_of(1.1805916207174113e21) == "1180591620717411300000");
  CHECK(number_text_of(-1e-320) == "-0." + std::string(319, '0') + "1");
  CHECK(number_text_of(1.7976931348623157e308) == "17976931348623157" + std::string(292, '0'));
  CHECK(number_text_of(-5e-324) == "-0." + std::string(323, '0') + "5");
  CHECK(number_text_of(9.5e15) == "9500000000000000");
  CHECK(number_text_of(123456789.125) == "123456789.125");
  // Go's words, as Miller writes them (the sign of a NaN is not shown)
  CHECK(number_text_of(INFINITY) == "+Inf");
  CHECK(number_text_of(-INFINITY) == "-Inf");
  CHECK(number_text_of(NAN) == "NaN");
  CHECK(number_text_of(-NAN) == "NaN");
  // decimals of up to six places, placed without Dragonbox
  CHECK(number_text_of(0.05) == "0.05");
  CHECK(number_text_of(-0.5) == "-0.5");
  CHECK(number_text_of(123.000001) == "123.000001");
  CHECK(number_text_of(999999999.5) == "999999999.5");
  CHECK(number_text_of(1000000000.5) == "1000000000.5");
  CHECK(number_text_of(11.619 + 97.27) == "108.889");
  CHECK(number_text_of(0.000101) == "0.000101");
}

TEST_CASE("number_text: the same text as std::to_chars (fixed) on 200,000 doubles of every magnitude", "[number]") {
  std::mt19937_64 random(13);
  std::uniform_real_distribution<double> unit(-1, 1);
  std::uniform_int_distribution<int> power(-25, 25);
  std::uniform_int_distribution<int> places(0, 9);
  int compared = 0;
  weir::test::Mismatches wrong;
  for (int i = 0; i < 200000; ++i) {
    double x;
    switch (i % 4) {
      case 0: x = unit(random) * std::pow(10.0, power(random)); break;
      case 3: {  // a decimal of 0-9 places, near and past number_text's six
        const double scale = std::pow(10.0, places(random));
        x = std::round(unit(random) * std::pow(10.0, power(random) % 11) * scale) / scale;
        break;
      }
      case 1: x = std::round(unit(random) * 1e6) / 1000.0 - std::round(unit(random) * 1e6) / 1000.0; break;
      default: {
        std::uint64_t bits = random();
        std::memcpy(&x, &bits, sizeof x);
      }
    }
    if (integral(x)) continue;  // written as integers on purpose
    ++compared;
    const std::string expected =
        !std::isfinite(x) ? (std::isnan(x) ? "NaN" : x > 0 ? "+Inf" : "-Inf") : fixed(x);
    if (number_text_of(x) != expected) wrong.note("{}: number_text writes {}, to_chars {}", x, number_text_of(x), expected);
  }
  CHECK(wrong.report() == "");
  CHECK(compared > 140000);
}

TEST_CASE("number_text: a deferred number gets number_text's text when the batch completes it", "[number]") {
  // (step at -j N: the numbers' text is made on a reading thread, later)
  const std::vector<double> numbers = {0, -3, 0.1 + 0.2, 85.651, 1e-05, 1.5e16, 38339516.95799983, -0.5};
  weir::Batch batch;
  batch.plain_delimiter = ',';
  for (double x : numbers) {
    batch.begin_record(weir::Provenance{});
    batch.add_field(weir::Field("text", "kept"));
    weir::Field f = weir::deferred_number_field(x, batch, weir::number_flags(batch));
    f.name = "n";
    REQUIRE(f.value.empty());
    REQUIRE(*f.number() == x);
    batch.add_field(f);
  }
  REQUIRE(batch.deferred == numbers.size());
  weir::complete_numbers(batch);
  REQUIRE(batch.deferred == 0);
  for (std::size_t r = 0; r < numbers.size(); ++r) {
    CAPTURE(r);
    const weir::Field& f = batch[r][1];
    REQUIRE(f.value == number_text_of(numbers[r]));
    REQUIRE(f.kind == weir::ValueKind::json);
    REQUIRE(f.flags == weir::kFieldPlain);  // the number's flags kept, the deferred one gone
    REQUIRE(batch[r][0].value == "kept");
  }
}

TEST_CASE("spelled_as_number_text: true only for a number spelled as number_text writes it", "[number]") {
  for (const char* t : {"0", "5", "-5", "0.5", "-0.5", "271.341", "0.000123", "100", "123456789012345",
                        "-98765.4321", "0.1"}) {
    CAPTURE(t);
    CHECK(weir::spelled_as_number_text(t));
  }
  // written otherwise: a stage keeps the text to give the value back as written
  for (const char* t : {"2.0", "1.50", "007", "00", "-0", "-0.0", "+4", "1e3", "1E3", ".5", "5.", "-", "",
                        "1234567890123456", "0.1234567890123456", "1_000", "0x10", "1..2", "--1", "nan"}) {
    CAPTURE(t);
    CHECK_FALSE(weir::spelled_as_number_text(t));
  }
  // every "true" is number_text's own text, on random decimals of 1-17
  // digits at every place of the point
  std::mt19937_64 random(7);
  int said_true = 0;
  weir::test::Mismatches wrong;
  for (int i = 0; i < 200000; ++i) {
    const int digits = 1 + static_cast<int>(random() % 17);
    std::string t = random() % 2 ? "-" : "";
    std::string body;
    for (int d = 0; d < digits; ++d) body += static_cast<char>('0' + random() % 10);
    const auto point = static_cast<std::size_t>(random() % (body.size() + 1));
    if (point < body.size()) body.insert(point == 0 ? 0 : point, point == 0 ? "0." : ".");
    if (random() % 4 == 0) body.insert(body.find('.') == std::string::npos ? 0 : body.find('.') + 1, "0000");
    t += body;
    double x = 0;
    const char* begin = t.data();
    auto [end, ec] = std::from_chars(begin, t.data() + t.size(), x);
    if (ec != std::errc() || end != t.data() + t.size()) {
      wrong.note("\"{}\": not read whole by from_chars", t);
    } else if (weir::spelled_as_number_text(t)) {
      ++said_true;
      if (number_text_of(x) != t) wrong.note("\"{}\": number_text writes {}", t, number_text_of(x));
    }
  }
  CHECK(wrong.report() == "");
  CHECK(said_true > 40000);
}
