#pragma once
/// The loop every block-based reader shares: take a block, let the format
/// parse the complete records in it, carry the cut-off tail to the next one.

#include <exception>
#include <memory>
#include <string>

#include "core/formats/format.hpp"
#include "core/io/block_reader.hpp"

namespace weir {

class BlockParser : public Reader {
 public:
  BlockParser(std::unique_ptr<Source> source, const ReadOptions& options, ErrorPolicy& errors);
  bool read(Batch& batch) final;

 protected:
  /// Parses the complete records in [begin, end) into `batch` and returns
  /// where the first incomplete one starts (`end` when none is). With
  /// `at_end`, no input follows: everything must be consumed.
  /// `line_` is the line of `begin` on entry and must be the line of the
  /// returned position on exit.
  virtual const char* parse(const char* begin, const char* end, bool at_end, Batch& batch) = 0;

  /// At the end of the input: a last batch to give (true), such as a
  /// header-only file's header. Called once.
  virtual bool finish(Batch&) { return false; }

  /// Hands a malformed record to the error policy. `row_start`/`row_line`
  /// locate the record; `at` is the byte at fault (its line and column are
  /// worked out here).
  void report(const char* row_start, std::int64_t row_line, const char* at, std::string message,
              DataErrorKind kind = DataErrorKind::malformed);

  /// The DataError for the record [row_start, row_end) on `row_line`, with
  /// `at` the byte at fault: located, its raw text and offset kept.
  DataError data_error(const char* row_start, const char* row_end, std::int64_t row_line, const char* at,
                       std::string message, DataErrorKind kind);

  /// After a malformed record under --on-error skip: the start of the next
  /// line (line_ counts the newline). When the line runs past the block, the
  /// rest of it is skipped at the start of the next block.
  const char* skip_line(const char* p, const char* end, bool at_end);

  std::int64_t offset_of(const char* p) const {
    return block_->offset + static_cast<std::int64_t>(p - block_->begin());
  }
  const std::string& name() const { return *name_; }
  /// True for the first bytes of the input (a BOM may be there).
  bool at_input_start(const char* p) const { return offset_of(p) == 0; }

  ReadOptions options_;
  ErrorPolicy& errors_;
  std::int64_t line_ = 1;

 private:
  void too_large();

  BlockReader blocks_;
  std::shared_ptr<const std::string> name_;
  std::shared_ptr<const Block> block_;
  std::string_view carry_;
  std::exception_ptr failure_;  // an error to raise once the good records are out
  bool skipping_line_ = false;
  bool finished_ = false;  // the next block starts inside a skipped line
};

/// Skips a UTF-8 byte order mark at p, if there is one.
inline const char* skip_bom(const char* p, const char* end) {
  if (end - p >= 3 && p[0] == '\xEF' && p[1] == '\xBB' && p[2] == '\xBF') return p + 3;
  return p;
}

}  // namespace weir
