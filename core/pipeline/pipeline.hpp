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

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/errors/policy.hpp"
#include "core/formats/format.hpp"
#include "core/io/progress.hpp"
#include "core/pipeline/byte_range.hpp"
#include "core/pipeline/parallel_input.hpp"
#include "core/pipeline/threads_warm_up.hpp"
#include "core/stages/stage.hpp"

namespace weir {

/// Unless -j or WEIR_THREADS says how many threads, a regular file is read
/// on a thread per 16 MiB of it, up to every core: on a smaller file (under
/// 32 MiB: on one thread) starting threads costs more than they save
/// (bench/README.md, "Threads").
inline constexpr std::int64_t kBytesPerThread = std::int64_t{16} << 20;
/// The most threads -j N and WEIR_THREADS may ask for.
inline constexpr int kMostThreads = 1024;

struct PipelineSpec {
  std::vector<StageSpec> stages;        ///< in order; empty means cat
  std::vector<std::string> inputs;      ///< empty or "-": stdin
  std::optional<std::string> from;      ///< input format; else by extension, else csv
  std::optional<std::string> to;        ///< output format; else by -o extension, else the input's
  std::optional<std::string> output;    ///< -o FILE; else stdout
  ReadOptions read;
  WriteOptions write;
  /// --types and the config's: the types of columns of text, for hooks,
  /// `import weir` and typed output (core/record/column_types.hpp).
  DeclaredTypes types;
  OnError on_error = OnError::fail;
  /// --rejects FILE: every rejected or repaired input as a JSON line; a
  /// malformed record is then skipped, not fatal.
  std::optional<std::string> rejects;
  /// --max-rejects N: fail once more than N inputs were rejected or repaired.
  std::optional<std::int64_t> max_rejects;
  /// --summary: the closing summary on stderr even when nothing was rejected.
  bool summary = false;
  /// Folder that relative hook paths are resolved against: the config
  /// file's folder, or the current folder for the command line.
  std::string base_dir = ".";
  /// --no-hooks: refuse to start Python (a config from an untrusted place).
  bool no_hooks = false;
  /// --python / WEIR_PYTHON: the interpreter (or venv) hooks run with.
  std::optional<std::string> python;
  /// -j N: threads that read and run the per-record stages; 0: the
  /// WEIR_THREADS environment variable, else every core, and then a file
  /// gets a thread per bytes_per_thread. 1 reads on this thread only. Any
  /// number gives the same output (parallel_input.hpp).
  int threads = 0;
  /// Unless told how many threads, a file gets one per this many bytes
  /// (kBytesPerThread; the tests make it smaller, to test it on less data).
  std::int64_t bytes_per_thread = kBytesPerThread;
  /// Only this byte range of the one input (weir.dask's tasks over a large
  /// file, core/pipeline/byte_range.hpp); where it ended goes to range_end.
  std::optional<ByteRange> range;
  std::shared_ptr<RangeEnd> range_end;
  /// Counters of bytes and records read, updated as the run goes (once a
  /// block or batch) for a display on another thread; none when null.
  std::shared_ptr<InputProgress> progress;
  /// --progress (true) or --no-progress (false): whether the command line
  /// draws a progress line from `progress`; unset: on a terminal.
  std::optional<bool> show_progress;
};

/// The threads `spec` runs with (PipelineSpec::threads resolved).
int threads_for(const PipelineSpec& spec);

struct RunStats {
  std::int64_t records_read = 0;  ///< records the readers gave (rejected rows not counted)
  std::int64_t written = 0;       ///< records that reached the writer
  std::int64_t skipped = 0;       ///< inputs rejected (malformed and skipped, or left out)
  DataError first_skipped;        ///< where the first rejected input was
  std::array<std::int64_t, kDataErrorKinds> rejected{};  ///< by kind
  std::array<std::int64_t, kDataErrorKinds> repaired{};  ///< records kept with a repair, by kind
  std::int64_t repaired_total = 0;
  std::vector<std::string> notes;  ///< the readers' and the stages' notes for stderr (Stage::notes)
  std::vector<std::string> read_notes;  ///< the readers' among them (of one input each: weir.dask keeps them all)
  int threads = 1;                 ///< the most threads an input was read on
  /// Chunks the threads parsed where no record started, parsed again in
  /// order (ParallelInput::reparsed): each is a stretch read on one thread.
  std::int64_t reparsed = 0;
};

/// A pipeline being run one input batch at a time into a final stage: the
/// writer for run(), `weir check`'s rules, a Python iterator's queue.
///
///   Execution run(spec, errors);   // builds the stages, checks the inputs
///   run.connect(final_stage);
///   while (run.step()) { ... }     // the last step finished every stage
class Execution {
 public:
  /// Builds the stages and checks every input before any is read. Throws
  /// UsageError/SetupError. `errors` must outlive the execution.
  Execution(const PipelineSpec& spec, ErrorPolicy& errors);
  /// Over one source already open (spec.inputs is not used).
  Execution(const PipelineSpec& spec, ErrorPolicy& errors, std::unique_ptr<Source> source);
  ~Execution();
  Execution(const Execution&) = delete;
  Execution& operator=(const Execution&) = delete;

  /// The stage after the pipeline's last; call once, before step().
  void connect(Stage& final_stage);
  /// Reads one batch and pushes it through the stages. When the input is
  /// done (or the stages want no more), finishes the stages and returns false.
  bool step();
  /// Gives up the input being read (after a step() threw InputError for
  /// it: a corrupt gzip stream); the next step() goes on with the next input.
  void skip_input() {
    parallel_.reset();
    reader_.reset();
  }
  /// Lets the reading threads of -j N run the stages past the per-record
  /// ones (in input order, one batch at a time) when no stage must stay on
  /// this thread: a step() then reads a whole input. For a caller that
  /// only loops on step() (run()), not one that takes each batch between
  /// steps (a Python iterator).
  void let_threads_run_stages(Stage& final_stage);
  /// Called with each input's name as it is opened.
  void on_input(std::function<void(const std::string&)> callback) { on_input_ = std::move(callback); }
  /// Called when the records of an input that paused (a pipe or terminal
  /// with nothing more to read yet: `tail -f`) have been through the
  /// stages: the writer's output is flushed, so that they show now. Such
  /// an input is read on this thread.
  void on_pause(std::function<void()> callback) { on_pause_ = std::move(callback); }

  RunStats stats() const;

 private:
  PipelineSpec spec_;
  ErrorPolicy& errors_;
  std::vector<std::unique_ptr<Stage>> stages_;
  std::vector<std::string> paths_;
  std::vector<const FormatInfo*> formats_;
  std::unique_ptr<Source> source_;  // the one source given, until opened
  std::unique_ptr<Reader> reader_;
  std::function<void()> on_pause_;
  // The threads' copies of the per-record stages, kept from one input's
  // ParallelInput for the next one's and to the end of the run: a batch
  // handed on may point into a copy (a field it added is named by it).
  std::mutex copies_mutex_;
  std::vector<std::vector<std::unique_ptr<Stage>>> spare_copies_;
  std::unique_ptr<ParallelInput> parallel_;  // the rest of reader_'s input, read on threads_
  ThreadsWarmUp warm_up_;  // started with the first file large enough for threads
  ParallelInput::Next parallel_next_;  // (its text keeps its memory from one batch to the next)
  std::size_t next_input_ = 0;
  Stage* head_ = nullptr;
  std::optional<Projection> projection_;  // the columns the stages read (connect())
  Stage* final_ = nullptr;  // connect()'s
  Stage* after_per_record_ = nullptr;  // the first stage past the per-record ones
  std::size_t per_record_ = 0;         // the leading stages that run per record
  bool fold_ = false;                  // the stage after them folds (Stage::fold)
  int threads_ = 1;
  bool threads_by_default_ = false;  // neither -j nor WEIR_THREADS said how many
  int threads_used_ = 1;             // (RunStats::threads)
  std::int64_t reparsed_ = 0;        // (RunStats::reparsed)
  bool input_on_one_thread_ = false; // this input is too small for threads
  std::size_t room_ = 0;  // fields the stages add in place per record (Stage::fields_added)
  bool done_ = false;
  bool ordered_on_threads_ = false;  // let_threads_run_stages()
  std::int64_t records_read_ = 0;
  Batch batch_;
  std::function<void(const std::string&)> on_input_;

  void warm_up(std::int64_t size);
  int threads_for_file(std::int64_t bytes) const;
  void go_parallel();
  /// Ends the parallel reading of an input, its count of chunks parsed again kept.
  void end_parallel();
  bool take_parallel();
  void publish_records() {
    if (spec_.progress) spec_.progress->records.store(records_read_, std::memory_order_relaxed);
  }
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
