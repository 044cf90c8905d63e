// NumberLog (core/stages/number_log.hpp): stats keeps the numbers it picks
// percentiles from in it; past 512 KiB (64 KiB for a run's first logs)
// they move to a mapping of their own, which grows by moving its pages.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <cmath>
#include <functional>
#include <limits>
#include <random>
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

TEST_CASE("number log: many logs growing at once keep their numbers (the first are mapped early)", "[number]") {
  // stats -g over 20 groups: the first logs of a run past 64 KiB are mapped
  // then, the others at 512 KiB; each keeps its own numbers
  std::vector<weir::NumberLog> logs(20);
  std::vector<double> chunk(37);
  for (std::size_t round = 0; round < 3000; ++round) {
    for (std::size_t g = 0; g < logs.size(); ++g) {
      for (std::size_t i = 0; i < chunk.size(); ++i) chunk[i] = static_cast<double>(g * 1'000'000 + round * 37 + i);
      logs[g].append(chunk.data(), chunk.size());
    }
  }
  for (std::size_t g = 0; g < logs.size(); ++g) {
    CAPTURE(g);
    REQUIRE(logs[g].size() == 3000 * 37);
    bool same = true;
    for (std::size_t i = 0; i < logs[g].size(); ++i) same = same && logs[g][i] == static_cast<double>(g * 1'000'000 + i);
    REQUIRE(same);
    REQUIRE(logs[g].kth(0) == static_cast<double>(g * 1'000'000));
  }
}

namespace {

// The numbers in order (none is NaN: sorted[k] is the value nth_element puts
// at k). libc's qsort: std::sort, compiled at -O0 with the tests, was most of
// these tests' time in the sanitizer build.
std::vector<double> sorted_copy(std::vector<double> numbers) {
  std::qsort(numbers.data(), numbers.size(), sizeof(double), [](const void* a, const void* b) {
    const double x = *static_cast<const double*>(a);
    const double y = *static_cast<const double*>(b);
    return (x > y) - (x < y);
  });
  return numbers;
}

}  // namespace

TEST_CASE("number log: kth is the value nth_element puts there, for any spread of numbers", "[number]") {
  std::mt19937_64 rng(7);
  std::lognormal_distribution<double> skewed(3.5, 0.8);
  std::uniform_real_distribution<double> wide(-1e12, 1e12);
  std::uniform_int_distribution<int> few(-3, 3);
  const std::vector<std::function<double()>> kinds = {
      [&] { return std::round(skewed(rng) * 1000) / 1000; },  // latencies: dense where p90 is
      [&] { return wide(rng); },
      [&] { return static_cast<double>(few(rng)); },          // ties everywhere
      [&] { return few(rng) == 3 ? 1e300 : skewed(rng); },    // one value far from the rest
      [&] { return few(rng) == 3 ? -std::numeric_limits<double>::infinity() : wide(rng); },
  };
  for (std::size_t kind = 0; kind < kinds.size(); ++kind) {
    for (std::size_t n : {1, 100, 65'535, 65'536, 300'000}) {
      std::vector<double> numbers(n);
      for (double& x : numbers) x = kinds[kind]();
      const std::vector<double> sorted = sorted_copy(numbers);
      for (double percent : {0.0, 1.0, 50.0, 90.0, 99.9, 100.0}) {
        CAPTURE(kind, n, percent);
        const std::size_t k = std::min(n - 1, static_cast<std::size_t>(percent / 100 * static_cast<double>(n)));
        weir::NumberLog log;
        log.append(numbers.data(), n);
        REQUIRE(log.kth(k) == sorted[k]);
        REQUIRE(log.size() == n);
      }
    }
  }
}

TEST_CASE("number log: kth is exact also where its sample of the numbers misleads", "[number]") {
  // kth orders only the numbers between two values a sample of 4,096
  // (evenly spread) puts either side of the k-th; numbers in a pattern of
  // the sample's stride, or all equal, make it order them all
  for (std::size_t n : {65'536, 300'001}) {
    const std::size_t stride = n / 4096;
    std::vector<std::vector<double>> orders;
    std::vector<double> numbers(n);
    for (std::size_t i = 0; i < n; ++i) numbers[i] = static_cast<double>(i % 1000) * 0.25;
    orders.push_back(numbers);
    numbers = sorted_copy(numbers);
    orders.push_back(numbers);  // ascending
    std::reverse(numbers.begin(), numbers.end());
    orders.push_back(numbers);  // descending
    // the sampled places hold the greatest numbers, every other the least
    for (std::size_t i = 0; i < n; ++i) numbers[i] = i % stride == stride / 2 ? 1e6 + static_cast<double>(i) : -static_cast<double>(i % 7);
    orders.push_back(numbers);
    std::fill(numbers.begin(), numbers.end(), 2.5);  // all equal
    orders.push_back(numbers);
    for (std::size_t i = 0; i < n; ++i) numbers[i] = i % 2 ? 1 : -1;  // two values
    orders.push_back(numbers);
    for (std::size_t order = 0; order < orders.size(); ++order) {
      const std::vector<double> sorted = sorted_copy(orders[order]);
      for (double percent : {0.0, 0.1, 10.0, 50.0, 90.0, 99.99, 100.0}) {
        CAPTURE(n, order, percent);
        const std::size_t k = std::min(n - 1, static_cast<std::size_t>(percent / 100 * static_cast<double>(n)));
        weir::NumberLog log;
        log.append(orders[order].data(), n);
        REQUIRE(log.kth(k) == sorted[k]);
        // asked again (the numbers' order changed): the same
        REQUIRE(log.kth(k) == sorted[k]);
        REQUIRE(log.size() == n);
      }
    }
  }
}

TEST_CASE("number log: kth of a long log of spread numbers orders only those near the k-th", "[number]") {
  // Its sample's bounds hold the k-th: the numbers between them are copied
  // and ordered, the log itself is left as it was. (Bounds taken wrongly,
  // the answer stays exact, but every number is ordered: the log changes.)
  std::mt19937_64 rng(11);
  std::lognormal_distribution<double> skewed(3.5, 0.8);
  for (std::size_t n : {65'536, 300'000, 1'000'000}) {
    std::vector<double> numbers(n);
    for (double& x : numbers) x = std::round(skewed(rng) * 1000) / 1000;
    const std::vector<double> sorted = sorted_copy(numbers);
    for (double percent : {1.0, 50.0, 90.0, 99.0}) {
      CAPTURE(n, percent);
      const auto k = static_cast<std::size_t>(percent / 100 * static_cast<double>(n));
      weir::NumberLog log;
      log.append(numbers.data(), n);
      REQUIRE(log.kth(k) == sorted[k]);
      REQUIRE(std::equal(log.begin(), log.end(), numbers.begin()));
    }
  }
}
