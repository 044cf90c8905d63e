#pragma once
/// NumberLog: the numbers a stage keeps to pick percentiles from (stats), in
/// one array grown with realloc. A large array is its own mapping, which
/// realloc moves with mremap: growing it copies nothing and touches no page
/// twice, where std::vector's doubling copied every number and faulted in a
/// new array each time (a tenth of `stats -a p90`'s time on 1M rows).

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace weir {

class NumberLog {
 public:
  NumberLog() = default;
  NumberLog(const NumberLog&) = delete;
  NumberLog& operator=(const NumberLog&) = delete;
  NumberLog(NumberLog&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)),
        size_(std::exchange(other.size_, 0)),
        capacity_(std::exchange(other.capacity_, 0)) {}
  NumberLog& operator=(NumberLog&& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
    return *this;
  }
  ~NumberLog() { std::free(data_); }

  void push_back(double x) {
    if (size_ == capacity_) grow(size_ + 1);
    data_[size_++] = x;
  }
  void append(const double* numbers, std::size_t n) {
    if (n == 0) return;
    if (size_ + n > capacity_) grow(size_ + n);
    std::memcpy(data_ + size_, numbers, n * sizeof(double));
    size_ += n;
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  double* begin() { return data_; }
  double* end() { return data_ + size_; }
  double operator[](std::size_t i) const { return data_[i]; }

 private:
  void grow(std::size_t needed) {
    std::size_t capacity = capacity_ < 64 ? 64 : capacity_ * 2;
    if (capacity < needed) capacity = needed;
    void* moved = std::realloc(data_, capacity * sizeof(double));
    if (!moved) throw std::bad_alloc();
    data_ = static_cast<double*>(moved);
    capacity_ = capacity;
  }

  double* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace weir
