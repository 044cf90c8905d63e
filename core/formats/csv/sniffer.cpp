#include "core/formats/csv/sniffer.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <map>
#include <string>

#include "core/formats/csv/row_parser.hpp"
#include "core/io/block_reader.hpp"

namespace weir {

namespace {

// The dialect is chosen on the first rows; the layout is read from more.
constexpr std::size_t kDialectBytes = 64 << 10;
constexpr std::size_t kDialectRows = 1000;
constexpr std::size_t kLayoutRows = 4096;
constexpr int kMaxHeaderRows = 4;
constexpr std::size_t kMinRowsBelowHeader = 3;

struct SampleRow {
  std::int64_t line = 0;      // the line the row starts on
  std::size_t first = 0;      // index of its first cell in Sample::cells
  std::size_t width = 0;
  bool after_blank = false;   // a blank line came right before it
  std::int64_t lines = 1;     // the lines it takes (more with line breaks in quotes)
};

struct Sample {
  std::vector<SampleRow> rows;
  // a cell is 8 bytes, a place in the sample: the sniffer's memory (and so
  // its page faults, the most of its time) stays small
  struct Cell {
    std::uint32_t offset;
    std::uint32_t size : 31;
    std::uint32_t escaped : 1;  // the quotes inside are still doubled or backslashed
  };
  const char* base = nullptr;
  std::vector<Cell> cells;
  std::string_view text(std::size_t i) const { return {base + cells[i].offset, cells[i].size}; }
  bool quoted = false;        // some field was quoted
  bool escaped = false;       // some quoted field held an escaped quote
  bool cut_short = false;     // the text ended inside a row of several lines (more input follows)
  std::size_t repaired = 0;   // rows with a quote read as text

  std::string_view cell(const SampleRow& row, std::size_t i) const {
    return i < row.width ? text(row.first + i) : std::string_view();
  }
  /// The type of a cell, classified once (classify_types() first).
  CellType type(const SampleRow& row, std::size_t i) const {
    return i < row.width ? types[row.first + i] : CellType::empty;
  }
  void classify_types() {
    types.resize(cells.size());
    for (std::size_t i = 0; i < cells.size(); ++i) types[i] = classify_cell(text(i));
  }
  std::vector<CellType> types;
};

struct Collector {
  Sample& sample;
  void field(std::string_view value, CsvField how) {
    sample.cells.push_back(Sample::Cell{static_cast<std::uint32_t>(value.data() - sample.base),
                                        static_cast<std::uint32_t>(value.size()), how == CsvField::escaped});
    if (how == CsvField::quoted || how == CsvField::escaped) sample.quoted = true;
    if (how == CsvField::escaped) sample.escaped = true;
  }
};

// Whether a cell from `first` on holds two quotes in a row: read with no
// escape, a quote doubled as RFC 4180 escapes it stays doubled in the value
// ("size ""L"""), which counts against that reading as a repair does.
bool holds_doubled_quote(const CsvDialect& d, const Sample& sample, std::size_t first) {
  const char pair[] = {d.quote, d.quote};
  for (std::size_t i = first; i < sample.cells.size(); ++i) {
    if (sample.text(i).find(std::string_view(pair, 2)) != std::string_view::npos) return true;
  }
  return false;
}

// Rows of `text` under `d`, with the reader's rules for blank and comment
// lines, so that line numbers agree with the reader's.
// `sample` is reused from one candidate to the next: its memory stays.
void parse_sample(const CsvDialect& d, std::string_view text, bool whole, std::size_t max_rows, Sample& sample) {
  sample.rows.clear();
  sample.base = text.data();
  sample.cells.clear();
  sample.types.clear();
  sample.quoted = sample.escaped = sample.cut_short = false;
  sample.repaired = 0;
  Collector out{sample};
  const char* p = text.data();
  const char* end = p + text.size();
  std::int64_t line = 1;
  bool blank_before = false;
  while (p < end && sample.rows.size() < max_rows) {
    int blank = blank_line_length(d, p, end, whole);
    if (blank < 0) break;
    if (blank > 0) {
      p += blank;
      ++line;
      blank_before = true;
      continue;
    }
    if (d.comment && *p == d.comment) {
      p = skip_comment_line(d, p, end, whole);
      if (!p) break;
      ++line;
      continue;
    }
    SampleRow row{line, sample.cells.size(), 0, blank_before};
    const char* row_start = p;
    CsvRow parsed = parse_csv_row(d, p, end, whole, out);
    if (parsed.end == CsvRowEnd::done && (parsed.notes & kStrayQuote) && !sample.rows.empty() &&
        parsed.fields != sample.rows.back().width) {
      // as the reader does: a quote inside the field, when that makes the
      // row as wide as the one before
      const char* q = row_start;
      std::size_t kept = sample.cells.size();
      CsvRow again = parse_csv_row(d, q, end, whole, out, CsvReread{nullptr, true});
      if (again.end == CsvRowEnd::done && again.fields == sample.rows.back().width) {
        sample.cells.erase(sample.cells.begin() + static_cast<std::ptrdiff_t>(row.first),
                           sample.cells.begin() + static_cast<std::ptrdiff_t>(kept));
        p = q;
        parsed = again;
      } else {
        sample.cells.resize(kept);
      }
    }
    if (parsed.end != CsvRowEnd::done) {
      sample.cells.resize(row.first);
      // (a row open over a quarter of the first bytes or more: a quoted
      // value of many lines; a last line cut off, or a stray quote a few
      // lines up, is no reason to read further)
      sample.cut_short = parsed.end == CsvRowEnd::incomplete &&
                         static_cast<std::size_t>(end - row_start) >= kDialectBytes / 4;
      break;
    }
    row.width = parsed.fields;
    row.lines = std::max<std::int64_t>(1, parsed.lines);
    line += parsed.lines;
    if (parsed.notes & (kStrayQuote | kUnterminatedQuote)) ++sample.repaired;
    else if (d.escape == Escape::none && d.quote != '\0' && holds_doubled_quote(d, sample, row.first)) ++sample.repaired;
    sample.rows.push_back(row);
    blank_before = false;
  }
}

// CleverCSV's pattern score: rows of one width count for more the more rows
// share it and the more fields it has; many different widths divide it.
double pattern_score(const Sample& s) {
  std::map<std::size_t, std::size_t> widths;
  for (const auto& row : s.rows) ++widths[row.width];
  if (widths.empty()) return 0;
  // one column throughout is consistent too: it scores nearly as two
  // columns would, so that a file of one column is not split at a space in
  // its text, while a table of two text columns still wins
  if (widths.size() == 1 && widths.begin()->first == 1) return 0.4 * static_cast<double>(s.rows.size());
  // rows above the first of the usual width are a preamble, not a pattern
  // (when the usual width is a pattern: two rows or more)
  std::size_t modal = 0, modal_count = 0;
  for (auto [width, count] : widths) {
    if (count >= modal_count) {
      modal = width;
      modal_count = count;
    }
  }
  std::size_t start = 0;
  if (modal_count >= 2) {
    while (start < s.rows.size() && s.rows[start].width != modal) ++start;
  }
  // A row of the usual width counts once for each line it takes: a quoted
  // value over many lines (a note, a JSON payload) is as much evidence as
  // the lines a wrong dialect splits it into, which would otherwise
  // outnumber the few rows the right one reads.
  std::map<std::size_t, double> weights;
  for (std::size_t r = start; r < s.rows.size(); ++r) {
    const SampleRow& row = s.rows[r];
    weights[row.width] += row.width == modal ? static_cast<double>(row.lines) : 1.0;
  }
  double score = 0;
  for (auto [width, weight] : weights) {
    double w = static_cast<double>(width);
    score += weight * std::max(1e-3, w - 1) / w;
  }
  return score / static_cast<double>(weights.size());
}

// True when the sample's rows of two or more cells all begin with an empty one.
bool first_cells_empty(const Sample& s) {
  bool any = false;
  for (const SampleRow& row : s.rows) {
    if (row.width < 2) continue;
    if (!s.cell(row, 0).empty()) return false;
    any = true;
  }
  return any;
}

// Whether every row of two cells or more ends in an empty one: for a space,
// spaces at the ends of lines (1,10 ), not a column.
bool last_cells_empty(const Sample& s) {
  bool any = false;
  for (const SampleRow& row : s.rows) {
    if (row.width < 2) continue;
    if (!s.cell(row, row.width - 1).empty()) return false;
    any = true;
  }
  return any;
}

// The share of filled cells that read as values, at least 0.1: a table of
// text only is judged by its consistency alone, and empty cells (which a
// wrong delimiter makes plenty of) count for nothing.
double type_score(const Sample& s) {
  std::size_t known = 0, filled = 0;
  for (std::size_t i = 0; i < s.cells.size(); ++i) {
    if (s.cells[i].size == 0) continue;
    ++filled;
    known += cell_is_known(s.text(i));
  }
  return filled == 0 ? 0.1 : std::max(0.1, static_cast<double>(known) / static_cast<double>(filled));
}

struct Candidate {
  CsvDialect dialect;
  double score = 0;
  bool quoted = false;
  bool escaped = false;
  int order = 0;  // lower wins a tie: the usual dialects first
};

// DuckDB's tie-breaks: a dialect that quotes, one whose escapes occur,
// doubled quotes (quote == escape), then the candidates' order.
// Escapes are told apart by a few rows at most: within 1 % the more usual
// escape wins (a stray quote elsewhere should not make "" literal text).
bool better(const Candidate& a, const Candidate& b) {
  double scale = std::max(a.score, b.score);
  bool same_delimiter = a.dialect.delimiter == b.dialect.delimiter &&
                        a.dialect.space_after_delimiter == b.dialect.space_after_delimiter &&
                        a.dialect.comment == b.dialect.comment;
  bool same_but_escape = same_delimiter && a.dialect.quote == b.dialect.quote;
  // a quote that quotes well-formed fields, against none: a few bad quotes
  // elsewhere (read as text, which costs a little) should not make every
  // quote text
  bool quote_or_none = same_delimiter && (a.dialect.quote == '\0') != (b.dialect.quote == '\0');
  double tolerance = same_but_escape ? 1e-2 : quote_or_none ? 0.2 : 1e-9;
  if (std::abs(a.score - b.score) > tolerance * scale) return a.score > b.score;
  if (a.quoted != b.quoted) return a.quoted;
  // ", " passed its gate (nearly every comma has a space after it)
  if (a.dialect.delimiter == b.dialect.delimiter && a.dialect.space_after_delimiter != b.dialect.space_after_delimiter) {
    return a.dialect.space_after_delimiter;
  }
  if (a.escaped != b.escaped) return a.escaped;
  return a.order < b.order;
}

std::vector<CsvDialect> candidates(std::string_view text, const SniffHints& hints, bool cr_newline) {
  std::vector<std::pair<char, bool>> delimiters;  // (delimiter, space after it)
  std::size_t commas = std::count(text.begin(), text.end(), ',');
  std::size_t spaced = 0;
  for (std::size_t at = text.find(", "); at != std::string_view::npos; at = text.find(", ", at + 2)) ++spaced;
  // ", " only when nearly every comma has a space after it
  bool comma_space = commas > 0 && spaced * 10 >= commas * 9;
  if (hints.delimiter) {
    delimiters.emplace_back(*hints.delimiter, false);
    if (*hints.delimiter == ',' && comma_space) delimiters.emplace_back(',', true);
  } else {
    // ',' always: with none of the others in the text, one column
    for (char c : {',', ';', '\t', '|', ' '}) {
      if (c == ',' || text.find(c) != std::string_view::npos) delimiters.emplace_back(c, false);
    }
    if (comma_space) delimiters.emplace_back(',', true);
  }
  // '"' always: where the first bytes hold none, it reads them as no quote
  // does and wins the tie (by order), so that a quoted value further on
  // ("say ""hi""", "Smith, John") is read as RFC 4180 writes it, not as
  // text with its quotes in it
  std::vector<char> quotes;
  const bool double_quotes = text.find('"') != std::string_view::npos;
  if (hints.quote) {
    quotes.push_back(*hints.quote);
  } else {
    quotes.push_back('"');
    if (text.find('\'') != std::string_view::npos) quotes.push_back('\'');
    quotes.push_back('\0');
  }
  std::vector<Escape> escapes;
  if (hints.escape) {
    escapes.push_back(*hints.escape);
  } else {
    escapes = {Escape::doubled, Escape::none};
    if (text.find('\\') != std::string_view::npos) escapes.push_back(Escape::backslash);
  }
  std::vector<char> comments;
  if (hints.comment) {
    comments.push_back(*hints.comment);
  } else {
    comments.push_back('\0');
    if (text.starts_with('#') || text.find("\n#") != std::string_view::npos) comments.push_back('#');
  }
  std::vector<CsvDialect> out;
  for (char comment : comments) {
    for (auto [delimiter, space] : delimiters) {
      for (char quote : quotes) {
        for (Escape escape : escapes) {
          if (quote == '\0' && escape != Escape::doubled && !hints.escape) continue;
          // (without a '"' in the text its escapes read alike: one of them)
          if (quote == '"' && !double_quotes && escape != Escape::doubled && !hints.escape) continue;
          CsvDialect d;
          d.delimiter = delimiter;
          d.space_after_delimiter = space;
          d.quote = quote;
          d.escape = escape;
          d.comment = comment;
          d.cr_newline = cr_newline;
          d.trim = hints.trim;
          out.push_back(d);
        }
      }
    }
  }
  return out;
}

// -------------------------------------------------------------- layout

using Types = std::vector<CellType>;

// The type of each column over rows [from, to): the most specific type
// nine in ten of its non-empty cells fit (a polluted row does not decide).
bool same_cells(const Sample& s, const SampleRow& a, const SampleRow& b) {
  if (a.width != b.width) return false;
  for (std::size_t i = 0; i < a.width; ++i) {
    if (s.cell(a, i) != s.cell(b, i)) return false;
  }
  return true;
}


// (rows equal to `header`, the header line again, are left out)
Types column_types(const Sample& s, std::size_t width, std::size_t from, std::size_t to,
                   const SampleRow* header = nullptr) {
  Types types(width, CellType::empty);
  std::vector<bool> repeated(to > from ? to - from : 0, false);
  if (header) {
    for (std::size_t r = from; r < to; ++r) repeated[r - from] = same_cells(s, s.rows[r], *header);
  }
  for (std::size_t col = 0; col < width; ++col) {
    std::size_t counts[8] = {};
    std::size_t filled = 0;
    for (std::size_t r = from; r < to; ++r) {
      if (repeated[r - from]) continue;
      CellType t = s.type(s.rows[r], col);
      // (a missing mark holds no value: NA among decimals leaves them decimals)
      if (t == CellType::empty || (t == CellType::text && is_missing_cell(s.cell(s.rows[r], col)))) continue;
      ++filled;
      ++counts[static_cast<int>(t)];
    }
    if (filled == 0) continue;
    types[col] = CellType::text;
    for (CellType t : {CellType::integer, CellType::decimal, CellType::boolean, CellType::date, CellType::time,
                       CellType::datetime}) {
      std::size_t fit = counts[static_cast<int>(t)];
      if (t == CellType::decimal) fit += counts[static_cast<int>(CellType::integer)];
      if (fit * 10 >= filled * 9) {
        types[col] = t;
        break;
      }
    }
  }
  return types;
}

bool typed(CellType t) { return t != CellType::text && t != CellType::empty; }

// A number with a decimal comma (1,5 in a file delimited by ';'): no name.
bool decimal_comma(std::string_view cell) {
  if (cell.starts_with('-')) cell.remove_prefix(1);
  const std::size_t comma = cell.find(',');
  auto digits = [](std::string_view t) {
    return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  return comma != std::string_view::npos && digits(cell.substr(0, comma)) && digits(cell.substr(comma + 1));
}

// A cell that reads as a name: text, not a missing mark nor a decimal comma.
bool name_cell(const Sample& s, const SampleRow& row, std::size_t col) {
  const std::string_view cell = s.cell(row, col);
  return !cell.empty() && s.type(row, col) == CellType::text && !is_missing_cell(cell) && !decimal_comma(cell);
}

// Cells of `row` in typed columns that do not read as the column's type:
// (how many are filled there, how many of those do not fit). In a row with
// no name at all (every cell a number, a date, a bool or a missing mark) no
// cell counts: 12.5 over whole numbers, or 1,NA, is a first row of data;
// in a row holding a name (label,0.5,0.9; region,2024-01-01) each does.
std::pair<std::size_t, std::size_t> misfits(const Sample& s, const SampleRow& row, const Types& types) {
  bool any_name = false;
  for (std::size_t col = 0; col < row.width && !any_name; ++col) any_name = name_cell(s, row, col);
  std::size_t filled = 0, misfit = 0;
  for (std::size_t col = 0; col < types.size(); ++col) {
    if (!typed(types[col])) continue;
    CellType t = s.type(row, col);
    if (t == CellType::empty) continue;
    ++filled;
    misfit += any_name && !cell_fits(types[col], t);
  }
  return {filled, misfit};
}

// A header-like row: every filled cell in a typed column fails its type.
bool header_like(const Sample& s, const SampleRow& row, const Types& types) {
  auto [filled, misfit] = misfits(s, row, types);
  return filled > 0 && misfit == filled;
}

std::size_t filled_cells(const Sample& s, const SampleRow& row) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < row.width; ++i) n += !s.cell(row, i).empty();
  return n;
}

// A header whose first name alone is empty: an unnamed index column, as
// pandas writes one (",val" over "0,1.5"; ",a,b").
bool index_header(const Sample& s, const SampleRow& row, std::size_t width) {
  if (row.width != width || width < 2 || !s.cell(row, 0).empty()) return false;
  for (std::size_t i = 1; i < row.width; ++i) {
    if (!name_cell(s, row, i)) return false;
  }
  return true;
}

// Whether column `col` is filled in every row of [from, to).
bool filled_below(const Sample& s, std::size_t col, std::size_t from, std::size_t to) {
  for (std::size_t r = from; r < to; ++r) {
    const SampleRow& row = s.rows[r];
    if (col >= row.width || s.cell(row, col).empty()) return false;
  }
  return from < to;
}

// R's write.table header: a name for each column but the first, which holds
// the rows' names as R numbers them (1, 2, 3, ...), over rows one field
// wider, every one. (A header short of a name otherwise is a ragged row.)
bool row_names_header(const Sample& s, std::size_t width, char delimiter) {
  const std::size_t n = s.rows.size();
  // (write.table's separators: write.csv writes a "" name for the column)
  if (n < 3 || width < 2 || (delimiter != '\t' && delimiter != ' ')) return false;
  const SampleRow& first = s.rows[0];
  if (first.width + 1 != width) return false;
  for (std::size_t i = 0; i < first.width; ++i) {
    if (!name_cell(s, first, i)) return false;
  }
  for (std::size_t r = 1; r < n; ++r) {
    const SampleRow& row = s.rows[r];
    if (row.width != width || s.cell(row, 0) != std::to_string(r) || s.cell(row, width - 1).empty()) return false;
  }
  return true;
}

// A preamble row: a title or a note above the table, not a row of it.
bool preamble_row(const Sample& s, const SampleRow& row, std::size_t width) {
  if (width < 2) return false;
  std::size_t filled = filled_cells(s, row);
  if (filled == 0) return true;
  if (filled == 1) {
    for (std::size_t i = 0; i < row.width; ++i) {
      if (s.cell(row, i).empty()) continue;
      // a title or a date ("Report", "2024-01-31") above the table; a lone
      // number is more likely a row's id
      CellType t = s.type(row, i);
      return t == CellType::text || t == CellType::date || t == CellType::datetime;
    }
  }
  return width >= 4 && row.width * 2 < width;
}

std::size_t modal_width(const Sample& s) {
  std::map<std::size_t, std::size_t> widths;
  for (const auto& row : s.rows) ++widths[row.width];
  std::size_t best = 0, best_count = 0;
  for (auto [width, count] : widths) {
    if (count >= best_count) {
      best = width;
      best_count = count;
    }
  }
  return best;
}

void find_layout(const Sample& s, const SniffHints& hints, SniffResult& result) {
  const std::size_t n = s.rows.size();
  const std::size_t width = modal_width(s);
  CsvLayout& layout = result.layout;
  layout.columns = width;
  layout.header_rows = hints.header.value_or(true) ? 1 : 0;
  if (n == 0) return;

  std::size_t start = 0;
  if (!hints.header || *hints.header) layout.row_names = row_names_header(s, width, result.dialect.delimiter);
  // (an index column's header is no title, unless a header follows it:
  // ",Quarterly report" over "name,amount" over rows of amounts)
  auto index_names = [&](std::size_t r) {
    if (!index_header(s, s.rows[r], width)) return false;
    return r + 2 >= n || !header_like(s, s.rows[r + 1], column_types(s, width, r + 2, n));
  };
  while (!layout.row_names && start < n && preamble_row(s, s.rows[start], width) && !index_names(start)) ++start;
  if (start == n) start = 0;
  layout.skip_lines = s.rows[start].line - 1;

  std::size_t body = start;
  Types types = column_types(s, width, std::min(start + 1, n), n);
  if (layout.row_names) {
    layout.header_rows = 1;
  } else if (!hints.header) {
    const SampleRow& first = s.rows[start];
    bool any_typed = std::any_of(types.begin(), types.end(), typed);
    bool header;
    if (start + 1 == n) {
      // one row: a header unless a cell reads as a value
      header = true;
      for (std::size_t i = 0; i < first.width; ++i) header = header && s.type(first, i) == CellType::text;
    } else if (any_typed) {
      // (or an unnamed index column's header: ,name over 1,alice)
      header = misfits(s, first, types).second > 0 ||
               (index_header(s, first, width) && filled_below(s, 0, start + 1, n));
    } else {
      // text only: a header unless a name is empty (but an index's) or repeated
      header = filled_cells(s, first) == first.width || index_header(s, first, width);
      for (std::size_t i = 0; header && i < first.width; ++i) {
        for (std::size_t j = i + 1; header && j < first.width; ++j) header = s.cell(first, i) != s.cell(first, j);
      }
    }
    layout.header_rows = header ? 1 : 0;
  }
  if (layout.header_rows > 0) {
    body = start + 1;
    // more header rows: as wide as the table, names only (text), with
    // enough rows below to tell (a data row must not become a name)
    while (!hints.header && layout.header_rows < kMaxHeaderRows && body + kMinRowsBelowHeader < n) {
      Types below = column_types(s, width, body + 1, n);
      const SampleRow& row = s.rows[body];
      bool names_only = true;
      for (std::size_t i = 0; i < row.width; ++i) {
        const std::string_view cell = s.cell(row, i);
        names_only = names_only && (cell.empty() || (s.type(row, i) == CellType::text && !is_missing_cell(cell)));
      }
      if (row.width != width || !names_only || !header_like(s, row, below)) break;
      ++layout.header_rows;
      ++body;
    }
    types = column_types(s, width, body, n, layout.header_rows == 1 ? &s.rows[start] : nullptr);
  }

  // a second table
  std::size_t stop = n;
  for (std::size_t r = body + 1; r < n; ++r) {
    const SampleRow& row = s.rows[r];
    // (the header again, as where files were joined: the reader skips a
    // header line, and the table goes on; a header of several rows again
    // starts a second table)
    if (layout.header_rows > 0 && same_cells(s, row, s.rows[start])) {
      if (layout.header_rows == 1) continue;
      stop = r;
      break;
    }
    if (!header_like(s, row, types)) continue;
    bool new_width = row.width != width && r + 1 < n && s.rows[r + 1].width == row.width;
    if (row.after_blank || new_width) {
      stop = r;
      break;
    }
  }
  if (stop < n) {
    layout.table_end_line = s.rows[stop].line;
    types = column_types(s, width, body, stop, layout.header_rows == 1 ? &s.rows[start] : nullptr);
  }
  result.column_types = std::move(types);

  // the names, as the reader will make them
  std::vector<std::vector<std::string>> header;
  for (std::size_t r = start; r < body; ++r) {
    const SampleRow& row = s.rows[r];
    std::vector<std::string>& names = header.emplace_back();
    for (std::size_t i = 0; i < row.width; ++i) {
      std::string_view cell = s.text(row.first + i);
      names.push_back(s.cells[row.first + i].escaped ? unescape_quoted(result.dialect, cell) : std::string(cell));
    }
  }
  result.names = merge_header_rows(header);
  if (layout.row_names) result.names.insert(result.names.begin(), "1");
}

// The line ends of `text`: LFs, CRLFs and lone CRs.
struct LineEnds {
  std::size_t lf = 0, crlf = 0, cr = 0;

  explicit LineEnds(std::string_view text) {
    for (const char* p = text.data(), *end = p + text.size();
         (p = static_cast<const char*>(std::memchr(p, '\r', static_cast<std::size_t>(end - p)))); ++p) {
      if (p + 1 < end && p[1] == '\n') ++crlf;
      else ++cr;
    }
    lf = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) - crlf;
  }
};

// Whether rows end at lone CRs (old Mac files): where they are the only
// line ends, or where LFs come too (and no CRLF) but only inside "quoted"
// values (an export whose values of many lines hold LFs).
bool cr_newline_of(std::string_view text, const LineEnds& ends) {
  if (ends.cr == 0 || ends.crlf > 0) return false;
  if (ends.lf == 0) return true;
  bool quoted = false;
  std::size_t cr_outside = 0;
  for (char c : text) {
    if (c == '"') quoted = !quoted;  // (a doubled quote turns it twice)
    else if (!quoted && c == '\n') return false;
    else if (!quoted && c == '\r') ++cr_outside;
  }
  return cr_outside > 0;
}

}  // namespace

SniffResult sniff_csv(std::string_view input, bool whole, const SniffHints& hints) {
  // the row parser reads ahead many bytes at a time (scan.hpp): a copy with
  // the padding every input block has
  std::string padded;
  padded.reserve(input.size() + BlockReader::kPadding);
  padded.append(input);
  padded.append(BlockReader::kPadding, '\0');
  std::string_view sample(padded.data(), input.size());
  if (sample.starts_with("\xEF\xBB\xBF")) sample.remove_prefix(3);
  SniffResult result;
  const LineEnds ends(sample);
  const bool cr_newline = cr_newline_of(sample, ends);
  result.newline = cr_newline ? "cr" : ends.crlf > ends.lf ? "crlf" : "lf";

  // the dialect, on the first rows
  std::string_view head = sample.substr(0, kDialectBytes);
  bool head_whole = whole && head.size() == sample.size();
  Candidate best;
  bool found = false;
  int order = 0;
  Sample rows;
  for (const CsvDialect& d : candidates(head, hints, cr_newline)) {
    parse_sample(d, head, head_whole, kDialectRows, rows);
    // a row still open where the first bytes end (a long quoted value):
    // the dialect is judged on all of the sample, where it may close
    if (rows.cut_short && head.size() < sample.size()) parse_sample(d, sample, whole, kDialectRows, rows);
    // ... and where it is still open at the sample's end, before the rows
    // the dialect is judged on, on a longer sample
    if (rows.cut_short && !whole && d.quote != '\0' && rows.rows.size() < kDialectRows) result.more_wanted = true;
    Candidate c{d, 0, rows.quoted, rows.escaped, order++};
    if (rows.rows.empty()) continue;
    double repaired = static_cast<double>(rows.repaired) / static_cast<double>(rows.rows.size());
    c.score = pattern_score(rows) * (1 - 0.5 * repaired);
    // a space splits text too ("full name"): it must do clearly better
    if (d.delimiter == ' ') c.score *= 0.8;
    // a space before the first value of every row is indentation, not an
    // empty first column (a one-column file whose values start with a space)
    if (d.delimiter == ' ' && first_cells_empty(rows)) c.score *= 0.1;
    // likewise a space after the last value of every row ends the line
    if (d.delimiter == ' ' && last_cells_empty(rows)) c.score *= 0.1;
    // The type score (at most 1) is most of the sniffing's time: a candidate
    // that cannot come within better()'s widest tolerance (0.2) of the best
    // even with every cell a value is left without it.
    if (found && c.score < 0.79 * best.score) continue;
    c.score *= type_score(rows);
    if (std::getenv("WEIR_SNIFF_DEBUG"))
      std::fprintf(stderr, "cand delim=%d sp=%d quote=%d esc=%d com=%d P=%g T=%g rep=%zu rows=%zu score=%g q=%d e=%d\n", d.delimiter, d.space_after_delimiter, d.quote, (int)d.escape, d.comment, pattern_score(rows), type_score(rows), rows.repaired, rows.rows.size(), c.score, c.quoted, c.escaped);
    if (!found || better(c, best)) {
      best = c;
      found = true;
    }
  }
  if (!found || best.score <= 0) {
    result.defaulted = true;
    best.dialect = CsvDialect{};
    if (hints.delimiter) best.dialect.delimiter = *hints.delimiter;
    if (hints.quote) best.dialect.quote = *hints.quote;
    if (hints.escape) best.dialect.escape = *hints.escape;
    if (hints.comment) best.dialect.comment = *hints.comment;
    best.dialect.cr_newline = cr_newline;
  }
  result.dialect = best.dialect;

  // the layout, on more rows
  rows.cells.reserve(rows.cells.size() * std::min(sample.size(), 4 * kDialectBytes) / std::max<std::size_t>(1, head.size()));
  parse_sample(result.dialect, sample, whole, kLayoutRows, rows);
  rows.classify_types();
  result.rows = rows.rows.size();
  find_layout(rows, hints, result);
  return result;
}

}  // namespace weir
