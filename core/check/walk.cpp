// Which files a check reads: folders walked, include/exclude globs.

#include <algorithm>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "core/check/check.hpp"
#include "core/errors/error.hpp"
#include "core/formats/format.hpp"

namespace weir::check {

namespace {

namespace fs = std::filesystem;

// [abc], [a-z], [!abc]: p is just past '['; on a match, p moves past ']'.
bool match_class(std::string_view pattern, std::size_t& p, char c) {
  bool negate = p < pattern.size() && (pattern[p] == '!' || pattern[p] == '^');
  if (negate) ++p;
  bool matched = false;
  bool first = true;
  while (p < pattern.size() && (first || pattern[p] != ']')) {
    first = false;
    char low = pattern[p];
    char high = low;
    if (p + 2 < pattern.size() && pattern[p + 1] == '-' && pattern[p + 2] != ']') {
      high = pattern[p + 2];
      p += 2;
    }
    if (c >= low && c <= high) matched = true;
    ++p;
  }
  if (p < pattern.size()) ++p;  // the ']'
  return matched != negate;
}

bool match_from(std::string_view pattern, std::size_t p, std::string_view path, std::size_t s) {
  while (p < pattern.size()) {
    char c = pattern[p];
    if (c == '*') {
      bool deep = p + 1 < pattern.size() && pattern[p + 1] == '*';
      std::size_t next = p + (deep ? 2 : 1);
      // "**/" also matches no folder at all
      if (deep && next < pattern.size() && pattern[next] == '/' && match_from(pattern, next + 1, path, s)) return true;
      for (std::size_t i = s;; ++i) {
        if (match_from(pattern, next, path, i)) return true;
        if (i == path.size() || (!deep && path[i] == '/')) return false;
      }
    }
    if (s == path.size()) return false;
    if (c == '?') {
      if (path[s] == '/') return false;
      ++p;
    } else if (c == '[') {
      ++p;
      if (path[s] == '/' || !match_class(pattern, p, path[s])) return false;
    } else {
      if (c != path[s]) return false;
      ++p;
    }
    ++s;
  }
  return s == path.size();
}

bool matches_any(const std::vector<std::string>& patterns, std::string_view path) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& pattern) { return path_matches(pattern, path); });
}

// A folder is walked for the formats with named fields; plain text (.txt,
// .log as `lines`) is taken only when an include glob names it.
bool walked_format(const FormatInfo* format) { return format && format->make_reader && format->name != "lines"; }

std::string walked_extensions() {
  std::string list;
  for (const FormatInfo& format : formats()) {
    if (!walked_format(&format)) continue;
    for (std::string_view extension : format.extensions) list += fmt::format("{}.{}", list.empty() ? "" : " ", extension);
  }
  return list;
}

void walk(const fs::path& root, const std::vector<std::string>& include, const std::vector<std::string>& exclude,
          std::vector<std::string>& out) {
  std::vector<std::string> found;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) throw SetupError(fmt::format("{}: cannot read the folder: {}", root.string(), ec.message()));
  for (auto end = fs::recursive_directory_iterator(); it != end; it.increment(ec)) {
    if (ec) throw SetupError(fmt::format("{}: cannot read the folder: {}", root.string(), ec.message()));
    const fs::path& path = it->path();
    std::string name = path.filename().string();
    if (!name.empty() && name[0] == '.') {  // .git, .cache, editor files
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    std::string relative = path.lexically_relative(root).generic_string();
    bool wanted = include.empty() ? walked_format(format_for_path(path.string())) : matches_any(include, relative);
    if (wanted && !matches_any(exclude, relative)) found.push_back(path.lexically_normal().generic_string());
  }
  std::sort(found.begin(), found.end());
  out.insert(out.end(), found.begin(), found.end());
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) { return match_from(pattern, 0, path, 0); }

// A pattern without '/' matches a file's name at any depth (as in .gitignore).
bool path_matches(const std::string& pattern, std::string_view path) {
  if (pattern.find('/') != std::string::npos) return glob_match(pattern, path);
  std::size_t slash = path.rfind('/');
  return glob_match(pattern, slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::vector<std::string> expand_inputs(const std::vector<std::string>& paths, const std::vector<std::string>& include,
                                       const std::vector<std::string>& exclude) {
  std::vector<std::string> files;
  for (const auto& path : paths) {
    std::error_code ec;
    if (path != "-" && fs::is_directory(path, ec)) {
      std::size_t before = files.size();
      walk(path, include, exclude, files);
      if (files.size() == before) {
        throw SetupError(include.empty()
                             ? fmt::format("{}: no file to check in this folder (a folder is searched for {}, "
                                           "also .gz and .zst; check.include in the config names others)",
                                           path, walked_extensions())
                             : fmt::format("{}: no file in this folder matches check.include", path));
      }
    } else {
      // a file named on the command line is always read; "./a.csv" is "a.csv",
      // so that reports and baseline fingerprints name it one way
      files.push_back(path == "-" ? path : fs::path(path).lexically_normal().generic_string());
    }
  }
  return files;
}

}  // namespace weir::check
