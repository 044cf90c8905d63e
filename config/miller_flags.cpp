#include "config/miller_flags.hpp"

#include <array>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/formats/format.hpp"

namespace weir::config {

namespace {

/// A Miller format letter of the keystroke-savers (--c2p) and its weir
/// format; empty where weir has none.
struct Letter {
  char letter;
  std::string_view format;  // weir's, or empty
  std::string_view miller;  // Miller's name
};
constexpr std::array<Letter, 9> kLetters = {{
    {'c', "csv", "csv"},
    {'t', "tsv", "tsv"},
    {'j', "json", "json"},
    {'l', "jsonl", "jsonl"},
    {'p', "pprint", "pprint"},  // (written only: weir reads no pprint)
    {'d', "dkvp", "dkvp"},
    {'n', "nidx", "nidx"},
    {'x', "xtab", "xtab"},
    {'m', "markdown", "markdown"},
}};

/// Miller's names for its formats (--icsv, --ojsonl, --json) and weir's.
struct Named {
  std::string_view miller;
  std::string_view format;  // weir's, or empty
};
constexpr std::array<Named, 15> kNames = {{
    {"csv", "csv"},
    {"csvlite", "csv"},
    {"tsv", "tsv"},
    {"tsvlite", "tsv"},
    {"json", "json"},
    {"jsonx", "json"},
    {"jsonl", "jsonl"},
    {"pprint", "pprint"},
    {"dkvp", "dkvp"},
    {"nidx", "nidx"},
    {"xtab", "xtab"},
    {"markdown", "markdown"},
    {"md", "markdown"},
    {"usv", ""},
    {"asv", ""},
}};

[[noreturn]] void no_such_format(std::string_view flag, std::string_view miller) {
  throw UsageError(fmt::format("{}: weir has no {} format (Miller's); weir reads and writes csv, tsv, json, jsonl, "
                               "dkvp, nidx, logfmt and lines, and writes table, pprint, xtab and markdown",
                               flag, miller));
}

const Named* named(std::string_view name) {
  for (const Named& n : kNames) {
    if (n.miller == name) return &n;
  }
  return nullptr;
}

const Letter* letter(char c) {
  for (const Letter& l : kLetters) {
    if (l.letter == c) return &l;
  }
  return nullptr;
}

}  // namespace

std::optional<std::vector<std::string>> miller_flag_words(std::string_view word, const std::string* next) {
  // -p: Miller's --nidx --fs space --repifs (weir's nidx takes a run of spaces as one)
  if (word == "-p") return std::vector<std::string>{"--from=nidx", "--to=nidx"};
  if (!word.starts_with("--")) return std::nullopt;
  const std::string_view flag = word.substr(2);
  auto format_words = [](std::string_view option, std::string_view format) {
    return fmt::format("{}={}", option, format);
  };
  if (flag.size() == 3 && flag[1] == '2' && letter(flag[0]) && letter(flag[2])) {
    const Letter* in = letter(flag[0]);
    const Letter* to = letter(flag[2]);
    if (in->format.empty() || in->letter == 'p' || in->letter == 'x' || in->letter == 'm') no_such_format(word, fmt::format("{} input", in->miller));
    if (to->format.empty()) no_such_format(word, fmt::format("{} output", to->miller));
    return std::vector<std::string>{format_words("--from", in->format), format_words("--to", to->format)};
  }
  if (const Named* both = named(flag)) {  // --csv, --json: in and out
    if (both->format.empty() || !find_format(both->format)->make_reader) no_such_format(word, both->miller);
    return std::vector<std::string>{format_words("--from", both->format), format_words("--to", both->format)};
  }
  if ((flag.starts_with('i') || flag.starts_with('o')) && named(flag.substr(1))) {  // --icsv, --ojson
    const Named* n = named(flag.substr(1));
    const bool input = flag.front() == 'i';
    if (n->format.empty() || (input && !find_format(n->format)->make_reader)) {
      no_such_format(word, fmt::format("{} {}", n->miller, input ? "input" : "output"));
    }
    return std::vector<std::string>{format_words(input ? "--from" : "--to", n->format)};
  }
  if (flag == "hi" || flag == "implicit-tsv-header") return std::vector<std::string>{"--implicit-csv-header"};
  if (flag == "headerless-csv-output" || flag == "ho" || flag == "headerless-tsv-output") {
    return std::vector<std::string>{"--no-header-out"};
  }
  if (flag == "allow-ragged-csv-input") return std::vector<std::string>{"--ragged=keep"};
  if (flag == "io") {  // --io json: in and out
    if (!next) throw UsageError("--io needs a value: a format (Miller's; weir's --from and --to)");
    const Named* both = named(*next);
    if (!both || both->format.empty() || !find_format(both->format)->make_reader) no_such_format(word, *next);
    return std::vector<std::string>{format_words("--from", both->format), format_words("--to", both->format)};
  }
  if (flag == "fs") {
    if (!next) throw UsageError("--fs needs a value: the field delimiter (Miller's; weir's -d)");
    return std::vector<std::string>{"--delimiter", *next};
  }
  return std::nullopt;
}

std::string_view miller_flags_help() {
  return "Miller's flags for formats are read too: --icsv --itsv --ijson --ijsonl --idkvp --inidx, "
         "--ocsv --otsv --ojson --ojsonl --odkvp --onidx --opprint --oxtab --omd, --csv --tsv --json --jsonl --dkvp --nidx (in "
         "and out), --c2j --c2p --t2c --j2c ... (c csv, t tsv, j json, l jsonl, d dkvp, n nidx, p pprint, x xtab, m markdown), --implicit-csv-header (--hi), --headerless-csv-output "
         "(--ho), --io FORMAT, -p (nidx in and out), --allow-ragged-csv-input (--ragged keep), --fs, --ifs, --ofs.";
}

}  // namespace weir::config
