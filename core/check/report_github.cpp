// github: GitHub Actions workflow commands, which the runner turns into
// annotations on the file and line:
//   ::error file=F,line=L,col=C,title=RULE::MESSAGE

#include <fmt/format.h>

#include "core/check/report.hpp"

namespace weir::check {

namespace {

std::string_view command_name(Severity severity) {
  switch (severity) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::info:
      return "notice";  // GitHub has no "info"
  }
  return "error";
}

// The runner's own escaping (actions/toolkit, command.ts): in the message
// % \r \n; in a property value also : and , which separate properties.
void append_escaped(std::string& out, std::string_view text, bool property) {
  for (char c : text) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      case ':':
        out += property ? "%3A" : ":";
        break;
      case ',':
        out += property ? "%2C" : ",";
        break;
      default:
        out += c;
    }
  }
}

class GithubReporter final : public Reporter {
 public:
  explicit GithubReporter(Sink& sink) : sink_(sink) {}

  void add(const Violation& v) override {
    line_.clear();
    line_ += "::";
    line_ += command_name(v.severity);
    line_ += " file=";
    append_escaped(line_, v.file, true);
    // line 0: an annotation on the file as a whole
    if (v.line > 0) line_ += fmt::format(",line={},col={}", v.line, v.column);
    line_ += ",title=";
    append_escaped(line_, v.rule, true);
    line_ += "::";
    append_escaped(line_, v.message, false);
    line_ += '\n';
    sink_.write(line_);
    sink_.maybe_flush();
  }

  void finish(const Summary&) override { sink_.flush(); }

 private:
  Sink& sink_;
  std::string line_;  // reused for every violation
};

}  // namespace

std::unique_ptr<Reporter> make_github_reporter(Sink& sink, const ReportOptions&) {
  return std::make_unique<GithubReporter>(sink);
}

}  // namespace weir::check
