#include "cli/args.hpp"

#include <charconv>

#include <fmt/format.h>

#include "cli/check_command.hpp"
#include "config/delimiter.hpp"
#include "core/errors/error.hpp"

namespace weir::cli {

const std::vector<MainOption>& main_options() {
  static const std::vector<MainOption> table = {
      {"", "--from", "FORMAT", "input format (default: from the file extension, else csv)"},
      {"", "--to", "FORMAT", "output format (default: from -o's extension, else the input format)"},
      {"-o", "--output", "FILE", "write to FILE, atomically: it appears only if the run succeeds ('-': stdout)"},
      {"-c", "--config", "FILE", "use the JSON config FILE: its settings and pipeline, then the verbs given here"},
      {"-d", "--delimiter", "CHAR", "field delimiter for csv and tsv, in and out (',' ';' '|' tab ...)"},
      {"", "--quote", "CHAR", "quote character for csv (default \")"},
      {"", "--no-header", "", "the csv/tsv input has no header line: fields are named 1, 2, 3, ..."},
      {"", "--no-header-out", "", "write csv/tsv/table without a header line"},
      {"", "--comment", "CHAR", "csv: skip lines that start with CHAR (such as #)"},
      {"", "--trim", "", "csv: drop spaces and tabs around values"},
      {"", "--keep-blank-lines", "", "csv: a blank line is a record with one empty field"},
      {"", "--strict", "", "csv/tsv: read RFC 4180 only: detect nothing, repair nothing (anything else is malformed)"},
      {"", "--ragged", "MODE", "csv/tsv rows of another width: keep (default: pad short rows, keep extra values), pad, skip or error"},
      {"", "--escape", "STYLE", "csv: how a quote is escaped inside quotes: doubled, backslash or none (default: detected)"},
      {"", "--encoding", "NAME", "input encoding: utf-8 (default; UTF-16 is detected by its BOM), latin1, cp1252, utf-16, utf-16le, utf-16be"},
      {"", "--max-record-size", "BYTES", "a longer record is malformed (too-large), default 64M (K, M, G suffixes)"},
      {"", "--on-error", "POLICY", "malformed input: fail (default, exit 3) or skip (count and go on)"},
      {"", "--rejects", "FILE", "write every rejected or repaired input to FILE as JSON Lines; malformed input is then skipped"},
      {"", "--max-rejects", "N", "fail (exit 3) once more than N inputs were rejected or repaired"},
      {"", "--summary", "", "always print the closing summary: rows read, written, left out, rejected, repaired"},
      {"", "--no-hooks", "", "refuse to run Python hooks (for configs from untrusted places)"},
      {"", "--python", "PATH", "the Python interpreter (or venv's bin/python) hooks run with"},
      {"-h", "--help", "", "show this help (weir help VERB for a verb)"},
      {"", "--version", "", "print the version"},
  };
  return table;
}

namespace {

std::vector<std::string> main_option_names() {
  std::vector<std::string> names;
  for (const auto& o : main_options()) {
    names.emplace_back(o.long_name);
    if (!o.short_name.empty()) names.emplace_back(o.short_name);
  }
  return names;
}

bool is_option(const std::string& token) { return token.size() > 1 && token[0] == '-'; }

const std::vector<std::string> kConfigCommands = {"validate", "show", "schema"};

class Parser {
 public:
  explicit Parser(const std::vector<std::string>& args) : args_(args) {}

  Command parse() {
    while (pos_ < args_.size() && is_option(args_[pos_]) && args_[pos_] != "--") {
      if (!take_main_option()) {
        throw UsageError(fmt::format("unknown option '{}'{}", args_[pos_],
                                     did_you_mean(option_name(args_[pos_]), main_option_names())));
      }
      if (command_.kind != Command::Kind::run) return command_;
    }
    if (pos_ == args_.size()) {
      // `weir -c weir.json`: the config's pipeline over standard input
      if (command_.config) return command_;
      throw UsageError("no verb given; try 'weir --help' (for example: weir cat data.csv)");
    }
    if (args_[pos_] == "help") {
      // `weir help --scdoc TEMPLATE` builds the man page (used by the build, not listed)
      if (pos_ + 2 < args_.size() && args_[pos_ + 1] == "--scdoc") {
        command_.kind = Command::Kind::man;
        command_.help_topic = args_[pos_ + 2];
        return command_;
      }
      command_.kind = Command::Kind::help;
      if (pos_ + 1 < args_.size()) {
        const std::string& topic = args_[pos_ + 1];
        command_.help_topic = topic == "run" || topic == "config" || topic == "check" || topic == "sniff"
                                  ? topic
                                  : std::string(verb_info(topic).name);
      }
      return command_;
    }
    if (args_[pos_] == "run") {
      ++pos_;
      parse_run();
    } else if (args_[pos_] == "check") {
      ++pos_;
      parse_check();
    } else if (args_[pos_] == "sniff") {
      ++pos_;
      parse_sniff();
    } else if (args_[pos_] == "config") {
      ++pos_;
      parse_config_command();
    } else {
      parse_verbs();
    }
    return command_;
  }

 private:
  static std::string option_name(const std::string& token) { return token.substr(0, token.find('=')); }

  const StageInfo& verb_info(const std::string& name) {
    const StageInfo* info = find_stage(name);
    if (!info) {
      throw UsageError(fmt::format("unknown verb '{}'{}", name, did_you_mean(name, stage_names())));
    }
    return *info;
  }

  // `weir run [OPTIONS] [FILE...]`: main options and files, in any order.
  void parse_run() {
    while (pos_ < args_.size()) {
      const std::string& token = args_[pos_];
      if (token == "--") {
        for (++pos_; pos_ < args_.size(); ++pos_) command_.pipeline.inputs.push_back(args_[pos_]);
      } else if (is_option(token)) {
        if (!take_main_option()) {
          throw UsageError(fmt::format("run: unknown option '{}'{}", token,
                                       did_you_mean(option_name(token), main_option_names())));
        }
        if (command_.kind == Command::Kind::help) {
          command_.help_topic = "run";
          return;
        }
      } else {
        command_.pipeline.inputs.push_back(token);
        ++pos_;
      }
    }
    if (!command_.config) command_.config = kDefaultConfig;
  }

  // `weir check [OPTIONS] [FILE|DIR...]`: its own options, main options and
  // files, in any order.
  void parse_check() {
    command_.kind = Command::Kind::check;
    while (pos_ < args_.size()) {
      const std::string& token = args_[pos_];
      if (token == "--") {
        for (++pos_; pos_ < args_.size(); ++pos_) command_.pipeline.inputs.push_back(args_[pos_]);
      } else if (is_option(token)) {
        if (take_check_option()) continue;
        if (!take_main_option()) {
          std::vector<std::string> names = main_option_names();
          for (const auto& o : check_options()) names.emplace_back(o.long_name);
          throw UsageError(fmt::format("check: unknown option '{}'{}", token,
                                       did_you_mean(option_name(token), names)));
        }
        if (command_.kind == Command::Kind::help) {
          command_.help_topic = "check";
          return;
        }
      } else {
        command_.pipeline.inputs.push_back(token);
        ++pos_;
      }
    }
  }

  // `weir sniff [--json] [OPTIONS] [FILE...]`
  void parse_sniff() {
    command_.kind = Command::Kind::sniff;
    while (pos_ < args_.size()) {
      const std::string& token = args_[pos_];
      if (token == "--") {
        for (++pos_; pos_ < args_.size(); ++pos_) command_.pipeline.inputs.push_back(args_[pos_]);
      } else if (token == "--json") {
        command_.check_options.emplace_back(token, "");
        ++pos_;
      } else if (is_option(token)) {
        if (!take_main_option()) {
          std::vector<std::string> names = main_option_names();
          names.emplace_back("--json");
          throw UsageError(fmt::format("sniff: unknown option '{}'{}", token, did_you_mean(option_name(token), names)));
        }
        if (command_.kind == Command::Kind::help) {
          command_.help_topic = "sniff";
          return;
        }
      } else {
        command_.pipeline.inputs.push_back(token);
        ++pos_;
      }
    }
  }

  bool take_check_option() {
    const std::string& token = args_[pos_];
    for (const auto& o : check_options()) {
      std::string_view m = match(token, o.short_name, o.long_name, !o.value_name.empty());
      if (m.empty()) continue;
      std::string value = take_value(o.long_name, attached_value(token, m));
      command_.check_options.emplace_back(std::string(o.long_name), std::move(value));
      return true;
    }
    return false;
  }

  // `weir config validate|show|schema [OPTIONS]`; show also takes verbs, to
  // show what `weir -c CONFIG VERB...` would run.
  void parse_config_command() {
    if (pos_ == args_.size()) throw UsageError("config: expected a command: validate, show or schema");
    const std::string& sub = args_[pos_++];
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
    while (pos_ < args_.size() && is_option(args_[pos_])) {
      if (!take_main_option()) {
        throw UsageError(fmt::format("config {}: unknown option '{}'{}", sub, args_[pos_],
                                     did_you_mean(option_name(args_[pos_]), main_option_names())));
      }
      if (command_.kind == Command::Kind::help) {
        command_.help_topic = "config";
        return;
      }
    }
    if (pos_ < args_.size()) {
      if (kind != Command::Kind::config_show) {
        throw UsageError(fmt::format("config {}: unexpected argument '{}'", sub, args_[pos_]));
      }
      parse_verbs();
      if (command_.kind == Command::Kind::help) return;
      if (!command_.pipeline.inputs.empty()) {
        throw UsageError(fmt::format("config show: takes no files, got '{}'", command_.pipeline.inputs.front()));
      }
    }
    if (kind != Command::Kind::config_schema && !command_.config) command_.config = kDefaultConfig;
  }

  // The value of the option at pos_ ("--x=v", "-nV" or the next token).
  std::string take_value(std::string_view shown, std::size_t attached_at) {
    const std::string& token = args_[pos_];
    if (attached_at < token.size()) {
      ++pos_;
      return token.substr(attached_at);
    }
    if (pos_ + 1 >= args_.size()) throw UsageError(fmt::format("option {} needs a value", shown));
    pos_ += 2;
    return args_[pos_ - 1];
  }

  // Where the value starts if attached to the token: "--to=csv" or "-n5".
  static std::size_t attached_value(const std::string& token, std::string_view matched) {
    if (token.size() == matched.size()) return token.size();
    return token[matched.size()] == '=' ? matched.size() + 1 : matched.size();
  }

  // Matches the token at pos_ against a (short, long) option pair.
  static std::string_view match(const std::string& token, std::string_view short_name, std::string_view long_name,
                                bool takes_value) {
    std::string_view name = std::string_view(token).substr(0, token.find('='));
    if (name == long_name) return long_name;
    if (!short_name.empty()) {
      if (token == short_name) return short_name;
      if (takes_value && token.size() > short_name.size() && token.starts_with(short_name) &&
          short_name.size() == 2)
        return short_name;
    }
    return {};
  }

  bool take_main_option() {
    const std::string& token = args_[pos_];
    for (const auto& o : main_options()) {
      std::string_view m = match(token, o.short_name, o.long_name, !o.value_name.empty());
      if (m.empty()) continue;
      std::string value;
      if (o.value_name.empty()) {
        if (token.size() != m.size()) throw UsageError(fmt::format("option {} takes no value", o.long_name));
        ++pos_;
      } else {
        value = take_value(o.long_name, attached_value(token, m));
      }
      if (o.long_name == "--help") {
        command_.kind = Command::Kind::help;
      } else if (o.long_name == "--version") {
        command_.kind = Command::Kind::version;
      } else if (o.long_name == "--config") {
        command_.config = value;
      } else {
        apply_main_option(command_.pipeline, o.long_name, value);
        command_.settings.emplace_back(o.long_name, value);
      }
      return true;
    }
    return false;
  }

  void parse_verbs() {
    PipelineSpec& p = command_.pipeline;
    if (command_.config && !find_stage(args_[pos_])) {
      // `weir -c weir.json data.csv`: the words after -c's options are verbs
      throw UsageError(fmt::format("unknown verb '{}'{}; to run the config over files: weir run -c {} FILE...",
                                   args_[pos_], did_you_mean(args_[pos_], stage_names()), *command_.config));
    }
    for (;;) {
      const StageInfo& info = verb_info(args_[pos_]);
      StageSpec spec;
      spec.verb = std::string(info.name);
      ++pos_;
      bool next_verb = false;
      while (pos_ < args_.size()) {
        const std::string& token = args_[pos_];
        if (token == "then") {
          ++pos_;
          next_verb = true;
          break;
        }
        if (token == "--") {
          ++pos_;
          while (pos_ < args_.size()) p.inputs.push_back(args_[pos_++]);
          break;
        }
        if (is_option(token)) {
          if (token == "-h" || token == "--help") {
            command_.kind = Command::Kind::help;
            command_.help_topic = spec.verb;
            return;
          }
          if (take_verb_option(info, spec) || take_main_option()) continue;
          std::vector<std::string> names = main_option_names();
          for (const auto& o : info.options) {
            names.emplace_back(o.long_name);
            if (!o.short_name.empty()) names.emplace_back(o.short_name);
          }
          throw UsageError(fmt::format("{}: unknown option '{}'{}", spec.verb, token,
                                       did_you_mean(option_name(token), names)));
        }
        if (spec.args.size() < info.max_args && p.inputs.empty() &&
            (!info.accepts_arg || info.accepts_arg(token))) {
          spec.args.push_back(token);
        } else {
          p.inputs.push_back(token);
        }
        ++pos_;
      }
      if (spec.args.size() < info.min_args) {
        // derive status: the word was taken for a file because it is not NAME=EXPR
        if (info.accepts_arg && !p.inputs.empty()) {
          throw UsageError(fmt::format("{}: expected an argument like {}, got '{}'", spec.verb, info.usage,
                                       p.inputs.front()));
        }
        throw UsageError(fmt::format("{}: missing argument; usage: weir {}", spec.verb, info.usage));
      }
      p.stages.push_back(std::move(spec));
      if (!next_verb) return;
      if (!p.inputs.empty()) {
        throw UsageError(fmt::format("'then' after the file '{}': files come after the last verb",
                                     p.inputs.front()));
      }
      if (pos_ == args_.size()) throw UsageError("'then' must be followed by a verb");
    }
  }

  bool take_verb_option(const StageInfo& info, StageSpec& spec) {
    const std::string& token = args_[pos_];
    for (const auto& o : info.options) {
      std::string_view m = match(token, o.short_name, o.long_name, !o.value_name.empty());
      if (m.empty()) continue;
      std::string key(o.long_name.substr(2));
      if (o.value_name.empty()) {
        if (token.size() != m.size())
          throw UsageError(fmt::format("{}: option {} takes no value", spec.verb, o.long_name));
        ++pos_;
        spec.options.emplace_back(key, "");
      } else {
        spec.options.emplace_back(key, take_value(m, attached_value(token, m)));
      }
      return true;
    }
    return false;
  }

  const std::vector<std::string>& args_;
  std::size_t pos_ = 0;
  Command command_;
};

}  // namespace

Command parse_command_line(const std::vector<std::string>& args) { return Parser(args).parse(); }

char parse_delimiter(const std::string& text) {
  if (auto c = config::delimiter_named(text)) return *c;
  throw UsageError(fmt::format("--delimiter expects one character (or tab, comma, semicolon, pipe, space), got '{}'",
                               text));
}

static std::size_t parse_size(const std::string& text, std::string_view option) {
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  std::string_view suffix(end, static_cast<std::size_t>(text.data() + text.size() - end));
  int shift = suffix.empty() ? 0 : suffix == "K" || suffix == "k" ? 10 : suffix == "M" ? 20 : suffix == "G" ? 30 : -1;
  if (ec != std::errc() || end == text.data() || shift < 0) {
    throw UsageError(fmt::format("{} expects a number (with K, M or G for bytes), got '{}'", option, text));
  }
  return n << shift;
}

void apply_main_option(PipelineSpec& p, std::string_view name, const std::string& value) {
  if (name == "--no-header") {
    p.read.header = false;
    p.read.header_rows = 0;
  } else if (name == "--no-header-out") {
    p.write.header = false;
  } else if (name == "--trim") {
    p.read.trim = true;
  } else if (name == "--no-hooks") {
    p.no_hooks = true;
  } else if (name == "--keep-blank-lines") {
    p.read.keep_blank_lines = true;
  } else if (name == "--from") {
    p.from = std::string(format_named(value).name);
  } else if (name == "--to") {
    p.to = std::string(format_named(value).name);
  } else if (name == "--output") {
    // "-o -" is standard output, as for input; it also overrides a config's output.path
    if (value == "-") p.output.reset();
    else p.output = value;
  } else if (name == "--delimiter") {
    p.read.delimiter = p.write.delimiter = parse_delimiter(value);
  } else if (name == "--quote") {
    if (value.size() != 1) throw UsageError(fmt::format("--quote expects one character, got '{}'", value));
    p.read.quote = p.write.quote = value[0];
  } else if (name == "--python") {
    p.python = value;
  } else if (name == "--comment") {
    if (value.size() != 1) throw UsageError(fmt::format("--comment expects one character, got '{}'", value));
    p.read.comment = value[0];
  } else if (name == "--strict") {
    p.read.strict = true;
  } else if (name == "--ragged") {
    p.read.ragged = ragged_named(value);
  } else if (name == "--escape") {
    p.read.escape = escape_named(value);
  } else if (name == "--encoding") {
    auto encoding = encoding_named(value);
    if (!encoding) {
      throw UsageError(fmt::format("--encoding expects utf-8, latin1, cp1252, utf-16, utf-16le or utf-16be, got '{}'{}",
                                   value, did_you_mean(value, encoding_names())));
    }
    p.read.encoding = *encoding;
  } else if (name == "--max-record-size") {
    p.read.max_record_size = parse_size(value, name);
  } else if (name == "--rejects") {
    p.rejects = value;
  } else if (name == "--max-rejects") {
    p.max_rejects = static_cast<std::int64_t>(parse_size(value, name));
  } else if (name == "--summary") {
    p.summary = true;
  } else if (name == "--on-error") {
    if (value == "fail") p.on_error = OnError::fail;
    else if (value == "skip") p.on_error = OnError::skip;
    else
      throw UsageError(fmt::format("--on-error expects fail or skip, got '{}'{}", value,
                                   did_you_mean(value, {"fail", "skip"})));
  }
}

}  // namespace weir::cli
