#pragma once
/// `weir completion bash|zsh|fish`: a shell's completion script, made from the
/// same rows that parse the command line (verbs, their options and what each
/// option's value is: a format, a choice, a file, field names).

#include <string>

namespace weir::cli {

/// The script for `shell` (bash, zsh or fish); UsageError for another shell.
std::string completion_script(const std::string& shell);

}  // namespace weir::cli
