#pragma once
/// The dialect sniffer: from the first bytes of an input, the dialect (how
/// rows are written) and the layout (preamble, header rows, a second table).
///
/// Every candidate dialect (delimiters , ; tab | space and ", "; quotes " '
/// and none; escapes doubled, backslash and none; a # comment or none) is
/// run through the reader's own row parser (row_parser.hpp) over the sample
/// and scored as CleverCSV does: how consistent the row widths are times
/// how many cells read as values (numbers, dates, money, ...). Ties go the
/// way DuckDB breaks them: a candidate that actually quotes, then doubled
/// quotes. With the dialect fixed, the rows of the sample give the layout:
///  - preamble: leading rows that are narrow or hold at most one text cell;
///  - header: a first row that does not read as the column types (a table
///    of text only is taken to have one); more such rows are header rows too;
///  - a second table: a row equal to the header, or a header-like row after
///    a blank line or at a width the rows after it share.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/formats/csv/cell_types.hpp"
#include "core/formats/csv/dialect.hpp"

namespace weir {

/// What the user fixed: the sniffer detects only the rest.
struct SniffHints {
  std::optional<char> delimiter;
  std::optional<char> quote;  ///< '\0': no quoting
  std::optional<Escape> escape;
  std::optional<char> comment;
  std::optional<bool> header;
  bool trim = false;  ///< --trim: candidates are read with it
};

struct SniffResult {
  CsvDialect dialect;
  CsvLayout layout;
  std::string newline;                  ///< "lf", "crlf" or "cr"
  std::vector<CellType> column_types;   ///< of the table's columns, from the sample
  std::vector<std::string> names;       ///< the header's names as read (merged rows); empty without a header
  std::size_t rows = 0;                 ///< rows of the sample (a cut-off last one not counted)
  /// The sample held too little to tell (no delimiter found): defaults used.
  bool defaulted = false;
  /// The sample ends inside a quoted value of many lines that opened in its
  /// first rows, so a quoting dialect had too few rows to be judged on:
  /// sniff_source reads more and sniffs again.
  bool more_wanted = false;
};

/// Sniffs `sample`, the first bytes of an input (a UTF-8 BOM is skipped).
/// `whole`: the sample is the whole input, its last row complete.
SniffResult sniff_csv(std::string_view sample, bool whole, const SniffHints& hints);

/// How many bytes of an input the sniffer wants to see.
inline constexpr std::size_t kSniffSampleBytes = 256 << 10;
/// How far the sample doubles while it ends inside a quoted value of many
/// lines that opened in its first rows (SniffResult::more_wanted), and no
/// further than --max-record-size (a longer record is an error anyway).
inline constexpr std::size_t kSniffMostBytes = 16 << 20;

struct ReadOptions;
class Source;

/// What the options fix, for the sniffer.
SniffHints sniff_hints(const ReadOptions& options);

/// Sniffs the first bytes of `source` (read, then given back in front of
/// the rest, so `source` reads as before): kSniffSampleBytes, doubled up to
/// kSniffMostBytes while a quoted value of many lines that opened in its
/// first rows is still open at its end. What `options` fix is kept.
SniffResult sniff_source(std::unique_ptr<Source>& source, const ReadOptions& options);

}  // namespace weir
