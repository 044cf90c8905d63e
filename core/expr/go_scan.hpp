#pragma once
/// Go's fmt.Sscanf, as much of it as Miller's hms2sec, hms2fsec, dhms2sec and
/// dhms2fsec use (Sscanf(text, "%d:%d:%f", ...), "%d%s"), with Go's rules,
/// since their results on odd input are Go's: white space (Unicode's) is
/// skipped before each verb, but a newline there is an error; %d is an int64
/// in decimal; %f has Go's float syntax (1_000, 0x1p4, 1p4, inf, nan); input
/// after the last verb is not read. Each call scans one piece of a format in
/// turn and is false where Go's Sscanf would stop with an error.

#include <cstdint>
#include <string>
#include <string_view>

namespace weir::expr {

class GoScanner {
 public:
  explicit GoScanner(std::string_view input) : in_(input) {}

  /// A literal character of the format: the next input character must be it.
  bool literal(char c);
  /// %d into an int64: an optional sign and decimal digits, within int64.
  bool integer(std::int64_t& out);
  /// %f into a float64.
  bool real(double& out);
  /// %s: the next run of characters that are not white space (a byte that
  /// is not UTF-8 becomes U+FFFD, as Go reads it).
  bool word(std::string& out);

 private:
  bool skip_space();
  bool accept(std::string_view set, std::string& token);

  std::string_view in_;
  std::size_t pos_ = 0;
};

/// Go's strconv.ParseFloat(text, 64): false for a syntax error or a value
/// past float64's range (underscores between digits and hex floats are
/// taken, as in Go).
bool go_parse_float(std::string_view text, double& out);

}  // namespace weir::expr
