#pragma once
/// Options read from words by CLI11, one CLI11 App per group of words, built
/// from weir's typed option rows (OptionInfo):
///
///   - the main options before a verb or command (`weir --icsv -j 2 sort ...`),
///   - one `then` segment of the verb chain (the verb's rows, then the main rows),
///   - `weir run`, `check` and `sniff`'s words (their rows, the main rows, files).
///
/// A row's kind makes its CLI11 option: a flag takes no value; any other kind
/// takes one, checked by a CLI11 validator that gives weir's own message
/// (check_option_value). Short flags bundle ("-cu"), a value may be attached
/// ("-n5", "--lines=5"), and an option stands anywhere among the operands.
///
/// Before CLI11 reads the words, spellings CLI11 has no form for are put in
/// weir's: Miller's two-letter single-dash names (sort -nr) become the row's
/// long name, and Miller's format flags (--icsv, --c2j, --fs ;) the main
/// options they mean. Where two tables share a name (-o: cut's, and the main
/// --output), the table added first has it; the other keeps its long name.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/stages/stage.hpp"

namespace weir::config {

/// An option as the words gave it.
struct TakenOption {
  const OptionInfo* row = nullptr;
  std::size_t table = 0;  ///< the table it is from, counted in the order they were added
  std::string value;      ///< empty for a flag
  std::string spelled;    ///< "-n" or "--lines", as written (Miller's "-nr" as the long name)
};

/// What one group of words holds, in command-line order.
struct ParsedWords {
  std::vector<TakenOption> options;
  /// The words that are no option nor an option's value (a verb's arguments,
  /// files), up to a "--"; the words after a "--" are in `after_dashes`.
  std::vector<std::string> operands;
  /// For each operand, how many of `options` stood before it.
  std::vector<std::size_t> options_before;
  std::vector<std::string> after_dashes;
  bool saw_dashes = false;
  /// Miller's --from FILE (mlr --icsv --from in.csv ...): files, where weir's
  /// --from names a format.
  std::vector<std::string> from_files;
  /// parse_prefix(): the words from the first operand on, not read.
  std::vector<std::string> rest;
  /// -h or --help was among the words: reading stopped there.
  bool help = false;
  /// (long name, as written) of each Miller name put in its long one's place ("-nr").
  std::vector<std::pair<std::string_view, std::string>> respelled;
};

class OptionParser {
 public:
  /// `who` names the group in messages ("head: unknown option ..."); empty
  /// for the main options before a verb.
  explicit OptionParser(std::string who) : who_(std::move(who)) {}

  /// Whose rows a table holds: a verb's (its messages name the verb and the
  /// option as written), the main options (Miller's format flags are read
  /// as theirs), or a command's (check's, sniff's).
  enum class Rows { verb, main, command };

  /// Adds a table of rows (kept by reference: the tables are static).
  void add(const std::vector<OptionInfo>& rows, Rows kind);

  /// Reads every word: options and operands in any order.
  ParsedWords parse(const std::vector<std::string>& words) const;
  /// Reads options up to the first operand (the verb or command); that word
  /// and those after it are left in `rest`.
  ParsedWords parse_prefix(const std::vector<std::string>& words) const;

  /// The names of every row ("--lines", "-n"), for did-you-mean.
  std::vector<std::string> names() const;

  /// Said after "option -f needs a value" (that 'then' ended the words).
  void set_missing_value_hint(std::string hint) { missing_value_hint_ = std::move(hint); }

 private:
  struct Table {
    const std::vector<OptionInfo>* rows;
    Rows kind;
  };
  ParsedWords read(const std::vector<std::string>& words, bool prefix) const;
  // Miller's spellings in weir's, up to the first operand when `prefix`.
  std::vector<std::string> respell(const std::vector<std::string>& words, bool prefix, ParsedWords& out) const;
  // The row spelled `word` exactly ("--lines", "-n", "-nr"), or nullptr.
  const OptionInfo* row_spelled(std::string_view word) const;
  bool reads_miller_flags() const;

  std::string who_;
  std::vector<Table> tables_;
  std::string missing_value_hint_;
};

}  // namespace weir::config
