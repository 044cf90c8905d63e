#pragma once
/// Delimiter names shared by the command line (-d) and the config
/// (input.delimiter, output.delimiter), so both accept the same words.

#include <optional>
#include <string_view>

namespace weir::config {

/// ',' for "," or "comma", '\t' for "tab", "\t" or a tab, and so on; nullopt
/// for anything else (more than one character, a line break, a quote).
std::optional<char> delimiter_named(std::string_view text);

}  // namespace weir::config
