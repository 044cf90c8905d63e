#pragma once
/// Base of the one-record-a-line readers (tsv, logfmt, lines, dkvp, nidx):
/// hands each complete line, without its LF or CRLF, to parse_line(). A
/// line of invalid UTF-8 is reported, as the CSV reader reports a row, and
/// not read (--encoding reads Latin-1 and Windows-1252).

#include <cstring>

#include "core/formats/block_parser.hpp"

namespace weir {

class LineParser : public BlockParser {
 public:
  using BlockParser::BlockParser;

 protected:
  /// One line [begin, end), without its line end; line_ is its number.
  virtual void parse_line(const char* begin, const char* end, Batch& batch) = 0;

  const char* parse(const char* begin, const char* end, bool at_end, Batch& batch) final {
    const char* p = begin;
    if (at_input_start(p)) p = skip_bom(p, end);
    const char* valid_until = utf8_valid_until(p, end, at_end);
    while (p < end) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      if (!nl) {
        if (!at_end) return p;
        nl = end;
      }
      const char* line_end = nl;
      if (static_cast<std::size_t>(nl - p) > options_.max_record_size) {
        // as when the line runs past a block (BlockParser::too_large): the
        // limit must not depend on where blocks end
        report(p, line_, p, too_large_message(options_.max_record_size), DataErrorKind::too_large);
        ++line_;
        p = nl == end ? end : nl + 1;
        continue;
      }
      if (line_end > p && line_end[-1] == '\r') --line_end;
      if (line_end > valid_until && reported_invalid_utf8(p, line_end, line_)) {
        ++line_;
        p = nl == end ? end : nl + 1;
        continue;
      }
      std::size_t records = batch.size();
      parse_line(p, line_end, batch);
      if (batch.size() > records) batch.last_slot().text = std::string_view(p, static_cast<std::size_t>(line_end - p));
      ++line_;
      p = nl == end ? end : nl + 1;
    }
    return p;
  }

  /// Reports a malformed line: `at` is the byte at fault.
  void report_line(const char* line_begin, const char* at, std::string message) {
    report(line_begin, line_, at, std::move(message));
  }
  /// A line with more than --max-fields fields; `at` is the first one past the limit.
  void too_many_fields(const char* line_begin, const char* at) {
    report(line_begin, line_, at, too_many_fields_message(options_.max_fields), DataErrorKind::too_large);
  }
};

}  // namespace weir
