// CSV reader: RFC 4180 with the usual tolerances.
//
// One row is parsed by parse_row(), a small state machine over the bytes:
// unquoted fields are scanned for the next delimiter, quote, CR or LF many
// bytes at a time (scan.hpp),
// quoted fields jump from quote to quote with memchr. Fields stay views into
// the block unless they held doubled quotes, which are unescaped into the
// batch's arena.
//
// Tolerated: a UTF-8 BOM, CRLF or LF line ends, blank lines (skipped), a
// quote inside an unquoted field (kept literally), a lone CR inside a field.
// Reported as malformed: an unterminated quoted field, a character after a
// closing quote, a row with more or fewer fields than the header.

#include <algorithm>
#include <array>
#include <cstring>

#include <fmt/format.h>

#include "core/formats/block_parser.hpp"
#include "core/formats/scan.hpp"
#include "core/record/header.hpp"

namespace weir {

namespace {

class CsvReader final : public BlockParser {
 public:
  CsvReader(std::unique_ptr<Source> source, const ReadOptions& options, ErrorPolicy& errors)
      : BlockParser(std::move(source), options, errors),
        delimiter_(options.delimiter ? options.delimiter : ','),
        quote_(options.quote) {
    if (!options.header) {
      header_ = make_header({});
      generated_names_ = true;
    }
  }

 protected:
  const char* parse(const char* begin, const char* end, bool at_end, Batch& batch) override;

 private:
  enum class Row { done, incomplete, malformed };

  Row parse_row(const char*& p, const char* end, bool at_end, Batch& batch);
  Row finish_row(const char* row_start, const char* row_end, Batch& batch);
  void take_header(Batch& batch);
  std::string_view unescape(std::string_view quoted, Batch& batch) const;
  std::string_view no_header_name(std::size_t i, Batch& batch);

  char delimiter_;
  char quote_;
  HeaderPtr header_;                // null until the header row is read
  bool generated_names_ = false;    // --no-header: names 1..N grow on demand
  const char* malformed_at_ = nullptr;
  std::string malformed_why_;
};

const char* CsvReader::parse(const char* begin, const char* end, bool at_end, Batch& batch) {
  batch.plain_delimiter = delimiter_;
  if (header_) batch.keep(header_);
  const char* p = begin;
  if (at_input_start(p)) p = skip_bom(p, end);
  while (p < end) {
    // a blank line holds no record (unless --keep-blank-lines)
    std::size_t eol = *p == '\n' ? 1 : (*p == '\r' && p + 1 < end && p[1] == '\n') ? 2 : 0;
    if (*p == '\r' && p + 1 == end && !at_end) return p;
    if (eol && !options_.keep_blank_lines) {
      p += eol;
      ++line_;
      continue;
    }
    if (options_.comment && *p == options_.comment) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      if (!nl && !at_end) return p;
      p = nl ? nl + 1 : end;
      ++line_;
      continue;
    }
    const char* row_start = p;
    std::int64_t row_line = line_;
    switch (parse_row(p, end, at_end, batch)) {
      case Row::done:
        if (!header_) {
          take_header(batch);
        } else if (finish_row(row_start, p, batch) == Row::malformed) {
          batch.abort_record();
          report(row_start, row_line, malformed_at_, malformed_why_);
        } else {
          const char* text_end = p;
          while (text_end > row_start && (text_end[-1] == '\n' || text_end[-1] == '\r')) --text_end;
          batch.last_slot().text = std::string_view(row_start, static_cast<std::size_t>(text_end - row_start));
        }
        break;
      case Row::incomplete:
        batch.abort_record();
        line_ = row_line;
        return row_start;
      case Row::malformed:
        batch.abort_record();
        report(row_start, row_line, malformed_at_, malformed_why_);
        // resynchronise at the next line
        line_ = row_line + std::count(row_start, p, '\n');
        p = skip_line(p, end, at_end);
        break;
    }
  }
  return p;
}

// Parses one row starting at p (not a blank line). On done, p is past the
// row's line end and line_ is the next row's line.
CsvReader::Row CsvReader::parse_row(const char*& p, const char* end, bool at_end, Batch& batch) {
  const std::vector<std::string>* names = header_ ? &header_->names : nullptr;
  batch.begin_record(Provenance{line_, offset_of(p)}, generated_names_ ? nullptr : header_.get());
  std::size_t column = 0;
  for (;;) {
    Field field;
    if (names && column < names->size()) {
      field.name = (*names)[column];
    } else if (generated_names_) {
      field.name = no_header_name(column, batch);
      names = &header_->names;
    }
    if (options_.trim) {
      while (p < end && (*p == ' ' || *p == '\t') && *p != delimiter_) ++p;
    }
    if (p < end && *p == quote_) {
      const char* open = p;
      const std::int64_t open_line = line_;
      const char* content = p + 1;
      const char* q = content;
      bool doubled = false;
      for (;;) {
        q = static_cast<const char*>(std::memchr(q, quote_, static_cast<std::size_t>(end - q)));
        if (!q) {
          if (!at_end) return Row::incomplete;
          malformed_at_ = open;
          malformed_why_ = "unterminated quoted field (no closing quote before the end of the input)";
          p = end;
          return Row::malformed;
        }
        if (q + 1 == end && !at_end) return Row::incomplete;  // "" may straddle blocks
        if (q + 1 < end && q[1] == quote_) {
          doubled = true;
          q += 2;
          continue;
        }
        break;
      }
      std::string_view raw(content, static_cast<std::size_t>(q - content));
      line_ += std::count(raw.begin(), raw.end(), '\n');
      field.value = doubled ? unescape(raw, batch) : raw;
      p = q + 1;
      batch.add_field(field);
      ++column;
      // spaces between a closing quote and the delimiter are tolerated
      while (p < end && (*p == ' ' || *p == '\t') && *p != delimiter_) ++p;
      if (p == end) {
        if (!at_end) return Row::incomplete;
        return Row::done;
      }
      char c = *p;
      if (c == delimiter_) {
        ++p;
        continue;
      }
      if (c == '\n') {
        ++p;
        ++line_;
        return Row::done;
      }
      if (c == '\r') {
        if (p + 1 == end) {
          if (!at_end) return Row::incomplete;
          ++p;
          return Row::done;
        }
        if (p[1] == '\n') {
          p += 2;
          ++line_;
          return Row::done;
        }
      }
      malformed_at_ = p;
      malformed_why_ = fmt::format("unexpected character after the closing quote of field {} "
                                   "(expected '{}' or the end of the line)",
                                   column, delimiter_ == '\t' ? std::string("\\t") : std::string(1, delimiter_));
      if (line_ > open_line) {
        // a stray quote far above: the field swallowed every line up to here
        malformed_why_ += fmt::format("; the quoted field opened on line {}: is a quote missing there?", open_line);
      }
      return Row::malformed;
    }
    // unquoted field
    const char* start = p;
    auto value = [&](const char* stop) {
      if (options_.trim) {
        while (stop > start && (stop[-1] == ' ' || stop[-1] == '\t')) --stop;
      }
      return std::string_view(start, static_cast<std::size_t>(stop - start));
    };
    field.flags = kFieldPlain;
    for (;;) {
      p = find_any_of4(p, end, delimiter_, quote_, '\n', '\r');
      if (p == end) {
        if (!at_end) return Row::incomplete;
        field.value = value(p);
        batch.add_field(field);
        return Row::done;
      }
      char c = *p;
      if (c == delimiter_) {
        field.value = value(p);
        batch.add_field(field);
        ++column;
        ++p;
        break;
      }
      if (c == '\n') {
        field.value = value(p);
        batch.add_field(field);
        ++p;
        ++line_;
        return Row::done;
      }
      if (c == '\r') {
        if (p + 1 == end && !at_end) return Row::incomplete;
        if (p + 1 == end || p[1] == '\n') {
          field.value = value(p);
          batch.add_field(field);
          p += (p + 1 == end) ? 1 : 2;
          ++line_;
          return Row::done;
        }
      }
      // a quote inside an unquoted field, or a lone CR: literal text
      field.flags = 0;
      ++p;
    }
  }
}

CsvReader::Row CsvReader::finish_row(const char* row_start, const char* row_end, Batch& batch) {
  if (generated_names_) return Row::done;
  std::size_t expected = header_->names.size();
  RecordSlot& slot = batch.last_slot();
  if (slot.count == expected) return Row::done;
  // Locate the first extra field, or the end of the line when fields are missing.
  RecordRef record = batch[batch.size() - 1];
  if (slot.count > expected) {
    const Field& extra = record[expected];
    malformed_at_ = extra.value.data();
    // a quoted (and so maybe unescaped) value: point at its opening quote instead
    if (malformed_at_ < row_start || malformed_at_ > row_end) malformed_at_ = row_end;
    else if (malformed_at_ > row_start && malformed_at_[-1] == quote_) --malformed_at_;
  } else {
    malformed_at_ = row_end;
    while (malformed_at_ > row_start && (malformed_at_[-1] == '\n' || malformed_at_[-1] == '\r'))
      --malformed_at_;
  }
  malformed_why_ = fmt::format("ragged row: {} field{} where the header has {}", slot.count,
                               slot.count == 1 ? "" : "s", expected);
  return Row::malformed;
}

void CsvReader::take_header(Batch& batch) {
  RecordRef row = batch[batch.size() - 1];
  std::vector<std::string> names;
  names.reserve(row.size());
  for (const Field& f : row.fields()) names.emplace_back(f.value);
  batch.abort_record();
  header_ = make_header(std::move(names));
  batch.keep(header_);
}

std::string_view CsvReader::unescape(std::string_view quoted, Batch& batch) const {
  char* out = batch.allocate(quoted.size());
  std::size_t n = 0;
  for (std::size_t i = 0; i < quoted.size(); ++i) {
    out[n++] = quoted[i];
    if (quoted[i] == quote_) ++i;  // the second of a doubled quote
  }
  return {out, n};
}

std::string_view CsvReader::no_header_name(std::size_t i, Batch& batch) {
  if (i >= header_->names.size()) {
    // Grow to the widest row seen; earlier names stay alive in the batch.
    std::vector<std::string> names = header_->names;
    while (names.size() <= i) names.push_back(std::to_string(names.size() + 1));
    header_ = std::make_shared<const Header>(std::move(names));
    batch.keep(header_);
  }
  return header_->names[i];
}

}  // namespace

std::unique_ptr<Reader> make_csv_reader(std::unique_ptr<Source> source, const ReadOptions& options,
                                        ErrorPolicy& errors) {
  return std::make_unique<CsvReader>(std::move(source), options, errors);
}

}  // namespace weir
