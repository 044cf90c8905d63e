#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <exception>
#include <iterator>
#include <mutex>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/formats/format.hpp"
#include "core/record/field.hpp"
#include "core/stages/stage.hpp"

namespace weir {

// Registry rows, defined beside each stage (declared here only: a new verb
// touches this file, not a header every file includes).
StageInfo cat_stage_info();
StageInfo head_stage_info();
StageInfo tail_stage_info();
StageInfo tac_stage_info();
StageInfo select_stage_info();
StageInfo rename_stage_info();
StageInfo filter_stage_info();
StageInfo derive_stage_info();
StageInfo put_stage_info();
StageInfo label_stage_info();
StageInfo most_frequent_stage_info();
StageInfo least_frequent_stage_info();
StageInfo sort_stage_info();
StageInfo uniq_stage_info();
StageInfo count_stage_info();
StageInfo stats_stage_info();
StageInfo stats1_stage_info();
StageInfo grep_stage_info();
StageInfo sample_stage_info();
StageInfo join_stage_info();
StageInfo top_stage_info();
StageInfo step_stage_info();
StageInfo cut_stage_info();
StageInfo sort_within_records_stage_info();
StageInfo reorder_stage_info();
StageInfo template_stage_info();
StageInfo unsparsify_stage_info();
StageInfo regularize_stage_info();
StageInfo fill_down_stage_info();
StageInfo fill_empty_stage_info();
StageInfo count_distinct_stage_info();
StageInfo count_similar_stage_info();
StageInfo group_by_stage_info();
StageInfo group_like_stage_info();
StageInfo nothing_stage_info();
StageInfo nest_stage_info();
StageInfo reshape_stage_info();
StageInfo sec2gmt_stage_info();
StageInfo sec2gmtdate_stage_info();
StageInfo tee_stage_info();
StageInfo split_stage_info();
StageInfo dedupe_stage_info();
StageInfo fraction_stage_info();
StageInfo json_parse_stage_info();
StageInfo json_stringify_stage_info();
StageInfo histogram_stage_info();
StageInfo flatten_stage_info();
StageInfo unflatten_stage_info();
StageInfo merge_fields_stage_info();
StageInfo summary_stage_info();
StageInfo seqgen_stage_info();
StageInfo case_stage_info();
StageInfo format_values_stage_info();
StageInfo having_fields_stage_info();
StageInfo gmt2sec_stage_info();
StageInfo remove_empty_columns_stage_info();
StageInfo clean_whitespace_stage_info();
StageInfo unspace_stage_info();
StageInfo skip_trivial_records_stage_info();
StageInfo altkv_stage_info();
StageInfo gap_stage_info();
StageInfo decimate_stage_info();
StageInfo repeat_stage_info();

namespace {

// The built-in verbs, in the order help lists them. A row is made when its
// verb is first looked up: making all ~50 at each start touched a page of
// code per verb (a third of a millisecond of `weir cat small.csv`).
struct Builtin {
  std::string_view name;
  StageInfo (*info)();
};
constexpr Builtin kBuiltins[] = {
    {"cat", cat_stage_info},
    {"head", head_stage_info},
    {"tail", tail_stage_info},
    {"tac", tac_stage_info},
    {"select", select_stage_info},
    {"rename", rename_stage_info},
    {"filter", filter_stage_info},
    {"derive", derive_stage_info},
    {"put", put_stage_info},
    {"sort", sort_stage_info},
    {"uniq", uniq_stage_info},
    {"count", count_stage_info},
    {"stats", stats_stage_info},
    {"stats1", stats1_stage_info},
    {"grep", grep_stage_info},
    {"sample", sample_stage_info},
    {"decimate", decimate_stage_info},
    {"gap", gap_stage_info},
    {"repeat", repeat_stage_info},
    {"join", join_stage_info},
    {"top", top_stage_info},
    {"step", step_stage_info},
    {"cut", cut_stage_info},
    {"sort-within-records", sort_within_records_stage_info},
    {"reorder", reorder_stage_info},
    {"template", template_stage_info},
    {"unsparsify", unsparsify_stage_info},
    {"regularize", regularize_stage_info},
    {"fill-down", fill_down_stage_info},
    {"fill-empty", fill_empty_stage_info},
    {"skip-trivial-records", skip_trivial_records_stage_info},
    {"remove-empty-columns", remove_empty_columns_stage_info},
    {"count-distinct", count_distinct_stage_info},
    {"count-similar", count_similar_stage_info},
    {"group-by", group_by_stage_info},
    {"group-like", group_like_stage_info},
    {"nothing", nothing_stage_info},
    {"nest", nest_stage_info},
    {"reshape", reshape_stage_info},
    {"altkv", altkv_stage_info},
    {"sec2gmt", sec2gmt_stage_info},
    {"sec2gmtdate", sec2gmtdate_stage_info},
    {"tee", tee_stage_info},
    {"split", split_stage_info},
    {"dedupe", dedupe_stage_info},
    {"fraction", fraction_stage_info},
    {"json-parse", json_parse_stage_info},
    {"json-stringify", json_stringify_stage_info},
    {"histogram", histogram_stage_info},
    {"flatten", flatten_stage_info},
    {"unflatten", unflatten_stage_info},
    {"merge-fields", merge_fields_stage_info},
    {"summary", summary_stage_info},
    {"seqgen", seqgen_stage_info},
    {"case", case_stage_info},
    {"clean-whitespace", clean_whitespace_stage_info},
    {"unspace", unspace_stage_info},
    {"format-values", format_values_stage_info},
    {"having-fields", having_fields_stage_info},
    {"gmt2sec", gmt2sec_stage_info},
    {"label", label_stage_info},
    {"most-frequent", most_frequent_stage_info},
    {"least-frequent", least_frequent_stage_info},
};
constexpr std::size_t kBuiltinCount = std::size(kBuiltins);

struct Table {
  // builtins first (each made once, on demand: `made`; import weir may look
  // verbs up on several threads), then plugins' verbs; reserved so that no
  // row moves once find_stage() has handed it out
  std::vector<StageInfo> rows;
  std::once_flag made[kBuiltinCount];
  Table() {
    rows.reserve(kBuiltinCount + 16);
    rows.resize(kBuiltinCount);
  }
};

Table& table() {
  static Table t;
  return t;
}

const StageInfo& builtin(std::size_t i) {
  Table& t = table();
  std::call_once(t.made[i], [&t, i] {
    t.rows[i] = kBuiltins[i].info();
    WEIR_ASSERT(t.rows[i].name == kBuiltins[i].name);
  });
  return t.rows[i];
}

// the row called `name` among those made or registered, or nullptr
const StageInfo* find_made(std::string_view name) {
  for (std::size_t i = 0; i < kBuiltinCount; ++i) {
    if (kBuiltins[i].name == name) return &builtin(i);
  }
  const std::vector<StageInfo>& rows = table().rows;
  for (std::size_t i = kBuiltinCount; i < rows.size(); ++i) {
    if (rows[i].name == name) return &rows[i];
  }
  return nullptr;
}

struct Plugin {
  std::vector<std::string> names;
  void (*load)() = nullptr;
  bool loaded = false;
  std::exception_ptr failed;  // why it could not be loaded
};

Plugin& plugin() {
  static Plugin p;
  return p;
}

void load_plugin() {
  Plugin& p = plugin();
  if (p.failed) std::rethrow_exception(p.failed);
  if (p.loaded || !p.load) return;
  p.loaded = true;
  try {
    p.load();
  } catch (...) {
    p.failed = std::current_exception();
    throw;
  }
}

}  // namespace

void set_stage_plugin(std::vector<std::string> names, void (*load)()) {
  plugin() = Plugin{std::move(names), load, false, nullptr};
}

const std::vector<StageInfo>& stages() {
  // (a plugin that cannot be loaded leaves its verbs out of the list: help
  // and did-you-mean work without it; naming one of them says why)
  try {
    load_plugin();
  } catch (...) {
  }
  for (std::size_t i = 0; i < kBuiltinCount; ++i) builtin(i);
  return table().rows;
}

void register_stage(StageInfo info) {
  if (find_made(info.name)) return;
  std::vector<StageInfo>& rows = table().rows;
  WEIR_ASSERT(rows.size() < rows.capacity());  // (see Table)
  rows.push_back(std::move(info));
}

const StageInfo* find_stage(std::string_view name) {
  if (const StageInfo* info = find_made(name)) return info;
  const Plugin& p = plugin();
  if (std::find(p.names.begin(), p.names.end(), name) == p.names.end()) return nullptr;
  load_plugin();  // (throws why it could not be loaded, also when that was found before)
  return find_made(name);
}

std::vector<std::string> stage_names() {
  std::vector<std::string> names;
  for (const auto& info : stages()) names.emplace_back(info.name);
  return names;
}

std::string_view option_kind_name(OptionKind kind) {
  switch (kind) {
    case OptionKind::flag: return "flag";
    case OptionKind::count: return "count";
    case OptionKind::size: return "size";
    case OptionKind::number: return "number";
    case OptionKind::fields: return "fields";
    case OptionKind::list: return "list";
    case OptionKind::expression: return "expression";
    case OptionKind::pairs: return "pairs";
    case OptionKind::choice: return "choice";
    case OptionKind::format: return "format";
    case OptionKind::file: return "file";
    case OptionKind::text: return "text";
  }
  return "text";
}

bool StageSpec::gave(std::string_view name) const {
  return std::any_of(options.begin(), options.end(), [name](const auto& option) { return option.first == name; });
}

// ---------------------------------------------------------------- option values

namespace {

std::optional<std::int64_t> read_whole(const std::string& text) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

std::optional<std::size_t> read_size(const std::string& text) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  const std::string_view suffix = std::string_view(text).substr(digits);
  const std::size_t scale = suffix.empty() || suffix == "B"                      ? 1
                            : suffix == "K" || suffix == "k" || suffix == "KB" ? std::size_t{1} << 10
                            : suffix == "M" || suffix == "m" || suffix == "MB" ? std::size_t{1} << 20
                            : suffix == "G" || suffix == "g" || suffix == "GB" ? std::size_t{1} << 30
                                                                                 : 0;
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + digits, n);
  // (past 2^64 bytes is as wrong as a bad suffix)
  if (digits == 0 || scale == 0 || ec != std::errc() || n > SIZE_MAX / scale) return std::nullopt;
  return n * scale;
}

// a number as a field's value reads as one (-5, 0.5, 1e3, 0x1F), finite
std::optional<double> read_number(const std::string& text) {
  std::optional<double> x = Field({}, text).number();
  if (!x || !std::isfinite(*x)) return std::nullopt;
  return x;
}

std::string or_list(const std::vector<std::string_view>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += words[i];
  }
  return out;
}

}  // namespace

void check_option_value(std::string_view who, const OptionInfo& row, const std::string& text,
                        std::string_view spelled) {
  std::string expected;
  std::string hint;
  switch (row.kind) {
    case OptionKind::count: {
      std::optional<std::int64_t> n = read_whole(text);
      if (n && *n >= row.least && *n <= row.most) return;
      expected = row.most != std::numeric_limits<std::int64_t>::max()
                     ? fmt::format("a whole number from {} to {}", row.least, row.most)
                     : fmt::format("a whole number >= {}", row.least);
      break;
    }
    case OptionKind::size:
      if (read_size(text)) return;
      expected = "a size such as 500M or 2G (bytes, K, M or G)";
      break;
    case OptionKind::number:
      if (read_number(text)) return;
      expected = "a number";
      break;
    case OptionKind::choice: {
      if (std::find(row.choices.begin(), row.choices.end(), text) != row.choices.end()) return;
      if (row.also_takes && row.also_takes(text)) return;
      expected = or_list(row.choices);
      hint = did_you_mean(text, std::vector<std::string>(row.choices.begin(), row.choices.end()));
      break;
    }
    case OptionKind::format:
      format_named(text);  // (throws its own "unknown format" with the formats' names)
      return;
    case OptionKind::file:
      if (!text.empty()) return;
      expected = "a file's path";
      break;
    default: return;
  }
  const std::string prefix = who.empty() ? std::string() : fmt::format("{}: ", who);
  throw UsageError(fmt::format("{}{} expects {}, got '{}'{}", prefix, spelled.empty() ? row.shown_name() : spelled,
                               expected, text, hint));
}

std::int64_t count_value(const std::string& text) { return read_whole(text).value_or(0); }
std::size_t size_value(const std::string& text) { return read_size(text).value_or(0); }
double number_value(const std::string& text) { return read_number(text).value_or(0); }

std::vector<std::string> distinct_names(std::vector<std::string> names) {
  std::vector<std::string> out;
  for (std::string& name : names) {
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
  }
  return out;
}

std::vector<std::string> parse_field_list(std::string_view verb, const std::string& text) {
  std::vector<std::string> names;
  std::size_t start = 0;
  for (;;) {
    std::size_t comma = text.find(',', start);
    std::string name = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (name.empty()) {
      throw UsageError(fmt::format("{}{}empty field name in '{}' (names are separated by commas)", verb,
                                   verb.empty() ? "" : ": ", text));
    }
    names.push_back(std::move(name));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return names;
}

}  // namespace weir
