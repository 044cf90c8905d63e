#pragma once
/// Miller's main flags for formats and headers (mlr --icsv --ojson, --c2p,
/// --implicit-csv-header, --ifs ';'), read as the weir options they mean,
/// so that a Miller user's command line carries over.

#include <optional>
#include <vector>

#include "config/verb_chain.hpp"

namespace weir::config {

/// The weir settings ("--from", "json") that the Miller flag at the cursor
/// stands for, taking it (and its value); nullopt, the cursor unmoved, when
/// the word is no Miller flag. A Miller format weir has no reader or writer
/// for (--oxtab, --c2m) is a UsageError saying so.
std::optional<std::vector<Setting>> take_miller_flag(WordCursor& cursor);

/// The Miller flags take_miller_flag() reads, for --help and the man page.
std::string_view miller_flags_help();

}  // namespace weir::config
