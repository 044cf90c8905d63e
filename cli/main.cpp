// weir's entry point: parse the command line, carry it out, map the outcome
// to an exit code. All logic lives in the libraries the tests link.

#include <malloc.h>
#include <signal.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/dask_handoff.hpp"
#include "cli/python_plugin.hpp"
#include "config/config.hpp"
#include "core/errors/error.hpp"
#include "core/io/source.hpp"

namespace {

int exit_code(weir::ExitCode code) { return static_cast<int>(code); }

void print_err(const std::string& text) { std::fputs(text.c_str(), stderr); }

// A file seen in place got shorter while it was read: a mapped page past
// its new end is gone. Said as a short read says it (throw_got_shorter),
// naming the file mapped at the address, and the run ends (only
// async-signal-safe calls here).
void on_bus_error(int, siginfo_t* info, void*) {
  auto say = [](const char* text) {
    if (::write(STDERR_FILENO, text, std::strlen(text)) < 0) return;
  };
  say("weir: ");
  if (const char* name = weir::viewed_file(info ? info->si_addr : nullptr)) {
    say(name);
    say(": ");
  }
  say(weir::kGotShorter);
  say("\n");
  ::_exit(static_cast<int>(weir::ExitCode::usage));
}

}  // namespace

int main(int argc, char** argv) {
  // A closed stdout becomes EPIPE from write(), handled as a quiet stop.
  std::signal(SIGPIPE, SIG_IGN);
  struct sigaction bus {};
  bus.sa_sigaction = on_bus_error;
  bus.sa_flags = SA_SIGINFO;
  sigemptyset(&bus.sa_mask);
  sigaction(SIGBUS, &bus, nullptr);
  weir::see_files_in_place();  // (SIGBUS is handled: files may be mapped)
  // Buffers of 128 KiB and more (the sniffer's sample, a batch's fields)
  // come from the heap and go back to it, not to the system: the next one
  // reuses pages already touched, where a fresh page costs a fault (5-20 µs
  // on a virtual machine). A run is short; what it freed is gone at its end.
  // (32 MiB: the most an older glibc takes; were the threshold refused,
  // the trim threshold's call would fix the dynamic one at 128 KiB)
  if (mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1) mallopt(M_TRIM_THRESHOLD, 256 << 20);
  std::vector<std::string> args(argv + 1, argv + argc);
  weir::cli::use_python_plugin();
  try {
    if (weir::cli::wants_dask(args)) weir::cli::hand_off_to_dask(args);  // on a cluster: weir.dask
    return exit_code(weir::cli::execute(weir::cli::parse_command_line(args)));
  } catch (const weir::BrokenPipe&) {
    return exit_code(weir::ExitCode::ok);
  } catch (const weir::InputError& e) {
    print_err(weir::format_data_error(e.error()));
    for (const auto& note : e.notes()) print_err(fmt::format("weir: note: {}\n", note));
    return exit_code(weir::ExitCode::bad_input);
  } catch (const weir::HookError& e) {
    print_err(fmt::format("{}\n", e.what()));
    return exit_code(weir::ExitCode::hook_error);
  } catch (const weir::Interrupted&) {
    print_err("weir: interrupted\n");
    return exit_code(weir::ExitCode::interrupted);
  } catch (const weir::config::ConfigError& e) {
    // every problem in the config, one after the other
    for (const auto& problem : e.problems()) print_err(fmt::format("weir: {}\n", problem));
    return exit_code(weir::ExitCode::usage);
  } catch (const weir::UsageError& e) {
    print_err(fmt::format("weir: {}\n", e.what()));
    return exit_code(weir::ExitCode::usage);
  } catch (const weir::SetupError& e) {
    print_err(fmt::format("weir: {}\n", e.what()));
    return exit_code(weir::ExitCode::usage);
  } catch (const std::bad_alloc&) {
    print_err("weir: out of memory\n");
    return exit_code(weir::ExitCode::usage);
  } catch (const std::exception& e) {
    // anything else a library threw (std::filesystem, std::stoull): its
    // message, never std::terminate's abort
    print_err(fmt::format("weir: {}\n", e.what()));
    return exit_code(weir::ExitCode::usage);
  }
}
