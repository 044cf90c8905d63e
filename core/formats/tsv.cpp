// TSV: one record a line, fields split on TAB, header line first. Inside a
// value, \t \n \r and \\ stand for TAB, LF, CR and a backslash (the
// IANA/Miller convention), so any text survives a round trip. With another
// delimiter (-d '|'), a backslash before it stands for the delimiter itself.

#include <algorithm>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "core/formats/csv/sniffer.hpp"
#include "core/formats/format.hpp"
#include "core/formats/header_tracker.hpp"
#include "core/formats/line_parser.hpp"
#include "core/io/transcode.hpp"
#include "core/record/header.hpp"

namespace weir {

namespace {

// A delimiter other than TAB is escaped as a backslash and itself, unless it
// is a letter of the escapes above (or the backslash) and so cannot be.
bool delimiter_escapable(char delimiter) {
  return delimiter != '\t' && delimiter != 't' && delimiter != 'n' && delimiter != 'r' &&
         delimiter != '\\';
}

class TsvReader final : public LineParser {
 public:
  TsvReader(std::unique_ptr<Source> source, const ReadOptions& options, ErrorPolicy& errors)
      : LineParser(std::move(source), options, errors),
        delimiter_(options.delimiter ? options.delimiter : '\t'),
        escaped_delimiter_(delimiter_escapable(delimiter_)) {
    if (!options.header.value_or(true)) header_ = make_header({});
  }

 protected:
  // Once the header line is read (and names do not grow with the widest
  // row: --no-header), every line is read alike.
  std::unique_ptr<BlockParser> fork() const override {
    if (!header_ || !options_.header.value_or(true)) return nullptr;
    return std::unique_ptr<BlockParser>(new TsvReader(*this));
  }

  void parse_line(const char* begin, const char* end, Batch& batch) override {
    // A blank line holds no record, but for --strict (the writer's dialect)
    // in a table of one column: there it is a record whose value is empty,
    // which is how such a record is written (found by fuzz_roundtrip)
    if (begin == end && !(options_.strict && header_ && header_->names.size() == 1)) return;
    if (header_) batch.keep(header_);
    values_.clear();
    const auto length = static_cast<std::size_t>(end - begin);
    if (escaped_delimiter_ && std::memchr(begin, '\\', length)) {
      split_escaped(begin, end);
    } else {
      const char* p = begin;
      for (;;) {
        const char* tab = static_cast<const char*>(std::memchr(p, delimiter_, static_cast<std::size_t>(end - p)));
        const char* field_end = tab ? tab : end;
        values_.emplace_back(p, static_cast<std::size_t>(field_end - p));
        if (!tab) break;
        p = tab + 1;
        if (values_.size() == options_.max_fields) break;  // the line has one more
      }
    }
    if (values_.size() >= options_.max_fields && values_.back().data() + values_.back().size() != end) {
      too_many_fields(begin, values_.back().data() + values_.back().size() + 1);
      return;
    }
    if (!header_) {
      std::vector<std::string> names;
      for (auto v : values_) names.push_back(unescape_to_string(v));
      header_ = make_header(std::move(names));
      batch.keep(header_);
      return;
    }
    rows_ = true;
    if (!options_.header.value_or(true)) {
      if (values_.size() > header_->names.size()) {
        std::vector<std::string> names = header_->names;
        while (names.size() < values_.size()) names.push_back(std::to_string(names.size() + 1));
        header_ = std::make_shared<const Header>(std::move(names));
        batch.keep(header_);
      }
    } else if (values_.size() != header_->names.size()) {
      read_ragged(begin, end, batch);
      return;
    }
    batch.begin_record(Provenance{line_, offset_of(begin)},
                       values_.size() == header_->names.size() ? header_.get() : nullptr);
    for (std::size_t i = 0; i < values_.size(); ++i) {
      Field f;
      f.name = header_->names[i];
      set_value(f, values_[i], batch);
      batch.add_field(f);
    }
  }

 private:
  static bool has_escape(std::string_view v) { return v.find('\\') != std::string_view::npos; }

  // Splits a line in which a backslash may escape the (non-TAB) delimiter.
  void split_escaped(const char* begin, const char* end) {
    const char* start = begin;
    for (const char* q = begin;; ++q) {
      if (q == end) {
        values_.emplace_back(start, static_cast<std::size_t>(q - start));
        return;
      }
      if (*q == '\\' && q + 1 < end) {
        ++q;  // the escaped character, whatever it is, splits nothing
      } else if (*q == delimiter_) {
        values_.emplace_back(start, static_cast<std::size_t>(q - start));
        start = q + 1;
        if (values_.size() == options_.max_fields) return;  // the line has one more
      }
    }
  }

  std::string unescape_to_string(std::string_view v) const {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i] == '\\' && i + 1 < v.size()) {
        char c = v[i + 1];
        char r = c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c == '\\' ? '\\' : '\0';
        if (escaped_delimiter_ && c == delimiter_) r = delimiter_;
        if (r) {
          out += r;
          ++i;
          continue;
        }
      }
      out += v[i];
    }
    return out;
  }

  std::string_view unescape(std::string_view v, Batch& batch) {
    if (!has_escape(v)) return v;
    return batch.store(unescape_to_string(v));
  }

  // A value, unescaped; \N alone is null (as PostgreSQL's COPY writes it,
  // and MySQL's INTO OUTFILE: no writer of these escapes writes a backslash
  // and an N otherwise, which would be \\N).
  void set_value(Field& f, std::string_view v, Batch& batch) {
    if (v == "\\N") {
      f.value = {};
      f.kind = ValueKind::json;  // (empty: JSON's null)
      return;
    }
    f.value = unescape(v, batch);
  }

  // A row of another width than the header's, as --ragged says (as the CSV
  // reader does: by default an error under --strict, else kept): a short row
  // padded with empty values, extra values kept as fields named by their
  // position (as the writers write them: found by fuzz_roundtrip).
  void read_ragged(const char* begin, const char* end, Batch& batch) {
    const std::size_t got = values_.size();
    const std::size_t expected = header_->names.size();
    const Ragged ragged = options_.ragged.value_or(options_.strict ? Ragged::error : Ragged::keep);
    const char* at = got > expected ? values_[expected].data() : end;
    if (!ragged_keeps(ragged, got, expected)) {
      DataError error = data_error(begin, end, line_, at, ragged_message(got, expected), DataErrorKind::ragged);
      if (ragged == Ragged::skip) errors_.reject(std::move(error));
      else errors_.report(std::move(error));
      return;
    }
    if (got > expected) keep_positions(got, batch);
    batch.begin_record(Provenance{line_, offset_of(begin)}, got < expected ? header_.get() : nullptr);
    for (std::size_t i = 0; i < std::max(got, expected); ++i) {
      std::string_view name = i < expected ? std::string_view(header_->names[i]) : positions_->names[i];
      if (i < got) {
        Field f(name, {});
        set_value(f, values_[i], batch);
        batch.add_field(f);
      }
      else batch.add_field(name, {}, kFieldPadded);
    }
    try {
      errors_.repaired(data_error(begin, end, line_, at, ragged_repair_message(got, expected), DataErrorKind::ragged),
                       true);
    } catch (const InputError&) {
      batch.abort_record();  // past --max-rejects: the row is not handed on
      throw;
    }
  }

  // Names 1..n for values past the header, kept by the batch.
  void keep_positions(std::size_t n, Batch& batch) {
    if (!positions_ || positions_->names.size() < n) {
      std::vector<std::string> names;
      for (std::size_t i = 1; i <= n; ++i) names.push_back(std::to_string(i));
      positions_ = std::make_shared<const Header>(std::move(names));
    }
    if (!batch.keeps_last(positions_.get())) batch.keep(positions_);
  }

  // A file of a header and no rows: its header, for writers to write.
  bool finish(Batch& batch) override {
    if (rows_ || !header_ || !options_.header.value_or(true)) return false;
    batch.keep(header_);
    batch.bare_header = header_.get();
    return true;
  }

  char delimiter_;
  bool escaped_delimiter_;  // a non-TAB delimiter, written as backslash + itself
  bool rows_ = false;       // a line past the header was read
  HeaderPtr header_;
  HeaderPtr positions_;  // names 1..N, for values past the header
  std::vector<std::string_view> values_;
};

class TsvWriter final : public Writer {
 public:
  TsvWriter(Sink& sink, const WriteOptions& options)
      : sink_(sink), delimiter_(options.delimiter ? options.delimiter : '\t'), header_(options.header),
        positional_header_(options.positional_header) {
    escaped_delimiter_[0] = '\\';
    escaped_delimiter_[1] = delimiter_escapable(delimiter_) ? delimiter_ : 't';
    escaped_delimiter_[2] = '\0';
  }

  void write(Batch& batch) override {
    if (batch.bare_header && !tracker_.seen() && header_ && blocks_++ == 0) {
      write_names(batch.bare_header->names);
      tracker_.wrote(*batch.bare_header);  // (the same header in the next file writes none)
    }
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      if (record.size() == 0) {
        // an empty record (gap's) is a blank line, as Miller writes it, and
        // the next record starts a block with its header line
        if (!after_blank_) sink_.put('\n');
        after_blank_ = true;
        tracker_.forget();
        continue;
      }
      if (tracker_.changed(record) && header_ && (positional_header_ || !tracker_.positional())) {
        if (blocks_++ > 0 && !after_blank_) sink_.put('\n');
        write_names(tracker_.names());
      }
      after_blank_ = false;
      auto fields = record.fields();
      for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) sink_.put(delimiter_);
        write_value(fields[i].value);
      }
      sink_.put('\n');
      sink_.maybe_flush();
    }
  }

  // Records that all share their reader's header, as write() would write
  // them once that header's line is out (Writer::render).
  const Header* render(const Batch& batch, TextBuffer& text) const override {
    const Header* header = one_header(batch);
    if (!header) return nullptr;
    std::size_t bound = 0;
    for (std::size_t r = 0; r < batch.size(); ++r) {
      for (const Field& f : batch.fields_of(r)) bound += 2 * f.value.size() + 1;
      bound += 1;
    }
    char* out = text.room(bound);
    for (std::size_t r = 0; r < batch.size(); ++r) {
      auto fields = batch.fields_of(r);
      for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) *out++ = delimiter_;
        out = put_value(out, fields[i].value);
      }
      *out++ = '\n';
    }
    text.end_at(out);
    return header;
  }

  bool write_rendered(const Header* header, std::string_view text) override {
    return tracker_.write_rendered(sink_, *header, text);
  }

 private:
  void write_names(const std::vector<std::string>& names) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (i) sink_.put(delimiter_);
      write_value(names[i]);
    }
    sink_.put('\n');
  }

  // The escape of c (two bytes), or nullptr when c is written as it is.
  const char* escape_of(char c) const {
    const char* escape = c == '\t' ? "\\t" : c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\\' ? "\\\\" : nullptr;
    return c == delimiter_ && !escape ? escaped_delimiter_ : escape;
  }

  // write_value() at `out`, which has room for twice v's bytes.
  char* put_value(char* out, std::string_view v) const {
    for (char c : v) {
      if (const char* escape = escape_of(c)) {
        *out++ = escape[0];
        *out++ = escape[1];
      } else {
        *out++ = c;
      }
    }
    return out;
  }

  void write_value(std::string_view v) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (const char* escape = escape_of(v[i])) {
        sink_.write(v.substr(start, i - start));
        sink_.write(escape);
        start = i + 1;
      }
    }
    sink_.write(v.substr(start));
  }

  Sink& sink_;
  char delimiter_;
  char escaped_delimiter_[3];
  bool header_;
  bool positional_header_;  // (WriteOptions::positional_header)
  HeaderTracker tracker_;
  bool after_blank_ = false;  // the last line written is an empty record's
  int blocks_ = 0;
};

// How a TSV sample writes its backslashes, which say whether it escapes
// its tabs, line breaks and backslashes as \t \n \r \\ (as weir, Miller and
// PostgreSQL write TSV) or holds them as text (C:\temp, a regex \d).
struct Backslashes {
  bool any = false;           // a backslash
  bool all_escapes = true;    // each starts \t \n \r or \\, or is \N alone (else: text, surely)
  bool escaped = false;       // a \\ other than a share's: the file escapes its backslashes, surely
  bool null_marks = false;    // a value \N alone: a database's null
  bool share = false;         // a value \\name\... : a Windows share's path, as text
  bool quoted_breaks = false; // a "quoted" value holding a tab or a line break: a spreadsheet's
};

bool name_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '$';
}

bool value_start(std::string_view sample, std::size_t i, char delimiter) {
  return i == 0 || sample[i - 1] == delimiter || sample[i - 1] == '\n';
}

bool value_end(std::string_view sample, std::size_t i, char delimiter) {
  return i == sample.size() || sample[i] == delimiter || sample[i] == '\n' || sample[i] == '\r';
}

// A value that starts with a quote, holds a tab or a line break, and whose
// closing quote (a doubled quote is one) ends it: a spreadsheet's quoting.
// (A lone quote at a value's start, "hi, is text.)
bool spreadsheet_quoted(std::string_view sample, char delimiter) {
  for (std::size_t i = sample.find('"'); i != std::string_view::npos; i = sample.find('"', i + 1)) {
    if (!value_start(sample, i, delimiter)) continue;
    bool breaks = false;
    std::size_t k = i + 1;
    for (; k < sample.size(); ++k) {
      const char c = sample[k];
      breaks = breaks || c == delimiter || c == '\n' || c == '\r';
      if (c != '"') continue;
      if (k + 1 < sample.size() && sample[k + 1] == '"') {
        ++k;
        continue;
      }
      break;
    }
    if (k < sample.size() && breaks && value_end(sample, k + 1, delimiter)) return true;
    i = k;
  }
  return false;
}

// (with -d '|', a backslash before the delimiter escapes it too: \|)
Backslashes backslashes_of(std::string_view sample, char delimiter) {
  Backslashes b;
  for (std::size_t i = sample.find('\\'); i != std::string_view::npos; i = sample.find('\\', i + 2)) {
    if (i + 1 == sample.size()) break;  // cut by the sample's end
    b.any = true;
    const char next = sample[i + 1];
    if (next == 'N' && value_start(sample, i, delimiter) && value_end(sample, i + 2, delimiter)) {
      b.null_marks = true;
      continue;
    }
    if (next != 't' && next != 'n' && next != 'r' && next != '\\' &&
        !(next == delimiter && delimiter_escapable(delimiter))) {
      b.all_escapes = false;
      return b;
    }
    if (next != '\\') continue;
    // \\nas\transfer at a value's start: a share's name, then one backslash
    // (or a value \section\n... escaped: either, so no proof of escapes)
    std::size_t k = i + 2;
    while (k < sample.size() && name_byte(sample[k])) ++k;
    if (value_start(sample, i, delimiter) && k > i + 2 && k + 1 < sample.size() && sample[k] == '\\' &&
        sample[k + 1] != '\\') {
      b.share = true;
    } else {
      b.escaped = true;
    }
  }
  b.quoted_breaks = spreadsheet_quoted(sample, delimiter);
  return b;
}

// Whether to read the sample's backslashes as escapes: where each starts
// one (\t \n \r \\, or is \N alone) and a \\ other than a share's shows
// that the file escapes its backslashes, surely (a writer of these escapes
// writes no quotes: a value "hi is text). Else, where the sample leaves it
// open (weir's own TSV of values with line breaks and no backslash, or
// C:\new\temp; a database's \N beside Windows paths), they are read as
// escapes unless a share's path or a spreadsheet's quotes say they are
// text, and a note says so: the wrong reading would change the values.
bool uses_escapes(const Backslashes& b) {
  if (!b.any || !b.all_escapes) return false;
  return b.escaped || (!b.share && !b.quoted_breaks);
}

std::optional<std::string> escapes_note(const Backslashes& b, const std::string& name) {
  if (!b.any || !b.all_escapes || b.escaped) return std::nullopt;
  if (uses_escapes(b)) {
    return fmt::format("{}: \\t \\n \\r{} in its values were read as escapes (a tab, a line break, a carriage "
                       "return{}), as weir, Miller and PostgreSQL write TSV; if they are text (a path such as "
                       "C:\\new), read it with --escape none",
                       name, b.null_marks ? " \\N" : "", b.null_marks ? ", null" : "");
  }
  return fmt::format("{}: its backslashes were read as written ({}); if they are escapes (\\t \\n \\r \\\\, as "
                     "weir and Miller write TSV), read it with --escape backslash",
                     name, b.share ? "a value starts as a Windows share's path, \\\\name\\..."
                                   : "quoted values hold tabs or line breaks, as spreadsheets write TSV");
}

}  // namespace

TsvEscapes tsv_escapes(std::unique_ptr<Source>& source, const ReadOptions& options) {
  TsvEscapes how;
  how.escapes = options.strict || options.escape == Escape::backslash;
  if (how.escapes || options.escape) return how;
  std::exception_ptr failed;  // (as the CSV sniffer's sample: see sniff_source)
  std::string sample = read_up_to(*source, kSniffSampleBytes, &failed);
  const Backslashes backslashes = backslashes_of(sample, options.delimiter ? options.delimiter : '\t');
  how.escapes = uses_escapes(backslashes);
  how.note = escapes_note(backslashes, source->name());
  source = replay_source(std::move(sample), std::move(source), failed);
  return how;
}

// TSV as weir, Miller and the IANA type write it (backslash escapes, no
// quotes) or as spreadsheets do (quoted fields holding tabs and line breaks,
// CRLF): the latter is CSV with tabs, read by the CSV reader.
std::unique_ptr<Reader> make_tsv_reader(std::unique_ptr<Source> source, const ReadOptions& options,
                                        ErrorPolicy& errors) {
  // (decoded here once: the CSV reader below is told the text is UTF-8)
  source = detect_encoding(std::move(source), options.encoding);
  TsvEscapes how = tsv_escapes(source, options);
  if (how.note) errors.note(std::move(*how.note));
  if (how.escapes) return std::make_unique<TsvReader>(std::move(source), options, errors);
  ReadOptions csv = options;
  csv.encoding = Encoding::utf8;
  if (!csv.delimiter) csv.delimiter = '\t';
  return make_csv_reader(std::move(source), csv, errors);
}

std::unique_ptr<Writer> make_tsv_writer(Sink& sink, const WriteOptions& options) {
  return std::make_unique<TsvWriter>(sink, options);
}

}  // namespace weir
