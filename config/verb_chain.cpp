#include "config/verb_chain.hpp"

#include <charconv>
#include <filesystem>

#include <fmt/format.h>

#include "config/delimiter.hpp"
#include "core/errors/error.hpp"
#include "core/record/column_types.hpp"

namespace weir::config {

const std::vector<OptionInfo>& main_options() {
  static const std::vector<OptionInfo> table = {
      {"", "--from", "FORMAT", "input format (default: from the file extension, else csv)", OptionKind::format},
      {"", "--to", "FORMAT", "output format (default: from -o's extension, else the input format)", OptionKind::format},
      {"-o", "--output", "FILE", "write to FILE, atomically: it appears only if the run succeeds ('-': stdout; a FIFO or device is written in place)", OptionKind::file},
      {"-c", "--config", "FILE", "use the JSON config FILE: its settings and pipeline, then the verbs given here", OptionKind::file},
      {"-d", "--delimiter", "CHAR", "field delimiter for csv and tsv, in and out (',' ';' '|' tab ...)", OptionKind::text},
      {"", "--quote", "CHAR", "quote character for csv (default \")", OptionKind::text},
      {"", "--no-header", "", "the csv/tsv input has no header line: fields are named 1, 2, 3, ...", OptionKind::flag},
      {"", "--no-header-out", "", "write csv/tsv/table without a header line", OptionKind::flag},
      {"", "--comment", "CHAR", "csv: skip lines that start with CHAR (such as #)", OptionKind::text},
      {"", "--trim", "", "csv: drop spaces and tabs around values", OptionKind::flag},
      {"", "--keep-blank-lines", "", "csv: a blank line is a record with one empty field", OptionKind::flag},
      {"", "--strict", "", "csv/tsv: read RFC 4180 only: detect nothing, repair nothing (anything else is malformed)", OptionKind::flag},
      {"", "--ragged", "MODE", "csv/tsv rows of another width: keep (default: pad short rows, keep extra values), pad, skip or error", OptionKind::choice, {"keep", "pad", "skip", "error"}},
      {"", "--escape", "STYLE", "csv: how a quote is escaped inside quotes: doubled, backslash or none (default: detected)", OptionKind::choice, {"doubled", "backslash", "none"}},
      {"", "--encoding", "NAME", "input encoding: utf-8 (default; UTF-16 is detected by its BOM), latin1, cp1252, utf-16, utf-16le, utf-16be", OptionKind::choice, {"utf-8", "latin1", "cp1252", "utf-16", "utf-16le", "utf-16be"}},
      {"", "--max-record-size", "BYTES", "a longer record is malformed (too-large), default 64M (K, M, G suffixes)", OptionKind::size},
      {"", "--max-fields", "N", "a record with more fields is malformed (too-large), default 1000000", OptionKind::count},
      {"", "--max-ratio", "N", "gzip/zstd input expanding more than N times is malformed (a decompression bomb), default 1000; 0: no limit", OptionKind::count},
      {"", "--types", "NAME:TYPE,...",
       "declare column types for hooks, import weir and JSON output: str, int, float or bool "
       "('*:str': every column not named; default: each column's first values decide)", OptionKind::pairs},
      {"", "--on-error", "POLICY", "malformed input: fail (default, exit 3) or skip (count and go on)", OptionKind::choice, {"fail", "skip"}},
      {"", "--rejects", "FILE", "write every rejected or repaired input to FILE as JSON Lines; malformed input is then skipped", OptionKind::file},
      {"", "--max-rejects", "N", "fail (exit 3) once more than N inputs were rejected or repaired", OptionKind::count},
      {"", "--summary", "", "always print the closing summary: rows read, written, left out, rejected, repaired", OptionKind::flag},
      {"-j", "--threads", "N", "threads to read and run per-record verbs on (default: $WEIR_THREADS, else every core)", OptionKind::count},
      {"", "--progress", "", "show a progress line on stderr (bytes, records, MB/s, % and time left) even when stderr is no terminal", OptionKind::flag},
      {"", "--no-progress", "", "no progress line (default: one after a second on a terminal when records go to a file or pipe)", OptionKind::flag},
      {"", "--no-hooks", "", "run a config from an untrusted place: no Python hook runs, and the config may name no file (output.path, errors.rejects, tee, split, join)", OptionKind::flag},
      {"", "--python", "PATH", "the Python interpreter (or venv's bin/python) hooks run with", OptionKind::file},
      {"", "--dask", "ADDRESS",
       "run on a Dask cluster: a scheduler's address (tcp://host:8786) or local:N (N worker processes here); "
       "the same output (weir(1), CLUSTER; standard input goes through a file in $WEIR_DASK_SPOOL)", OptionKind::text},
      {"", "--dask-block-size", "SIZE", "with --dask: files larger than SIZE are read in byte ranges of SIZE, a task each (default 64M)", OptionKind::size},
      {"-h", "--help", "", "show this help (weir help VERB for a verb)", OptionKind::flag},
      {"", "--version", "", "print the version, build, SIMD kernel and hooks' Python", OptionKind::flag},
  };
  return table;
}

std::vector<std::string> main_option_names() {
  std::vector<std::string> names;
  for (const auto& o : main_options()) {
    names.emplace_back(o.long_name);
    if (!o.short_name.empty()) names.emplace_back(o.short_name);
  }
  return names;
}

const StageInfo& verb_named(const std::string& name) {
  const StageInfo* info = find_stage(name);
  if (!info) throw UsageError(fmt::format("unknown verb '{}'{}", name, did_you_mean(name, stage_names())));
  return *info;
}

bool is_option(std::string_view word) { return word.size() > 1 && word[0] == '-'; }

std::string option_name(const std::string& word) { return word.substr(0, word.find('=')); }

bool gave_arg_option(const StageInfo& info, const StageSpec& spec) {
  for (const auto& [name, value] : spec.options) {
    for (std::string_view option : info.arg_options) {
      if (name == option) return true;
    }
  }
  return false;
}

namespace {

// Where the value starts if attached to the word: "--to=csv" or "-n5".
std::size_t attached_value(const std::string& word, std::string_view matched) {
  if (word.size() == matched.size()) return word.size();
  return word[matched.size()] == '=' ? matched.size() + 1 : matched.size();
}

// Matches the word against a (short, long) option pair: the name matched, or empty.
std::string_view match(const std::string& word, std::string_view short_name, std::string_view long_name,
                       bool takes_value) {
  std::string_view name = std::string_view(word).substr(0, word.find('='));
  if (name == long_name) return long_name;
  if (!short_name.empty()) {
    if (word == short_name) return short_name;
    if (takes_value && word.size() > short_name.size() && word.starts_with(short_name) && short_name.size() == 2)
      return short_name;
  }
  return {};
}

// `weir sort access.csv`: the file was read as the verb's fields (the key),
// and the run would wait on standard input. A field named like an existing
// file is far less likely than a forgotten argument.
void refuse_file_as_fields(const StageInfo& info, const StageSpec& spec, const PipelineSpec& p) {
  if (info.arg_kind != OptionKind::fields || !p.inputs.empty() || spec.args.empty()) return;
  const std::string& last = spec.args.back();
  std::error_code error;
  // (a path-like word only: `weir sort id < x.csv` with a file named id here still sorts)
  if (last.find(',') != std::string::npos || last.find_first_of("./") == std::string::npos ||
      !std::filesystem::is_regular_file(last, error)) {
    return;
  }
  throw UsageError(fmt::format("{}: '{}' is a file, not fields: the verb's argument is missing; usage: weir {}",
                               spec.verb, last, info.usage));
}

}  // namespace

std::optional<Setting> WordCursor::take_option(const std::vector<OptionInfo>& table, std::string_view verb) {
  const std::string& word = words_[pos_];
  for (const auto& o : table) {
    std::string_view matched = match(word, o.short_name, o.long_name, o.takes_value());
    if (matched.empty()) continue;
    if (!o.takes_value()) {
      if (word.size() != matched.size()) {
        throw UsageError(verb.empty() ? fmt::format("option {} takes no value", o.long_name)
                                      : fmt::format("{}: option {} takes no value", verb, o.long_name));
      }
      ++pos_;
      return Setting(o.long_name, "");
    }
    // the value: attached ("--x=v", "-nV") or the next word
    if (std::size_t at = attached_value(word, matched); at < word.size()) {
      ++pos_;
      return Setting(o.long_name, word.substr(at));
    }
    if (pos_ + 1 >= words_.size()) {
      throw UsageError(fmt::format("option {} needs a value", verb.empty() ? o.long_name : matched));
    }
    pos_ += 2;
    return Setting(o.long_name, words_[pos_ - 1]);
  }
  if (unbundle(table)) return take_option(table, verb);
  return std::nullopt;
}

bool WordCursor::unbundle(const std::vector<OptionInfo>& table) {
  const std::string& word = words_[pos_];
  if (word.size() < 3 || word[0] != '-' || word[1] == '-') return false;
  auto short_option = [&table](char letter) -> const OptionInfo* {
    for (const auto& o : table) {
      if (o.short_name.size() == 2 && o.short_name[1] == letter) return &o;
    }
    return nullptr;
  };
  std::vector<std::string> flags;
  for (std::size_t i = 1; i < word.size(); ++i) {
    const OptionInfo* o = short_option(word[i]);
    if (!o || (i + 1 < word.size() && o->takes_value())) return false;
    flags.push_back(std::string(o->short_name));
  }
  words_.erase(words_.begin() + static_cast<std::ptrdiff_t>(pos_));
  words_.insert(words_.begin() + static_cast<std::ptrdiff_t>(pos_), flags.begin(), flags.end());
  return true;
}

bool take_main_option(WordCursor& cursor, PipelineWords& words) {
  std::optional<Setting> option = cursor.take_option(main_options());
  if (!option) return false;
  const auto& [name, value] = *option;
  if (name == "--help") {
    words.help = "";
  } else if (name == "--version") {
    words.version = true;
  } else if (name == "--config") {
    words.config = value;
  } else {
    apply_main_option(words.pipeline, name, value);
    words.settings.push_back(std::move(*option));
  }
  return true;
}

void read_verb_chain(WordCursor& cursor, PipelineWords& words) {
  PipelineSpec& p = words.pipeline;
  for (;;) {
    const StageInfo& info = verb_named(cursor.take());
    StageSpec spec;
    spec.verb = std::string(info.name);
    bool next_verb = false;
    while (!cursor.at_end()) {
      const std::string& word = cursor.word();
      if (word == "then") {
        cursor.take();
        next_verb = true;
        break;
      }
      if (word == "--") {
        cursor.take();
        while (!cursor.at_end()) p.inputs.push_back(cursor.take());
        break;
      }
      if (is_option(word)) {
        if (word == "-h" || word == "--help") {
          words.help = spec.verb;
          return;
        }
        if (std::optional<Setting> option = cursor.take_option(info.options, spec.verb)) {
          spec.options.emplace_back(option->first.substr(2), std::move(option->second));
          continue;
        }
        if (take_main_option(cursor, words)) continue;
        std::vector<std::string> names = main_option_names();
        for (const auto& o : info.options) {
          names.emplace_back(o.long_name);
          if (!o.short_name.empty()) names.emplace_back(o.short_name);
        }
        throw UsageError(fmt::format("{}: unknown option '{}'{}", spec.verb, word,
                                     did_you_mean(option_name(word), names)));
      }
      if (spec.args.size() < info.max_args && p.inputs.empty() && !gave_arg_option(info, spec) &&
          (!info.accepts_arg || info.accepts_arg(word))) {
        spec.args.push_back(word);
      } else {
        p.inputs.push_back(word);
      }
      cursor.take();
    }
    if (spec.args.size() < info.min_args && !gave_arg_option(info, spec)) {
      // derive status: the word was taken for a file because it is not NAME=EXPR
      if (info.accepts_arg && !p.inputs.empty()) {
        throw UsageError(fmt::format("{}: expected an argument like {}, got '{}'", spec.verb, info.usage,
                                     p.inputs.front()));
      }
      throw UsageError(fmt::format("{}: missing argument; usage: weir {}", spec.verb, info.usage));
    }
    refuse_file_as_fields(info, spec, p);
    p.stages.push_back(std::move(spec));
    if (!next_verb) return;
    if (!p.inputs.empty()) {
      throw UsageError(fmt::format("'then' after the file '{}': files come after the last verb", p.inputs.front()));
    }
    if (cursor.at_end()) throw UsageError("'then' must be followed by a verb");
  }
}

namespace {

// -h and --version ask the weir command for help or its version: no pipeline.
void refuse_command_options(const PipelineWords& words) {
  if (words.help) {
    throw UsageError(words.help->empty()
                         ? std::string("-h/--help is an option of the weir command, not of a pipeline")
                         : fmt::format("-h/--help is an option of the weir command, not of a pipeline "
                                       "(weir help {} shows the verb's)",
                                       *words.help));
  }
  if (words.version) throw UsageError("--version is an option of the weir command, not of a pipeline");
}

}  // namespace

PipelineWords parse_verb_chain(const std::vector<std::string>& word_list) {
  PipelineWords words;
  WordCursor cursor(word_list);
  while (!cursor.at_end() && is_option(cursor.word()) && cursor.word() != "--") {
    if (!take_main_option(cursor, words)) {
      throw UsageError(fmt::format("unknown option '{}'{}", cursor.word(),
                                   did_you_mean(option_name(cursor.word()), main_option_names())));
    }
    refuse_command_options(words);
  }
  if (cursor.at_end()) {
    if (words.config) return words;  // -c FILE alone: the config's pipeline
    throw UsageError("no verb given (for example: filter 'status >= 500' then head)");
  }
  read_verb_chain(cursor, words);
  refuse_command_options(words);
  return words;
}

// ---------------------------------------------------------------- option values

char parse_delimiter(const std::string& text) {
  if (auto c = delimiter_named(text)) return *c;
  throw UsageError(fmt::format("--delimiter expects one character (or tab, comma, semicolon, pipe, space), got '{}'",
                               text));
}

namespace {

std::size_t parse_size(const std::string& text, std::string_view option) {
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  std::string_view suffix(end, static_cast<std::size_t>(text.data() + text.size() - end));
  int shift = suffix.empty() ? 0 : suffix == "K" || suffix == "k" ? 10 : suffix == "M" ? 20 : suffix == "G" ? 30 : -1;
  if (ec != std::errc() || end == text.data() || shift < 0) {
    throw UsageError(fmt::format("{} expects a number (with K, M or G for bytes), got '{}'", option, text));
  }
  return n << shift;
}

}  // namespace

void parse_types(const std::string& text, DeclaredTypes& types) {
  static constexpr std::string_view kAllowed = "(str, int, float, bool)";
  std::string_view rest = text;
  for (;;) {
    std::string_view part = rest.substr(0, rest.find(','));
    // the last ':' ends the name: a column name may hold one, a type never does
    std::size_t colon = part.rfind(':');
    if (colon == std::string_view::npos || colon == 0) {
      throw UsageError(fmt::format("--types: '{}': expected NAME:TYPE {}", part, kAllowed));
    }
    std::string_view type_name = part.substr(colon + 1);
    std::optional<ColumnType> type = column_type_from_name(type_name);
    if (!type) {
      throw UsageError(fmt::format("--types: '{}': unknown type '{}' {}", part, type_name, kAllowed));
    }
    types.insert_or_assign(std::string(part.substr(0, colon)), *type);
    if (part.size() == rest.size()) return;
    rest.remove_prefix(part.size() + 1);
  }
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
  } else if (name == "--progress" || name == "--no-progress") {
    p.show_progress = name == "--progress";
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
  } else if (name == "--types") {
    parse_types(value, p.types);
  } else if (name == "--max-record-size") {
    p.read.max_record_size = parse_size(value, name);
  } else if (name == "--max-fields") {
    p.read.max_fields = parse_size(value, name);
    if (p.read.max_fields == 0) throw UsageError("--max-fields expects a number of fields >= 1, got '0'");
  } else if (name == "--max-ratio") {
    p.read.max_ratio = parse_size(value, name);
  } else if (name == "--rejects") {
    p.rejects = value;
  } else if (name == "--max-rejects") {
    p.max_rejects = static_cast<std::int64_t>(parse_size(value, name));
  } else if (name == "--summary") {
    p.summary = true;
  } else if (name == "--threads") {
    int n = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size() || n < 1 || n > 1024) {
      throw UsageError(fmt::format("--threads expects a number of threads from 1 to 1024, got '{}'", value));
    }
    p.threads = n;
  } else if (name == "--on-error") {
    if (value == "fail") p.on_error = OnError::fail;
    else if (value == "skip") p.on_error = OnError::skip;
    else
      throw UsageError(fmt::format("--on-error expects fail or skip, got '{}'{}", value,
                                   did_you_mean(value, {"fail", "skip"})));
  }
}

}  // namespace weir::config
