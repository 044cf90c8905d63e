#pragma once
/// The CSV reader's fast path: a row on one line of unquoted fields and of
/// quoted fields without line breaks ("" escapes), which is most rows of
/// most files.
///
/// The state machine (row_parser.hpp) scans each field from its first byte
/// for the next delimiter, quote or line end; on rows of a dozen short
/// fields that start-up is most of its time. Here one 64-byte load gives
/// bit masks of the delimiters and LFs (`ends`) and of the quotes and CRs
/// (`others`) of several fields at once, kept from one row to the next,
/// and the fields are walked bit by bit. A row with anything else (a CR, a
/// line break inside quotes, a quote that is text, another escape) is left
/// whole to the state machine, which reads it as it reads every row: the
/// fast path gives the state machine's fields, or none.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/formats/csv/dialect.hpp"
#include "core/formats/csv/row_parser.hpp"
#include "core/formats/scan.hpp"

namespace weir {

class PlainRowScan {
 public:
  /// Dialects whose rows this reads as the state machine does (no spaces
  /// to trim, no CR line ends).
  static bool applies(const CsvDialect& d) { return !d.trim && !d.space_after_delimiter && !d.cr_newline; }

  explicit PlainRowScan(const CsvDialect& d)
      : delimiter_(d.delimiter),
        quote_(d.quote ? d.quote : d.delimiter),
        quoted_fields_(d.quote && d.escape == Escape::doubled) {}

  /// Forgets the masks: the bytes they were made from may be gone (call
  /// before each new block).
  void reset() { base_ = nullptr; }

  /// Reads the row at p, ending before `limit`, into `out` (as
  /// parse_csv_row would) and moves p past its LF. False, p unmoved, when
  /// the row is not one this reads or its LF is not before `limit`: `out`
  /// may then hold some of its fields. Reads up to 64 bytes past `limit`,
  /// which the block's padding covers.
  template <class Out>
  bool read(const char*& p, const char* limit, Out& out, CsvRow& row) {
    const char* at = p;
    std::size_t fields = 0;
    for (;;) {
      if (quoted_fields_ && at < limit && *at == quote_) {
        // a quoted field: delimiters inside are text, "" is a quote
        const char* open = at;
        bool escaped = false;
        for (const char* q = open + 1;;) {
          const char* s = next_mark(q, limit);
          if (!s || s + 1 >= limit) return false;
          if (*s == delimiter_) {
            q = s + 1;
            continue;
          }
          if (*s != quote_) return false;  // a line break inside quotes, a CR
          if (s[1] == quote_) {
            escaped = true;
            q = s + 2;
            continue;
          }
          if (s[1] != delimiter_ && s[1] != '\n') return false;  // text after the quote
          out.field(std::string_view(open + 1, static_cast<std::size_t>(s - open - 1)),
                    escaped ? CsvField::escaped : CsvField::quoted);
          ++fields;
          at = s + 2;
          if (s[1] == '\n') return done(p, at, row, fields);
          break;
        }
        continue;
      }
      const char* s = next_mark(at, limit);
      if (!s) return false;
      if (*s != delimiter_ && *s != '\n') return false;  // a quote inside the field, a CR
      out.field(std::string_view(at, static_cast<std::size_t>(s - at)), CsvField::plain);
      ++fields;
      at = s + 1;
      if (*s == '\n') return done(p, at, row, fields);
    }
  }

 private:
  /// The first delimiter, LF, quote or CR at or after `at` and before
  /// `limit`; nullptr when there is none.
  const char* next_mark(const char* at, const char* limit) {
    for (;;) {
      if (!base_ || at < base_ || at >= base_ + 64) {
        if (at >= limit) return nullptr;
        base_ = at;
        masks_ = byte_masks64(at, delimiter_, '\n', quote_, '\r');
      }
      const std::uint64_t marks = (masks_.ends | masks_.others) & (~std::uint64_t{0} << (at - base_));
      if (marks) {
        const char* s = base_ + __builtin_ctzll(marks);
        return s < limit ? s : nullptr;
      }
      at = base_ + 64;
    }
  }

  static bool done(const char*& p, const char* at, CsvRow& row, std::size_t fields) {
    row = CsvRow{};
    row.lines = 1;
    row.fields = fields;
    p = at;
    return true;
  }

  char delimiter_;
  char quote_;
  bool quoted_fields_;
  const char* base_ = nullptr;
  ByteMasks masks_;
};

}  // namespace weir
