// Reading a config: the file, its JSON syntax (with line, column and a
// caret), keys given twice, then the Checker's walk.

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include <fmt/format.h>

#include "config/checker.hpp"
#include "config/config.hpp"

namespace weir::config {

namespace {

std::string joined(const std::vector<std::string>& problems) {
  // what() reads like the lines main prints, for callers that print only it
  return fmt::format("{}", fmt::join(problems, "\nweir: "));
}

// nlohmann's message without its "[json.exception...] parse error at line
// L, column C: " prefix (weir shows its own position and a caret) and
// without "last read: '...'" (the caret shows that too).
std::string parse_error_text(std::string message) {
  if (std::size_t at = message.find("parse error"); at != std::string::npos) {
    if (std::size_t colon = message.find(": ", at); colon != std::string::npos) message.erase(0, colon + 2);
  }
  if (std::size_t last = message.find("; last read: '"); last != std::string::npos) {
    std::size_t end = message.find("'; ", last + 14);
    message.erase(last, end == std::string::npos ? std::string::npos : end + 1 - last);
  }
  return message;
}

// `weir.json:3:14: invalid JSON: ...`, the line and a caret.
std::string syntax_problem(std::string_view text, const std::string& file, std::size_t byte,
                           const std::string& message) {
  // nlohmann counts the byte it stopped at from 1
  std::size_t at = std::min(byte == 0 ? 0 : byte - 1, text.size());
  std::size_t line_start = at;
  while (line_start > 0 && text[line_start - 1] != '\n') --line_start;
  std::int64_t line =
      1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(line_start), '\n');
  DataError error = locate_error(file, line, text.data() + line_start, text.data() + at,
                                 text.data() + text.size(), "invalid JSON: " + message);
  std::string shown = format_data_error(error);
  // main adds "weir: " and the line end back
  if (shown.starts_with("weir: ")) shown.erase(0, 6);
  while (!shown.empty() && shown.back() == '\n') shown.pop_back();
  return shown;
}

// Whether the parser stopped at a ']' or '}' right after a comma: the most
// common slip in a hand-written config.
bool trailing_comma(std::string_view text, std::size_t byte) {
  if (byte == 0 || byte > text.size() || (text[byte - 1] != ']' && text[byte - 1] != '}')) return false;
  std::size_t i = byte - 1;
  while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n' || text[i - 1] == '\r'))
    --i;
  return i > 0 && text[i - 1] == ',';
}

// Tracks where the parser is, to name a key that appears twice in one
// object: JSON allows it, but the last one would silently win.
class DuplicateKeys {
 public:
  explicit DuplicateKeys(const std::string& file) : file_(file) {}

  bool operator()(int, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
      case Json::parse_event_t::array_start:
        frames_.push_back({event == Json::parse_event_t::array_start, 0, element_path(), {}, {}});
        break;
      case Json::parse_event_t::object_end:
      case Json::parse_event_t::array_end:
        frames_.pop_back();
        break;
      case Json::parse_event_t::key: {
        Frame& frame = frames_.back();
        frame.key = parsed.get<std::string>();
        if (!frame.keys.insert(frame.key).second) {
          problems_.push_back(fmt::format("{}: {}: key given twice (the last one would win)", file_,
                                          member_path(frame.path, frame.key)));
        }
        break;
      }
      case Json::parse_event_t::value:
        element_path();  // counts the element of an array
        break;
    }
    return true;
  }

  std::vector<std::string>& problems() { return problems_; }

 private:
  struct Frame {
    bool array;
    std::size_t index;
    std::string path;
    std::set<std::string> keys;
    std::string key;
  };

  // The path of the value starting now, inside the innermost container.
  std::string element_path() {
    if (frames_.empty()) return "";
    Frame& parent = frames_.back();
    return parent.array ? index_path(parent.path, parent.index++) : member_path(parent.path, parent.key);
  }

  const std::string& file_;
  std::vector<Frame> frames_;
  std::vector<std::string> problems_;
};

std::string absolute_folder(const std::string& path) {
  std::filesystem::path folder = std::filesystem::absolute(path).lexically_normal().parent_path();
  return folder.string();
}

}  // namespace

ConfigError::ConfigError(std::vector<std::string> problems)
    : UsageError(joined(problems)), problems_(std::move(problems)) {
}

Config parse_config(std::string_view text, const std::string& path) {
  Json root;
  DuplicateKeys duplicates(path);
  try {
    root = Json::parse(text.begin(), text.end(), std::ref(duplicates));
  } catch (const Json::parse_error& e) {
    std::string message = parse_error_text(e.what());
    if (trailing_comma(text, e.byte)) message += " (JSON allows no comma before ']' or '}')";
    throw ConfigError({syntax_problem(text, path, e.byte, message)});
  } catch (const Json::out_of_range& e) {
    // a number past a double's range (1e999): nlohmann names it but not
    // where it is (found by fuzz_config: it escaped as an uncaught exception)
    std::string what = e.what();
    std::size_t open = what.find("parsing '");
    std::string number = open == std::string::npos ? "" : what.substr(open + 9, what.rfind('\'') - open - 9);
    std::size_t at = number.empty() ? std::string_view::npos : text.find(number);
    throw ConfigError({syntax_problem(text, path, at == std::string_view::npos ? 0 : at + 1,
                                      fmt::format("number {} is out of range (beyond a double's 1.8e308)",
                                                  number))});
  }
  Checker checker(path, absolute_folder(path));
  Config config = checker.check(root);
  std::vector<std::string> problems = std::move(duplicates.problems());
  for (auto& p : checker.problems()) problems.push_back(std::move(p));
  if (!problems.empty()) throw ConfigError(std::move(problems));
  return config;
}

Config load_config(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error))
    throw SetupError(fmt::format("{}: cannot open: Is a directory", path));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SetupError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_config(text, path);
}

std::vector<std::string> run_problems(const Config& config, Purpose purpose) {
  std::vector<std::string> problems;
  for (std::size_t i = 0; i < config.stage_paths.size() && i < config.pipeline.stages.size(); ++i) {
    if (config.pipeline.stages[i].verb == "hook" && !find_stage("hook")) {
      problems.push_back(
          fmt::format("{}: {}.hook: this weir was built without Python, so it cannot run hooks", config.path,
                      config.stage_paths[i]));
    }
  }
  if ((config.parse_hook || config.format_hook) && !find_stage("hook")) {
    problems.push_back(fmt::format("{}: {}: this weir was built without Python, so it cannot run hooks",
                                   config.path, config.parse_hook ? "input.parse" : "output.format_hook"));
  }
  if (purpose == Purpose::check) {
    for (const auto& rule : config.rules) {
      if (!rule.hook || find_stage("hook")) continue;  // (looked up only for a hook: it loads Python)
      problems.push_back(
          fmt::format("{}: {}.hook: this weir was built without Python, so it cannot run rule hooks",
                      config.path, rule.origin));
    }
  }
  return problems;
}

}  // namespace weir::config
