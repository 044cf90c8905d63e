#pragma once
/// The pipeline: what the user asked for (PipelineSpec, from the command
/// line or later a config file) and the one function that runs it.
///
///   inputs (files, stdin; .gz/.zst) --> reader (per file, by format) --> Batch
///     --> stage --> stage --> ... --> writer (format) --> sink (stdout or -o FILE)
///
/// run() validates everything it can before reading a byte: verbs and their
/// options, formats, input files. Then it reads each input in turn, pushing
/// batches through the stages; a stage that wants no more (head) stops the
/// reading early. The output file, if any, appears only when all went well.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/errors/policy.hpp"
#include "core/formats/format.hpp"
#include "core/stages/stage.hpp"

namespace weir {

struct PipelineSpec {
  std::vector<StageSpec> stages;        ///< in order; empty means cat
  std::vector<std::string> inputs;      ///< empty or "-": stdin
  std::optional<std::string> from;      ///< input format; else by extension, else csv
  std::optional<std::string> to;        ///< output format; else by -o extension, else the input's
  std::optional<std::string> output;    ///< -o FILE; else stdout
  ReadOptions read;
  WriteOptions write;
  OnError on_error = OnError::fail;
  /// Folder that relative hook paths are resolved against: the config
  /// file's folder, or the current folder for the command line.
  std::string base_dir = ".";
  /// --no-hooks: refuse to start Python (a config from an untrusted place).
  bool no_hooks = false;
  /// --python / WEIR_PYTHON: the interpreter (or venv) hooks run with.
  std::optional<std::string> python;
};

struct RunStats {
  std::int64_t records_read = 0;
  std::int64_t skipped = 0;    ///< malformed records skipped under --on-error skip
  DataError first_skipped;     ///< where the first skipped record was
};

/// Runs the pipeline, writing to spec.output or standard output.
/// Throws UsageError/SetupError (setup), InputError (malformed input under
/// --on-error fail) and BrokenPipe (stdout closed).
RunStats run(const PipelineSpec& spec);
/// The same, writing to `sink` (tests, embedding).
RunStats run(const PipelineSpec& spec, Sink& sink);

/// The same over one source already open (tests, embedding); spec.inputs
/// is not used and the format comes from spec.from or the source's name.
RunStats run_over(const PipelineSpec& spec, std::unique_ptr<Source> source, Sink& sink);

/// The input format for `path` under `spec`: --from, else the extension, else csv.
const FormatInfo& input_format(const PipelineSpec& spec, const std::string& path);
/// The output format under `spec`.
const FormatInfo& output_format(const PipelineSpec& spec);

}  // namespace weir
