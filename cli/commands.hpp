#pragma once
/// Carrying out a parsed command line: help, running a pipeline (from the
/// command line, a config, or both), and the `weir config` commands.

#include "cli/args.hpp"
#include "config/config.hpp"
#include "core/errors/error.hpp"

namespace weir::cli {

/// Does what `command` says, writing to standard output. Throws what run()
/// throws, and config::ConfigError for a bad config; main maps them to exit codes.
ExitCode execute(const Command& command);

}  // namespace weir::cli
