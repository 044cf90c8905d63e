// junit: JUnit XML, the report CI servers (Jenkins, GitLab, Azure) show as
// tests: a testsuite per file checked, a testcase per rule per file, failing
// with the rule's violations in that file. Kept until finish(): the files
// come with the summary.

#include <algorithm>
#include <cstdint>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "core/check/report.hpp"
#include "core/formats/utf8.hpp"

namespace weir::check {

namespace {


constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// `text` as XML 1.0 character data (or, with `attribute`, an attribute value
// in double quotes). What XML 1.0 cannot hold at all (control characters but
// tab and line ends, U+FFFE, U+FFFF, bytes that are not UTF-8) becomes
// U+FFFD. In an attribute, tabs and line ends are written as references, or
// the parser would turn them into spaces; \r is, everywhere, or it would
// become \n.
void append_xml(std::string& out, std::string_view text, bool attribute) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = bytes[i];
    if (c >= 0x80) {
      std::uint32_t cp = 0;
      std::size_t length = utf8_decode(bytes + i, text.size() - i, cp);
      if (length == 0) {
        out += kReplacement;  // one byte that is not UTF-8
        continue;
      }
      if (cp == 0xFFFE || cp == 0xFFFF) {
        out += kReplacement;
      } else {
        out += text.substr(i, length);
      }
      i += length - 1;
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      case '\r':
        out += "&#13;";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        break;
      default:
        if (c < 0x20) {
          out += kReplacement;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
}

std::string xml(std::string_view text, bool attribute = true) {
  std::string out;
  append_xml(out, text, attribute);
  return out;
}

class JunitReporter final : public Reporter {
 public:
  explicit JunitReporter(Sink& sink) : sink_(sink) {}

  void begin(const std::vector<RuleInfo>& rules) override {
    for (const auto& rule : rules) add_rule(rule.id);
  }

  void add(const Violation& v) override {
    add_rule(v.rule);  // a rule not announced (malformed input) is a testcase too
    auto [it, added] = file_index_.emplace(v.file, violation_files_.size());
    if (added) violation_files_.push_back(v.file);
    by_file_rule_[{it->second, rule_index_.at(v.rule)}].push_back(v);
  }

  void finish(const Summary& summary) override {
    // every file checked, in order, then any file only the violations name
    std::vector<std::string> files = summary.files;
    std::unordered_set<std::string_view> listed(summary.files.begin(), summary.files.end());
    for (const auto& file : violation_files_) {
      if (!listed.count(file)) files.push_back(file);
    }

    std::int64_t failures = 0;
    for (const auto& entry : by_file_rule_) failures += entry.second.empty() ? 0 : 1;
    auto tests = static_cast<std::int64_t>(files.size() * rules_.size());

    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += fmt::format(
        "<testsuites name=\"weir check\" tests=\"{}\" failures=\"{}\" errors=\"0\" time=\"{:.3f}\"", tests,
        failures, summary.seconds >= 0 ? summary.seconds : 0.0);
    if (files.empty()) {
      out += "/>\n";
    } else {
      out += ">\n";
      for (const auto& file : files) {
        write_suite(out, file);
        sink_.write(out);
        sink_.maybe_flush();
        out.clear();
      }
      out += "</testsuites>\n";
    }
    sink_.write(out);
    sink_.flush();
  }

 private:
  using Key = std::pair<std::size_t, std::size_t>;  // file index, rule index

  void add_rule(const std::string& id) {
    if (rule_index_.emplace(id, rules_.size()).second) rules_.push_back(id);
  }

  // The violations of rule r in `file`, or null.
  const std::vector<Violation>* violations(const std::string& file, std::size_t r) const {
    auto f = file_index_.find(file);
    if (f == file_index_.end()) return nullptr;
    auto it = by_file_rule_.find({f->second, r});
    return it == by_file_rule_.end() ? nullptr : &it->second;
  }

  void write_suite(std::string& out, const std::string& file) const {
    std::int64_t failures = 0;
    for (std::size_t r = 0; r < rules_.size(); ++r) failures += violations(file, r) ? 1 : 0;
    out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\"", xml(file),
                       rules_.size(), failures);
    if (rules_.empty()) {
      out += "/>\n";
      return;
    }
    out += ">\n";
    for (std::size_t r = 0; r < rules_.size(); ++r) {
      out += fmt::format("    <testcase name=\"{}\" classname=\"{}\"", xml(rules_[r]), xml(file));
      const auto* found = violations(file, r);
      if (!found) {
        out += "/>\n";
        continue;
      }
      // the type is the most severe of the rule's violations here
      Severity severity = Severity::info;
      for (const auto& v : *found) severity = std::max(severity, v.severity);
      out += fmt::format(">\n      <failure message=\"{} violation{}\" type=\"{}\">", found->size(),
                         found->size() == 1 ? "" : "s", severity_name(severity));
      for (std::size_t i = 0; i < found->size(); ++i) {
        const Violation& v = (*found)[i];
        if (i) out += '\n';
        // line 0: the file as a whole, no position
        if (v.line > 0) out += fmt::format("{}:{}: ", v.line, v.column);
        append_xml(out, v.message, false);
      }
      out += "</failure>\n    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }

  Sink& sink_;
  std::vector<std::string> rules_;
  std::unordered_map<std::string, std::size_t> rule_index_;
  std::vector<std::string> violation_files_;  // in order of first violation
  std::unordered_map<std::string, std::size_t> file_index_;
  std::map<Key, std::vector<Violation>> by_file_rule_;
};

}  // namespace

std::unique_ptr<Reporter> make_junit_reporter(Sink& sink, const ReportOptions&) {
  return std::make_unique<JunitReporter>(sink);
}

}  // namespace weir::check
