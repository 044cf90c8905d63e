#include "config/verb_chain.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <limits>

#include <fmt/format.h>

#include "core/formats/delimiter_name.hpp"
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
      {{"", "--comment", "CHAR", "csv: skip lines that start with CHAR (such as #); none: no comment lines (default: detected, and each line skipped is reported)", OptionKind::text},
       [](Spec& p, Value v) {
         if (v == "none") {
           p.read.comment = '\0';
           return;
         }
         if (v.size() != 1) throw UsageError(fmt::format("--comment expects one character or none, got '{}'", v));
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
      {{"", "--escape", "STYLE", "csv: how a quote is escaped inside quotes: doubled, backslash or none; tsv: backslash reads \\t \\n \\r \\\\ as escapes and \\N alone as null, none keeps backslashes as written (default: detected)", OptionKind::choice, {"doubled", "backslash", "none"}},
       [](Spec& p, Value v) { p.read.escape = escape_named(v); }},
      {{"", "--encoding", "NAME", "input encoding, of every format: utf-8 (default; UTF-16 is detected by its BOM, or without one by its zero bytes), latin1, cp1252, utf-16, utf-16le, utf-16be", OptionKind::choice, {"utf-8", "latin1", "cp1252", "utf-16", "utf-16le", "utf-16be"}, 0, std::numeric_limits<std::int64_t>::max(), encoding_alias},
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
      {{"-j", "--threads", "N", "threads to read and run per-record verbs on (default: $WEIR_THREADS, else every core weir may run on, a thread per 16 MiB of a file; of a .gz or .zst file, one decompresses)", OptionKind::count, {}, 1, kMostThreads},
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

const StageInfo& verb_named(const std::string& name) {
  const StageInfo* info = find_stage(name);
  if (!info) throw UsageError(fmt::format("unknown verb '{}'{}", name, did_you_mean(name, stage_names())));
  return *info;
}

namespace {

// Whether option `name` ("numeric-desc") stands for the verb's arguments.
bool is_arg_option(const StageInfo& info, std::string_view name) {
  return std::find(info.arg_options.begin(), info.arg_options.end(), name) != info.arg_options.end();
}

}  // namespace

bool gave_arg_option(const StageInfo& info, const StageSpec& spec) {
  return std::any_of(spec.options.begin(), spec.options.end(),
                     [&](const auto& option) { return is_arg_option(info, option.first); });
}

namespace {

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

// One verb's words (`words[0]` its name, up to the next `then`) into a stage
// of `into`; its other words are its arguments, then files.
void read_verb(const std::vector<std::string>& words, bool before_then, PipelineWords& into) {
  PipelineSpec& p = into.pipeline;
  const StageInfo& info = verb_named(words.front());
  StageSpec spec;
  spec.verb = std::string(info.name);
  OptionParser parser(spec.verb);
  parser.add(info.options, OptionParser::Rows::verb);
  parser.add(main_options(), OptionParser::Rows::main);
  if (before_then) parser.set_missing_value_hint(" ('then' ends the verb's words: a value 'then' cannot be given)");
  ParsedWords parsed = parser.parse(std::vector<std::string>(words.begin() + 1, words.end()));
  if (parsed.help) {
    into.help = spec.verb;
    return;
  }
  for (const TakenOption& option : parsed.options) {
    if (option.table == 0) {
      spec.options.emplace_back(option.row->long_name.substr(2), option.value);
      continue;
    }
    try {
      take_main_option(option, into);
    } catch (const UsageError& e) {
      // count -d: no option of the verb's, and weir's own -d (--delimiter) did not take what follows
      if (option.spelled.size() != 2) throw;
      std::vector<std::string> verb_names;
      for (const auto& o : info.options) {
        verb_names.emplace_back(o.long_name);
        if (!o.short_name.empty()) verb_names.emplace_back(o.short_name);
      }
      const std::string& name = option.spelled;
      throw UsageError(fmt::format("{}: unknown option '{}'{}; weir's own {}: {}", spec.verb, name,
                                   did_you_mean(name, verb_names), name, e.what()));
    }
  }
  const std::size_t named_before = p.inputs.size();
  p.inputs.insert(p.inputs.end(), parsed.from_files.begin(), parsed.from_files.end());
  auto files_after = [&] { return p.inputs.size() > named_before; };
  // (an option that stands for the arguments counts for the words after it:
  // sort host -nr latency_ms is sort host,latency_ms:nr)
  auto arg_option_before = [&](std::size_t operand) {
    const auto first = parsed.options.begin();
    return std::any_of(first, first + static_cast<std::ptrdiff_t>(parsed.options_before[operand]),
                       [&](const TakenOption& o) { return o.table == 0 && is_arg_option(info, o.row->long_name.substr(2)); });
  };
  for (std::size_t i = 0; i < parsed.operands.size(); ++i) {
    std::string& word = parsed.operands[i];
    if (spec.args.size() < info.max_args && !files_after() && !arg_option_before(i) &&
        (!info.accepts_arg || info.accepts_arg(word))) {
      spec.args.push_back(std::move(word));
    } else {
      p.inputs.push_back(std::move(word));
    }
  }
  // after "--", the words are files, but for the arguments the verb still
  // needs (grep -- -foo in.csv: the pattern -foo)
  std::size_t dashed = 0;
  while (dashed < parsed.after_dashes.size() && !files_after() && spec.args.size() < info.min_args &&
         !gave_arg_option(info, spec)) {
    spec.args.push_back(parsed.after_dashes[dashed++]);
  }
  p.inputs.insert(p.inputs.end(), parsed.after_dashes.begin() + static_cast<std::ptrdiff_t>(dashed),
                  parsed.after_dashes.end());
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
}

}  // namespace

void take_main_option(const TakenOption& option, PipelineWords& words) {
  const std::string_view name = option.row->long_name;
  if (name == "--version") {
    words.version = true;
  } else if (name == "--config") {
    words.config = option.value;
  } else {
    apply_main_option(words.pipeline, name, option.value);
    words.settings.emplace_back(name, option.value);
  }
}

std::vector<std::string> read_main_options(const std::vector<std::string>& words, PipelineWords& into) {
  OptionParser parser("");
  parser.add(main_options(), OptionParser::Rows::main);
  ParsedWords parsed = parser.parse_prefix(words);
  for (const TakenOption& option : parsed.options) take_main_option(option, into);
  into.pipeline.inputs.insert(into.pipeline.inputs.end(), parsed.from_files.begin(), parsed.from_files.end());
  if (parsed.help) {
    into.help = "";
    return {};
  }
  return std::move(parsed.rest);
}

void read_verb_chain(const std::vector<std::string>& words, PipelineWords& into) {
  PipelineSpec& p = into.pipeline;
  // (files named before the verbs, by Miller's --from FILE, are not files after a verb)
  const std::size_t named_before = p.inputs.size();
  // the words after "--" are files, whatever they say
  const auto dashes = std::find(words.begin(), words.end(), "--");
  auto start = words.begin();
  for (;;) {
    auto then = std::find(start, dashes, "then");
    if (start == then) {
      if (start == words.begin()) throw UsageError(fmt::format("expected a verb, got '{}'", *start));
      throw UsageError("'then' must be followed by a verb");
    }
    std::vector<std::string> verb_words(start, then);
    if (then == dashes) verb_words.insert(verb_words.end(), dashes, words.end());
    read_verb(verb_words, then != dashes, into);
    if (into.help || then == dashes) return;
    if (p.inputs.size() > named_before) {
      throw UsageError(fmt::format("'then' after the file '{}': files come after the last verb", p.inputs[named_before]));
    }
    start = then + 1;
  }
}

PipelineWords parse_verb_chain(const std::vector<std::string>& word_list) {
  PipelineWords words;
  std::vector<std::string> rest = read_main_options(word_list, words);
  refuse_command_options(words);
  if (rest.empty() || rest.front() == "--") {
    if (words.config && rest.empty()) return words;  // -c FILE alone: the config's pipeline
    throw UsageError("no verb given (for example: filter 'status >= 500' then head)");
  }
  read_verb_chain(rest, words);
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
