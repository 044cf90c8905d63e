#pragma once
/// `weir check`: run the pipeline, hold every record it outputs to the
/// rules and the schema, report what breaks them.
///
///   inputs (files; folders walked for known extensions, include/exclude globs)
///     --> pipeline stages (the config's) --> CheckStage
///           rules.check(batch) -> findings -> located violations
///           --select/--ignore, per-file ignores, baseline --> reporters
///   malformed input does not stop the check: it is a violation of rule
///   "malformed" (a ragged CSV row: "schema.columns") and reading goes on.
///
/// Exit: 0 when no reported violation is at or above fail_on, 1 otherwise.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/check/report.hpp"
#include "core/check/rule.hpp"
#include "core/check/schema.hpp"
#include "core/pipeline/pipeline.hpp"

namespace weir::check {

/// Rules switched off for files matching a glob (the config's check.ignore).
struct IgnoreEntry {
  std::string files;               ///< glob over the file path: *, ?, [..], ** across folders
  std::vector<std::string> rules;  ///< ids (or tags) not reported for those files
};

struct CheckSpec {
  PipelineSpec pipeline;            ///< inputs (files and folders), format options, stages
  std::vector<RuleSpec> rules;
  std::optional<SchemaSpec> schema;
  std::vector<std::string> include; ///< globs a walked file must match (default: every known extension)
  std::vector<std::string> exclude; ///< globs that leave a walked file out
  std::vector<IgnoreEntry> ignore;
  std::vector<std::string> select;  ///< --select ids or tags: only these rules (empty: all)
  std::vector<std::string> deselect;///< --ignore ids or tags
  /// The lowest severity that fails the run; unset: never (--fail-on never).
  std::optional<Severity> fail_on = Severity::error;
  std::optional<std::int64_t> max_violations;
  std::optional<std::string> baseline;        ///< --baseline FILE
  std::optional<std::string> write_baseline;  ///< --write-baseline FILE
};

struct CheckResult {
  Summary summary;
  bool failed = false;  ///< a reported violation at or above fail_on
};

/// Runs the check, handing every violation to each reporter. Setup
/// problems (bad rule, missing file) throw before any record is read.
CheckResult run_check(const CheckSpec& spec, const std::vector<Reporter*>& reporters);

/// weir check --dask: what the workers' checks found, one json report per
/// file (`reports[i]` for `files[i]`, in input order), handed to `reporters`
/// as run_check() over those files would: the same rules (begin), order,
/// fingerprints (the workers'), --fail-on and --max-violations. `notes`:
/// the rules' notes every worker gave. Throws SetupError for a report that
/// is not a weir json report.
CheckResult replay_check(const CheckSpec& spec, const std::vector<std::string>& files,
                         const std::vector<std::string>& reports, const std::vector<std::string>& notes,
                         const std::vector<Reporter*>& reporters);

/// The files a check reads: files as given, folders walked (sorted, for
/// stable reports) for files whose extension weir reads, filtered by the
/// include/exclude globs; paths lexically normal ("./a.csv" is "a.csv"). Throws SetupError for a path that does not exist.
std::vector<std::string> expand_inputs(const std::vector<std::string>& paths,
                                       const std::vector<std::string>& include,
                                       const std::vector<std::string>& exclude);

/// Glob match over a path: * and ? do not cross '/', ** does, [abc] a set.
bool glob_match(std::string_view pattern, std::string_view path);
/// The same, except that a pattern without '/' matches the file's name at
/// any depth ("*.csv" matches "data/a.csv"), as in .gitignore.
bool path_matches(const std::string& pattern, std::string_view path);

/// The one-line summary: "weir check: 2 errors, 1 warning, 0 infos in 3 files, 1000 records (0.01 s)".
std::string summary_line(const Summary& summary);

}  // namespace weir::check
