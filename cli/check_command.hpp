#pragma once
/// `weir check`: its options, its help, and carrying it out.

#include <string>
#include <vector>

#include "cli/args.hpp"
#include "core/errors/error.hpp"

namespace weir::cli {

/// `weir check`'s own options (all take a value), in help order.
const std::vector<OptionInfo>& check_options();

/// `weir help check` and `weir check --help`.
std::string check_help();

/// Runs the check `command` describes: violations -> exit 1 (ExitCode::violations).
ExitCode run_check_command(const Command& command);

}  // namespace weir::cli
