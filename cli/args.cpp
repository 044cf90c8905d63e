#include "cli/args.hpp"

#include <fmt/format.h>

#include "cli/check_command.hpp"
#include "cli/sniff_command.hpp"
#include "core/errors/error.hpp"

namespace weir::cli {

namespace {

const std::vector<std::string> kConfigCommands = {"validate", "show", "schema"};

class Parser {
 public:
  explicit Parser(const std::vector<std::string>& args) : args_(args) {}

  Command parse() {
    const std::vector<std::string> rest = config::read_main_options(args_, command_.words);
    note_help_or_version();
    if (command_.kind != Command::Kind::run) return command_;
    if (rest.empty()) {
      // `weir -c weir.json`: the config's pipeline over standard input
      if (command_.words.config) return command_;
      throw UsageError("no verb given; try 'weir --help' (for example: weir cat data.csv)");
    }
    const std::string& word = rest.front();
    const std::vector<std::string> after(rest.begin() + 1, rest.end());
    if (word == "help") {
      // `weir help --scdoc TEMPLATE` builds the man page (used by the build, not listed)
      if (after.size() >= 2 && after[0] == "--scdoc") {
        command_.kind = Command::Kind::man;
        command_.help_topic = after[1];
        return command_;
      }
      command_.kind = Command::Kind::help;
      if (!after.empty()) {
        const std::string& topic = after.front();
        command_.help_topic = topic == "run" || topic == "config" || topic == "check" || topic == "sniff" ||
                                      topic == "expressions"
                                  ? topic
                                  : std::string(config::verb_named(topic).name);
      }
      return command_;
    }
    if (word == "completion") {
      // `weir completion bash|zsh|fish`
      if (after.empty()) throw UsageError("completion: expected a shell: bash, zsh or fish");
      command_.kind = Command::Kind::completion;
      command_.help_topic = after.front();
      if (after.size() > 1) throw UsageError(fmt::format("completion: unexpected argument '{}'", after[1]));
      return command_;
    }
    if (word == "run") {
      parse_files_and_options("run", after);
      if (!command_.words.config) command_.words.config = kDefaultConfig;
    } else if (word == "check") {
      command_.kind = Command::Kind::check;
      parse_files_and_options("check", after);
    } else if (word == "sniff") {
      command_.kind = Command::Kind::sniff;
      parse_files_and_options("sniff", after);
    } else if (word == "config") {
      parse_config_command(after);
    } else {
      parse_verbs(rest);
    }
    return command_;
  }

 private:
  // `weir run|check|sniff [OPTIONS] [FILE...]`: the command's own options
  // (check's, sniff's --json), main options and files, in any order.
  void parse_files_and_options(const std::string& name, const std::vector<std::string>& words) {
    config::OptionParser parser(name);
    const bool own = name == "check" || name == "sniff";
    if (own) parser.add(name == "check" ? check_options() : sniff_options(), config::OptionParser::Rows::command);
    parser.add(config::main_options(), config::OptionParser::Rows::main);
    config::ParsedWords parsed = parser.parse(words);
    if (parsed.help) {
      command_.kind = Command::Kind::help;
      command_.help_topic = name;
      return;
    }
    for (const config::TakenOption& option : parsed.options) {
      if (own && option.table == 0) {
        command_.check_options.emplace_back(option.row->long_name, option.value);
      } else {
        config::take_main_option(option, command_.words);
      }
    }
    std::vector<std::string>& inputs = command_.words.pipeline.inputs;
    for (auto* files : {&parsed.from_files, &parsed.operands, &parsed.after_dashes}) {
      inputs.insert(inputs.end(), files->begin(), files->end());
    }
    if (command_.words.version) command_.kind = Command::Kind::version;
  }

  // `weir config validate|show|schema [OPTIONS]`; show also takes verbs, to
  // show what `weir -c CONFIG VERB...` would run.
  void parse_config_command(const std::vector<std::string>& words) {
    if (words.empty()) throw UsageError("config: expected a command: validate, show or schema");
    const std::string& sub = words.front();
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
    const Command::Kind kind = command_.kind;
    config::OptionParser parser("config " + sub);
    parser.add(config::main_options(), config::OptionParser::Rows::main);
    config::ParsedWords parsed = parser.parse_prefix(std::vector<std::string>(words.begin() + 1, words.end()));
    for (const config::TakenOption& option : parsed.options) config::take_main_option(option, command_.words);
    if (parsed.help) {
      command_.kind = Command::Kind::help;
      command_.help_topic = "config";
      return;
    }
    note_help_or_version();
    if (command_.kind == Command::Kind::version) return;
    if (!parsed.rest.empty()) {
      if (kind != Command::Kind::config_show) {
        throw UsageError(fmt::format("config {}: unexpected argument '{}'", sub, parsed.rest.front()));
      }
      parse_verbs(parsed.rest);
      if (command_.kind == Command::Kind::help) return;
      if (!command_.words.pipeline.inputs.empty()) {
        throw UsageError(fmt::format("config show: takes no files, got '{}'", command_.words.pipeline.inputs.front()));
      }
    }
    if (kind != Command::Kind::config_schema && !command_.words.config) command_.words.config = kDefaultConfig;
  }

  void parse_verbs(const std::vector<std::string>& words) {
    if (command_.words.config && !find_stage(words.front())) {
      // `weir -c weir.json data.csv`: the words after -c's options are verbs
      throw UsageError(fmt::format("unknown verb '{}'{}; to run the config over files: weir run -c {} FILE...",
                                   words.front(), did_you_mean(words.front(), stage_names()),
                                   *command_.words.config));
    }
    config::read_verb_chain(words, command_.words);
    note_help_or_version();
  }

  // -h and --version change what the command is.
  void note_help_or_version() {
    if (command_.words.help) {
      command_.kind = Command::Kind::help;
      command_.help_topic = *command_.words.help;
    } else if (command_.words.version) {
      command_.kind = Command::Kind::version;
    }
  }

  const std::vector<std::string>& args_;
  Command command_;
};

}  // namespace

Command parse_command_line(const std::vector<std::string>& args) { return Parser(args).parse(); }

}  // namespace weir::cli
