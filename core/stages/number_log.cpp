#include "core/stages/number_log.hpp"

#include <sys/mman.h>  // (mremap: _GNU_SOURCE, which g++ defines)

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

namespace weir {

namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;
// from this many numbers on (512 KiB), an array is mapped on its own, huge
// pages asked for (a first touch of a 4 KiB page costs 5-20 µs on a virtual
// machine: 128 such faults for 512 KiB, one for a huge page); its memory is
// then at most 4 times its numbers
constexpr std::size_t kMapped = (std::size_t{512} << 10) / sizeof(double);
constexpr std::size_t kPerHugePage = kHugePage / sizeof(double);
// The first logs of a run to pass 64 KiB are mapped then (a stats -g over a
// few groups: each group's 4 KiB pages up to 512 KiB cost more than its
// huge pages after): at most this many, so that a run of many groups holds
// at most 2 MiB more per such log than the rule above allows.
constexpr std::size_t kEarly = (std::size_t{64} << 10) / sizeof(double);
constexpr int kEarlyLogs = 16;
std::atomic<int> early_logs{0};

bool map_early() {
  if (early_logs.load(std::memory_order_relaxed) >= kEarlyLogs) return false;
  return early_logs.fetch_add(1, std::memory_order_relaxed) < kEarlyLogs;
}

// `bytes` (whole huge pages) at an address aligned to a huge page, huge
// pages asked for (a hint: without THP, 4 KiB pages)
void* map_aligned(std::size_t bytes) {
  void* p = mmap(nullptr, bytes + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t aligned = (start + kHugePage - 1) & ~(kHugePage - 1);
  if (aligned > start) munmap(p, aligned - start);
  if (aligned < start + kHugePage) munmap(reinterpret_cast<void*>(aligned + bytes), start + kHugePage - aligned);
  madvise(reinterpret_cast<void*>(aligned), bytes, MADV_HUGEPAGE);
  return reinterpret_cast<void*>(aligned);
}

}  // namespace

void NumberLog::append(const double* numbers, std::size_t n) {
  if (n == 0) return;
  if (size_ + n > capacity_) grow(size_ + n);
  std::memcpy(data_ + size_, numbers, n * sizeof(double));
  size_ += n;
}

double NumberLog::kth(std::size_t k) {
  auto nth_element = [this](std::size_t i) {
    std::nth_element(data_, data_ + i, data_ + size_);
    return data_[i];
  };
  constexpr std::size_t kSample = 4096;
  if (size_ < 16 * kSample) return nth_element(k);
  // Two values that most likely hold the k-th between them: those a few
  // standard deviations either side of its rank in an evenly spread
  // sample. One pass counts the numbers below the first and keeps those
  // between the two (a few percent); the k-th is then ordered among these.
  // When the sample misled (the numbers in a pattern of its stride), the
  // whole log is ordered instead: the answer is exact either way.
  std::vector<double> sample(kSample);
  const std::size_t stride = size_ / kSample;
  for (std::size_t i = 0; i < kSample; ++i) {
    sample[i] = data_[i * stride + stride / 2];
    if (std::isnan(sample[i])) return nth_element(k);  // (no order to sort by)
  }
  const double p = static_cast<double>(k) / static_cast<double>(size_);
  const double at = p * kSample;
  const double margin = 5 * std::sqrt(kSample * p * (1 - p)) + 8;
  // (the sample's two order statistics, without ordering all of it)
  const auto lo_at = sample.begin() + static_cast<std::ptrdiff_t>(std::max(0.0, at - margin));
  const auto hi_at = sample.begin() + static_cast<std::ptrdiff_t>(std::min(kSample - 1.0, at + margin));
  std::nth_element(sample.begin(), lo_at, sample.end());
  const double lo = *lo_at;
  // (those after lo_at are no smaller: the hi-th of all is found among them)
  if (hi_at > lo_at) std::nth_element(lo_at + 1, hi_at, sample.end());
  const double hi = *hi_at;
  const std::size_t most = size_ / 4;  // kept between: past this, no gain
  // A chunk at a time, each number is written at the end of those kept and
  // kept by counting it: no branch on where it falls, which no predictor
  // knows, and no call in the loop (the counts stay in registers). Room for
  // half again the numbers expected between (2 * margin of every kSample),
  // and a chunk more.
  constexpr std::size_t kChunk = 4096;
  const auto margins = static_cast<std::size_t>(static_cast<double>(size_) * margin / kSample);
  std::vector<double> between(std::min(most, 3 * margins) + kChunk);
  std::size_t kept = 0;
  std::size_t below = 0;
  for (std::size_t from = 0; from < size_; from += kChunk) {
    const std::size_t to = std::min(size_, from + kChunk);
    double* const out = between.data();
    std::size_t n = kept;
    std::size_t b = 0;
    for (std::size_t i = from; i < to; ++i) {
      const double x = data_[i];
      b += x < lo;
      out[n] = x;
      n += (x >= lo) & (x <= hi);
    }
    kept = n;
    below += b;
    if (kept > most) return nth_element(k);
    if (between.size() - kept < kChunk) between.resize(std::min(most, 2 * kept) + kChunk);
  }
  if (k < below || k - below >= kept) return nth_element(k);
  const auto at_k = between.begin() + static_cast<std::ptrdiff_t>(k - below);
  std::nth_element(between.begin(), at_k, between.begin() + static_cast<std::ptrdiff_t>(kept));
  return *at_k;
}

void NumberLog::grow(std::size_t needed) {
  std::size_t capacity = capacity_ < 64 ? 64 : capacity_ * 2;
  if (capacity < needed) capacity = needed;
  if (capacity >= kEarly && capacity < kMapped && capacity_ < kMapped && map_early()) capacity = kPerHugePage;
  if (capacity >= kMapped) capacity = (capacity + kPerHugePage - 1) / kPerHugePage * kPerHugePage;
  void* moved;
  if (capacity < kMapped) {
    moved = std::realloc(data_, capacity * sizeof(double));
    if (!moved) throw std::bad_alloc();
  } else if (capacity_ < kMapped) {
    moved = map_aligned(capacity * sizeof(double));
    if (size_) std::memcpy(moved, data_, size_ * sizeof(double));
    release(data_, capacity_);
  } else {
    // a mapping grows by moving its pages (to an aligned place, where huge
    // pages stay whole), not by copying them: a page is touched once
    void* target = map_aligned(capacity * sizeof(double));
    moved = mremap(data_, capacity_ * sizeof(double), capacity * sizeof(double), MREMAP_MAYMOVE | MREMAP_FIXED, target);
    if (moved == MAP_FAILED) {
      munmap(target, capacity * sizeof(double));
      throw std::bad_alloc();
    }
  }
  data_ = static_cast<double*>(moved);
  capacity_ = capacity;
}

void NumberLog::release(double* data, std::size_t capacity) {
  if (!data) return;
  if (capacity < kMapped) {
    std::free(data);
    return;
  }
  munmap(data, capacity * sizeof(double));
}

}  // namespace weir
