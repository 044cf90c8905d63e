#pragma once
// Many generated cases, one assertion. A Catch2 CHECK with its CAPTURE costs
// a few microseconds, ten times that in the sanitizer build, and a loop of
// 200,000 of them was most of such a test's time. The loop notes each case
// that came out wrong instead, and the test checks that none did: on a
// failure Catch2 prints the first few, with how many there were.

#include <cstddef>
#include <string>
#include <utility>

#include <fmt/format.h>

namespace weir::test {

class Mismatches {
 public:
  /// Notes one wrong case, described as fmt formats `args`.
  template <class... Args>
  void note(fmt::format_string<Args...> format, Args&&... args) {
    if (count_++ < kKept) {
      text_ += fmt::format(format, std::forward<Args>(args)...);
      text_ += '\n';
    }
  }

  /// "" when no case was noted; else the count and the first cases noted.
  std::string report() const {
    return count_ == 0 ? std::string() : fmt::format("{} wrong, the first:\n{}", count_, text_);
  }

 private:
  static constexpr std::size_t kKept = 5;
  std::size_t count_ = 0;
  std::string text_;
};

}  // namespace weir::test
