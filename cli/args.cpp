#include "cli/args.hpp"

#include <fmt/format.h>

#include "cli/check_command.hpp"
#include "core/errors/error.hpp"

namespace weir::cli {

namespace {

using config::is_option;
using config::main_option_names;
using config::option_name;

const std::vector<std::string> kConfigCommands = {"validate", "show", "schema"};

class Parser {
 public:
  explicit Parser(const std::vector<std::string>& args) : cursor_(args) {}

  Command parse() {
    while (!cursor_.at_end() && is_option(cursor_.word()) && cursor_.word() != "--") {
      if (!take_main_option()) {
        throw UsageError(fmt::format("unknown option '{}'{}", cursor_.word(),
                                     did_you_mean(option_name(cursor_.word()), main_option_names())));
      }
      if (command_.kind != Command::Kind::run) return command_;
    }
    if (cursor_.at_end()) {
      // `weir -c weir.json`: the config's pipeline over standard input
      if (command_.words.config) return command_;
      throw UsageError("no verb given; try 'weir --help' (for example: weir cat data.csv)");
    }
    const std::string& word = cursor_.word();
    if (word == "help") {
      // `weir help --scdoc TEMPLATE` builds the man page (used by the build, not listed)
      if (cursor_.ahead(2) && *cursor_.ahead(1) == "--scdoc") {
        command_.kind = Command::Kind::man;
        command_.help_topic = *cursor_.ahead(2);
        return command_;
      }
      command_.kind = Command::Kind::help;
      if (const std::string* topic = cursor_.ahead(1)) {
        command_.help_topic = *topic == "run" || *topic == "config" || *topic == "check" || *topic == "sniff" ||
                                      *topic == "expressions"
                                  ? *topic
                                  : std::string(config::verb_named(*topic).name);
      }
      return command_;
    }
    if (word == "completion") {
      // `weir completion bash|zsh|fish`
      cursor_.take();
      if (cursor_.at_end()) throw UsageError("completion: expected a shell: bash, zsh or fish");
      command_.kind = Command::Kind::completion;
      command_.help_topic = cursor_.take();
      if (!cursor_.at_end()) throw UsageError(fmt::format("completion: unexpected argument '{}'", cursor_.word()));
      return command_;
    }
    if (word == "run") {
      cursor_.take();
      parse_run();
    } else if (word == "check") {
      cursor_.take();
      parse_check();
    } else if (word == "sniff") {
      cursor_.take();
      parse_sniff();
    } else if (word == "config") {
      cursor_.take();
      parse_config_command();
    } else {
      parse_verbs();
    }
    return command_;
  }

 private:
  // `weir run [OPTIONS] [FILE...]`: main options and files, in any order.
  void parse_run() {
    while (!cursor_.at_end()) {
      const std::string& word = cursor_.word();
      if (word == "--") {
        take_files_after_dashes();
      } else if (is_option(word)) {
        if (!take_main_option()) {
          throw UsageError(fmt::format("run: unknown option '{}'{}", word,
                                       did_you_mean(option_name(word), main_option_names())));
        }
        if (command_.kind == Command::Kind::help) {
          command_.help_topic = "run";
          return;
        }
      } else {
        command_.words.pipeline.inputs.push_back(cursor_.take());
      }
    }
    if (!command_.words.config) command_.words.config = kDefaultConfig;
  }

  // `weir check [OPTIONS] [FILE|DIR...]`: its own options, main options and
  // files, in any order.
  void parse_check() {
    command_.kind = Command::Kind::check;
    while (!cursor_.at_end()) {
      const std::string& word = cursor_.word();
      if (word == "--") {
        take_files_after_dashes();
      } else if (is_option(word)) {
        if (std::optional<config::Setting> option = cursor_.take_option(check_options())) {
          command_.check_options.push_back(std::move(*option));
          continue;
        }
        if (!take_main_option()) {
          std::vector<std::string> names = main_option_names();
          for (const auto& o : check_options()) names.emplace_back(o.long_name);
          throw UsageError(fmt::format("check: unknown option '{}'{}", word, did_you_mean(option_name(word), names)));
        }
        if (command_.kind == Command::Kind::help) {
          command_.help_topic = "check";
          return;
        }
      } else {
        command_.words.pipeline.inputs.push_back(cursor_.take());
      }
    }
  }

  // `weir sniff [--json] [OPTIONS] [FILE...]`
  void parse_sniff() {
    command_.kind = Command::Kind::sniff;
    while (!cursor_.at_end()) {
      const std::string& word = cursor_.word();
      if (word == "--") {
        take_files_after_dashes();
      } else if (word == "--json") {
        command_.check_options.emplace_back(cursor_.take(), "");
      } else if (is_option(word)) {
        if (!take_main_option()) {
          std::vector<std::string> names = main_option_names();
          names.emplace_back("--json");
          throw UsageError(fmt::format("sniff: unknown option '{}'{}", word, did_you_mean(option_name(word), names)));
        }
        if (command_.kind == Command::Kind::help) {
          command_.help_topic = "sniff";
          return;
        }
      } else {
        command_.words.pipeline.inputs.push_back(cursor_.take());
      }
    }
  }

  // `weir config validate|show|schema [OPTIONS]`; show also takes verbs, to
  // show what `weir -c CONFIG VERB...` would run.
  void parse_config_command() {
    if (cursor_.at_end()) throw UsageError("config: expected a command: validate, show or schema");
    const std::string& sub = cursor_.take();
    if (sub == "-h" || sub == "--help") {
      command_.kind = Command::Kind::help;
      command_.help_topic = "config";
      return;
    }
    if (sub == "validate") command_.kind = Command::Kind::config_validate;
    else if (sub == "show") command_.kind = Command::Kind::config_show;
    else if (sub == "schema") command_.kind = Command::Kind::config_schema;
    else
      throw UsageError(fmt::format("config: unknown command '{}'{}; expected validate, show or schema", sub,
                                   did_you_mean(sub, kConfigCommands)));
    Command::Kind kind = command_.kind;
    while (!cursor_.at_end() && is_option(cursor_.word())) {
      if (!take_main_option()) {
        throw UsageError(fmt::format("config {}: unknown option '{}'{}", sub, cursor_.word(),
                                     did_you_mean(option_name(cursor_.word()), main_option_names())));
      }
      if (command_.kind == Command::Kind::help) {
        command_.help_topic = "config";
        return;
      }
    }
    if (!cursor_.at_end()) {
      if (kind != Command::Kind::config_show) {
        throw UsageError(fmt::format("config {}: unexpected argument '{}'", sub, cursor_.word()));
      }
      parse_verbs();
      if (command_.kind == Command::Kind::help) return;
      if (!command_.words.pipeline.inputs.empty()) {
        throw UsageError(fmt::format("config show: takes no files, got '{}'", command_.words.pipeline.inputs.front()));
      }
    }
    if (kind != Command::Kind::config_schema && !command_.words.config) command_.words.config = kDefaultConfig;
  }

  void parse_verbs() {
    if (command_.words.config && !find_stage(cursor_.word())) {
      // `weir -c weir.json data.csv`: the words after -c's options are verbs
      throw UsageError(fmt::format("unknown verb '{}'{}; to run the config over files: weir run -c {} FILE...",
                                   cursor_.word(), did_you_mean(cursor_.word(), stage_names()),
                                   *command_.words.config));
    }
    config::read_verb_chain(cursor_, command_.words);
    note_help_or_version();
  }

  // A main option into the command's words; -h and --version change what
  // the command is.
  bool take_main_option() {
    if (!config::take_main_option(cursor_, command_.words)) return false;
    note_help_or_version();
    return true;
  }

  void note_help_or_version() {
    if (command_.words.help) {
      command_.kind = Command::Kind::help;
      command_.help_topic = *command_.words.help;
    } else if (command_.words.version) {
      command_.kind = Command::Kind::version;
    }
  }

  // "--": every word after it is a file
  void take_files_after_dashes() {
    cursor_.take();
    while (!cursor_.at_end()) command_.words.pipeline.inputs.push_back(cursor_.take());
  }

  config::WordCursor cursor_;
  Command command_;
};

}  // namespace

Command parse_command_line(const std::vector<std::string>& args) { return Parser(args).parse(); }

}  // namespace weir::cli
