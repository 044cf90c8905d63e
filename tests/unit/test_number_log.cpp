// NumberLog (core/stages/number_log.hpp): stats keeps the numbers it picks
// percentiles from in it; past 512 KiB they move to a mapping of their own,
// which grows by moving its pages.

#include <catch2/catch.hpp>

#include <vector>

#include "core/stages/number_log.hpp"

TEST_CASE("number log: keeps every number in order, across the move to its own mapping", "[number]") {
  weir::NumberLog log;
  REQUIRE(log.empty());
  std::vector<double> chunk;
  const std::size_t total = 1'300'000;  // 10 MB: small arrays first, then a mapping moved three times
  for (std::size_t i = 0; i < total; ++i) {
    const double x = static_cast<double>(i) * 0.5 - 7;
    if (i % 3 == 0) {
      log.push_back(x);
    } else {
      chunk.push_back(x);
      if (chunk.size() == 1000 || i % 3 == 2) {
        log.append(chunk.data(), chunk.size());
        chunk.clear();
      }
    }
  }
  log.append(chunk.data(), chunk.size());
  log.append(nullptr, 0);
  REQUIRE(log.size() == total);
  bool same = true;
  for (std::size_t i = 0; i < total; ++i) same = same && log[i] == static_cast<double>(i) * 0.5 - 7;
  REQUIRE(same);
  REQUIRE(log.end() - log.begin() == static_cast<std::ptrdiff_t>(total));

  weir::NumberLog moved(std::move(log));
  REQUIRE(log.empty());  // NOLINT(bugprone-use-after-move): a moved-from log is empty
  REQUIRE(moved.size() == total);
  REQUIRE(moved[total - 1] == static_cast<double>(total - 1) * 0.5 - 7);
  weir::NumberLog small;
  small.push_back(1);
  small = std::move(moved);
  REQUIRE(small.size() == total);
  REQUIRE(small[0] == -7);
}
