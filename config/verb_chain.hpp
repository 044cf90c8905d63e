#pragma once
/// The verb chain: the words that make a pipeline,
///
///   [OPTIONS] VERB [ARGS] [then VERB [ARGS]]... [FILE...]
///
/// read the same way by the weir command (cli/args.cpp adds its commands,
/// `run`, `check`, `help`, ..., around it) and by `import weir`
/// (weir.run("--strict filter 'status >= 500' then head", files)).
///
/// Verbs are read from the stage registry (their options and how many
/// arguments they take), so a verb's definition is also its parser and its
/// help. Main options may stand before the first verb, among a verb's words
/// or among the files. (Not CLI11: it is built for one command with
/// subcommands, where weir's grammar is a chain of verbs joined by `then`
/// with main options anywhere; and its short names are one letter, where
/// Miller's verbs, whose commands users bring, have single-dash names of
/// two (sort -nr, -nf, -tr, -cr). So the words are read here, from the
/// typed option tables; short flags bundle as with getopt.)

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/pipeline/pipeline.hpp"

namespace weir::config {

/// An option as the words gave it: (long name, value; empty for a flag).
using Setting = std::pair<std::string, std::string>;

/// The main options, in help order: those that set the pipeline (--from,
/// -d, --on-error, ...) and the weir command's own, -c, -h and --version.
const std::vector<OptionInfo>& main_options();

/// The main options' names, long and short (for did-you-mean).
std::vector<std::string> main_option_names();

/// Applies main option `long_name` ("--to"; `value` empty for a flag) to
/// `spec`. Throws UsageError for a bad value (unknown format, ...).
void apply_main_option(PipelineSpec& spec, std::string_view long_name, const std::string& value);

/// ',' from ",", '\t' from "tab" or "\t", and so on; UsageError otherwise.
char parse_delimiter(const std::string& text);

/// --types' value, "zip:str,n:float" ("*:str": every column not named), into
/// `types` (a name given again is replaced: the later wins). UsageError
/// naming the bad part otherwise.
void parse_types(const std::string& text, DeclaredTypes& types);

/// The verb called `name`; UsageError with a did-you-mean when there is none.
const StageInfo& verb_named(const std::string& name);

/// Whether `word` is an option ("-n", "--to=csv"), not a value or a file.
bool is_option(std::string_view word);

/// "--to" from "--to=csv": the option's name, for did-you-mean.
std::string option_name(const std::string& word);

/// What words say about a pipeline.
struct PipelineWords {
  /// The verbs and files, with the main options applied over the defaults.
  PipelineSpec pipeline;
  /// The main options that set the pipeline, in order: applied again over a
  /// config's settings, which they override (runnable_pipeline()).
  std::vector<Setting> settings;
  /// -c FILE: the config whose pipeline the verbs follow.
  std::optional<std::string> config;
  /// -h or --help: the words were read up to there. The verb it followed,
  /// or empty.
  std::optional<std::string> help;
  bool version = false;  ///< --version was among the words
};

/// A cursor over words, taking them one by one or as options of a table.
/// Whether `spec` gives an option that stands for the verb's arguments
/// (sort -nr KEY, uniq -g FIELDS or -a): then the arguments may be missing.
bool gave_arg_option(const StageInfo& info, const StageSpec& spec);

class WordCursor {
 public:
  explicit WordCursor(const std::vector<std::string>& words) : words_(words) {}

  bool at_end() const { return pos_ == words_.size(); }
  /// The word at the cursor (not at_end()).
  const std::string& word() const { return words_[pos_]; }
  /// The word `n` after the cursor's, or nullptr past the end.
  const std::string* ahead(std::size_t n) const { return pos_ + n < words_.size() ? &words_[pos_ + n] : nullptr; }
  /// The word at the cursor, which moves past it.
  const std::string& take() { return words_[pos_++]; }

  /// Takes the option of `table` at the cursor with its value ("--lines=5",
  /// "-n5" or "-n 5"): (long name, value). nullopt when the word is none of
  /// them. `verb` is the table's verb, named in messages; a verb's option is
  /// named as written ("option -n needs a value"), the others by their long name.
  ///
  /// Short flags may be bundled, "-cu" for "-c -u" (the last letter may take
  /// a value, from the next word), when the word is no option of the table
  /// as written: Miller's own single-dash names ("sort -nr") come first.
  std::optional<Setting> take_option(const std::vector<OptionInfo>& table, std::string_view verb = {});

 private:
  /// "-abc" as "-a -b -c" when each letter is a short option of `table`
  /// and all but the last are flags; false (words unchanged) otherwise.
  bool unbundle(const std::vector<OptionInfo>& table);

  std::vector<std::string> words_;  // (a copy: unbundle() splits a word)
  std::size_t pos_ = 0;
};

/// Takes the main option at the cursor into `words`; false when the word is
/// no main option.
bool take_main_option(WordCursor& cursor, PipelineWords& words);

/// Reads `VERB [ARGS] [then VERB [ARGS]]... [FILE...]`, with main options
/// among them, from the cursor (at a word) to the end, or up to a verb's -h
/// (words.help is then that verb). Throws UsageError with a did-you-mean for
/// an unknown verb or option.
void read_verb_chain(WordCursor& cursor, PipelineWords& words);

/// The words of a pipeline alone, as `import weir` gets them: main options,
/// then the verb chain (none after -c FILE: the config's pipeline). The weir
/// command's -h and --version are a UsageError here.
PipelineWords parse_verb_chain(const std::vector<std::string>& words);

}  // namespace weir::config
