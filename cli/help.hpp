#pragma once
/// Help text, made from the same tables that parse the command line.

#include <string>

namespace weir::cli {

/// `weir --help`.
std::string main_help();
/// `weir help VERB` and `weir VERB --help`.
std::string verb_help(const std::string& verb);
/// `weir help run` and `weir run --help`.
std::string run_help();
/// `weir help config` and `weir config --help`.
std::string config_help();
/// `weir help expressions`: the syntax of filter and derive, and every function.
std::string expressions_help();
std::string version_text();
/// The man page source: `template_text` (scdoc) with the lines @OPTIONS@,
/// @VERBS@ and @FORMATS@ replaced by sections made from the registries.
std::string man_page(const std::string& template_text);

}  // namespace weir::cli
