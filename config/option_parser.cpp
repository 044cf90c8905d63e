#include "config/option_parser.hpp"

#include <algorithm>
#include <array>
#include <set>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "config/miller_flags.hpp"
#include "core/errors/error.hpp"
#include "core/formats/format.hpp"

namespace weir::config {

namespace {

bool is_option_word(std::string_view word) { return word.size() > 1 && word[0] == '-'; }

// Miller's two-letter single-dash names (sort -nr): CLI11's short names are one letter.
bool miller_short_name(std::string_view name) { return name.size() > 2 && name[0] == '-' && name[1] != '-'; }

// -h/--help: reading stops where it stands.
struct HelpAsked {};

// One CLI11 option: a row's short or long name.
struct Made {
  const CLI::Option* option;
  const OptionInfo* row;
  std::size_t table;
  std::string spelled;  // "-n" or "--lines"
};

// The option CLI11 names in an ArgumentMismatch ("--lines: 1 required ...",
// "count was given a disallowed flag override"), among `made`.
const Made* mismatched(const std::vector<Made>& made, std::string_view message) {
  std::string_view name = message.substr(0, message.find_first_of(": "));
  for (const Made& m : made) {
    std::string_view spelled = m.spelled;
    if (name == spelled || name == spelled.substr(spelled.find_first_not_of('-'))) return &m;
  }
  return nullptr;
}

// The word the user wrote that CLI11's unknown `word` is part of: "-nz"
// for "-z", the letter CLI11 had left of the bundle after taking -n.
const std::string& as_written(const std::vector<std::string>& words, const std::string& word) {
  if (std::find(words.begin(), words.end(), word) != words.end() || word.starts_with("--")) return word;
  for (const std::string& w : words) {
    if (w.size() > word.size() && w[0] == '-' && w[1] != '-' && w.ends_with(std::string_view(word).substr(1))) return w;
  }
  return word;
}

}  // namespace

void OptionParser::add(const std::vector<OptionInfo>& rows, Rows kind) { tables_.push_back({&rows, kind}); }

std::vector<std::string> OptionParser::names() const {
  std::vector<std::string> names;
  for (const Table& table : tables_) {
    for (const OptionInfo& row : *table.rows) {
      names.emplace_back(row.long_name);
      if (!row.short_name.empty()) names.emplace_back(row.short_name);
    }
  }
  return names;
}

const OptionInfo* OptionParser::row_spelled(std::string_view word) const {
  for (const Table& table : tables_) {
    for (const OptionInfo& row : *table.rows) {
      if (word == row.long_name || (!row.short_name.empty() && word == row.short_name) ||
          (!row.short_alias.empty() && word == row.short_alias)) {
        return &row;
      }
    }
  }
  return nullptr;
}

bool OptionParser::reads_miller_flags() const {
  return std::any_of(tables_.begin(), tables_.end(), [](const Table& t) { return t.kind == Rows::main; });
}

std::vector<std::string> OptionParser::respell(const std::vector<std::string>& words, bool prefix,
                                               ParsedWords& out) const {
  std::vector<std::string> spelled;
  const bool miller = reads_miller_flags();
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    const std::string* next = i + 1 < words.size() ? &words[i + 1] : nullptr;
    if (word == "--" || (prefix && !is_option_word(word))) {
      spelled.insert(spelled.end(), words.begin() + static_cast<std::ptrdiff_t>(i), words.end());
      break;
    }
    // Miller's --from FILE (mlr --icsv --from in.csv sort ...): an input,
    // where weir's --from names a format
    if (miller && word == "--from" && next && !find_format(*next) && next->find_first_of("./") != std::string::npos) {
      out.from_files.push_back(*next);
      ++i;
      continue;
    }
    if (const OptionInfo* row = row_spelled(word)) {
      spelled.push_back(miller_short_name(word) ? std::string(row->long_name) : word);
      if (miller_short_name(word)) out.respelled.emplace_back(row->long_name, word);
      if (row->takes_value() && next) {  // (its value is copied as it is, whatever it looks like)
        spelled.push_back(*next);
        ++i;
      }
      continue;
    }
    // NAME=VALUE for an option that takes a value: two words, so that an
    // empty VALUE is one (CLI11 would take the next word for it)
    if (const std::size_t equals = word.find('='); equals != std::string::npos && is_option_word(word)) {
      const OptionInfo* row = row_spelled(std::string_view(word).substr(0, equals));
      if (row && row->takes_value()) {
        const std::string name = word.substr(0, equals);
        spelled.push_back(miller_short_name(name) ? std::string(row->long_name) : name);
        if (miller_short_name(name)) out.respelled.emplace_back(row->long_name, name);
        spelled.push_back(word.substr(equals + 1));
        continue;
      }
    }
    if (miller) {
      if (std::optional<std::vector<std::string>> weir_words = miller_flag_words(word, next)) {
        spelled.insert(spelled.end(), weir_words->begin(), weir_words->end());
        if (word == "--fs" || word == "--io") ++i;  // (its value is in the words)
        continue;
      }
    }
    spelled.push_back(word);
  }
  return spelled;
}

ParsedWords OptionParser::parse(const std::vector<std::string>& words) const { return read(words, false); }

ParsedWords OptionParser::parse_prefix(const std::vector<std::string>& words) const { return read(words, true); }

ParsedWords OptionParser::read(const std::vector<std::string>& words, bool prefix) const {
  ParsedWords out;
  std::vector<std::string> spelled = respell(words, prefix, out);
  if (!prefix) {
    // "--": every word after it is an operand (a file)
    auto dashes = std::find(spelled.begin(), spelled.end(), "--");
    if (dashes != spelled.end()) {
      out.saw_dashes = true;
      out.after_dashes.assign(dashes + 1, spelled.end());
      spelled.erase(dashes, spelled.end());
    }
  }

  // CLI11 checks each name it is given against all before it, so the App
  // holds only the rows the words may name: a long name written, or a short
  // one whose letter stands in a single-dash word (-cu, -n5). Options are
  // read the same: CLI11 looks no further than those.
  std::set<std::string_view> long_names;
  std::array<bool, 256> letters{};
  for (const std::string& word : spelled) {
    if (word.starts_with("--")) {
      long_names.insert(std::string_view(word).substr(0, word.find('=')));
    } else if (is_option_word(word)) {
      for (char c : std::string_view(word).substr(1)) letters[static_cast<unsigned char>(c)] = true;
    }
  }
  auto named = [&](std::string_view name) {
    return name.starts_with("--") ? long_names.count(name) > 0 : letters[static_cast<unsigned char>(name[1])];
  };

  CLI::App app;
  app.set_help_flag();
  app.allow_extras();  // (unknown options are reported below, with a did-you-mean)
  app.prefix_command(prefix);
  std::vector<Made> made;
  std::set<std::string_view> taken;  // a name two tables share is the first one's
  for (std::size_t t = 0; t < tables_.size(); ++t) {
    const Table& table = tables_[t];
    for (const OptionInfo& row : *table.rows) {
      for (std::string_view name : {row.short_name, row.long_name}) {
        // (a two-letter single-dash name was respelled as the long one)
        if (name.empty() || miller_short_name(name) || !taken.insert(name).second || !named(name)) continue;
        const std::string spelling(name);
        CLI::Option* option = nullptr;
        if (row.long_name == "--help") {
          option = app.add_flag_callback(spelling, [] { throw HelpAsked{}; })->trigger_on_parse();
        } else if (!row.takes_value()) {
          option = app.add_flag(spelling)->disable_flag_override();
        } else {
          const std::string who = table.kind == Rows::verb ? who_ : std::string();
          option = app.add_option(spelling)->expected(1)->check(CLI::Validator(
              [who, &row, spelling](std::string& value) {
                check_option_value(who, row, value, spelling);  // (throws weir's message)
                return std::string();
              },
              std::string(row.value_name)));
        }
        option->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
        made.push_back({option, &row, t, spelling});
      }
    }
  }
  std::vector<std::string> operands;
  if (!prefix) app.add_option("operands", operands);

  std::reverse(spelled.begin(), spelled.end());  // (CLI11 takes its words from the back)
  try {
    app.parse(spelled);
  } catch (const HelpAsked&) {
    out.help = true;
    return out;
  } catch (const CLI::ArgumentMismatch& e) {
    const Made* m = mismatched(made, e.what());
    if (!m) throw UsageError(e.what());
    const std::string prefix = who_.empty() ? std::string() : who_ + ": ";
    if (!m->row->takes_value()) throw UsageError(fmt::format("{}option {} takes no value", prefix, m->row->long_name));
    // (as written: Miller's -nr, put in its long name's place)
    std::string_view name = m->spelled;
    for (const auto& [long_name, written] : out.respelled) {
      if (long_name == name) name = written;
    }
    throw UsageError(fmt::format("{}option {} needs a value{}", prefix, name, missing_value_hint_));
  } catch (const CLI::ParseError& e) {
    throw UsageError(e.what());
  }

  std::vector<std::string> unread = app.remaining();
  if (!unread.empty() && is_option_word(unread.front()) && (!prefix || unread.front() != "--")) {
    const std::string& word = as_written(words, unread.front());
    throw UsageError(fmt::format("{}unknown option '{}'{}", who_.empty() ? "" : who_ + ": ", word,
                                 did_you_mean(word.substr(0, word.find('=')), names())));
  }
  if (prefix) out.rest = std::move(unread);
  std::vector<std::size_t> seen(made.size(), 0);
  for (const CLI::Option* option : app.parse_order()) {
    auto m = std::find_if(made.begin(), made.end(), [option](const Made& x) { return x.option == option; });
    if (m == made.end()) {  // an operand
      out.options_before.push_back(out.options.size());
      continue;
    }
    const std::size_t nth = seen[static_cast<std::size_t>(m - made.begin())]++;
    out.options.push_back(
        {m->row, m->table, m->row->takes_value() ? option->results()[nth] : std::string(), m->spelled});
  }
  out.operands = std::move(operands);
  return out;
}

}  // namespace weir::config
