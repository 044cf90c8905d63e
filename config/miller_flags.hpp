#pragma once
/// Miller's main flags for formats and headers (mlr --icsv --ojson, --c2p,
/// --implicit-csv-header, --ifs ';'), read as the weir options they mean,
/// so that a Miller user's command line carries over.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace weir::config {

/// The weir words ("--from=csv", "--to=json") that Miller flag `word` stands
/// for, `next` (the word after it, or nullptr) included when the flag takes
/// it as its value (--fs ';'); nullopt when the word is no Miller flag. A
/// Miller format weir has no reader or writer for (--oxtab, --c2m) is a
/// UsageError saying so.
std::optional<std::vector<std::string>> miller_flag_words(std::string_view word, const std::string* next);

/// The Miller flags miller_flag_words() reads, for --help and the man page.
std::string_view miller_flags_help();

}  // namespace weir::config
