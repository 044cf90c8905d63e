#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <vector>

#include "core/record/exact_number.hpp"

using weir::compare_exact;
using weir::decimal_integer;
using weir::ExactNumber;
using weir::wide_part;

TEST_CASE("decimal_integer reads [+-]DIGITS that fit 64 bits", "[exact_number]") {
  CHECK(decimal_integer("1600000000000000003") == 1600000000000000003);
  CHECK(decimal_integer("+7") == 7);
  CHECK(decimal_integer("-9223372036854775808") == INT64_MIN);
  CHECK(!decimal_integer("9223372036854775808"));  // past 64 bits
  CHECK(!decimal_integer("1.5"));
  CHECK(!decimal_integer("1e3"));
  CHECK(!decimal_integer("+-5"));
  CHECK(!decimal_integer("+"));
  CHECK(!decimal_integer(""));
}

TEST_CASE("wide_part orders integers that one double holds", "[exact_number]") {
  CHECK(wide_part(12.5, "12.5") == 0);
  CHECK(wide_part(1.6e18, "1600000000000000003") == 1600000000000000003);
  CHECK(wide_part(1.6e18, "1.6e18") == 1600000000000000000);
  CHECK(wide_part(1e300, "1e300") == INT64_MAX);
  CHECK(wide_part(-1e300, "-1e300") == INT64_MIN);
  const double x = 1600000000000000001.0;  // the same double as ...003
  CHECK(compare_exact(x, wide_part(x, "1600000000000000001"), x, wide_part(x, "1600000000000000003")) == -1);
  CHECK(compare_exact(x, wide_part(x, "1600000000000000003"), x, wide_part(x, "1600000000000000003")) == 0);
  CHECK(compare_exact(1.0, 0, 2.0, 0) == -1);
}

TEST_CASE("sorting by the double, then wide_part, is sorting by the integers", "[exact_number]") {
  std::mt19937_64 random(7);
  std::vector<std::int64_t> numbers;
  for (int i = 0; i < 2000; ++i) {
    // around 2^53, 1.6e18 and the ends of int64, where doubles are coarse
    const std::int64_t bases[] = {9007199254740992, -9007199254740992, 1600000000000000000, INT64_MAX - 5000,
                                  INT64_MIN + 5000};
    numbers.push_back(bases[random() % 5] + static_cast<std::int64_t>(random() % 2000) - 1000);
  }
  struct Key {
    double x;
    std::int64_t wide;
    std::int64_t n;
  };
  std::vector<Key> keys;
  for (std::int64_t n : numbers) {
    const std::string text = std::to_string(n);
    const double x = static_cast<double>(n);
    keys.push_back({x, wide_part(x, text), n});
  }
  std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) { return compare_exact(a.x, a.wide, b.x, b.wide) < 0; });
  std::sort(numbers.begin(), numbers.end());
  for (std::size_t i = 0; i < numbers.size(); ++i) REQUIRE(keys[i].n == numbers[i]);
}

TEST_CASE("ExactNumber adds integers exactly until they overflow", "[exact_number]") {
  const ExactNumber a = ExactNumber::of(1.6e18, "1600000000000000003");
  const ExactNumber b = ExactNumber::of(1.6e18, "1600000000000000001");
  CHECK(a.is_int);
  CHECK(a.wide());
  CHECK(a.minus(b).i == 2);
  CHECK(a.plus(b).i == 3200000000000000004);
  const ExactNumber big = a.plus(a).plus(a).plus(a).plus(a).plus(a);  // past int64: a double
  CHECK_FALSE(big.is_int);
  CHECK(big.value() == Approx(9.6e18));
  CHECK_FALSE(ExactNumber::of(2.5, "2.5").is_int);
  CHECK(ExactNumber::of(3, "3").is_int);
  CHECK_FALSE(ExactNumber::of(1.6e18, "1.6e18").is_int);
  CHECK(ExactNumber::of(1.6e18, "1.6e18").plus(ExactNumber::integer(1)).value() == 1.6e18);
}
