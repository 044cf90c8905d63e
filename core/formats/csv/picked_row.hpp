#pragma once
/// The CSV reader's fastest path, for a run that reads only some columns
/// (Reader::project): a row of exactly the header's width, every field
/// unquoted, on one LF-ended line. Its delimiters and LF are found by the
/// bits of 64-byte masks, no byte loaded per field, and only the picked
/// columns are handed out: the columns between them are passed a bit
/// cleared each, and past the last picked column the rest of the row is
/// checked a mask at a time (its delimiters counted, no quote or CR). A
/// column that is not picked may be a quoted field ("" escapes, no line
/// break), when the scan is made for it (`quoted_columns`: no writer
/// writes the row's text as it is). Any other row (a picked quoted
/// field, a quote inside a field, a CR, another width) is left whole to the
/// reader's other paths, which read every field: this path gives the fields
/// they would give, or none.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/formats/scan.hpp"

namespace weir {

class PickedRowScan {
 public:
  /// `picked[c]`: column c is handed out; `picked.size()` is the header's
  /// width (at least 2). `quote`: the dialect's, or 0. `quoted_columns`:
  /// the columns not picked may be quoted fields, quotes doubled inside.
  PickedRowScan(char delimiter, char quote, const std::vector<std::uint8_t>& picked, bool quoted_columns = false)
      : delimiter_(delimiter),
        quote_(quote ? quote : '\r'),
        quoted_columns_(quoted_columns && quote != 0),
        width_(picked.size()) {
    for (std::size_t c = 0; c < picked.size(); ++c) {
      if (picked[c]) columns_.push_back(c);
    }
  }

  /// Forgets the masks: the bytes they were made from may be gone.
  void reset() { base_ = nullptr; }

  /// Reads the row at p, ending before `limit`: out.field(value) for each
  /// picked column, in order, and p moved past its LF. False, p unmoved,
  /// when the row is not one this reads (or its LF is not before `limit`):
  /// `out` may then hold some of its fields. Reads up to 64 bytes past
  /// `limit`, which the block's padding covers.
  template <class Out>
  bool read(const char*& p, const char* limit, Out& out) {
    const char* at = p;
    if (!base_ || at < base_ || at >= base_ + 64) {
      if (at >= limit) return false;
      load(at);
    }
    // the marks (delimiters, LF, quotes, CRs) still ahead in the window:
    // the lowest ends the value at `at`
    std::uint64_t marks = all_marks() & (~std::uint64_t{0} << (at - base_));
    std::size_t column = 0;  // the column that starts at `at`
    for (const std::size_t c : columns_) {
      if (c > column && !skip(c - column, limit, marks, at)) return false;
      while (!marks) {
        if (!next_window(limit, marks)) return false;
      }
      const int bit = __builtin_ctzll(marks);
      const char* s = base_ + bit;
      // a picked value ends at a delimiter, the last column's at the LF
      const std::uint64_t end = c + 1 == width_ ? masks_.breaks : masks_.delimiters;
      if (s >= limit || !(end >> bit & 1)) return false;  // a quote, a CR, a short row
      out.field(std::string_view(at, static_cast<std::size_t>(s - at)));
      at = s + 1;
      if (c + 1 == width_) {
        p = at;
        return true;
      }
      marks &= marks - 1;
      column = c + 1;
    }
    // the columns after the last picked one: their delimiters counted a
    // mask at a time up to the LF, with no quote or CR on the way
    std::size_t delimiters_left = width_ - 1 - column;
    for (;;) {
      const std::uint64_t stops = (masks_.breaks | masks_.others) & marks;
      if (!stops) {
        const auto n = static_cast<std::size_t>(__builtin_popcountll(marks));  // (all delimiters)
        if (n > delimiters_left) return false;  // a long row
        delimiters_left -= n;
        if (n) at = base_ + (63 - __builtin_clzll(marks)) + 1;
        if (!next_window(limit, marks)) return false;
        continue;
      }
      const std::uint64_t stop_bit = stops & -stops;
      const char* s = base_ + __builtin_ctzll(stops);
      const std::uint64_t before = marks & (stop_bit - 1);  // delimiters
      const auto n = static_cast<std::size_t>(__builtin_popcountll(before));
      if (s >= limit || n > delimiters_left) return false;
      if (masks_.others & stop_bit) {
        // a quoted field (the row's last, or another before it), or no row of this path
        if (n) at = base_ + (63 - __builtin_clzll(before)) + 1;
        if (s != at || !pass_quoted(s, limit, delimiters_left == n, marks)) return false;
        delimiters_left -= n;
        continue;
      }
      if (n != delimiters_left) return false;
      p = s + 1;
      return true;
    }
  }

 private:
  void load(const char* at) {
    base_ = at;
    masks_ = row_masks64(at, delimiter_, quote_);
  }
  std::uint64_t all_marks() const { return masks_.delimiters | masks_.breaks | masks_.others; }

  /// Loads the next window (the 64 bytes after this one) and sets `marks`
  /// to all of its marks; false when it starts at or past `limit`.
  bool next_window(const char* limit, std::uint64_t& marks) {
    const char* next = base_ + 64;
    if (next >= limit) return false;
    load(next);
    marks = all_marks();
    return true;
  }

  /// Passes k >= 1 columns that are not picked: `at` moves past the k-th
  /// delimiter ahead. False when another mark (an LF, a CR, a quote but one
  /// opening a quoted field, where they may be) comes first, or the k-th is
  /// not before `limit`.
  bool skip(std::size_t k, const char* limit, std::uint64_t& marks, const char*& at) {
    for (;;) {
      while (!marks) {
        if (!next_window(limit, marks)) return false;
      }
      const auto n = static_cast<std::size_t>(__builtin_popcountll(marks));
      const std::uint64_t others = marks & ~masks_.delimiters;
      if (n < k && !others) {
        // every mark left in the window is passed: all delimiters
        k -= n;
        at = base_ + (63 - __builtin_clzll(marks)) + 1;
        marks = 0;
        continue;
      }
      std::uint64_t rest = marks;
      for (std::size_t i = 1; i < k && rest; ++i) rest &= rest - 1;
      const std::uint64_t kth = rest & -rest;
      // the marks up to the k-th and it ((kth << 1) - 1: all ones for bit 63)
      if (const std::uint64_t first = others & (kth ? (kth << 1) - 1 : ~std::uint64_t{0}) & -others) {
        // another mark before the k-th delimiter: a quote opening a column
        // (the first, at `at`, or one after a delimiter) passes its field
        const std::uint64_t before = marks & (first - 1);  // delimiters
        const char* s = base_ + __builtin_ctzll(first);
        if (before) at = base_ + (63 - __builtin_clzll(before)) + 1;
        if (s >= limit || s != at || !pass_quoted(s, limit, false, marks)) return false;
        k -= static_cast<std::size_t>(__builtin_popcountll(before));
        continue;
      }
      const char* s = base_ + __builtin_ctzll(kth);
      if (s >= limit) return false;
      at = s + 1;
      marks = rest & (rest - 1);
      return true;
    }
  }

  /// At `open`, a mark opening a field: when it is a quote (and quoted
  /// columns are read), passes the quoted field, quotes doubled inside and
  /// no line break or CR, up to its closing quote, which a delimiter must
  /// follow (or the LF, `last`: the row's last column). The masks are then
  /// loaded at that delimiter or LF, `marks` all of theirs. False when the
  /// field is not one of these or does not end before `limit`.
  bool pass_quoted(const char* open, const char* limit, bool last, std::uint64_t& marks) {
    if (!quoted_columns_ || *open != quote_) return false;
    // the quotes, CRs and LFs after it, by the masks' bits (its delimiters are text)
    for (const char* from = open + 1;;) {
      if (from >= base_ + 64) {
        if (from >= limit) return false;
        load(from);
      }
      const std::uint64_t stops = (masks_.others | masks_.breaks) & (~std::uint64_t{0} << (from - base_));
      if (!stops) {
        from = base_ + 64;
        continue;
      }
      const char* s = base_ + __builtin_ctzll(stops);
      if (s + 1 >= limit || *s != quote_) return false;  // (a CR or a line break inside)
      if (s[1] == quote_) {
        from = s + 2;
        continue;
      }
      if (s[1] != (last ? '\n' : delimiter_)) return false;
      load(s + 1);
      marks = all_marks();
      return true;
    }
  }

  char delimiter_;
  char quote_;
  bool quoted_columns_;
  std::size_t width_;
  std::vector<std::size_t> columns_;  // the picked columns, in order
  const char* base_ = nullptr;
  RowMasks masks_;
};

}  // namespace weir
