// text: FILE:LINE:COL: SEVERITY[RULE] MESSAGE, one violation a line.

#include <fmt/format.h>

#include "core/check/report.hpp"

namespace weir::check {

namespace {

constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kDim = "\x1b[2m";
constexpr std::string_view kRed = "\x1b[31m";
constexpr std::string_view kYellow = "\x1b[33m";
constexpr std::string_view kCyan = "\x1b[36m";
constexpr std::string_view kReset = "\x1b[0m";

std::string_view severity_color(Severity severity) {
  switch (severity) {
    case Severity::error:
      return kRed;
    case Severity::warning:
      return kYellow;
    case Severity::info:
      return kCyan;
  }
  return kRed;
}

// File names and messages come from the data: a newline would split the
// line (and break `grep`), an escape byte would drive the terminal. Control
// characters are written as \n, \r or \xHH; tabs are kept.
void append_visible(std::string& out, std::string_view text) {
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if ((byte >= 0x20 && byte != 0x7f) || c == '\t') {
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      out += fmt::format("\\x{:02x}", byte);
    }
  }
}

class TextReporter final : public Reporter {
 public:
  TextReporter(Sink& sink, const ReportOptions& options) : sink_(sink), color_(options.color) {}

  void add(const Violation& v) override {
    line_.clear();
    if (color_) line_ += kBold;
    append_visible(line_, v.file);
    // line 0: the file as a whole, no position
    if (v.line > 0) line_ += fmt::format(":{}:{}", v.line, v.column);
    line_ += ':';
    if (color_) line_ += kReset;
    line_ += ' ';
    if (color_) line_ += severity_color(v.severity);
    line_ += severity_name(v.severity);
    if (color_) {
      line_ += kReset;
      line_ += kDim;
    }
    line_ += '[';
    append_visible(line_, v.rule);
    line_ += ']';
    if (color_) line_ += kReset;
    line_ += ' ';
    append_visible(line_, v.message);
    line_ += '\n';
    sink_.write(line_);
    sink_.maybe_flush();
  }

  // The summary line is the CLI's, on stderr.
  void finish(const Summary&) override { sink_.flush(); }

 private:
  Sink& sink_;
  bool color_;
  std::string line_;  // reused for every violation
};

}  // namespace

std::unique_ptr<Reporter> make_text_reporter(Sink& sink, const ReportOptions& options) {
  return std::make_unique<TextReporter>(sink, options);
}

}  // namespace weir::check
