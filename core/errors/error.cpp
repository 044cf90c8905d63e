#include "core/errors/error.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace weir {

namespace {

constexpr std::size_t kMaxExcerpt = 200;

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Control characters would garble the terminal; show them as U+2400 pictures
// or as a dot, and keep the caret aligned by counting one column for each.
std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (c == '\t') {
      out += ' ';
    } else if (c < 0x20 || c == 0x7F) {
      out += '.';
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

std::string_view clipped(std::string_view text, std::size_t most) {
  std::size_t cut = std::min(text.size(), most);
  while (cut < text.size() && cut > 0 && is_continuation(static_cast<unsigned char>(text[cut]))) --cut;
  return text.substr(0, cut);
}

std::string_view data_error_kind_name(DataErrorKind kind) {
  switch (kind) {
    case DataErrorKind::malformed: return "malformed";
    case DataErrorKind::ragged: return "ragged";
    case DataErrorKind::stray_quote: return "stray-quote";
    case DataErrorKind::unterminated_quote: return "unterminated-quote";
    case DataErrorKind::invalid_json: return "invalid-json";
    case DataErrorKind::invalid_utf8: return "invalid-utf8";
    case DataErrorKind::preamble: return "preamble";
    case DataErrorKind::second_table: return "second-table";
    case DataErrorKind::comment: return "comment";
    case DataErrorKind::repeated_header: return "repeated-header";
    case DataErrorKind::too_large: return "too-large";
    case DataErrorKind::hook_error: return "hook-error";
  }
  return "malformed";
}

DataError locate_error(std::string file, std::int64_t line, const char* line_start,
                       const char* at, const char* end, std::string message, char line_break) {
  DataError error;
  error.file = std::move(file);
  error.line = line;
  error.message = std::move(message);
  at = std::min(at, end);
  std::int64_t column = 1;
  for (const char* p = line_start; p < at; ++p) {
    if (!is_continuation(static_cast<unsigned char>(*p))) ++column;
  }
  error.column = column;
  const char* line_end = line_start;
  while (line_end < end && *line_end != line_break) ++line_end;
  if (line_end > line_start && line_end[-1] == '\r') --line_end;
  error.excerpt.assign(line_start, std::min<std::size_t>(line_end - line_start, 4 * kMaxExcerpt));
  return error;
}

std::string format_data_error(const DataError& error) {
  if (error.line == 0) return fmt::format("weir: {}: {}\n", error.file, error.message);
  std::string out = fmt::format("weir: {}:{}:{}: {}\n", error.file, error.line, error.column,
                                error.message);
  if (error.excerpt.empty() && error.column <= 1) return out;
  // Show at most kMaxExcerpt characters, starting early enough that the caret
  // stays on screen.
  std::string_view text = error.excerpt;
  std::int64_t skip_chars = std::max<std::int64_t>(0, error.column - 1 - 3 * kMaxExcerpt / 4);
  std::size_t begin = 0;
  for (std::int64_t skipped = 0; begin < text.size() && skipped < skip_chars; ++begin) {
    if (!is_continuation(static_cast<unsigned char>(text[begin]))) ++skipped;
    if (skipped == skip_chars) {
      ++begin;
      while (begin < text.size() && is_continuation(static_cast<unsigned char>(text[begin])))
        ++begin;
      break;
    }
  }
  std::size_t end = begin;
  for (std::size_t chars = 0; end < text.size() && chars < kMaxExcerpt; ++end) {
    if (!is_continuation(static_cast<unsigned char>(text[end]))) ++chars;
  }
  while (end < text.size() && is_continuation(static_cast<unsigned char>(text[end]))) ++end;
  std::string prefix = begin > 0 ? "..." : "";
  std::string suffix = end < text.size() ? "..." : "";
  out += fmt::format("  {}{}{}\n", prefix, printable(text.substr(begin, end - begin)), suffix);
  std::int64_t caret = error.column - 1 - skip_chars + static_cast<std::int64_t>(prefix.size());
  out += fmt::format("  {}^\n", std::string(static_cast<std::size_t>(std::max<std::int64_t>(0, caret)), ' '));
  return out;
}

InputError::InputError(DataError error)
    : std::runtime_error(error.message), error_(std::move(error)) {}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string nearest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    std::size_t d = edit_distance(word, candidate);
    // a prefix ("sel" for "select") is as good as a small typo
    if (candidate.size() > word.size() && word.size() >= 2 &&
        candidate.compare(0, word.size(), word) == 0) {
      d = std::min<std::size_t>(d, 1);
    }
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best = nearest(word, candidates);
  return best.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", best);
}

}  // namespace weir
