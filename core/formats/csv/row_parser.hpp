#pragma once
/// The CSV state machine: one row at a time, under a dialect. The sniffer
/// runs it over a sample for every candidate dialect and the reader over the
/// whole input, so the two never disagree about a row.
///
/// A row is handed out field by field to `out.field(value, how)`. Unquoted
/// fields are scanned for the next delimiter, quote, CR or LF many bytes at
/// a time (scan.hpp); quoted fields jump from quote to quote.
///
/// Lenient reading (the default) never lets one bad quote take the rest of
/// the input: a quote after which the field does not end (`"ab"c,`) and a
/// quote never closed are re-read as text from that quote to the end of the
/// field, and the row says so in its notes. Strict reading reports them.

#include <cstdint>
#include <cstring>
#include <string_view>

#include "core/formats/csv/dialect.hpp"
#include "core/formats/scan.hpp"

namespace weir {

/// How a field was written, which decides how its text is read.
enum class CsvField : std::uint8_t {
  plain,    ///< unquoted, holds no quote or CR
  text,     ///< unquoted, holds a quote or a lone CR: taken as it is
  quoted,   ///< the inside of quotes, nothing to undo
  escaped,  ///< the inside of quotes, with escaped quotes to undo
};

/// What the parser met in a row (bits of CsvRow::notes).
enum CsvRowNote : std::uint8_t {
  kStrayQuote = 1,         ///< a quote the field did not end after: read as text
  kUnterminatedQuote = 2,  ///< a quote never closed: read as text
  kMultilineField = 4,     ///< a quoted field held a line break
};

enum class CsvRowEnd : std::uint8_t {
  done,        ///< the row is complete; p is past its line end
  incomplete,  ///< the input ends inside the row and more follows: call again with more
  malformed,   ///< strict reading only: see error_at
};

enum class CsvRowError : std::uint8_t { none, unterminated_quote, text_after_quote };

struct CsvRow {
  CsvRowEnd end = CsvRowEnd::done;
  std::uint8_t notes = 0;
  std::int64_t lines = 0;      ///< line breaks consumed, the row's own included
  std::size_t fields = 0;      ///< fields handed out
  /// The opening quote of the first field that held a line break.
  const char* multiline_quote = nullptr;
  CsvRowError error = CsvRowError::none;
  const char* error_at = nullptr;
  std::size_t error_field = 0;  ///< 1-based field of the error
  /// Read by PickedRowScan: only the projection's fields were handed out
  /// (the row is whole: the header's width, no quote).
  bool picked = false;
};

/// Line breaks in `text` under the dialect (LF, or CR for CR-only files).
inline std::int64_t count_line_breaks(const CsvDialect& d, std::string_view text) {
  char brk = d.cr_newline ? '\r' : '\n';
  std::int64_t n = 0;
  for (const char* p = text.data(), *end = p + text.size();
       (p = static_cast<const char*>(std::memchr(p, brk, static_cast<std::size_t>(end - p)))); ++p)
    ++n;
  return n;
}

/// The length of the blank line at p (its line end), or 0 when the line at
/// p is not blank. A CR at `end` that may be half of a CRLF is not decided:
/// -1 (more input is needed).
inline int blank_line_length(const CsvDialect& d, const char* p, const char* end, bool at_end) {
  if (*p == '\n') return 1;
  if (*p != '\r') return 0;
  if (p + 1 == end) return at_end ? 1 : -1;
  if (p[1] == '\n') return 2;
  return d.cr_newline ? 1 : 0;
}

/// Past the comment line at p (its line end included), or nullptr when the
/// line goes on past `end` and more input follows.
inline const char* skip_comment_line(const CsvDialect& d, const char* p, const char* end, bool at_end) {
  char brk = d.cr_newline ? '\r' : '\n';
  const char* nl = static_cast<const char*>(std::memchr(p, brk, static_cast<std::size_t>(end - p)));
  if (!nl) return at_end ? end : nullptr;
  if (d.cr_newline && nl + 1 < end && nl[1] == '\n') ++nl;
  return nl + 1;
}

/// A second reading of a row that did not come out as wide as the others.
struct CsvReread {
  /// A quote to read as text: the opening quote of a field that swallowed lines.
  const char* literal_quote = nullptr;
  /// A quote inside a quoted field that the field does not end after
  /// (`"a "b" c",`) is part of the field, not the end of it: the field ends
  /// at a quote before a delimiter or a line end.
  bool quotes_inside = false;
};

/// Parses one row starting at p (not a blank line).
template <class Out>
CsvRow parse_csv_row(const CsvDialect& dialect, const char*& p, const char* end, bool at_end, Out& out,
                     const CsvReread& reread = {}) {
  // a copy the compiler can keep in registers while `out` writes memory
  const CsvDialect d = dialect;
  const char* literal_quote = reread.literal_quote;
  CsvRow row;
  // with no quote character, the scan looks for the delimiter twice
  const char quote = d.quote ? d.quote : d.delimiter;
  auto spaces = [&](const char* s) {
    while (s < end && (*s == ' ' || *s == '\t') && *s != d.delimiter) ++s;
    return s;
  };
  auto emit = [&](std::string_view value, CsvField how) {
    out.field(value, how);
    ++row.fields;
  };
  for (;;) {
    if (d.trim) p = spaces(p);
    if (d.quote && p < end && *p == d.quote && p != literal_quote) {
      const char* open = p;
      const char* q = p + 1;
      bool escaped = false;
      bool closed = false;
      for (;;) {
        if (d.escape == Escape::backslash) {
          while (q < end && *q != d.quote && *q != '\\') ++q;
        } else {
          q = static_cast<const char*>(std::memchr(q, d.quote, static_cast<std::size_t>(end - q)));
          if (!q) q = end;
        }
        if (q == end) break;
        if (q + 1 == end && !at_end) {
          row.end = CsvRowEnd::incomplete;  // "" or \" may straddle blocks
          return row;
        }
        if (*q == '\\') {
          if (q + 1 < end && (q[1] == d.quote || q[1] == '\\')) {
            escaped = true;
            q += 2;
          } else {
            ++q;
          }
          continue;
        }
        if (d.escape == Escape::doubled && q + 1 < end && q[1] == d.quote) {
          escaped = true;
          q += 2;
          continue;
        }
        if (d.escape == Escape::none || reread.quotes_inside) {
          const char* s = spaces(q + 1);
          if (s == end && !at_end) {
            row.end = CsvRowEnd::incomplete;
            return row;
          }
          if (s < end && *s != d.delimiter && *s != '\n' && *s != '\r') {
            ++q;  // a quote inside the field: text
            continue;
          }
        }
        closed = true;
        break;
      }
      if (!closed) {
        if (!at_end) {
          row.end = CsvRowEnd::incomplete;
          return row;
        }
        if (!d.lenient) {
          row.end = CsvRowEnd::malformed;
          row.error = CsvRowError::unterminated_quote;
          row.error_at = open;
          row.error_field = row.fields + 1;
          p = end;
          return row;
        }
        row.notes |= kUnterminatedQuote;
        p = open;  // read from the quote to the line end as text
      } else {
        const char* after = spaces(q + 1);
        if (!at_end && (after == end || (*after == '\r' && after + 1 == end))) {
          row.end = CsvRowEnd::incomplete;
          return row;
        }
        char c = after < end ? *after : '\n';
        bool row_ends = after == end || c == '\n' ||
                        (c == '\r' && (d.cr_newline || after + 1 == end || after[1] == '\n'));
        if (c == d.delimiter || row_ends) {
          std::string_view inside(open + 1, static_cast<std::size_t>(q - open - 1));
          if (std::int64_t breaks = count_line_breaks(d, inside)) {
            row.lines += breaks;
            row.notes |= kMultilineField;
            if (!row.multiline_quote) row.multiline_quote = open;
          }
          emit(inside, escaped ? CsvField::escaped : CsvField::quoted);
          if (c == d.delimiter) {
            p = after + 1;
            if (d.space_after_delimiter && p < end && *p == ' ') ++p;
            continue;
          }
          p = after == end ? end : after + ((c == '\r' && after + 1 < end && after[1] == '\n') ? 2 : 1);
          if (after < end) ++row.lines;
          return row;
        }
        if (!d.lenient) {
          row.end = CsvRowEnd::malformed;
          row.error = CsvRowError::text_after_quote;
          row.error_at = after;
          row.error_field = row.fields + 1;
          p = after;
          return row;
        }
        row.notes |= kStrayQuote;
        p = open;  // the field is text from the quote on
      }
    }
    // an unquoted field (or a quote read as text)
    const char* start = p;
    auto value = [&](const char* stop) {
      if (d.trim) {
        while (stop > start && (stop[-1] == ' ' || stop[-1] == '\t')) --stop;
      }
      return std::string_view(start, static_cast<std::size_t>(stop - start));
    };
    CsvField how = CsvField::plain;
    for (;;) {
      p = find_any_of4(p, end, d.delimiter, quote, '\n', '\r');
      if (p == end) {
        if (!at_end) {
          row.end = CsvRowEnd::incomplete;
          return row;
        }
        emit(value(p), how);
        return row;
      }
      char c = *p;
      if (c == d.delimiter) {
        emit(value(p), how);
        ++p;
        if (d.space_after_delimiter && p < end && *p == ' ') ++p;
        break;
      }
      if (c == '\n') {
        emit(value(p), how);
        ++p;
        ++row.lines;
        return row;
      }
      if (c == '\r') {
        if (p + 1 == end && !at_end) {
          row.end = CsvRowEnd::incomplete;
          return row;
        }
        if (p + 1 == end || p[1] == '\n' || d.cr_newline) {
          emit(value(p), how);
          p += (p + 1 < end && p[1] == '\n') ? 2 : 1;
          ++row.lines;
          return row;
        }
      }
      // a quote inside an unquoted field, or a lone CR: text
      how = CsvField::text;
      ++p;
    }
  }
}

}  // namespace weir
