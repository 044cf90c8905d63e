#include "core/check/report.hpp"

#include <fmt/format.h>

#include "core/errors/error.hpp"

namespace weir::check {

// Each format's reporter, defined in report_<format>.cpp.
std::unique_ptr<Reporter> make_text_reporter(Sink& sink, const ReportOptions& options);
std::unique_ptr<Reporter> make_json_reporter(Sink& sink, const ReportOptions& options);
std::unique_ptr<Reporter> make_sarif_reporter(Sink& sink, const ReportOptions& options);
std::unique_ptr<Reporter> make_junit_reporter(Sink& sink, const ReportOptions& options);
std::unique_ptr<Reporter> make_github_reporter(Sink& sink, const ReportOptions& options);

namespace {

using Factory = std::unique_ptr<Reporter> (*)(Sink&, const ReportOptions&);

struct ReportFormat {
  std::string_view name;
  Factory make;
};

// The one table of report formats, in help order.
constexpr ReportFormat kFormats[] = {
    {"text", make_text_reporter},   {"json", make_json_reporter},     {"sarif", make_sarif_reporter},
    {"junit", make_junit_reporter}, {"github", make_github_reporter},
};

const ReportFormat& format_named(std::string_view name) {
  for (const auto& format : kFormats) {
    if (format.name == name) return format;
  }
  std::vector<std::string> names(report_formats().begin(), report_formats().end());
  throw UsageError(fmt::format("unknown report format '{}'{}; report formats are: {}", name,
                               did_you_mean(name, names), fmt::join(names, ", ")));
}

}  // namespace

const std::vector<std::string_view>& report_formats() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (const auto& format : kFormats) out.push_back(format.name);
    return out;
  }();
  return names;
}

std::unique_ptr<Reporter> make_reporter(std::string_view format, Sink& sink, const ReportOptions& options) {
  return format_named(format).make(sink, options);
}

ReportTarget parse_report_target(std::string_view text) {
  auto colon = text.find(':');
  std::string_view format = text.substr(0, colon);
  format_named(format);  // throws for an unknown format, before any file is made
  if (colon == std::string_view::npos) return {std::string(format), std::nullopt};
  std::string_view path = text.substr(colon + 1);
  if (path.empty()) {
    throw UsageError(
        fmt::format("--report {}: missing the file after ':' (or leave out ':' for standard output)", text));
  }
  // "-", as elsewhere, is standard output
  if (path == "-") return {std::string(format), std::nullopt};
  return {std::string(format), std::string(path)};
}

}  // namespace weir::check
