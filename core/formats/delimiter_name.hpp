#pragma once
/// Delimiter names shared by the command line (-d, join --ifs) and the
/// config (input.delimiter, output.delimiter), so all accept the same words.

#include <optional>
#include <string_view>

namespace weir {

/// ',' for "," or "comma", '\t' for "tab", "\t" or a tab, and so on; nullopt
/// for anything else (more than one character, a line break, a quote).
std::optional<char> delimiter_named(std::string_view text);

}  // namespace weir
