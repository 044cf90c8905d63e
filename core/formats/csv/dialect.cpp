#include "core/formats/csv/dialect.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/errors/error.hpp"

namespace weir {

std::vector<std::string> merge_header_rows(const std::vector<std::vector<std::string>>& rows) {
  std::size_t n = 0;
  for (const auto& row : rows) n = std::max(n, row.size());
  std::vector<std::string> merged(n);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (row[i].empty()) continue;
      if (!merged[i].empty()) merged[i] += ' ';
      merged[i] += row[i];
    }
  }
  return merged;
}

std::string unescape_quoted(const CsvDialect& d, std::string_view inside) {
  std::string out;
  out.reserve(inside.size());
  for (std::size_t i = 0; i < inside.size(); ++i) {
    char c = inside[i];
    if (d.escape == Escape::backslash && c == '\\' && i + 1 < inside.size() &&
        (inside[i + 1] == d.quote || inside[i + 1] == '\\')) {
      c = inside[++i];
    } else if (d.escape == Escape::doubled && c == d.quote && i + 1 < inside.size() && inside[i + 1] == d.quote) {
      ++i;  // the second of a doubled quote
    }
    out += c;
  }
  return out;
}

std::string_view escape_name(Escape escape) {
  switch (escape) {
    case Escape::doubled: return "doubled";
    case Escape::backslash: return "backslash";
    case Escape::none: return "none";
  }
  return "doubled";
}

std::string delimiter_display(const CsvDialect& d) {
  std::string name;
  switch (d.delimiter) {
    case ',': name = "comma"; break;
    case ';': name = "semicolon"; break;
    case '\t': name = "tab"; break;
    case '|': name = "pipe"; break;
    case ' ': name = "space"; break;
    default: name = std::string(1, d.delimiter);
  }
  return d.space_after_delimiter ? name + " and a space" : name;
}

std::string_view ragged_name(Ragged ragged) {
  switch (ragged) {
    case Ragged::keep: return "keep";
    case Ragged::pad: return "pad";
    case Ragged::skip: return "skip";
    case Ragged::error: return "error";
  }
  return "keep";
}

Ragged ragged_named(std::string_view name) {
  for (Ragged r : {Ragged::keep, Ragged::pad, Ragged::skip, Ragged::error}) {
    if (ragged_name(r) == name) return r;
  }
  throw UsageError(fmt::format("--ragged expects keep, pad, skip or error, got '{}'{}", name,
                               did_you_mean(name, {"keep", "pad", "skip", "error"})));
}

Escape escape_named(std::string_view name) {
  for (Escape e : {Escape::doubled, Escape::backslash, Escape::none}) {
    if (escape_name(e) == name) return e;
  }
  throw UsageError(fmt::format("--escape expects doubled, backslash or none, got '{}'{}", name,
                               did_you_mean(name, {"doubled", "backslash", "none"})));
}

}  // namespace weir
