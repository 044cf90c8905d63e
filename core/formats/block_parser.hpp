#pragma once
/// The loop every block-based reader shares: take a block, let the format
/// parse the complete records in it, carry the cut-off tail to the next one.
///
/// The parallel engine (core/pipeline/parallel_input.hpp) drives the same
/// parse() another way: after the first read() it takes the rest of the
/// input over (hand_over), cuts it into chunks at line breaks and has
/// forks of the reader parse them on other threads, each from the chunk's
/// first byte. A fork's parse is this reader's own when the chunk starts
/// where this reader stands (continues_at: nothing carried, the same line);
/// else the chunk is parsed here, after the carry (parse_next).

#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/formats/format.hpp"
#include "core/io/block_reader.hpp"

namespace weir {

class BlockParser : public Reader {
 public:
  BlockParser(std::unique_ptr<Source> source, const ReadOptions& options, ErrorPolicy& errors);
  bool read(Batch& batch) final;
  bool paused() const final { return blocks_ && blocks_->paused(); }
  /// The input may pause (a pipe, a terminal: Source::may_pause).
  bool may_pause() const { return blocks_ && blocks_->source().may_pause(); }

  // -------- the parallel engine

  /// A copy of this reader as it is now, to parse chunks on another thread
  /// (its errors deferred); nullptr while its state does not allow that
  /// (header rows to come, names that grow row by row).
  virtual std::unique_ptr<BlockParser> fork() const { return nullptr; }
  /// The byte line numbers count: '\n' ('\r' for a CR-only CSV file).
  virtual char line_break() const { return '\n'; }
  /// The quote byte whose count tells which line breaks end records (a CSV
  /// field's, doubled inside it: a break after an even number of quotes
  /// since a record's start ends it), so that chunks start where records
  /// do; 0 when every line break is taken for a record's end (the guess is
  /// checked either way).
  virtual char record_quote() const { return 0; }

  /// The rest of the input, handed over after a read().
  struct Rest {
    std::unique_ptr<BlockReader> blocks;
    std::string carry;       ///< bytes read but not parsed yet; the input goes on with blocks
    std::int64_t line = 1;   ///< line of the carry's first byte
    std::int64_t offset = 0; ///< byte offset of the carry's first byte
  };
  /// Gives the rest of the input away; nullopt when this reader must go on
  /// by itself (an error to raise, a line being skipped, the input done).
  std::optional<Rest> hand_over();
  /// The bytes after where this reader stands, when its input is a regular
  /// file (Source::file_size); -1 when that is not known.
  std::int64_t bytes_left() const;

  /// Where a chunk's parse stopped.
  struct ChunkEnd {
    const char* stop = nullptr;  ///< the first byte not parsed (a record cut by the chunk's end)
    std::int64_t line = 0;       ///< the line of `stop`
    bool clean = true;           ///< false: a malformed line is being skipped past the end
  };
  /// On a fork: parses `chunk` from its first byte, taken as the start of a
  /// record on line `line`. Errors go to `log`, for the pipeline to replay.
  /// `ascii`: every byte of the chunk is known to be ASCII (its UTF-8 is
  /// not checked again).
  ChunkEnd parse_chunk(const std::shared_ptr<const Block>& chunk, std::int64_t line, bool at_end, Batch& batch,
                       std::vector<DeferredError>& log, bool ascii = false);
  /// After hand_over(): whether a chunk whose first byte is on line `line`
  /// starts where this reader stands, so that a fork's parse of it is right.
  bool continues_at(std::int64_t line) const { return carry_.empty() && !skipping_line_ && line_ == line; }
  /// Takes a fork's parse of `chunk` (which gave `records`) as done here.
  void took(const std::shared_ptr<const Block>& chunk, const ChunkEnd& end, std::size_t records);
  /// Parses `chunk` here, after what is carried; errors go to `log`. A
  /// record carried over many chunks may be held back, with what follows
  /// it, until its bytes have doubled.
  void parse_next(const std::shared_ptr<const Block>& chunk, bool at_end, Batch& batch,
                  std::vector<DeferredError>& log);
  /// Before the input's failure is raised: parses what parse_next held
  /// back, as -j 1 parses what it read before a failure.
  void parse_held(Batch& batch, std::vector<DeferredError>& log);
  /// After the last chunk: a last batch to give (a header-only file's header).
  bool finish_input(Batch& batch);
  /// --max-record-size.
  std::size_t max_record_size() const { return options_.max_record_size; }

 protected:
  /// A fork of `other` (fork() copies a reader with it): its settings and
  /// state, no input of its own, errors deferred.
  BlockParser(const BlockParser& other);

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

  /// Where the lines of [p, end) that are valid UTF-8 as a whole end: at its
  /// last line break (at `end` when `at_end`), or at p when any is not.
  /// The lines past it are checked one by one (reported_invalid_utf8).
  const char* utf8_valid_until(const char* p, const char* end, bool at_end) const;
  /// Reports the line [line_start, line_end), numbered `line`, when it holds
  /// invalid UTF-8 (the byte named, and --encoding); true when so (the line
  /// is not read).
  bool reported_invalid_utf8(const char* line_start, const char* line_end, std::int64_t line);

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

  std::unique_ptr<ErrorPolicy> own_errors_;  // a fork's (errors_ is then it)
  ReadOptions options_;
  ErrorPolicy& errors_;
  std::int64_t line_ = 1;
  /// Records that forks parsed for this reader (after hand_over).
  std::int64_t records_elsewhere_ = 0;

 private:
  void too_large();
  /// The offset of the first byte not parsed yet (the carry's).
  std::int64_t unparsed_offset() const;
  /// Parses `block` (the carry included) from its start or past a skipped line.
  const char* parse_block(const std::shared_ptr<const Block>& block, bool at_end, Batch& batch);
  /// The carry and `chunk` in one block (parse_next).
  std::shared_ptr<const Block> join(const Block& chunk);

  std::unique_ptr<BlockReader> blocks_;
  std::shared_ptr<const std::string> name_;
  std::shared_ptr<const Block> block_;
  std::string_view carry_;
  // parse_next's joins: the buffer a carried record grows in (join)
  std::shared_ptr<char[]> join_buffer_;
  std::size_t join_size_ = 0;
  std::size_t join_capacity_ = 0;
  std::size_t tried_ = 0;  // the bytes of the last parse_next that ended no record (0: it did)
  std::exception_ptr failure_;  // an error to raise once the good records are out
  bool skipping_line_ = false;  // the next block starts inside a skipped line
  bool finished_ = false;
  // parse_chunk's chunk, when its bytes are known to be ASCII
  const char* ascii_begin_ = nullptr;
  const char* ascii_end_ = nullptr;
};

/// "invalid UTF-8 (byte 0xNN); if the file is Latin-1 or Windows-1252, ...".
std::string invalid_utf8_message(unsigned char byte);
/// "a record longer than N bytes (--max-record-size)".
std::string too_large_message(std::size_t max_record_size);
/// "a record with more than N fields (--max-fields)".
std::string too_many_fields_message(std::size_t max_fields);

/// --ragged for a row of `got` values under a header of `expected` names
/// (the CSV and TSV readers alike): whether the row is kept (a short row
/// padded, extra values kept as fields named by position), and the
/// messages: "ragged row: 3 fields where the header has 2", and for a kept
/// row the same with what was done (": the extra value kept as field 3").
bool ragged_keeps(Ragged ragged, std::size_t got, std::size_t expected);
std::string ragged_message(std::size_t got, std::size_t expected);
std::string ragged_repair_message(std::size_t got, std::size_t expected);

/// Skips a UTF-8 byte order mark at p, if there is one.
inline const char* skip_bom(const char* p, const char* end) {
  if (end - p >= 3 && p[0] == '\xEF' && p[1] == '\xBB' && p[2] == '\xBF') return p + 3;
  return p;
}

}  // namespace weir
