#pragma once
/// A CSV dialect (how a row is written) and a layout (where the table sits
/// in the file). The sniffer finds both; the reader follows them; `weir
/// sniff` prints them as a config's `input` object.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace weir {

/// How a quote is written inside a quoted field.
enum class Escape : std::uint8_t {
  doubled,    ///< "" (RFC 4180)
  backslash,  ///< \" and \\ ; any other backslash is text
  none,       ///< a quote closes the field only before a delimiter or a line end
};

struct CsvDialect {
  char delimiter = ',';
  /// ", ": one space after each delimiter belongs to the delimiter.
  bool space_after_delimiter = false;
  char quote = '"';  ///< '\0': fields are never quoted
  Escape escape = Escape::doubled;
  char comment = '\0';      ///< lines starting with it are skipped
  bool cr_newline = false;  ///< a lone CR ends a row (old Mac files)
  bool trim = false;        ///< spaces and tabs around values are dropped
  /// Lenient: a quote that does not open a well-formed field is read as text
  /// (and the row noted). Strict (--strict): it is a malformed row.
  bool lenient = true;
};

/// What to do with a row whose width is not the header's.
enum class Ragged : std::uint8_t {
  keep,   ///< pad short rows with empty values, keep extra values as fields N+1...
  pad,    ///< pad short rows; a long row is malformed
  skip,   ///< reject the row (to --rejects) and go on
  error,  ///< malformed: the --on-error policy decides
};

/// Where the table is in the file.
struct CsvLayout {
  std::int64_t skip_lines = 0;  ///< preamble lines before the header (or the first record)
  int header_rows = 1;          ///< 0: no header (fields named 1..N); 2+: merged with a space
  /// The line where a second table starts (its rows are not read); 0: none.
  std::int64_t table_end_line = 0;
  std::size_t columns = 0;  ///< the table's width, when known (0: from the header)
  /// The header names all columns but the first, which holds each row's
  /// name (R's write.table): that column is named 1, the others as written.
  bool row_names = false;
};

/// Header rows over several lines as one: the names of a column joined with
/// a space ("Price" over "EUR": "Price EUR"), empty parts left out.
std::vector<std::string> merge_header_rows(const std::vector<std::vector<std::string>>& rows);

/// The text of a quoted field's inside, its escapes undone.
std::string unescape_quoted(const CsvDialect& dialect, std::string_view inside);

std::string_view escape_name(Escape escape);
/// "comma", "semicolon", "tab", "pipe", "space" or the character itself.
std::string delimiter_display(const CsvDialect& dialect);
std::string_view ragged_name(Ragged ragged);
/// Throws UsageError with the choices when `name` is none of them.
Ragged ragged_named(std::string_view name);
Escape escape_named(std::string_view name);

}  // namespace weir
