#include "config/verb_chain.hpp"

#include <charconv>
#include <filesystem>
#include <limits>

#include <fmt/format.h>

#include "config/delimiter.hpp"
#include "config/miller_flags.hpp"
#include "core/errors/error.hpp"
#include "core/record/column_types.hpp"

namespace weir::config {

namespace {

using Spec = PipelineSpec;
using Value = const std::string&;

/// A main option's row, and what it does to the pipeline (no setter: -c, -h
/// and --version, the weir command's own, are taken by take_main_option;
/// --dask is taken before the command line is read, cli/dask_handoff.cpp).
using MainOption = SettingRow<PipelineSpec>;

bool encoding_alias(std::string_view name) { return encoding_named(name).has_value(); }

const std::vector<MainOption>& main_option_rows() {
  static const std::vector<MainOption> table = {
      {{"", "--from", "FORMAT", "input format (default: from the file extension, else csv); a file instead (Miller's --from in.csv) is an input", OptionKind::format},
       [](Spec& p, Value v) { p.from = std::string(format_named(v).name); }},
      {{"", "--to", "FORMAT", "output format (default: from -o's extension, else the input format)", OptionKind::format},
       [](Spec& p, Value v) { p.to = std::string(format_named(v).name); }},
      {{"-o", "--output", "FILE", "write to FILE, atomically: it appears only if the run succeeds ('-': stdout; a FIFO or device is written in place)", OptionKind::file},
       // "-o -" is standard output, as for input; it also overrides a config's output.path
       [](Spec& p, Value v) { v == "-" ? p.output.reset() : void(p.output = v); }},
      {{"-c", "--config", "FILE", "use the JSON config FILE: its settings and pipeline, then the verbs given here", OptionKind::file}},
      {{"-d", "--delimiter", "CHAR", "field delimiter for csv and tsv, in and out (',' ';' '|' tab ...)", OptionKind::text},
       [](Spec& p, Value v) { p.read.delimiter = p.write.delimiter = parse_delimiter(v); }},
      {{"", "--ifs", "CHAR", "field delimiter of the csv/tsv input alone (Miller's --ifs)", OptionKind::text},
       [](Spec& p, Value v) { p.read.delimiter = parse_delimiter(v); }},
      {{"", "--ofs", "CHAR", "field delimiter of the csv/tsv output alone (Miller's --ofs)", OptionKind::text},
       [](Spec& p, Value v) { p.write.delimiter = parse_delimiter(v); }},
      {{"", "--quote", "CHAR", "quote character for csv (default \")", OptionKind::text},
       [](Spec& p, Value v) {
         if (v.size() != 1) throw UsageError(fmt::format("--quote expects one character, got '{}'", v));
         p.read.quote = p.write.quote = v[0];
       }},
      {{"", "--header", "", "the csv/tsv input's first line is its header, also when it reads as data (2020,2021; default: detected)", OptionKind::flag},
       [](Spec& p, Value) {
         p.read.header = true;
         p.read.header_rows = 1;
       }},
      {{"", "--no-header", "", "the csv/tsv input has no header line: fields are named 1, 2, 3, ...", OptionKind::flag},
       [](Spec& p, Value) {
         p.read.header = false;
         p.read.header_rows = 0;
       }},
      {{"", "--implicit-csv-header", "", "Miller's: as --no-header, and the output's header line names the fields 1, 2, 3, ...", OptionKind::flag},
       [](Spec& p, Value) {
         p.read.header = false;
         p.read.header_rows = 0;
         p.write.positional_header = true;
       }},
      {{"", "--no-header-out", "", "write csv/tsv/table without a header line", OptionKind::flag},
       [](Spec& p, Value) { p.write.header = false; }},
      {{"", "--comment", "CHAR", "csv: skip lines that start with CHAR (such as #)", OptionKind::text},
       [](Spec& p, Value v) {
         if (v.size() != 1) throw UsageError(fmt::format("--comment expects one character, got '{}'", v));
         p.read.comment = v[0];
       }},
      {{"", "--trim", "", "csv: drop spaces and tabs around values", OptionKind::flag},
       [](Spec& p, Value) { p.read.trim = true; }},
      {{"", "--keep-blank-lines", "", "csv: a blank line is a record with one empty field (in a table of one column it always is)", OptionKind::flag},
       [](Spec& p, Value) { p.read.keep_blank_lines = true; }},
      {{"", "--strict", "", "csv/tsv: read RFC 4180 only: detect nothing, repair nothing (anything else is malformed)", OptionKind::flag},
       [](Spec& p, Value) { p.read.strict = true; }},
      {{"", "--ragged", "MODE", "csv/tsv rows of another width: keep (default: pad short rows, keep extra values), pad, skip or error", OptionKind::choice, {"keep", "pad", "skip", "error"}},
       [](Spec& p, Value v) { p.read.ragged = ragged_named(v); }},
      {{"", "--escape", "STYLE", "csv: how a quote is escaped inside quotes: doubled, backslash or none (default: detected)", OptionKind::choice, {"doubled", "backslash", "none"}},
       [](Spec& p, Value v) { p.read.escape = escape_named(v); }},
      {{"", "--encoding", "NAME", "input encoding: utf-8 (default; UTF-16 is detected by its BOM, or without one by its zero bytes), latin1, cp1252, utf-16, utf-16le, utf-16be", OptionKind::choice, {"utf-8", "latin1", "cp1252", "utf-16", "utf-16le", "utf-16be"}, 0, std::numeric_limits<std::int64_t>::max(), encoding_alias},
       [](Spec& p, Value v) { p.read.encoding = *encoding_named(v); }},
      {{"", "--max-record-size", "BYTES", "a longer record is malformed (too-large), default 64M (K, M, G suffixes)", OptionKind::size},
       [](Spec& p, Value v) { p.read.max_record_size = size_value(v); }},
      {{"", "--max-fields", "N", "a record with more fields is malformed (too-large), default 1000000", OptionKind::count, {}, 1},
       [](Spec& p, Value v) { p.read.max_fields = static_cast<std::size_t>(count_value(v)); }},
      {{"", "--max-ratio", "N", "gzip/zstd input expanding more than N times is malformed (a decompression bomb), default 1000; 0: no limit", OptionKind::count},
       [](Spec& p, Value v) { p.read.max_ratio = static_cast<std::size_t>(count_value(v)); }},
      {{"", "--types", "NAME:TYPE,...",
        "declare column types for hooks, import weir and JSON output: str, int, float or bool "
        "('*:str': every column not named; default: each column's first values decide)", OptionKind::pairs},
       [](Spec& p, Value v) { parse_types(v, p.types); }},
      {{"", "--on-error", "POLICY", "malformed input: fail (default, exit 3) or skip (count and go on)", OptionKind::choice, {"fail", "skip"}},
       [](Spec& p, Value v) { p.on_error = v == "skip" ? OnError::skip : OnError::fail; }},
      {{"", "--rejects", "FILE", "write every rejected or repaired input to FILE as JSON Lines; malformed input is then skipped", OptionKind::file},
       [](Spec& p, Value v) { p.rejects = v; }},
      {{"", "--max-rejects", "N", "fail (exit 3) once more than N inputs were rejected or repaired", OptionKind::count},
       [](Spec& p, Value v) { p.max_rejects = count_value(v); }},
      {{"", "--summary", "", "always print the closing summary: rows read, written, left out, rejected, repaired", OptionKind::flag},
       [](Spec& p, Value) { p.summary = true; }},
      {{"-j", "--threads", "N", "threads to read and run per-record verbs on (default: $WEIR_THREADS, else every core weir may run on, a thread per 16 MiB of a file)", OptionKind::count, {}, 1, 1024},
       [](Spec& p, Value v) { p.threads = static_cast<int>(count_value(v)); }},
      {{"", "--progress", "", "show a progress line on stderr (bytes, records, MB/s, % and time left) even when stderr is no terminal", OptionKind::flag},
       [](Spec& p, Value) { p.show_progress = true; }},
      {{"", "--no-progress", "", "no progress line (default: one after a second on a terminal when records go to a file or pipe)", OptionKind::flag},
       [](Spec& p, Value) { p.show_progress = false; }},
      {{"", "--no-hooks", "", "run a config from an untrusted place: no Python hook runs, and the config may name no file (output.path, errors.rejects, tee, split, join)", OptionKind::flag},
       [](Spec& p, Value) { p.no_hooks = true; }},
      {{"", "--python", "PATH", "the Python interpreter (or venv's bin/python) hooks run with", OptionKind::file},
       [](Spec& p, Value v) { p.python = v; }},
      {{"", "--dask", "ADDRESS",
        "run on a Dask cluster: a scheduler's address (tcp://host:8786) or local:N (N worker processes here); "
        "the same output (weir(1), CLUSTER; standard input goes through a file in $WEIR_DASK_SPOOL)", OptionKind::text}},
      {{"", "--dask-block-size", "SIZE", "with --dask: files larger than SIZE are read in byte ranges of SIZE, a task each (default 64M)", OptionKind::size}},
      {{"-h", "--help", "", "show this help (weir help VERB for a verb)", OptionKind::flag}},
      {{"", "--version", "", "print the version, build, SIMD kernel and hooks' Python", OptionKind::flag}},
  };
  return table;
}

}  // namespace

const std::vector<OptionInfo>& main_options() {
  static const std::vector<OptionInfo> table = option_infos(main_option_rows());
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
    // the value: attached ("--x=v", "-nV") or the next word, checked by the row
    std::string value;
    if (std::size_t at = attached_value(word, matched); at < word.size()) {
      value = word.substr(at);
      ++pos_;
    } else {
      if (pos_ + 1 >= words_.size()) {
        throw UsageError(fmt::format("option {} needs a value", verb.empty() ? o.long_name : matched));
      }
      value = words_[pos_ + 1];
      pos_ += 2;
    }
    check_option_value(verb, o, value, matched);
    return Setting(o.long_name, std::move(value));
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
  if (std::optional<std::vector<Setting>> miller = take_miller_flag(cursor)) {
    for (Setting& setting : *miller) {
      apply_main_option(words.pipeline, setting.first, setting.second);
      words.settings.push_back(std::move(setting));
    }
    return true;
  }
  // Miller's --from FILE (mlr --icsv --from in.csv sort ...): an input, where
  // weir's --from names a format
  if (cursor.word() == "--from" && cursor.ahead(1) && !find_format(*cursor.ahead(1)) &&
      cursor.ahead(1)->find_first_of("./") != std::string::npos) {
    cursor.take();
    words.pipeline.inputs.push_back(cursor.take());
    return true;
  }
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
  // (files named before the verbs, by Miller's --from FILE, are not files
  // after a verb)
  const std::size_t named_before = p.inputs.size();
  auto files_after = [&] { return p.inputs.size() > named_before; };
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
        const std::string option = word;  // (taking it may split the word)
        std::vector<std::string> verb_names;
        for (const auto& o : info.options) {
          verb_names.emplace_back(o.long_name);
          if (!o.short_name.empty()) verb_names.emplace_back(o.short_name);
        }
        try {
          if (take_main_option(cursor, words)) continue;
        } catch (const UsageError& e) {
          // count -d: no option of the verb's, and weir's own -d (--delimiter) did not take what follows
          if (option.size() != 2) throw;
          throw UsageError(fmt::format("{}: unknown option '{}'{}; weir's own {}: {}", spec.verb, option,
                                       did_you_mean(option, verb_names), option, e.what()));
        }
        std::vector<std::string> names = main_option_names();
        names.insert(names.end(), verb_names.begin(), verb_names.end());
        throw UsageError(fmt::format("{}: unknown option '{}'{}", spec.verb, word,
                                     did_you_mean(option_name(word), names)));
      }
      if (spec.args.size() < info.max_args && !files_after() && !gave_arg_option(info, spec) &&
          (!info.accepts_arg || info.accepts_arg(word))) {
        spec.args.push_back(word);
      } else {
        p.inputs.push_back(word);
      }
      cursor.take();
    }
    if (spec.args.size() < info.min_args && !gave_arg_option(info, spec)) {
      // derive status: the word was taken for a file because it is not NAME=EXPR
      if (info.accepts_arg && files_after()) {
        throw UsageError(fmt::format("{}: expected an argument like {}, got '{}'", spec.verb, info.usage,
                                     p.inputs[named_before]));
      }
      throw UsageError(fmt::format("{}: missing argument; usage: weir {}", spec.verb, info.usage));
    }
    refuse_file_as_fields(info, spec, p);
    p.stages.push_back(std::move(spec));
    if (!next_verb) return;
    if (files_after()) {
      throw UsageError(fmt::format("'then' after the file '{}': files come after the last verb", p.inputs[named_before]));
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
  const MainOption* o = row_named(main_option_rows(), name);
  WEIR_ASSERT(o != nullptr);
  if (o->info.takes_value()) check_option_value("", o->info, value);
  if (o->set) o->set(p, value);
}

}  // namespace weir::config
