#include "cli/help.hpp"

#include <algorithm>
#include <limits>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/args.hpp"
#include "cli/check_command.hpp"
#include "config/miller_flags.hpp"
#include "config/verb_chain.hpp"
#include "core/expr/builtins.hpp"
#include "core/formats/format.hpp"
#include "core/stages/stage.hpp"

#ifndef WEIR_VERSION
#define WEIR_VERSION "dev"
#endif
#ifndef WEIR_BUILD_TYPE
#define WEIR_BUILD_TYPE "unknown"
#endif
#ifndef WEIR_MARCH_FLAG
#define WEIR_MARCH_FLAG ""
#endif

namespace weir::cli {

namespace {

std::string option_label(std::string_view short_name, std::string_view long_name, std::string_view value) {
  std::string label = short_name.empty() ? fmt::format("    {}", long_name)
                                         : fmt::format("{}, {}", short_name, long_name);
  if (!value.empty()) label += fmt::format(" {}", value);
  return label;
}

// Wraps `text` at `width` columns, each line indented by `indent` spaces.
std::string wrap(std::string_view text, std::size_t indent, std::size_t width = 78) {
  std::string out;
  std::size_t column = 0;
  while (!text.empty()) {
    std::size_t space = text.find(' ');
    std::string_view word = text.substr(0, space);
    text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
    if (column > indent && column + 1 + word.size() > width) {
      out += '\n';
      column = 0;
    }
    if (column == 0) {
      out.append(indent, ' ');
      column = indent;
    } else {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
  }
  return out + "\n";
}

}  // namespace

std::string version_text() {
  std::string_view march = WEIR_MARCH_FLAG;
  std::string out = fmt::format("weir {}\nbuild: {}, {}\nsimd: {}\n", WEIR_VERSION, WEIR_BUILD_TYPE,
                                march.empty() ? std::string("compiler's default -march") : fmt::format("-march={}", march),
                                simd_implementation());
#ifdef WEIR_PYTHON_VERSION
  out += fmt::format("python: {} (hooks)\n", WEIR_PYTHON_VERSION);
#else
  out += "python: none (built without hooks)\n";
#endif
  return out;
}

std::string main_help() {
  std::string out = fmt::format(
      "weir {} - fast records in files and streams: CSV, TSV, JSON Lines, logfmt, text lines\n"
      "\n"
      "Usage: weir [OPTIONS] VERB [ARGS] [then VERB [ARGS]]... [FILE...]\n"
      "       weir run [-c CONFIG] [OPTIONS] [FILE...]\n"
      "       weir check [-c CONFIG] [OPTIONS] [FILE|DIR...]\n"
      "       weir sniff [--json] [OPTIONS] [FILE...]\n"
      "       weir config validate|show|schema [-c CONFIG]\n"
      "       weir help [VERB|run|check|sniff|config|expressions]\n"
      "       weir completion bash|zsh|fish\n"
      "\n"
      "Reads the FILEs in turn (standard input when there is none, or for '-'; gzip and zstd\n"
      "input is decompressed), passes the records through each VERB, and writes them to\n"
      "standard output or -o FILE. 'weir run' takes the settings and verbs from a JSON\n"
      "config (default ./weir.json; see weir help run, man weir-config). 'weir check' holds\n"
      "the records to rules and a schema and reports violations for CI (weir help check).\n"
      "\n"
      "CSV and TSV input is read as it is written: the delimiter, quote, escape, header,\n"
      "preamble lines and a second table are detected from the first 256 KiB (more, up to\n"
      "16 MiB, while a quoted value of many lines in the first rows is open; 'weir sniff'\n"
      "shows what was found; an option such as -d fixes that part). Rows of another width\n"
      "are kept (--ragged), a stray quote is read as text, and every row repaired or left\n"
      "out is counted on stderr and kept with --rejects FILE. --strict reads RFC 4180 only.\n"
      "\n"
      "Each column of text has one type for the run (int, float, bool or str), decided by its\n"
      "first values, as hooks, import weir and JSON output see it; --types declares it instead.\n"
      "\nVerbs:\n",
      WEIR_VERSION);
  // the summaries line up after the longest verb name
  std::size_t name_width = 8;
  for (const auto& s : stages()) name_width = std::max(name_width, s.name.size());
  for (const auto& s : stages()) out += fmt::format("  {:<{}} {}\n", s.name, name_width, s.summary);
  out += "\nOptions (a value: -n 5, -n5 or --lines=5; short flags bundle, -of for -o -f, after\n"
         "Miller's own single-dash names such as sort -nr):\n";
  for (const auto& o : config::main_options()) {
    out += fmt::format("  {:<24} {}\n", option_label(o.short_name, o.long_name, o.value_name), o.help);
  }
  out += '\n';
  out += wrap(config::miller_flags_help(), 0, 88);
  out += "\nFormats:\n";
  for (const auto& f : formats()) {
    std::string exts;
    for (auto e : f.extensions) exts += fmt::format("{}.{}", exts.empty() ? "" : " ", e);
    out += fmt::format("  {:<8} {}{}\n", f.name, f.summary, exts.empty() ? "" : fmt::format(" [{}]", exts));
  }
  out +=
      "\nExit status:\n"
      "  0 success (also when the reader of the output goes away, as with | head)\n"
      "  1 weir check found violations (at or above --fail-on)\n"
      "  2 usage error: unknown verb, option or format; missing or unreadable file; bad config\n"
      "  3 malformed input (with --on-error fail, the default), or more than --max-rejects\n"
      "  4 a Python hook raised (or called sys.exit)\n"
      "  130 interrupted (Ctrl-C)\n"
      "\nExamples:\n"
      "  weir --to jsonl cat examples/access.csv\n"
      "  weir --to table select ts,status,path then head -n 5 examples/access.csv\n"
      "  weir --to csv tail -n 3 examples/access.jsonl.gz\n"
      "  weir --to jsonl --types id:str,bytes:float head -n 2 examples/access.csv\n"
      "  weir run -c examples/server-errors.json examples/access.csv\n"
      "  weir check -c examples/check.json --fail-on never examples/access.csv\n"
      "  weir sniff examples/messy.csv\n"
      "  weir --rejects rejects.jsonl --to jsonl cat examples/messy.csv\n"
      "\nMore: weir help VERB, weir help run, weir help check, weir help sniff, weir help config,\n"
      "weir help expressions, man weir, man weir-config\n";
  return out;
}

std::string expressions_help() {
  std::string out =
      "weir expressions - what filter, derive and check rules evaluate\n"
      "\n"
      "  status >= 500 and method == \"POST\"\n"
      "  path =~ \"^/api/v[0-9]+/\" and not is_null(note)\n"
      "  latency_ms > 1000 ? \"slow\" : \"ok\"\n"
      "\n" +
      wrap("Fields by name (`user agent` in backticks; req.host into nested JSON; items.0.sku or "
           "items[0].sku for an array's elements, from 0). Literals: 42 1.5 'text' \"text\" true false null. "
           "Operators, loosest first: c ? a : b; or; and; not; == != < <= > >= =~ !~ in (...) not in (...); "
           "?? (default for null); + -; * / %; unary -; s[m:n] (characters m to n from 1, both included, "
           "as in Miller). SQL's case: case when c1 then a when c2 then b else z end (null without else), "
           "case x when 1 then a ... end. Miller's spellings are taken too: $status, ${user agent}, && || ! "
           "and a . b (the texts joined, binding tighter than *), .+ .- .* !=~, M_PI and M_E; after s =~ \"(a)(b)\", "
           "\"\\1\" and \"\\2\" in text are its groups (\"\\0\" the match; empty when it failed) for the rest "
           "of the record; so that mlr filter '$status >= 500 && $method == \"GET\"' carries over. Miller's "
           "NR, FNR, NF and FILENAME are not there (an error says so; $NR is a field).",
           0) +
      "\n" +
      wrap("A field compared with a number, or used in arithmetic, is read as a number; text that is not "
           "a number (N/A, unknown, inf) is then null, never compared as text. An empty or missing field is "
           "null, and so is a missing mark (NA, N/A, null, ...) in a column of numbers or booleans; every "
           "comparison with null is false. A field no record has gets a note on stderr. More in man weir, "
           "EXPRESSIONS.",
           0) +
      "\nFunctions:\n";
  for (const auto& b : expr::builtins()) {
    out += fmt::format("  {}\n{}", b.signature, wrap(b.summary, 6));
  }
  return out;
}

std::string verb_help(const std::string& verb) {
  const StageInfo* info = find_stage(verb);
  if (!info) return main_help();
  std::string out = fmt::format("weir {} - {}\n\nUsage: weir [OPTIONS] {} [FILE...]\n\n{}", info->name,
                                info->summary, info->usage, wrap(info->description, 0));
  if (!info->options.empty()) {
    out += "\nOptions:\n";
    std::size_t label_width = 20;
    for (const auto& o : info->options) {
      label_width = std::max(label_width, option_label(o.short_name, o.long_name, o.value_name).size());
    }
    for (const auto& o : info->options) {
      out += fmt::format("  {:<{}} {}\n", option_label(o.short_name, o.long_name, o.value_name), label_width, o.help);
    }
  }
  out += info->examples.size() == 1 ? "\nExample:\n" : "\nExamples:\n";
  for (const auto& e : info->examples) out += fmt::format("  {}\n      {}\n", e.command, e.explanation);
  return out;
}

std::string run_help() {
  return "weir run - run the pipeline of a JSON config\n"
         "\n"
         "Usage: weir run [-c CONFIG] [OPTIONS] [FILE...]\n"
         "       weir -c CONFIG [OPTIONS] [VERB [ARGS] [then VERB [ARGS]]...] [FILE...]\n"
         "\n" +
         wrap("Reads the JSON config CONFIG (default: ./weir.json) and checks all of it, reporting every "
              "problem with its JSON path, before anything runs. Then runs its pipeline over the FILEs "
              "(standard input when there is none, or for '-') with its input and output settings.",
              0) +
         "\n" +
         wrap("Options on the command line override the config's settings: --to over output.format, -o over "
              "output.path, -d over both delimiters, --on-error over errors.policy, and so on. With -c, verbs "
              "given on the command line run after the config's pipeline, as if appended to it. Paths in the "
              "config (output.path, hooks) are relative to the config's folder; paths on the command line to "
              "the current folder. The format is described in weir-config(5); 'weir config show' prints what "
              "would run.",
              0) +
         "\nExamples:\n"
         "  weir run -c examples/server-errors.json examples/access.csv\n"
         "      the config's pipeline over the access log\n"
         "  weir -c examples/server-errors.json --to table head -n 3 examples/access.csv\n"
         "      the same, then the first three records, as a table\n";
}

std::string config_help() {
  return "weir config - check, show and describe JSON configs\n"
         "\n"
         "Usage: weir config validate [-c CONFIG]\n"
         "       weir config show [-c CONFIG] [OPTIONS] [VERB [ARGS] [then VERB [ARGS]]...]\n"
         "       weir config schema\n"
         "\n"
         "Commands:\n"
         "  validate  check CONFIG (default: ./weir.json): print 'CONFIG: ok', or every problem,\n"
         "            each with its JSON path, and exit with status 2\n"
         "  show      print the config that would run, as JSON, with every default spelled out and\n"
         "            the command line's options and verbs applied\n"
         "  schema    print the JSON Schema (draft-07) of configs, for editors\n"
         "\nExamples:\n"
         "  weir config validate -c examples/server-errors.json\n"
         "      check a config\n"
         "  weir config show -c examples/server-errors.json --to csv head -n 3\n"
         "      the config with csv output and one more stage\n"
         "  weir config schema > weir.schema.json\n"
         "      the schema, for an editor\n";
}

}  // namespace weir::cli

namespace weir::cli {

namespace {

// Escapes scdoc's formatting characters in running text.
std::string scdoc_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '*' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// An option's line: its names, its value and what kind of value that is
// ("-n _N_ (count)", "--on-error _MODE_ (one of: fail, skip, warn)").
std::string scdoc_option(const OptionInfo& o) {
  std::string out = o.short_name.empty() ? "" : fmt::format("*{}*, ", scdoc_text(o.short_name));
  out += fmt::format("*{}*", scdoc_text(o.long_name));
  if (o.takes_value()) {
    out += fmt::format(" _{}_", scdoc_text(o.value_name));
    if (o.kind == OptionKind::choice && !o.choices.empty()) {
      out += fmt::format(" (one of: {})", scdoc_text(fmt::format("{}", fmt::join(o.choices, ", "))));
    } else if (o.kind == OptionKind::count && o.most != std::numeric_limits<std::int64_t>::max()) {
      out += fmt::format(" (count, {} to {})", o.least, o.most);
    } else if (o.kind == OptionKind::count && o.least > 0) {
      out += fmt::format(" (count, {} or more)", o.least);
    } else if (o.kind != OptionKind::text) {
      out += fmt::format(" ({})", option_kind_name(o.kind));
    }
  }
  return out + fmt::format("\n\t{}\n\n", scdoc_text(o.help));
}

std::string scdoc_options() {
  std::string out;
  for (const auto& o : config::main_options()) out += scdoc_option(o);
  out += scdoc_text(config::miller_flags_help()) + "\n\n";
  return out;
}

std::string scdoc_verbs() {
  std::string out;
  for (const auto& s : stages()) {
    out += fmt::format("## {}\n\n*weir* {}\n\n{}\n\n", s.name, scdoc_text(s.usage), scdoc_text(s.description));
    for (const auto& o : s.options) out += scdoc_option(o);
    for (const auto& e : s.examples) out += fmt::format("{}:\n\n```\n{}\n```\n\n", scdoc_text(e.explanation), e.command);
  }
  return out;
}

std::string scdoc_check_options() {
  std::string out;
  for (const auto& o : check_options()) out += scdoc_option(o);
  return out;
}

std::string scdoc_functions() {
  std::string out;
  for (const auto& b : expr::builtins()) {
    out += fmt::format("*{}*\n\t{}\n\n", scdoc_text(b.signature), scdoc_text(b.summary));
  }
  return out;
}

std::string scdoc_formats() {
  std::string out;
  for (const auto& f : formats()) {
    std::string exts;
    for (auto e : f.extensions) exts += fmt::format("{}.{}", exts.empty() ? "" : ", ", e);
    out += fmt::format("*{}*\n\t{}{}\n\n", f.name, scdoc_text(f.summary),
                       exts.empty() ? "" : fmt::format(" (files: {})", scdoc_text(exts)));
  }
  return out;
}

}  // namespace

std::string man_page(const std::string& template_text) {
  std::string out;
  std::size_t pos = 0;
  while (pos < template_text.size()) {
    std::size_t eol = template_text.find('\n', pos);
    std::string_view line(template_text.data() + pos, (eol == std::string::npos ? template_text.size() : eol) - pos);
    pos = eol == std::string::npos ? template_text.size() : eol + 1;
    if (line == "@OPTIONS@") out += scdoc_options();
    else if (line == "@VERBS@") out += scdoc_verbs();
    else if (line == "@FORMATS@") out += scdoc_formats();
    else if (line == "@FUNCTIONS@") out += scdoc_functions();
    else if (line == "@CHECK_OPTIONS@") out += scdoc_check_options();
    else out += fmt::format("{}\n", line);
  }
  return out;
}

}  // namespace weir::cli
