// sub/gsub with capture groups, splitax, string slices and length.

#include <re2/re2.h>
#include <simdjson.h>

#include <cmath>
#include <vector>

#include "core/expr/builtin_impl.hpp"
#include "core/formats/json_text.hpp"
#include "core/io/sink.hpp"

namespace weir::expr {

namespace {

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The length in bytes of the UTF-8 character at s[i] (1 for a stray byte).
std::size_t char_length(std::string_view s, std::size_t i) {
  std::size_t n = 1;
  while (i + n < s.size() && is_continuation(s[i + n])) ++n;
  return n;
}

void append_json_string(std::string_view text, std::string& out) {
  auto sink = string_sink(out);
  write_json_string(*sink, text);
  sink->flush();
}

}  // namespace

void regex_replace(std::string_view text, const re2::RE2& regex, std::string_view rewrite, bool global,
                   std::string& out) {
  const int groups = regex.NumberOfCapturingGroups();
  std::vector<re2::StringPiece> match(static_cast<std::size_t>(groups) + 1);
  re2::StringPiece input(text.data(), text.size());
  std::size_t pos = 0;
  while (pos <= text.size() &&
         regex.Match(input, pos, text.size(), re2::RE2::UNANCHORED, match.data(), groups + 1)) {
    const auto begin = static_cast<std::size_t>(match[0].data() - text.data());
    const std::size_t end = begin + match[0].size();
    out.append(text.substr(pos, begin - pos));
    for (std::size_t i = 0; i < rewrite.size(); ++i) {
      if (rewrite[i] == '\\' && i + 1 < rewrite.size() && rewrite[i + 1] >= '0' && rewrite[i + 1] <= '9') {
        // \0 is the match, \1..\9 its groups; a group that is not there is empty
        auto group = static_cast<std::size_t>(rewrite[++i] - '0');
        if (group < match.size() && match[group].data()) out.append(match[group].data(), match[group].size());
        continue;
      }
      out += rewrite[i];
    }
    if (end == begin) {
      // an empty match: keep the next character and look after it
      if (end < text.size()) out.append(text.substr(end, char_length(text, end)));
      pos = end + (end < text.size() ? char_length(text, end) : 1);
    } else {
      pos = end;
    }
    if (!global) break;
  }
  if (pos < text.size()) out.append(text.substr(pos));
}

void split_to_json_array(std::string_view text, std::string_view sep, std::string& out) {
  out += '[';
  bool first = true;
  auto piece = [&](std::string_view p) {
    if (!first) out += ',';
    first = false;
    append_json_string(p, out);
  };
  if (text.empty()) {
    // no pieces
  } else if (sep.empty()) {
    for (std::size_t i = 0; i < text.size(); i += char_length(text, i)) piece(text.substr(i, char_length(text, i)));
  } else {
    std::size_t begin = 0;
    for (std::size_t at; (at = text.find(sep, begin)) != std::string_view::npos; begin = at + sep.size()) {
      piece(text.substr(begin, at - begin));
    }
    piece(text.substr(begin));
  }
  out += ']';
}

void slice_text(std::string_view text, double from, double to, std::string& out) {
  std::vector<std::size_t> starts;  // byte offset of each character
  for (std::size_t i = 0; i < text.size(); i += char_length(text, i)) starts.push_back(i);
  const auto n = static_cast<double>(starts.size());
  if (std::isnan(from) || std::isnan(to)) return;
  from = std::trunc(from);
  to = std::trunc(to);
  if (from < 0) from += n + 1;  // -1 is the last character
  if (to < 0) to += n + 1;
  from = std::max(from, 1.0);
  to = std::min(to, n);
  if (from > to) return;
  const auto first = starts[static_cast<std::size_t>(from) - 1];
  const auto last = static_cast<std::size_t>(to);
  const std::size_t end = last < starts.size() ? starts[last] : text.size();
  out.append(text.substr(first, end - first));
}

double length_of(const Value& v) {
  if (v.is_null()) return 0;
  if (v.type != Type::string || v.kind != ValueKind::json || v.text.empty() ||
      (v.text.front() != '[' && v.text.front() != '{')) {
    return 1;
  }
  static thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(simdjson::padded_string(v.text)).get(root)) return 1;
  if (root.is_array()) return static_cast<double>(simdjson::dom::array(root).size());
  if (root.is_object()) return static_cast<double>(simdjson::dom::object(root).size());
  return 1;
}

}  // namespace weir::expr
