#pragma once
/// NumberSpellings: how the numbers a stage keeps as doubles (stats'
/// percentiles) were written, so that a number picked from them is given
/// back as the input wrote it (3.10, not 3.1), as Miller gives it.
///
/// Most columns write every number with the same places (a price 3.10, a
/// latency 13.460): while they do, only that count is kept, and a number is
/// written back with it. Once a number comes with other places (or a form
/// such as 007, 1e3), the spellings of the numbers noted so far are made
/// from the count, and from then on each number written otherwise than weir
/// writes it keeps its text, the first seen per value.

#include <bit>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "core/record/number_text.hpp"

namespace weir {

class NumberSpellings {
 public:
  /// `text`, read as x, is the next number kept; `kept` are the n numbers
  /// kept before it, in any order.
  /// `places`: plain_decimal_places(text).
  void note(std::string_view text, double x, int places, const double* kept, std::size_t n) {
    if (uniform_) {
      if (places >= 0 && (places_ < 0 || places == places_)) {
        places_ = places;
        return;
      }
      spell_out(kept, n);
    }
    if (!spelled_as_number_text(text, places)) texts_.try_emplace(std::bit_cast<std::uint64_t>(x), text);
  }

  /// Adds the spellings of `later`, which noted the n numbers `theirs`,
  /// kept after the `mine` numbers this one noted.
  void merge(const NumberSpellings& later, const double* theirs, std::size_t n, const double* mine,
             std::size_t mine_n) {
    if (n == 0) return;
    if (mine_n == 0) {
      *this = later;
      return;
    }
    if (uniform_ && later.uniform_ && later.places_ == places_) return;
    if (uniform_) spell_out(mine, mine_n);
    if (later.uniform_) {
      for (std::size_t i = 0; i < n; ++i) add_spelled(theirs[i], later.places_);
    } else {
      for (const auto& [bits, text] : later.texts_) texts_.try_emplace(bits, text);
    }
  }

  /// x, one of the numbers noted, as it was written; `buffer` has
  /// kNumberTextMost bytes.
  std::string_view text(double x, char* buffer) const {
    if (uniform_ && places_ > 0) return fixed(x, places_, buffer);
    if (!uniform_) {
      auto spelled = texts_.find(std::bit_cast<std::uint64_t>(x));
      if (spelled != texts_.end()) return spelled->second;
    }
    return number_text(x, buffer);
  }

 private:
  static std::string_view fixed(double x, int places, char* buffer) {
    char* end = fmt::format_to(buffer, "{:.{}f}", x, places);
    return std::string_view(buffer, static_cast<std::size_t>(end - buffer));
  }

  // From uniform to one text per number: the n numbers noted so far, each
  // with places_ places.
  void spell_out(const double* kept, std::size_t n) {
    uniform_ = false;
    if (places_ <= 0) return;  // (whole numbers: weir writes them so)
    for (std::size_t i = 0; i < n; ++i) add_spelled(kept[i], places_);
  }

  void add_spelled(double x, int places) {
    if (places <= 0) return;
    // written with `places` places, x ends in a 0 only when weir would
    // write it shorter (13.460): the others need no text (most of them)
    static constexpr double kPowers[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    if (places <= 15) {
      const double scaled = std::nearbyint(std::fabs(x) * kPowers[places]);
      if (scaled < 1e15 && std::fmod(scaled, 10.0) != 0) return;
    }
    char buffer[kNumberTextMost], mine[kNumberTextMost];
    const std::string_view written = fixed(x, places, buffer);
    if (written != number_text(x, mine)) texts_.try_emplace(std::bit_cast<std::uint64_t>(x), written);
  }

  bool uniform_ = true;
  int places_ = -1;  // while uniform_: the places of every number noted (-1: none yet)
  std::unordered_map<std::uint64_t, std::string> texts_;  // once not uniform_
};

}  // namespace weir
