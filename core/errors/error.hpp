#pragma once
/// Errors in weir come in three tiers (STYLE.md, practice 8):
///  - bugs: WEIR_ASSERT, checked in debug and sanitizer builds;
///  - bad data: a DataError value (file, line, column, excerpt) handed to the
///    error policy, which fails the run, skips the record or counts it;
///  - setup problems (flags, missing files): UsageError / SetupError,
///    thrown and caught only in main, which maps them to an ExitCode.

#include <cassert>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#define WEIR_ASSERT(cond) assert(cond)

namespace weir {

/// Every exit status weir uses; documented in weir(1) and README.md.
enum class ExitCode : int {
  ok = 0,
  violations = 1,
  usage = 2,
  bad_input = 3,
  hook_error = 4,
  interrupted = 130,
};

/// What is wrong with a record (the `kind` of a --rejects line, the rule
/// id of a repair in `weir check`).
enum class DataErrorKind : std::uint8_t {
  malformed,           ///< not readable in its format (the generic kind)
  ragged,              ///< more or fewer fields than the header
  stray_quote,         ///< a quote that opened no well-formed field, read as text
  unterminated_quote,  ///< a quote never closed
  invalid_json,
  invalid_utf8,
  preamble,            ///< a line above the table
  second_table,        ///< a row of a second table in the same file
  comment,             ///< a comment line (of a comment character sniffed, not given)
  repeated_header,     ///< the header line again, below it (files joined into one)
  too_large,           ///< a record over --max-record-size
  hook_error,          ///< a Python hook raised on the record
};

/// "ragged", "stray-quote", ...
std::string_view data_error_kind_name(DataErrorKind kind);

/// A malformed record, as data: where it is and what is wrong with it.
struct DataError {
  std::string file;        ///< "(stdin)" for standard input
  std::int64_t line = 0;   ///< 1-based; 0 when only the file is known (corrupt .gz)
  std::int64_t column = 0; ///< 1-based, in characters (UTF-8 code points)
  std::string message;     ///< "unterminated quoted field"
  std::string excerpt;     ///< the offending line's text, without its newline
  DataErrorKind kind = DataErrorKind::malformed;
  std::int64_t offset = -1;  ///< byte offset of the record in its input; -1: unknown
  std::string raw;           ///< the record's whole text as read (for --rejects); may be empty
};

/// Renders `weir: FILE:LINE:COL: message`, the line and a caret under COL.
std::string format_data_error(const DataError& error);

/// Builds a DataError for the byte `at` inside the text [line_start, end):
/// the column counts UTF-8 code points from line_start, the excerpt is the
/// rest of that physical line (up to `line_break`: a CR in a file whose
/// lines end at CRs).
DataError locate_error(std::string file, std::int64_t line, const char* line_start,
                       const char* at, const char* end, std::string message, char line_break = '\n');

/// Thrown when the error policy is "fail": carries the DataError to main.
class InputError : public std::runtime_error {
 public:
  explicit InputError(DataError error);
  const DataError& error() const { return error_; }
  /// The readers' notes on how they read the input before it failed (the
  /// records already written were read so): said after the error.
  const std::vector<std::string>& notes() const { return notes_; }
  void set_notes(std::vector<std::string> notes) { notes_ = std::move(notes); }

 private:
  DataError error_;
  std::vector<std::string> notes_;
};

/// A bad command line (unknown verb, option, format): exit 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The environment is not as needed (missing file, unwritable output): exit 2.
class SetupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A Python hook raised (or called sys.exit) and the policy is fail: exit 4.
/// what() is the whole message, traceback included.
class HookError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Ctrl-C reached weir (through a hook's KeyboardInterrupt): exit 130.
class Interrupted : public std::exception {
 public:
  const char* what() const noexcept override { return "interrupted"; }
};

/// Thrown by the output sink when the reader of stdout went away
/// (`weir cat big.csv | head -1`): main ends quietly with exit 0.
class BrokenPipe : public std::exception {
 public:
  const char* what() const noexcept override { return "broken pipe"; }
};

/// The candidate closest to `word` by edit distance, or "" when none is close
/// enough to be a plausible typo. Used for "did you mean ...?".
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);

/// " (did you mean 'x'?)" or "" -- ready to append to a message.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

/// At most `most` bytes of `text`, not cut inside a UTF-8 character: a value
/// quoted in a note ('abc').
std::string_view clipped(std::string_view text, std::size_t most = 40);

}  // namespace weir
