#include "cli/commands.hpp"

#include <cstdio>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "cli/check_command.hpp"
#include "cli/completion.hpp"
#include "cli/sniff_command.hpp"
#include "cli/help.hpp"
#include "cli/progress_line.hpp"
#include "config/runnable_pipeline.hpp"
#include "core/pipeline/pipeline.hpp"

namespace weir::cli {

namespace {

void print(const std::string& text) {
  std::fputs(text.c_str(), stdout);
}

// "2 ragged, 1 stray-quote"
std::string by_kind(const std::array<std::int64_t, kDataErrorKinds>& counts) {
  std::vector<std::string> parts;
  for (std::size_t k = 0; k < kDataErrorKinds; ++k) {
    if (counts[k] > 0) parts.push_back(fmt::format("{} {}", counts[k], data_error_kind_name(static_cast<DataErrorKind>(k))));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

// The closing summary: every row read is written, left out by a verb,
// or rejected; some of those written were repaired.
std::string run_summary(const RunStats& stats, const PipelineSpec& spec) {
  auto plural = [](std::int64_t n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
  };
  // a hook's reject was a record read, then rejected by its stage
  std::int64_t by_stages = stats.rejected[static_cast<std::size_t>(DataErrorKind::hook_error)];
  std::int64_t rows = stats.records_read + stats.skipped - by_stages;
  std::string line = fmt::format("weir: read {}: {} written", plural(rows, "row", "rows"), stats.written);
  if (std::int64_t left = stats.records_read - stats.written - by_stages; left != 0) {
    line += fmt::format(", {} left out by the verbs", left);
  }
  line += fmt::format(", {} rejected", stats.skipped);
  if (stats.skipped > 0) line += fmt::format(" ({})", by_kind(stats.rejected));
  if (stats.repaired_total > 0) line += fmt::format("; {} repaired ({})", stats.repaired_total, by_kind(stats.repaired));
  if (stats.skipped > 0) {
    const DataError& first = stats.first_skipped;
    line += fmt::format("; the first rejected: {}:{}:{}: {}", first.file, first.line, first.column, first.message);
  }
  if (stats.skipped > 0 || stats.repaired_total > 0) {
    line += spec.rejects ? fmt::format("; each one is in {}", *spec.rejects) : "; --rejects FILE keeps each one";
  }
  return line + "\n";
}

config::Config load(const Command& command) {
  return config::load_config(*command.words.config);
}

ExitCode run_pipeline(const Command& command) {
  PipelineSpec spec = config::build_pipeline(command.words);
  RunStats stats;
  {
    spec.progress = std::make_shared<InputProgress>();
    ProgressLine progress(spec.progress, wants_progress(spec.show_progress, !spec.output));
    stats = run(spec);
  }
  for (const auto& note : stats.notes) std::fputs(fmt::format("weir: note: {}\n", note).c_str(), stderr);
  if (stats.skipped > 0 || stats.repaired_total > 0 || spec.summary) {
    std::fputs(run_summary(stats, spec).c_str(), stderr);
  }
  return ExitCode::ok;
}

std::string help_text(const std::string& topic) {
  if (topic.empty()) return main_help();
  if (topic == "run") return run_help();
  if (topic == "config") return config_help();
  if (topic == "check") return check_help();
  if (topic == "sniff") return sniff_help();
  if (topic == "expressions") return expressions_help();
  return verb_help(topic);
}

}  // namespace

ExitCode execute(const Command& command) {
  switch (command.kind) {
    case Command::Kind::help:
      print(help_text(command.help_topic));
      return ExitCode::ok;
    case Command::Kind::version:
      print(version_text());
      return ExitCode::ok;
    case Command::Kind::completion:
      print(completion_script(command.help_topic));
      return ExitCode::ok;
    case Command::Kind::man: {
      std::ifstream in(command.help_topic);
      if (!in) throw SetupError(fmt::format("{}: cannot open", command.help_topic));
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      print(man_page(text));
      return ExitCode::ok;
    }
    case Command::Kind::config_schema:
      print(std::string(config::schema_text()));
      return ExitCode::ok;
    case Command::Kind::config_validate:
      load(command);
      print(fmt::format("{}: ok\n", *command.words.config));
      return ExitCode::ok;
    case Command::Kind::config_show: {
      config::Config config = load(command);
      config.pipeline = config::merged_pipeline(config, command.words);
      config.stage_paths.clear();
      print(config::show_config(config));
      return ExitCode::ok;
    }
    case Command::Kind::check:
      return run_check_command(command);
    case Command::Kind::sniff:
      return run_sniff_command(command);
    case Command::Kind::run:
      break;
  }
  return run_pipeline(command);
}

}  // namespace weir::cli
