#include "core/stages/number_log.hpp"

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

namespace weir {

namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;
// from this many numbers on (4 MiB), an array is mapped on its own, huge pages asked for
constexpr std::size_t kMapped = (std::size_t{4} << 20) / sizeof(double);

std::size_t mapped_bytes(std::size_t capacity) { return capacity * sizeof(double) + kHugePage; }

// capacity numbers at an address aligned to a huge page (the mapping is one
// huge page longer, for the alignment)
double* map_numbers(std::size_t capacity) {
  const std::size_t bytes = mapped_bytes(capacity);
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  auto start = reinterpret_cast<std::uintptr_t>(p);
  std::uintptr_t aligned = (start + kHugePage - 1) & ~(kHugePage - 1);
  // the start of the mapping is kept just before the numbers, in the padding
  auto* numbers = reinterpret_cast<double*>(aligned == start ? aligned + kHugePage : aligned);
  std::memcpy(reinterpret_cast<char*>(numbers) - sizeof start, &start, sizeof start);
  madvise(numbers, capacity * sizeof(double), MADV_HUGEPAGE);  // a hint: without THP, 4 KiB pages
  return numbers;
}

}  // namespace

void NumberLog::append(const double* numbers, std::size_t n) {
  if (n == 0) return;
  if (size_ + n > capacity_) grow(size_ + n);
  std::memcpy(data_ + size_, numbers, n * sizeof(double));
  size_ += n;
}

void NumberLog::grow(std::size_t needed) {
  std::size_t capacity = capacity_ < 64 ? 64 : capacity_ * 2;
  if (capacity < needed) capacity = needed;
  double* moved;
  if (capacity < kMapped) {
    moved = static_cast<double*>(std::realloc(data_, capacity * sizeof(double)));
    if (!moved) throw std::bad_alloc();
  } else {
    moved = map_numbers(capacity);
    if (size_) std::memcpy(moved, data_, size_ * sizeof(double));
    release(data_, capacity_);
  }
  data_ = moved;
  capacity_ = capacity;
}

void NumberLog::release(double* data, std::size_t capacity) {
  if (!data) return;
  if (capacity < kMapped) {
    std::free(data);
    return;
  }
  std::uintptr_t start;
  std::memcpy(&start, reinterpret_cast<char*>(data) - sizeof start, sizeof start);
  munmap(reinterpret_cast<void*>(start), mapped_bytes(capacity));
}

}  // namespace weir
