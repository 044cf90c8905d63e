// weir's entry point: parse the command line, run the pipeline, map the
// outcome to an exit code. All logic lives in the libraries the tests link.

#include <csignal>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/args.hpp"
#include "cli/help.hpp"
#include "core/errors/error.hpp"
#include "core/pipeline/pipeline.hpp"

namespace {

int exit_code(weir::ExitCode code) { return static_cast<int>(code); }

void print_err(const std::string& text) { std::fputs(text.c_str(), stderr); }

}  // namespace

int main(int argc, char** argv) {
  // A closed stdout becomes EPIPE from write(), handled as a quiet stop.
  std::signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    weir::cli::Command command = weir::cli::parse_command_line(args);
    switch (command.kind) {
      case weir::cli::Command::Kind::help:
        std::fputs((command.help_topic.empty() ? weir::cli::main_help()
                                               : weir::cli::verb_help(command.help_topic)).c_str(),
                   stdout);
        return exit_code(weir::ExitCode::ok);
      case weir::cli::Command::Kind::version:
        std::fputs(weir::cli::version_text().c_str(), stdout);
        return exit_code(weir::ExitCode::ok);
      case weir::cli::Command::Kind::man: {
        std::ifstream in(command.help_topic);
        if (!in) throw weir::SetupError(fmt::format("{}: cannot open", command.help_topic));
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::fputs(weir::cli::man_page(text).c_str(), stdout);
        return exit_code(weir::ExitCode::ok);
      }
      case weir::cli::Command::Kind::run: break;
    }
    weir::RunStats stats = weir::run(command.pipeline);
    if (stats.skipped > 0) {
      const weir::DataError& first = stats.first_skipped;
      print_err(fmt::format("weir: skipped {} malformed record{}; the first: {}:{}:{}: {}\n", stats.skipped,
                            stats.skipped == 1 ? "" : "s", first.file, first.line, first.column,
                            first.message));
    }
    return exit_code(weir::ExitCode::ok);
  } catch (const weir::BrokenPipe&) {
    return exit_code(weir::ExitCode::ok);
  } catch (const weir::InputError& e) {
    print_err(weir::format_data_error(e.error()));
    return exit_code(weir::ExitCode::bad_input);
  } catch (const weir::UsageError& e) {
    print_err(fmt::format("weir: {}\n", e.what()));
    return exit_code(weir::ExitCode::usage);
  } catch (const weir::SetupError& e) {
    print_err(fmt::format("weir: {}\n", e.what()));
    return exit_code(weir::ExitCode::usage);
  } catch (const std::bad_alloc&) {
    print_err("weir: out of memory\n");
    return exit_code(weir::ExitCode::usage);
  }
}
