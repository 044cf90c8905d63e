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
/// or among the files. The words are split at `then`, and each part is read
/// by one CLI11 App made from the verb's option rows and the main rows
/// (config/option_parser.hpp); which of its other words are the verb's
/// arguments and which are files is decided here, from the verb's row.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/option_parser.hpp"
#include "core/pipeline/pipeline.hpp"

namespace weir::config {

/// An option as the words gave it: (long name, value; empty for a flag).
using Setting = std::pair<std::string, std::string>;

/// The main options, in help order: those that set the pipeline (--from,
/// -d, --on-error, ...) and the weir command's own, -c, -h and --version.
const std::vector<OptionInfo>& main_options();

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

/// Whether `spec` gives an option that stands for the verb's arguments
/// (sort -nr KEY, uniq -g FIELDS or -a): then the arguments may be missing.
bool gave_arg_option(const StageInfo& info, const StageSpec& spec);

/// Applies a main option the words gave (config/option_parser.hpp) to
/// `words`: -c, --version and the pipeline's settings (-h is the parser's).
void take_main_option(const TakenOption& option, PipelineWords& words);

/// Reads the main options at the front of `words` into `into`, up to the
/// first word that is none (the verb or command; -h: up to there, and
/// into.help is ""). Returns that word and those after it. UsageError with
/// a did-you-mean for an unknown option.
std::vector<std::string> read_main_options(const std::vector<std::string>& words, PipelineWords& into);

/// Reads `VERB [ARGS] [then VERB [ARGS]]... [FILE...]` (words[0] is the
/// verb), with main options among them, split at `then` and each part read
/// by CLI11 from the verb's rows and the main rows; up to a verb's -h
/// (words.help is then that verb). Throws UsageError with a did-you-mean
/// for an unknown verb or option.
void read_verb_chain(const std::vector<std::string>& words, PipelineWords& into);

/// The words of a pipeline alone, as `import weir` gets them: main options,
/// then the verb chain (none after -c FILE: the config's pipeline). The weir
/// command's -h and --version are a UsageError here.
PipelineWords parse_verb_chain(const std::vector<std::string>& words);

}  // namespace weir::config
