#pragma once
/// weir --dask ADDRESS ...: the run is handed to the `weir` Python package's
/// weir.dask (python3 -m weir.dask, the same words), which drives a Dask
/// cluster. Dask's client is Python, its workers are Python processes that
/// `import weir`: weir itself stays free of it (README, "Running on a cluster").

#include <optional>
#include <string>
#include <vector>

#include "core/check/check.hpp"
#include "core/errors/error.hpp"

namespace weir::cli {

/// Whether the command line asks for a cluster (--dask ADDRESS anywhere).
bool wants_dask(const std::vector<std::string>& args);

/// Replaces this process with `python3 -m weir.dask ARGS...` (the
/// interpreter of $WEIR_PYTHON, else the one weir was built with; the
/// package next to this weir in a build folder, else the installed one).
/// Returns only on failure, by throwing SetupError or UsageError.
[[noreturn]] void hand_off_to_dask(const std::vector<std::string>& args);

/// weir check --dask: weir.dask runs `weir check` with the user's words and
/// WEIR_DASK_CHECK set to `files` (print the files the check reads, one a
/// line), `part:N` (check the Nth of them alone: its json report on stdout,
/// its rules' notes on stderr; standard input, "-", is read from the file
/// $WEIR_DASK_STDIN names) on the workers, and `merge:DIR` (the
/// reports from DIR/part-NNNNN.json and the notes all parts gave,
/// DIR/notes, to the user's reporters: replay_check). Returns the exit
/// code for files and part:N; nullopt otherwise.
std::optional<ExitCode> dask_check_step(check::CheckSpec& spec);
/// For merge:DIR, the check replayed into `reporters`; nullopt otherwise.
std::optional<check::CheckResult> dask_check_merge(const check::CheckSpec& spec,
                                                   const std::vector<check::Reporter*>& reporters);

}  // namespace weir::cli
