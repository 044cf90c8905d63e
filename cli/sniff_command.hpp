#pragma once
/// `weir sniff [--json] [OPTIONS] FILE...`: the dialect and layout weir
/// detects in each file, as text or as a config's `input` object.

#include <string>
#include <vector>

#include "cli/args.hpp"

namespace weir::cli {

ExitCode run_sniff_command(const Command& command);
/// sniff's own options (--json), for the command line and completions.
const std::vector<OptionInfo>& sniff_options();
std::string sniff_help();

}  // namespace weir::cli
