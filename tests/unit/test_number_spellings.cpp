// NumberSpellings (core/stages/number_spellings.hpp): a number stats keeps
// as a double is given back as the input wrote it, whether every number
// had the same places (3.10, 13.460) or not, and when the numbers were
// noted in parts that were merged (-j).

#include <catch2/catch.hpp>

#include <sys/mman.h>
#include <unistd.h>

#include <bit>
#include <charconv>
#include <cstring>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/record/plain_decimal.hpp"
#include "core/stages/number_spellings.hpp"
#include "tests/unit/mismatches.hpp"

namespace {

struct Written {
  std::string text;
  double x;
};

// n numbers of a few hundred values, written with `places` places, or with
// 0-4 places at random (places < 0), a few as 007 or 1e2
std::vector<Written> numbers(std::mt19937_64& random, std::size_t n, int places) {
  std::vector<Written> out;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = static_cast<double>(random() % 400) / 8.0 - 10;  // (exact in 3 places)
    const int p = places >= 0 ? places : static_cast<int>(random() % 5);
    std::string text = p == 0 ? fmt::format("{}", static_cast<long long>(x)) : fmt::format("{:.{}f}", x, p);
    if (places < 0 && random() % 50 == 0) text = fmt::format("{}e0", text);
    out.push_back({text, std::stod(text)});
  }
  return out;
}

// every number comes back as one of the texts it was written as
void check_spelled(const weir::NumberSpellings& spellings, const std::vector<Written>& all) {
  std::map<double, std::set<std::string>> written;
  for (const Written& w : all) written[w.x].insert(w.text);
  for (const auto& [x, texts] : written) {
    char buffer[weir::kNumberTextMost];
    const std::string back(spellings.text(x, buffer));
    CAPTURE(x, back);
    CHECK(texts.count(back) == 1);
  }
}

}  // namespace

TEST_CASE("number spellings: plain places", "[number]") {
  CHECK(weir::plain_decimal_places("13.460") == 3);
  CHECK(weir::plain_decimal_places("7") == 0);
  CHECK(weir::plain_decimal_places("-0.05") == 2);
  CHECK(weir::plain_decimal_places("0.00") == 2);
  for (const char* t : {"007", "+4", "1e3", "-0", "-0.0", "5.", ".5", "", "-", "1234567890123456", "1.2.3"}) {
    CAPTURE(t);
    CHECK(weir::plain_decimal_places(t) == -1);
  }
}

// read_plain_decimal reads in one pass what from_chars reads (the value)
// and plain_decimal_places tells (the places), on the texts it takes, and
// takes every plain decimal of at most 15 digits.
TEST_CASE("plain decimals: value and places in one pass", "[number]") {
  std::vector<std::string> texts = {"0", "7", "-7", "007", "-0", "-0.0", "0.5", "00.5", "-0.05", "13.460",
                                    "123456789012345", "1234567890123456", "12345678.9012345", "1.", ".5",
                                    "5..1", "1.2.3", "-", "", "+4", "1e3", "0x1F", "12a", "999999999999999",
                                    "0.000000000000001", "-99999999999999.9"};
  std::mt19937_64 random(5);
  for (int i = 0; i < 200000; ++i) {
    std::string t = random() % 4 == 0 ? "-" : "";
    const int digits = 1 + static_cast<int>(random() % 17);
    const int point = static_cast<int>(random() % (digits + 2));  // past the digits: none
    for (int d = 0; d < digits; ++d) {
      if (d == point && d > 0) t += '.';
      t += static_cast<char>('0' + random() % (random() % 3 == 0 ? 2 : 10));
    }
    // now and then a byte near the digits', or a second point or sign
    static constexpr char kOdd[] = {'*', '/', ':', '.', '+', '-', 'e', ' ', '\0', '\xFA', '\xFF', '\x3A', '\x2F'};
    if (random() % 3 == 0) t[random() % t.size()] = kOdd[random() % sizeof kOdd];
    texts.push_back(t);
  }
  weir::test::Mismatches wrong;
  for (const std::string& t : texts) {
    weir::PlainDecimal plain;
    const bool read = weir::read_plain_decimal(t, plain);
    std::size_t digits = 0;
    for (char c : t) digits += c >= '0' && c <= '9';
    const bool plain_form = !t.empty() && t.find_first_not_of(std::string_view("-.0123456789")) == std::string::npos &&
                            t.find('-', 1) == std::string::npos && t.find('.') == t.rfind('.') &&
                            t.back() != '.' && t.back() != '-' && t.find(".") != 0 && t.find("-.") != 0;
    if (read != (plain_form && digits <= 15)) {
      wrong.note("\"{}\": read {}", t, read);
      continue;
    }
    if (!read) continue;
    double expected = 0;
    std::from_chars(t.data(), t.data() + t.size(), expected);
    if (std::bit_cast<std::uint64_t>(plain.value) != std::bit_cast<std::uint64_t>(expected) ||
        plain.places != weir::plain_decimal_places(t)) {
      wrong.note("\"{}\": value {} places {}, from_chars {} places {}", t, plain.value, plain.places,
                 expected, weir::plain_decimal_places(t));
    }
  }
  CHECK(wrong.report() == "");
}

// The text is read 16 bytes at a time where they lie in its page: a text
// ending at a page's last byte, before a page that cannot be read, is read
// a byte at a time, and the same; so is every text starting 1-16 bytes
// before such a page (on a fault, the test would end here).
TEST_CASE("plain decimals: a text at the end of a readable page", "[number]") {
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  void* map = ::mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  REQUIRE(map != MAP_FAILED);
  char* const fence = static_cast<char*>(map) + page;
  REQUIRE(::mprotect(fence, page, PROT_NONE) == 0);
  weir::test::Mismatches wrong;
  for (const std::string t : {"7", "-7", "13.460", "-0.05", "007", "1.", "123456789012345", "1234567890.12345",
                              "-1234567890.1234", "12a", "99999999999999.9"}) {
    for (std::size_t back = 0; back <= 16; ++back) {
      char* first = fence - t.size() - back;
      std::memset(first, back % 2 ? '5' : '.', t.size() + back);
      std::memcpy(first, t.data(), t.size());
      weir::PlainDecimal plain;
      const bool read = weir::read_plain_decimal(std::string_view(first, t.size()), plain);
      double expected = 0;
      const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), expected);
      const bool plain_form = ec == std::errc() && end == t.data() + t.size() && t.back() != '.';
      if (read != plain_form || (read && (std::bit_cast<std::uint64_t>(plain.value) !=
                                              std::bit_cast<std::uint64_t>(expected) ||
                                          plain.places != weir::plain_decimal_places(t)))) {
        wrong.note("\"{}\" {} bytes before the page's end: read {}, value {}", t, back, read, plain.value);
      }
    }
  }
  ::munmap(map, 2 * page);
  CHECK(wrong.report() == "");
}

TEST_CASE("number spellings: each number as written, noted in one part or merged from several", "[number]") {
  std::mt19937_64 random(11);
  for (int places : {3, 1, 0, -1}) {
    for (int round = 0; round < 20; ++round) {
      CAPTURE(places, round);
      std::vector<Written> all = numbers(random, 1 + random() % 300, places);
      if (round % 4 == 3 && places >= 0) all.push_back({"2.50000", 2.5});  // uniform until the last
      // in one part
      weir::NumberSpellings one;
      std::vector<double> kept;
      for (const Written& w : all) {
        one.note(w.text, w.x, weir::plain_decimal_places(w.text), kept.data(), kept.size());
        kept.push_back(w.x);
      }
      check_spelled(one, all);
      // in parts of 1-40 numbers, merged in order
      weir::NumberSpellings merged;
      std::vector<double> merged_kept;
      for (std::size_t at = 0; at < all.size();) {
        const std::size_t n = std::min<std::size_t>(all.size() - at, 1 + random() % 40);
        weir::NumberSpellings part;
        std::vector<double> part_kept;
        for (std::size_t i = at; i < at + n; ++i) {
          part.note(all[i].text, all[i].x, weir::plain_decimal_places(all[i].text), part_kept.data(),
                    part_kept.size());
          part_kept.push_back(all[i].x);
        }
        merged.merge(part, part_kept.data(), part_kept.size(), merged_kept.data(), merged_kept.size());
        merged_kept.insert(merged_kept.end(), part_kept.begin(), part_kept.end());
        at += n;
      }
      check_spelled(merged, all);
    }
  }
}
