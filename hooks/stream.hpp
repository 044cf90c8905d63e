#pragma once
/// A pipeline's output as a stream of batches, for `import weir`'s
/// weir.records(), weir.batches(), weir.run() and weir.read_pandas().
///
///   Execution (reader --> stages) --> queue stage --> next(batch)
///
/// next() steps the execution until the queue holds a record, so a loop
/// left early has read only the batches it needed. A batch handed over is
/// the caller's: it keeps its input blocks alive. A failure (malformed
/// input, a hook's exception) is raised by the next() after the one that
/// hands over the records before it.
///
/// No Python here: the binding releases the GIL around next(), and hook
/// stages take it themselves, as in the weir command.

#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/errors/policy.hpp"
#include "core/pipeline/pipeline.hpp"

namespace weir::hooks {

class RecordStream {
 public:
  /// Builds the stages and checks the inputs (UsageError, SetupError).
  explicit RecordStream(PipelineSpec spec);
  /// Over one source already open (weir.from_pandas' records): spec.inputs is not used.
  RecordStream(PipelineSpec spec, std::unique_ptr<Source> source);
  ~RecordStream();
  RecordStream(const RecordStream&) = delete;
  RecordStream& operator=(const RecordStream&) = delete;

  /// Moves the next batch of output records (never empty) into `out`;
  /// false when the pipeline is done. Throws what stopped the pipeline
  /// once the records before it have been handed over.
  bool next(Batch& out);

  /// Gives a batch next() handed over back, once its records are taken:
  /// the reader refills it, so its memory is not allocated again.
  void recycle(Batch&& batch);

  /// The readers' notes on how they read what the input left open (a TSV
  /// file's backslashes), as the weir command says them on stderr.
  const std::vector<std::string>& notes() const { return errors_.notes(); }
  /// The column types fixed by --types or the config.
  const DeclaredTypes& declared_types() const { return spec_.types; }
  /// Stops: no more reading, the stages are dropped (a hook file's
  /// teardown does not run: the input was not all seen).
  void close();

 private:
  class Queue;

  PipelineSpec spec_;
  // Under --on-error fail a malformed record is collected, not thrown at
  // once, so that the records before it in its batch still come out; the
  // queue drops those after it, and next() raises it after them.
  std::optional<DataError> malformed_;
  ErrorPolicy errors_;
  std::unique_ptr<Queue> queue_;
  std::unique_ptr<Execution> execution_;
  std::exception_ptr failure_;
  bool done_ = false;
};

}  // namespace weir::hooks
