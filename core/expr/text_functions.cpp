// sub/gsub with capture groups, splitax, string slices and length; Miller's
// text functions (toupper, strip, truncate, ssub, ...).

#include <re2/re2.h>
#include <simdjson.h>

#include <locale.h>
#include <wctype.h>

#include <cctype>
#include <cmath>
#include <vector>

#include "core/expr/builtin_impl.hpp"
#include "core/expr/builtins.hpp"
#include "core/expr/expression.hpp"
#include "core/formats/json_text.hpp"
#include "core/formats/utf8.hpp"
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

// The code point of the well-formed UTF-8 character s[i, i + length); none
// for a stray or overlong byte sequence (copied as it is).
std::optional<char32_t> decode(std::string_view s, std::size_t i, std::size_t length) {
  const auto lead = static_cast<unsigned char>(s[i]);
  static constexpr unsigned char kLeadBits[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
  static constexpr unsigned char kLeadTags[] = {0, 0x00, 0xC0, 0xE0, 0xF0};
  if (length > 4 || (lead & ~kLeadBits[length]) != kLeadTags[length]) return std::nullopt;
  char32_t c = lead & kLeadBits[length];
  for (std::size_t k = 1; k < length; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  static constexpr char32_t kLeast[] = {0, 0, 0x80, 0x800, 0x10000};
  if (c < kLeast[length] || c > 0x10FFFF) return std::nullopt;
  return c;
}

// Up to `count` characters of s in upper (or lower) case, each by itself as
// Go's strings.ToUpper maps them, by the C library's Unicode tables
// (C.UTF-8, whatever the user's locale); the rest of s as it is.
void append_case(std::string_view s, bool upper, std::size_t count, std::string& out) {
  static const locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t{});
  std::size_t i = 0;
  for (; i < s.size() && count > 0; --count) {
    const std::size_t length = char_length(s, i);
    std::optional<char32_t> c = decode(s, i, length);
    if (c && utf8) {
      const auto w = static_cast<wint_t>(*c);
      append_utf8(static_cast<char32_t>(upper ? towupper_l(w, utf8) : towlower_l(w, utf8)), out);
    } else if (length == 1) {  // (no C.UTF-8 here: ASCII letters only)
      const auto b = static_cast<unsigned char>(s[i]);
      out += static_cast<char>(upper ? std::toupper(b) : std::tolower(b));
    } else {
      out.append(s.substr(i, length));
    }
    i += length;
  }
  out.append(s.substr(i));
}

bool space_or_tab(char c) { return c == ' ' || c == '\t'; }
// Go's \s, which Miller's collapse_whitespace matches
bool go_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

std::string_view strip(std::string_view s, bool leading, bool trailing) {
  while (leading && !s.empty() && space_or_tab(s.front())) s.remove_prefix(1);
  while (trailing && !s.empty() && space_or_tab(s.back())) s.remove_suffix(1);
  return s;
}

void collapse_whitespace(std::string_view s, std::string& out) {
  for (std::size_t i = 0; i < s.size();) {
    if (!go_space(s[i])) {
      out += s[i++];
      continue;
    }
    out += ' ';
    while (i < s.size() && go_space(s[i])) ++i;
  }
}

// Go's strings.Replace(s, old, new, 1 or all): an empty old matches before
// each character and at the end.
void replace_text(std::string_view s, std::string_view old, std::string_view replacement, bool all,
                  std::string& out) {
  if (old.empty()) {
    if (all) {
      for (std::size_t i = 0; i < s.size(); i += char_length(s, i)) {
        out.append(replacement);
        out.append(s.substr(i, char_length(s, i)));
      }
    }
    out.append(replacement);
    if (!all) out.append(s);
    return;
  }
  std::size_t pos = 0;
  for (std::size_t at; (at = s.find(old, pos)) != std::string_view::npos;) {
    out.append(s.substr(pos, at - pos));
    out.append(replacement);
    pos = at + old.size();
    if (!all) break;
  }
  out.append(s.substr(pos));
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

Value call_text_function(Builtin id, std::span<const Value> args, std::string& out) {
  const Value& v = args[0];
  char buffer[kNumberTextMost];
  auto string_result = [&]() { return Value::of(std::string_view(out)); };
  switch (id) {
    case Builtin::truncate: {
      if (v.is_null()) return v;
      auto n = args[1].type == Type::boolean ? std::nullopt : args[1].as_number();
      if (!n || *n < 0 || *n != std::trunc(*n)) return Value::null();
      std::string_view s = text_of(v, buffer, sizeof buffer);
      std::size_t end = 0;
      for (double count = 0; count < *n && end < s.size(); ++count) end += char_length(s, end);
      out.assign(s.substr(0, end));
      return string_result();
    }
    case Builtin::ssub:
    case Builtin::gssub: {
      if (v.is_null()) return v;
      char b1[kNumberTextMost], b2[kNumberTextMost];
      replace_text(text_of(v, buffer, sizeof buffer), text_of(args[1], b1, sizeof b1),
                   text_of(args[2], b2, sizeof b2), id == Builtin::gssub, out);
      return string_result();
    }
    default: break;
  }
  // the others change text only: a number or boolean is returned as it is
  if (miller_type(v) != MillerType::string) return v;
  std::string_view s = v.text;
  switch (id) {
    case Builtin::toupper:
    case Builtin::tolower: append_case(s, id == Builtin::toupper, s.size(), out); break;
    case Builtin::capitalize: append_case(s, true, 1, out); break;
    case Builtin::lstrip:
    case Builtin::rstrip:
    case Builtin::strip: out.assign(strip(s, id != Builtin::rstrip, id != Builtin::lstrip)); break;
    case Builtin::clean_whitespace: {
      std::string collapsed;
      collapse_whitespace(s, collapsed);
      out.assign(strip(collapsed, true, true));
      break;
    }
    default: collapse_whitespace(s, out); break;
  }
  return string_result();
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
