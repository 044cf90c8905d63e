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
      {"jsonl", "JSON Lines: one JSON object per record", {"jsonl", "ndjson", "json"},
       make_jsonl_reader, make_jsonl_writer},
      {"logfmt", "key=value pairs, one record a line: k=v k2=\"quoted v\"", {"logfmt"},
       make_logfmt_reader, make_logfmt_writer},
      {"lines", "plain text, one record a line in the field 'line'", {"txt", "log"},
       make_lines_reader, make_lines_writer},
      {"table", "aligned columns for a terminal (write only)", {}, nullptr, make_table_writer},
  };
  return table;
}

const FormatInfo& format_named(std::string_view name) {
  std::vector<std::string> names;
  for (const auto& f : formats()) {
    if (f.name == name) return f;
    names.emplace_back(f.name);
  }
  // common aliases users type (and a misspelling of one is near it)
  static constexpr std::pair<std::string_view, std::string_view> kAliases[] = {
      {"json", "jsonl"}, {"ndjson", "jsonl"}, {"txt", "lines"}, {"text", "lines"}};
  std::vector<std::string> near = names;
  for (const auto& [alias, format] : kAliases) {
    if (name == alias) return format_named(format);
    near.emplace_back(alias);
  }
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
