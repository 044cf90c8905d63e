// CSV reader: rows from the one CSV state machine (row_parser.hpp), under a
// dialect the sniffer found in the input's first bytes (or the user gave),
// placed by the layout: preamble lines passed over, header rows merged, a
// second table's rows not read as records.
//
// Nothing is lost without a word: every row that is padded, kept wider than
// the header, re-read with a quote as text, passed over or rejected is
// handed to the error policy (counted, quarantined with --rejects, a
// violation in `weir check`). --strict reads RFC 4180 only and reports
// anything else as malformed, as weir did before it sniffed.

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "core/formats/block_parser.hpp"
#include "core/formats/csv/picked_row.hpp"
#include "core/formats/csv/plain_row.hpp"
#include "core/formats/csv/row_parser.hpp"
#include "core/formats/csv/sniffer.hpp"
#include "core/formats/utf8.hpp"
#include "core/record/header.hpp"

namespace weir {

namespace {

// The end of a row's text, its line break left out.
const char* line_text_end(const char* row_start, const char* row_end) {
  while (row_end > row_start && (row_end[-1] == '\n' || row_end[-1] == '\r')) --row_end;
  return row_end;
}

class CsvReader final : public BlockParser {
 public:
  CsvReader(std::unique_ptr<Source> source, const ReadOptions& options, ErrorPolicy& errors,
            const CsvDialect& dialect, const CsvLayout& layout, Ragged ragged)
      : BlockParser(std::move(source), options, errors),
        d_(dialect),
        layout_(layout),
        ragged_(ragged),
        plain_(dialect),
        try_plain_(PlainRowScan::applies(dialect)) {
    header_rows_left_ = layout.header_rows;
    if (layout.header_rows == 0) {
      header_ = make_positional_header(layout.columns);
      // --strict --no-header: names grow with the widest row, no row is ragged
      grow_names_ = options.strict;
    }
  }

 protected:
  const char* parse(const char* begin, const char* end, bool at_end, Batch& batch) override;

  // Once the header is read, rows are read the same way wherever they are:
  // a fork can read any chunk (not while names grow with the widest row).
  std::unique_ptr<BlockParser> fork() const override {
    if (header_rows_left_ > 0 || !header_ || grow_names_) return nullptr;
    return std::unique_ptr<BlockParser>(new CsvReader(*this));
  }
  char line_break() const override { return d_.cr_newline ? '\r' : '\n'; }
  // (a backslash escape or a comment line may hold a lone quote)
  char record_quote() const override {
    return d_.escape == Escape::doubled && d_.comment == '\0' ? d_.quote : '\0';
  }

  void project(const Projection& projection) override { projection_ = projection; }

  // A file of a header and no rows: its header, for writers to write.
  bool finish(Batch& batch) override {
    if (records_ + records_elsewhere_ > 0 || !header_ || header_->positional) return false;
    batch.keep(header_);
    batch.bare_header = header_.get();
    return true;
  }

 private:
  /// Fields of a row go straight into the batch. The names of the header
  /// are looked up in place; past its width the reader names them.
  struct RowOut {
    RowOut(CsvReader& r, Batch& b)
        : reader(r), batch(b), names(r.header_ ? r.header_->names.data() : nullptr),
          width(r.header_ ? r.header_->names.size() : 0) {}
    CsvReader& reader;
    Batch& batch;
    const std::string* names;
    std::size_t width;
    std::size_t column = 0;

    void field(std::string_view value, CsvField how) {
      // past --max-fields: counted, not kept (finish_row reports the row)
      if (column >= reader.options_.max_fields) {
        if (column++ == reader.options_.max_fields) reader.past_max_fields_ = value.data();
        return;
      }
      std::string_view name;
      // plain: no quote a writer's '"' would need doubled, so only under '"'
      std::uint8_t flags = how == CsvField::plain && reader.d_.quote == '"' ? kFieldPlain : 0;
      if (column < width) {
        name = names[column];
      } else {
        name = reader.name_at(column, batch);
        if (reader.header_ && !reader.grow_names_) flags |= kFieldExtra;
        if (reader.header_) {
          names = reader.header_->names.data();
          width = reader.grow_names_ ? reader.header_->names.size() : width;
        }
      }
      ++column;
      batch.add_field(name, how == CsvField::escaped ? reader.unescape(value, batch) : value, flags);
    }
  };

  /// The picked columns' fields of a row PickedRowScan reads.
  struct PickedOut {
    Batch& batch;
    const std::string* names;
    std::uint8_t flags;
    std::size_t column = 0;
    void field(std::string_view value) { batch.add_field(names[column++], value, flags); }
  };

  void pick_columns();
  bool finish_row(const char* row_start, const char*& p, std::int64_t row_line, const char* end, bool at_end,
                  const char* limit, CsvRow& row, Batch& batch);
  const char* too_large(const char* row_start, const char* end, bool at_end);
  bool fit_width(const char* row_start, const char* row_end, std::int64_t row_line, Batch& batch);
  // A row holding invalid UTF-8 is reported (and not kept). Rows within the
  // part of the block validated at once are not looked at again.
  bool reported_invalid_utf8(const char* row_start, const char* row_end, std::int64_t row_line, Batch& batch) {
    return row_end > utf8_valid_until_ && report_invalid_utf8(row_start, row_end, row_line, batch);
  }
  bool report_invalid_utf8(const char* row_start, const char* row_end, std::int64_t row_line, Batch& batch);
  void take_header_row(const char* row_start, const char* row_end, std::int64_t row_line, Batch& batch);
  // Whether the row [row_start, row_end) is the header line again (a header
  // of one row), its quotes aside ("id","name" under id,name): most rows
  // differ at their first byte.
  bool repeats_header(const char* row_start, const char* row_end) const {
    if (header_line_.empty()) return false;
    const char* text_end = line_text_end(row_start, row_end);
    const char* a = row_start;
    const char* b = header_line_.data();
    const char* b_end = b + header_line_.size();
    for (;;) {
      while (a < text_end && *a == d_.quote && d_.quote) ++a;
      while (b < b_end && *b == d_.quote && d_.quote) ++b;
      if (a == text_end || b == b_end) return a == text_end && b == b_end;
      if (*a++ != *b++) return false;
    }
  }
  std::string_view name_at(std::size_t column, Batch& batch);
  std::string_view unescape(std::string_view quoted, Batch& batch) const;
  std::size_t width() const { return header_->names.size(); }

  // A repair of the row being built: counted; when it goes past
  // --max-rejects, the row is not handed on.
  void repair(DataError error, Batch& batch) {
    try {
      errors_.repaired(std::move(error), true);
    } catch (const InputError&) {
      batch.abort_record();
      throw;
    }
  }

  /// Drops the fields a fast path gave before it gave the row up: the
  /// next path reads it from its start.
  static void restart_record(Batch& batch) {
    Provenance where = batch.last_slot().where;
    batch.abort_record();
    batch.begin_record(where);
  }

  /// Reads the row at p: the fast path when it takes it, else the state machine.
  CsvRow read_row(const char*& p, const char* limit, bool at_end, Batch& batch);

  CsvDialect d_;
  CsvLayout layout_;
  Ragged ragged_;
  PlainRowScan plain_;
  const bool try_plain_;
  // rows the fast path may try before it is tried again (a file of quoted
  // rows would only waste the try): earned by rows it read, lost by others
  int plain_credit_ = 16;
  std::uint32_t plain_rest_ = 0;
  HeaderPtr header_;                // null until the header rows are read
  std::optional<Projection> projection_;  // the columns the run reads (Reader::project)
  HeaderPtr picked_header_;         // names the picked columns, once the header is read
  std::optional<PickedRowScan> picked_;
  HeaderPtr positions_;             // names 1..N for values past the header
  int header_rows_left_ = 0;
  std::string header_line_;  // a header of one row: its text, for repeats_header
  std::vector<std::vector<std::string>> header_parts_;
  bool grow_names_ = false;
  const char* past_max_fields_ = nullptr;  // the first value of a row past --max-fields
  const char* utf8_valid_until_ = nullptr;
  std::int64_t records_ = 0;  // the rows before it are valid UTF-8
};

const char* CsvReader::parse(const char* begin, const char* end, bool at_end, Batch& batch) {
  batch.plain_delimiter = d_.delimiter;
  if (header_) batch.keep(header_);
  if (positions_) batch.keep(positions_);
  if (picked_header_) batch.keep(picked_header_);
  const char* p = begin;
  if (at_input_start(p)) p = skip_bom(p, end);
  // UTF-8 is checked a block at a time; rows past the last line break
  // checked (or in a block that fails) are checked one by one
  utf8_valid_until_ = utf8_valid_until(p, end, at_end);
  plain_.reset();
  if (picked_) picked_->reset();
  while (p < end) {
    // a blank line holds no record (unless --keep-blank-lines), except in a
    // table of one column, where it is an empty value: as Miller reads it,
    // and as a TSV writer writes one (TSV has no quotes to write "")
    int blank = blank_line_length(d_, p, end, at_end);
    if (blank < 0) return p;
    if (blank > 0 && !options_.keep_blank_lines && !(header_ && header_rows_left_ == 0 && width() == 1)) {
      p += blank;
      ++line_;
      continue;
    }
    if (d_.comment && *p == d_.comment) {
      const char* next = skip_comment_line(d_, p, end, at_end);
      if (!next) return p;
      // a comment line is held to --max-record-size as when it runs past a
      // block (BlockParser::too_large; found by fuzz_csv)
      if (static_cast<std::size_t>(next - p) > options_.max_record_size) {
        report(p, line_, p, too_large_message(options_.max_record_size), DataErrorKind::too_large);
      } else if (!options_.comment) {
        // sniffed, not said: each line skipped is counted, and kept with --rejects
        errors_.reject(data_error(p, next, line_, p,
                                  fmt::format("a comment line (starting with '{}'), not read; --comment none reads it",
                                              d_.comment),
                                  DataErrorKind::comment));
      }
      p = next;
      ++line_;
      continue;
    }
    const char* row_start = p;
    std::int64_t row_line = line_;
    // A row is read from at most --max-record-size bytes: one that cannot
    // be decided from them (its end, or how to read a quote in it) is too
    // large, as when it runs past a block (BlockParser::too_large), so the
    // result never depends on where blocks end (found by fuzz_csv).
    const char* limit = static_cast<std::size_t>(end - p) > options_.max_record_size ? p + options_.max_record_size : end;
    batch.begin_record(Provenance{line_, offset_of(p)});
    CsvRow row = read_row(p, limit, at_end && limit == end, batch);
    if (row.end == CsvRowEnd::incomplete) {
      batch.abort_record();
      line_ = row_line;
      if (limit == end) return row_start;
      p = too_large(row_start, end, at_end);
      continue;
    }
    if (row.picked && p <= utf8_valid_until_ && row_line > layout_.skip_lines &&
        (layout_.table_end_line == 0 || row_line < layout_.table_end_line) && !repeats_header(row_start, p)) {
      // a picked row in the table, of valid UTF-8: nothing for finish_row to look at
      ++line_;
      ++records_;
      RecordSlot& slot = batch.last_slot();
      slot.header = picked_header_.get();
      slot.text = std::string_view(row_start, static_cast<std::size_t>(p - 1 - row_start));
      continue;
    }
    if (!finish_row(row_start, p, row_line, end, at_end, limit, row, batch)) {
      line_ = row_line;  // its second reading needs more
      if (limit == end) return row_start;
      p = too_large(row_start, end, at_end);
    }
  }
  return p;
}

CsvRow CsvReader::read_row(const char*& p, const char* limit, bool at_end, Batch& batch) {
  const bool fast = try_plain_ && (plain_credit_ > 0 || ++plain_rest_ % 256 == 0);
  if (fast && picked_) {
    const std::uint8_t flags = d_.quote == '"' ? kFieldPlain : 0;
    PickedOut out{batch, picked_header_->names.data(), flags};
    if (picked_->read(p, limit, out)) {
      plain_credit_ = std::min(plain_credit_ + 1, 16);
      CsvRow row;
      row.lines = 1;
      row.fields = width();
      row.picked = true;
      return row;
    }
    if (out.column > 0) restart_record(batch);
  }
  if (fast) {
    RowOut out(*this, batch);
    CsvRow row;
    if (plain_.read(p, limit, out, row)) {
      plain_credit_ = std::min(plain_credit_ + 1, 16);
      return row;
    }
    plain_credit_ = std::max(plain_credit_ - 4, 0);
    if (out.column > 0) restart_record(batch);
  }
  RowOut out(*this, batch);
  return parse_csv_row(d_, p, limit, at_end, out);
}

// A row longer than --max-record-size (or one that needs more to be read):
// reported; reading goes on after its first line.
const char* CsvReader::too_large(const char* row_start, const char* end, bool at_end) {
  report(row_start, line_, row_start, too_large_message(options_.max_record_size), DataErrorKind::too_large);
  return skip_line(row_start, end, at_end);
}

bool CsvReader::finish_row(const char* row_start, const char*& p, std::int64_t row_line, const char* end,
                           bool at_end, const char* limit, CsvRow& row, Batch& batch) {
  const bool limit_at_end = at_end && limit == end;
  if (row.end == CsvRowEnd::malformed) {
    // --strict: the row is malformed; go on at the line after the fault
    batch.abort_record();
    // the error shows the line up to its end, wherever the block ends
    const char* line_end =
        static_cast<const char*>(std::memchr(row.error_at, '\n', static_cast<std::size_t>(limit - row.error_at)));
    if (!line_end && !limit_at_end) return false;
    std::string why;
    if (row.error == CsvRowError::unterminated_quote) {
      why = "unterminated quoted field (no closing quote before the end of the input)";
    } else {
      why = fmt::format("unexpected character after the closing quote of field {} (expected '{}' or the end of the line)",
                        row.error_field, d_.delimiter == '\t' ? std::string("\\t") : std::string(1, d_.delimiter));
      if (count_line_breaks(d_, std::string_view(row_start, static_cast<std::size_t>(row.error_at - row_start)))) {
        // a stray quote far above: the field swallowed every line up to here
        why += fmt::format("; the quoted field opened on line {}: is a quote missing there?", row_line);
      }
    }
    DataErrorKind kind = row.error == CsvRowError::unterminated_quote ? DataErrorKind::unterminated_quote
                                                                      : DataErrorKind::malformed;
    errors_.report(data_error(row_start, line_end ? line_end : end, row_line, row.error_at, std::move(why), kind));
    // skipped: an unterminated quote never takes the rest of the input
    // with it: reading goes on at the line after the one it opened on
    const char* resume = row.error == CsvRowError::unterminated_quote ? row_start : row.error_at;
    line_ = row_line + count_line_breaks(d_, std::string_view(row_start, static_cast<std::size_t>(resume - row_start)));
    p = skip_line(resume, end, at_end);
    return true;
  }
  line_ += row.lines;
  if (row.fields > options_.max_fields) {
    // (the value's first byte, or its opening quote)
    const char* at = past_max_fields_ > row_start && past_max_fields_ <= p ? past_max_fields_ : row_start;
    if (at > row_start && at[-1] == d_.quote) --at;
    batch.abort_record();
    errors_.report(data_error(row_start, p, row_line, at, too_many_fields_message(options_.max_fields),
                              DataErrorKind::too_large));
    return true;
  }

  // around the table: preamble lines, header rows, a second table
  if (row_line <= layout_.skip_lines) {
    batch.abort_record();
    if (options_.skip_lines) return true;  // the user said so: nothing to report
    errors_.reject(data_error(row_start, p, row_line, row_start, "a line above the table (preamble), not read",
                                DataErrorKind::preamble));
    return true;
  }
  if (layout_.table_end_line > 0 && row_line >= layout_.table_end_line) {
    batch.abort_record();
    errors_.reject(data_error(row_start, p, row_line, row_start,
                              fmt::format("a row of a second table (from line {}), not read", layout_.table_end_line),
                                DataErrorKind::second_table));
    return true;
  }
  if (reported_invalid_utf8(row_start, p, row_line, batch)) return true;
  if (header_rows_left_ > 0) {
    take_header_row(row_start, p, row_line, batch);
    return true;
  }
  // (as many fields as the header too: a quote may hold a delimiter)
  if (repeats_header(row_start, p) && row.fields == width()) {
    batch.abort_record();
    errors_.reject(data_error(row_start, p, row_line, row_start,
                              "the header line again (files joined into one?), not read",
                              DataErrorKind::repeated_header));
    return true;
  }

  // a row whose quoted field swallowed lines: read that quote as text when
  // that gives the header's width
  // a row narrower or wider than the header because of a quote: read it
  // again, the other way, and keep that reading if it fits the header
  if (d_.lenient && !grow_names_ && !row.picked && batch.last_slot().count != width()) {
    CsvReread reread;
    if (row.notes & kStrayQuote) reread.quotes_inside = true;
    else if (row.multiline_quote) reread.literal_quote = row.multiline_quote;
    if (reread.quotes_inside || reread.literal_quote) {
      struct Count {
        void field(std::string_view, CsvField) {}
      } count;
      const char* q = row_start;
      CsvRow again = parse_csv_row(d_, q, limit, limit_at_end, count, reread);
      if (again.end == CsvRowEnd::incomplete) {
        batch.abort_record();
        return false;
      }
      if (again.end == CsvRowEnd::done && again.fields == width()) {
        batch.abort_record();
        batch.begin_record(Provenance{row_line, offset_of(row_start)});
        RowOut out(*this, batch);
        p = row_start;
        row = parse_csv_row(d_, p, limit, limit_at_end, out, reread);
        line_ = row_line + row.lines;
        row.notes |= kStrayQuote;
        // (read the other way, the row may take in more lines)
        if (reported_invalid_utf8(row_start, p, row_line, batch)) return true;
      }
    }
  }

  if (row.notes & (kStrayQuote | kUnterminatedQuote)) {
    bool unterminated = row.notes & kUnterminatedQuote;
    repair(data_error(
        row_start, p, row_line, row_start,
        unterminated ? "a quote that is never closed, read as text" : "a quote that opens no well-formed field, read as text",
        unterminated ? DataErrorKind::unterminated_quote : DataErrorKind::stray_quote),
           batch);
  }
  if (row.picked) {
    batch.last_slot().header = picked_header_.get();
  } else if (!fit_width(row_start, p, row_line, batch)) {
    return true;
  }
  ++records_;
  const char* text_end = line_text_end(row_start, p);
  batch.last_slot().text = std::string_view(row_start, static_cast<std::size_t>(text_end - row_start));
  return true;
}

bool CsvReader::report_invalid_utf8(const char* row_start, const char* row_end, std::int64_t row_line,
                                    Batch& batch) {
  const char* bad = find_invalid_utf8(std::string_view(row_start, static_cast<std::size_t>(row_end - row_start)));
  if (!bad) return false;
  batch.abort_record();
  errors_.report(data_error(row_start, row_end, row_line, bad,
                            invalid_utf8_message(static_cast<unsigned char>(*bad)),
                            DataErrorKind::invalid_utf8));
  return true;
}

// The ragged policy for a row of another width than the header's. False
// when the row is not kept.
bool CsvReader::fit_width(const char* row_start, const char* row_end, std::int64_t row_line, Batch& batch) {
  RecordSlot& slot = batch.last_slot();
  if (grow_names_ && slot.count > width()) {
    // --strict --no-header: the names grow to the widest row
    header_ = make_positional_header(slot.count);
    batch.keep(header_);
  }
  const std::size_t expected = width();
  if (grow_names_ || slot.count == expected) {
    if (slot.count == expected) slot.header = header_.get();
    return true;
  }
  const std::size_t got = slot.count;
  RecordRef record = batch[batch.size() - 1];
  // where the row goes wrong: its first extra value, or its end
  const char* at = row_end;
  while (at > row_start && (at[-1] == '\n' || at[-1] == '\r')) --at;
  if (got > expected) {
    const char* extra = record[expected].value.data();
    if (extra >= row_start && extra <= at) at = extra > row_start && extra[-1] == d_.quote ? extra - 1 : extra;
  }
  if (!ragged_keeps(ragged_, got, expected)) {
    batch.abort_record();
    DataError error = data_error(row_start, row_end, row_line, at, ragged_message(got, expected), DataErrorKind::ragged);
    if (ragged_ == Ragged::skip) errors_.reject(std::move(error));
    else errors_.report(std::move(error));
    return false;
  }
  if (got < expected) {
    for (std::size_t i = got; i < expected; ++i) batch.add_field(header_->names[i], {}, kFieldPadded);
    batch.last_slot().header = header_.get();
  }
  repair(data_error(row_start, row_end, row_line, at, ragged_repair_message(got, expected), DataErrorKind::ragged),
         batch);
  return true;
}

// A header row: its values are names; rows of a header over several lines
// are merged with a space ("Price" over "EUR": "Price EUR").
void CsvReader::take_header_row(const char* row_start, const char* row_end, std::int64_t row_line, Batch& batch) {
  RecordRef row = batch[batch.size() - 1];
  std::vector<std::string> names;
  names.reserve(row.size());
  for (const Field& f : row.fields()) names.emplace_back(f.value);
  batch.abort_record();
  header_parts_.push_back(std::move(names));
  if (--header_rows_left_ > 0) return;
  // (--strict repairs nothing: a row equal to the header is a row)
  if (layout_.header_rows == 1 && !options_.strict) {
    const char* text_end = line_text_end(row_start, row_end);
    header_line_.assign(row_start, text_end);
  }
  std::vector<std::string> merged = merge_header_rows(header_parts_);
  header_parts_.clear();
  // (R's write.table: the first column holds the rows' names, and has none)
  if (layout_.row_names && merged.size() + 1 == layout_.columns) merged.insert(merged.begin(), "1");
  if (merged.size() < layout_.columns) {
    // fewer names than the table has columns: the rest are named by position
    std::size_t named = merged.size();
    const char* text_end = line_text_end(row_start, row_end);
    for (std::size_t i = named; i < layout_.columns; ++i) merged.push_back(std::to_string(i + 1));
    errors_.repaired(data_error(
        row_start, row_end, row_line, text_end,
        fmt::format("the header has {} name{} where the rows have {} fields: the rest are named by position", named,
                    named == 1 ? "" : "s", layout_.columns),
        DataErrorKind::ragged));
  }
  header_ = make_header(std::move(merged));
  batch.keep(header_);
  pick_columns();
  if (picked_header_) batch.keep(picked_header_);
}

// Once the header is read: the columns the run reads, when it said
// (Reader::project) and rows of them can be read apart from the rest. Not
// when a name is not in the header: the stages' notes about a missing
// field name the fields a record has.
void CsvReader::pick_columns() {
  if (!projection_ || !header_ || header_->positional || grow_names_ || !try_plain_) return;
  const std::size_t w = width();
  if (w < 2 || w > options_.max_fields) return;
  // A row written as its text must hold no '"', which a CSV writer would
  // quote: under a dialect of '"' or of no quote at all (a file without
  // one), a '"' makes it a row of another path. Another quote character
  // would not be stopped at.
  if (projection_->plain_rows && d_.quote != '"' && d_.quote != 0) return;
  std::vector<std::uint8_t> picked(w, 0);
  for (const std::string& name : projection_->fields) {
    auto it = std::find(header_->names.begin(), header_->names.end(), name);
    if (it == header_->names.end()) return;
    picked[static_cast<std::size_t>(it - header_->names.begin())] = 1;
  }
  std::vector<std::string> names;
  for (std::size_t c = 0; c < w; ++c) {
    if (picked[c]) names.push_back(header_->names[c]);
  }
  auto header = std::make_shared<Header>(std::move(names));
  header->whole = header_;
  header->delimiter = d_.delimiter;
  // (a row a writer writes as its text holds no quoted field)
  const bool quoted_columns = !projection_->plain_rows && d_.quote && d_.escape == Escape::doubled;
  if (quoted_columns) header->quote = d_.quote;
  picked_header_ = std::move(header);
  picked_.emplace(d_.delimiter, projection_->plain_rows ? '"' : d_.quote, picked, quoted_columns);
}

std::string_view CsvReader::name_at(std::size_t column, Batch& batch) {
  if (!header_) return {};  // a header row: its fields are names to be
  if (column < header_->names.size()) return header_->names[column];
  // a value past the header's width: named by its position (with --strict
  // --no-header, the header grows to the widest row once it is read:
  // fit_width). The names grow by doubling: a row of 200,000 values must
  // not make a longer list for each.
  if (!positions_ || positions_->names.size() <= column) {
    std::size_t had = positions_ ? positions_->names.size() : 0;
    positions_ = make_positional_header(std::max({column + 1, 2 * width(), 2 * had}));
    batch.keep(positions_);
  }
  return positions_->names[column];
}

std::string_view CsvReader::unescape(std::string_view quoted, Batch& batch) const {
  char* out = batch.allocate(quoted.size());
  std::size_t n = 0;
  for (std::size_t i = 0; i < quoted.size(); ++i) {
    char c = quoted[i];
    if (d_.escape == Escape::backslash && c == '\\' && i + 1 < quoted.size() &&
        (quoted[i + 1] == d_.quote || quoted[i + 1] == '\\')) {
      c = quoted[++i];
    } else if (d_.escape == Escape::doubled && c == d_.quote && i + 1 < quoted.size() && quoted[i + 1] == d_.quote) {
      ++i;  // the second of a doubled quote (a lone quote, read as text, stays)
    }
    out[n++] = c;
  }
  return {out, n};
}

// The dialect and layout: what the options fix, the rest sniffed from the
// first bytes (which are then read again).
struct Plan {
  CsvDialect dialect;
  CsvLayout layout;
  Ragged ragged = Ragged::keep;
};

Plan plan_for(std::unique_ptr<Source>& source, const ReadOptions& options, char default_delimiter) {
  Plan plan;
  CsvDialect& d = plan.dialect;
  d.trim = options.trim;
  if (options.strict) {
    d.delimiter = options.delimiter ? options.delimiter : default_delimiter;
    d.quote = options.quote.value_or('"');
    d.escape = options.escape.value_or(Escape::doubled);
    d.comment = options.comment.value_or('\0');
    d.lenient = false;
    plan.layout.header_rows = options.header.value_or(true) ? options.header_rows.value_or(1) : 0;
    plan.layout.skip_lines = options.skip_lines.value_or(0);
    plan.ragged = options.ragged.value_or(Ragged::error);
    return plan;
  }
  SniffResult sniffed = sniff_source(source, options);
  plan.dialect = sniffed.dialect;
  plan.dialect.trim = options.trim;
  plan.layout = sniffed.layout;
  if (options.header_rows) plan.layout.header_rows = *options.header_rows;
  if (options.skip_lines) plan.layout.skip_lines = *options.skip_lines;
  plan.ragged = options.ragged.value_or(Ragged::keep);
  return plan;
}

}  // namespace

SniffHints sniff_hints(const ReadOptions& options) {
  SniffHints hints;
  if (options.delimiter) hints.delimiter = options.delimiter;
  hints.quote = options.quote;
  hints.escape = options.escape;
  hints.comment = options.comment;
  hints.header = options.header;
  if (options.header_rows) hints.header = *options.header_rows > 0;
  hints.trim = options.trim;
  return hints;
}

SniffResult sniff_source(std::unique_ptr<Source>& source, const ReadOptions& options) {
  // (a fault after some bytes, a damaged .gz: the sample ends there, and the
  // reader meets the fault after reading the records before it)
  std::exception_ptr failed;
  std::string sample = read_up_to(*source, kSniffSampleBytes, &failed);
  // (the sample is all that comes before a fault)
  bool whole = sample.size() < kSniffSampleBytes || failed;
  const SniffHints hints = sniff_hints(options);
  SniffResult sniffed = sniff_csv(sample, whole, hints);
  const std::size_t most = std::min(kSniffMostBytes, std::max(kSniffSampleBytes, options.max_record_size));
  while (sniffed.more_wanted && !failed && !whole && sample.size() < most) {
    const std::size_t wanted = sample.size();
    std::string more;
    try {
      more = read_up_to(*source, wanted, &failed);
    } catch (...) {
      // (a fault before any more bytes: the sample so far is what comes
      // before it, as read_up_to keeps it within one call)
      failed = std::current_exception();
    }
    whole = more.size() < wanted || failed;
    sample += more;
    sniffed = sniff_csv(sample, whole, hints);
  }
  source = replay_source(std::move(sample), std::move(source), failed);
  return sniffed;
}

std::unique_ptr<Reader> make_csv_reader(std::unique_ptr<Source> source, const ReadOptions& options,
                                        ErrorPolicy& errors) {
  source = detect_encoding(std::move(source), options.encoding);
  Plan plan = plan_for(source, options, ',');
  return std::make_unique<CsvReader>(std::move(source), options, errors, plan.dialect, plan.layout, plan.ragged);
}

}  // namespace weir
