#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/formats/format.hpp"

namespace weir {

const std::vector<FormatInfo>& formats() {
  static const std::vector<FormatInfo> table = {
      {"csv", "comma-separated values; delimiter, quote, header and preamble detected (--strict: RFC 4180)", {"csv"},
       make_csv_reader, make_csv_writer},
      {"tsv", "tab-separated values: \\t \\n \\r \\\\ escapes, or quoted fields as spreadsheets write them", {"tsv", "tab"},
       make_tsv_reader, make_tsv_writer},
      {"jsonl", "JSON Lines: one JSON object per record", {"jsonl", "ndjson"},
       make_jsonl_reader, make_jsonl_writer},
      {"json", "a JSON array of objects, a field a line, as Miller's --ojson writes it (read as jsonl is)", {"json"},
       make_jsonl_reader, make_json_writer},
      {"logfmt", "key=value pairs, one record a line: k=v k2=\"quoted v\"", {"logfmt"},
       make_logfmt_reader, make_logfmt_writer},
      {"dkvp", "key=value pairs joined by commas, one record a line, as Miller's default format (no quoting)",
       {"dkvp"}, make_dkvp_reader, make_dkvp_writer},
      {"nidx", "values named by their positions, split at spaces (a run of them is one) or at -d, as Miller's nidx",
       {"nidx"}, make_nidx_reader, make_nidx_writer},
      {"lines", "plain text, one record a line in the field 'line'", {"txt", "log"},
       make_lines_reader, make_lines_writer},
      {"table", "aligned columns for a terminal (write only)", {}, nullptr, make_table_writer},
      {"pprint", "table with one space between columns and null as null, as Miller's --opprint (write only)", {}, nullptr,
       make_pprint_writer},
      {"xtab", "a record a block of name value lines, as Miller's --oxtab (write only)", {}, nullptr,
       make_xtab_writer},
      {"markdown", "a Markdown table, as Miller's --omd (write only)", {"md"}, nullptr, make_markdown_writer},
  };
  return table;
}

namespace {

// common aliases users type (and a misspelling of one is near it)
constexpr std::pair<std::string_view, std::string_view> kAliases[] = {
    {"ndjson", "jsonl"}, {"txt", "lines"}, {"text", "lines"}};

}  // namespace

const FormatInfo* find_format(std::string_view name) {
  for (const auto& f : formats()) {
    if (f.name == name) return &f;
  }
  for (const auto& [alias, format] : kAliases) {
    if (name == alias) return find_format(format);
  }
  return nullptr;
}

const FormatInfo& format_named(std::string_view name) {
  if (const FormatInfo* f = find_format(name)) return *f;
  std::vector<std::string> names;
  for (const auto& f : formats()) names.emplace_back(f.name);
  std::vector<std::string> near = names;
  for (const auto& [alias, format] : kAliases) near.emplace_back(alias);
  throw UsageError(fmt::format("unknown format '{}'{}; formats are: {}", name, did_you_mean(name, near),
                               fmt::join(names, ", ")));
}

const FormatInfo* format_for_path(std::string_view path) {
  if (auto slash = path.rfind('/'); slash != std::string_view::npos) path.remove_prefix(slash + 1);
  for (std::string_view suffix : {".gz", ".zst"}) {
    if (path.size() > suffix.size() && path.ends_with(suffix)) path.remove_suffix(suffix.size());
  }
  auto dot = path.rfind('.');
  if (dot == std::string_view::npos) return nullptr;
  std::string_view ext = path.substr(dot + 1);
  for (const auto& f : formats()) {
    for (auto e : f.extensions) {
      if (e == ext) return &f;
    }
  }
  return nullptr;
}

}  // namespace weir
