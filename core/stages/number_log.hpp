#pragma once
/// NumberLog: the numbers a stage keeps to pick percentiles from (stats),
/// in one array. Past 512 KiB the array lies on huge pages (2 MiB, where
/// the kernel gives them): each first touch of a 4 KiB page costs a page
/// fault, 5-20 µs on a virtual machine, so 1M numbers (8 MB) in small
/// pages cost 2,000 faults, a tenth of `stats -a p90`'s time on 1M rows.
/// The first 16 logs of a run to pass 64 KiB move there at once (stats -g
/// over a few groups: 5 groups of 200,000 numbers took 389 faults and
/// 11-17 ms, now 69 faults and 2.3 ms).
/// Small arrays grow by realloc; a mapped one by moving its pages
/// (mremap), so that no number is copied or page touched again.

#include <cstddef>
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
  ~NumberLog() { release(data_, capacity_); }

  void push_back(double x) {
    if (size_ == capacity_) grow(size_ + 1);
    data_[size_++] = x;
  }
  void append(const double* numbers, std::size_t n);

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  double* begin() { return data_; }
  double* end() { return data_ + size_; }
  double operator[](std::size_t i) const { return data_[i]; }

  /// The value std::nth_element would put at index k (< size()): the k-th
  /// smallest. In a long log, a sample of 4,096 numbers gives two values
  /// the k-th most likely lies between; one pass keeps the numbers between
  /// them (a few percent), and only these are ordered. The numbers' order
  /// may change.
  double kth(std::size_t k);

 private:
  void grow(std::size_t needed);
  static void release(double* data, std::size_t capacity);

  double* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace weir
