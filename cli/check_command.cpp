#include "cli/check_command.hpp"

#include <unistd.h>

#include <algorithm>

#include <cstdio>
#include <charconv>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "config/config.hpp"
#include "config/runnable_pipeline.hpp"
#include "cli/dask_handoff.hpp"
#include "cli/progress_line.hpp"
#include "core/check/check.hpp"

#ifndef WEIR_VERSION
#define WEIR_VERSION "dev"
#endif

namespace weir::cli {

namespace {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

std::optional<check::Severity> parse_fail_on(const std::string& value, std::string_view where) {
  if (value == "never") return std::nullopt;
  if (auto severity = check::parse_severity(value)) return severity;
  throw UsageError(fmt::format("{} expects error, warning, info or never, got '{}'{}", where, value,
                               did_you_mean(value, {"error", "warning", "info", "never"})));
}

/// A check option's row, and what it does to the check (no setter:
/// --report, read where the reports are made).
using CheckOption = SettingRow<check::CheckSpec>;

const std::vector<CheckOption>& check_option_rows() {
  using Spec = check::CheckSpec;
  using Value = const std::string&;
  static const std::vector<CheckOption> table = {
      {{"", "--rule", "'ID: EXPR'", "a rule: EXPR must hold for every record ('ID:warning: EXPR' sets the severity); repeatable", OptionKind::expression},
       [](Spec& spec, Value v) { spec.rules.push_back(check::parse_rule_option(v)); }},
      {{"", "--select", "IDS", "report only these rules (ids or tags, comma-separated)", OptionKind::list},
       [](Spec& spec, Value v) {
         for (auto& id : split_list(v)) spec.select.push_back(std::move(id));
       }},
      {{"", "--ignore", "IDS", "do not report these rules (ids or tags, comma-separated)", OptionKind::list},
       [](Spec& spec, Value v) {
         for (auto& id : split_list(v)) spec.deselect.push_back(std::move(id));
       }},
      {{"", "--report", "FORMAT[:PATH]", "text (default), json, sarif, junit or github, to PATH or stdout; repeatable", OptionKind::text}},
      {{"", "--fail-on", "SEVERITY", "exit 1 for a violation at or above: error (default), warning, info, or never", OptionKind::choice, {"error", "warning", "info", "never"}},
       [](Spec& spec, Value v) { spec.fail_on = parse_fail_on(v, "--fail-on"); }},
      {{"", "--max-violations", "N", "stop after N violations", OptionKind::count, {}, 1},
       [](Spec& spec, Value v) { spec.max_violations = count_value(v); }},
      {{"", "--baseline", "FILE", "report only violations that FILE (from --write-baseline) does not hold", OptionKind::file},
       [](Spec& spec, Value v) { spec.baseline = v; }},
      {{"", "--write-baseline", "FILE", "write every violation found to FILE, as the baseline for later checks (exits 0)", OptionKind::file},
       [](Spec& spec, Value v) { spec.write_baseline = v; }},
  };
  return table;
}

}  // namespace

const std::vector<OptionInfo>& check_options() {
  static const std::vector<OptionInfo> table = option_infos(check_option_rows());
  return table;
}

std::string check_help() {
  std::string out =
      "weir check - hold records to rules and a schema; report violations for people and CI\n"
      "\n"
      "Usage: weir check [-c CONFIG] [OPTIONS] [FILE|DIR...]\n"
      "\n";
  out += "Reads the FILEs (folders are searched for files weir reads: .csv .tsv .jsonl .logfmt ..., also\n"
         "compressed), runs the config's pipeline, and checks every record it outputs against the\n"
         "config's schema and rules and the --rule options. Each violation names file, line, column,\n"
         "rule and severity. A malformed record is a violation of rule 'malformed' and the check goes\n"
         "on. Without -c, ./weir.json is used when it exists. The summary goes to standard error.\n"
         "\nOptions:\n";
  for (const auto& o : check_options()) {
    out += fmt::format("  {:<30} {}\n", fmt::format("{} {}", o.long_name, o.value_name), o.help);
  }
  out += "  (and the main options: -c, --from, -d, --no-hooks, ...; see weir --help)\n"
         "\nExit status:\n"
         "  0 no violation at or above --fail-on;  1 violations;  2 usage or config error;\n"
         "  4 a Python rule hook raised\n"
         "\nExamples:\n"
         "  weir check --rule 'status-valid: status >= 100 and status < 600' examples/access.csv\n"
         "      one rule from the command line\n"
         "  weir check -c examples/check.json --fail-on never examples/access.csv\n"
         "      a config's schema and rules, without failing\n"
         "  weir check -c examples/check.json --report sarif:weir.sarif --fail-on never examples/\n"
         "      every file weir reads under examples/, as SARIF for code scanning\n"
         "\nMore: man weir (CHECK), man weir-config (rules, schema, check)\n";
  return out;
}

namespace {

// The config: -c, else ./weir.json when there is one.
std::optional<config::Config> load_check_config(const Command& command) {
  if (command.words.config) return config::load_config(*command.words.config);
  std::error_code ec;
  if (std::filesystem::is_regular_file(kDefaultConfig, ec)) return config::load_config(kDefaultConfig);
  return std::nullopt;
}

check::CheckSpec check_spec(const Command& command) {
  check::CheckSpec spec;
  spec.pipeline = command.words.pipeline;
  if (std::optional<config::Config> config = load_check_config(command)) {
    spec.pipeline = config::runnable_pipeline(*config, command.words, config::Purpose::check);
    spec.rules = config->rules;
    spec.schema = config->schema;
    spec.include = config->check.include;
    spec.exclude = config->check.exclude;
    spec.ignore = config->check.ignore;
    if (config->check.fail_on) spec.fail_on = parse_fail_on(*config->check.fail_on, "check.fail_on");
    spec.max_violations = config->check.max_violations;
  }
  for (const auto& [name, value] : command.check_options) {
    const CheckOption* o = row_named(check_option_rows(), name);
    if (o && o->set) o->set(spec, value);
  }
  return spec;
}

}  // namespace

ExitCode run_check_command(const Command& command) {
  if (command.words.pipeline.rejects || command.words.pipeline.max_rejects) {
    // a check reports every rejected or repaired row as a violation already
    throw UsageError("check: --rejects and --max-rejects are for runs; weir check reports each rejected or repaired "
                     "row as a violation (--report json:FILE keeps them, --max-violations stops early)");
  }
  check::CheckSpec spec = check_spec(command);
  if (std::optional<ExitCode> code = dask_check_step(spec)) return *code;  // a worker's part (weir --dask)

  // one reporter per --report; text on standard output when none is given
  std::vector<check::ReportTarget> targets;
  for (const auto& [name, value] : command.check_options) {
    if (name == "--report") targets.push_back(check::parse_report_target(value));
  }
  if (targets.empty()) targets.push_back({"text", std::nullopt});
  std::vector<std::unique_ptr<Sink>> sinks;
  std::vector<std::unique_ptr<check::Reporter>> reporters;
  std::vector<check::Reporter*> reporter_list;
  int to_stdout = 0;
  std::vector<std::string> paths;
  for (const auto& target : targets) {
    to_stdout += !target.path;  // "-" is no path (parse_report_target)
    if (to_stdout > 1) throw UsageError("--report: only one report can go to standard output; give the others a PATH");
    if (target.path) {
      if (std::find(paths.begin(), paths.end(), *target.path) != paths.end()) {
        throw UsageError(fmt::format("--report: two reports would be written to {}", *target.path));
      }
      paths.push_back(*target.path);
    }
  }
  for (const auto& target : targets) {
    bool stdout_target = !target.path;
    if (!stdout_target) {
      // reports/weir.sarif: the folder is made, as CI jobs expect
      std::filesystem::path parent = std::filesystem::path(*target.path).parent_path();
      std::error_code ec;
      if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    }
    sinks.push_back(stdout_target ? stdout_sink() : file_sink(*target.path));
    check::ReportOptions options;
    options.color = stdout_target && target.format == "text" && ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
    options.tool_version = WEIR_VERSION;
    reporters.push_back(check::make_reporter(target.format, *sinks.back(), options));
    reporter_list.push_back(reporters.back().get());
  }

  std::optional<check::CheckResult> merged = dask_check_merge(spec, reporter_list);  // weir check --dask
  std::optional<check::CheckResult> checked;
  if (!merged) {
    spec.pipeline.progress = std::make_shared<InputProgress>();
    ProgressLine progress(spec.pipeline.progress, wants_progress(spec.pipeline.show_progress, to_stdout > 0));
    checked = check::run_check(spec, reporter_list);
  }
  check::CheckResult result = merged ? std::move(*merged) : std::move(*checked);
  for (auto& sink : sinks) sink->commit();
  for (const auto& note : result.summary.notes) std::fputs(fmt::format("weir check: note: {}\n", note).c_str(), stderr);
  std::fputs((check::summary_line(result.summary) + "\n").c_str(), stderr);
  // writing a baseline accepts what was found: a CI step that records today's state passes
  return result.failed && !spec.write_baseline ? ExitCode::violations : ExitCode::ok;
}

}  // namespace weir::cli
