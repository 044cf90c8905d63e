#include "core/pipeline/pipeline.hpp"

#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>
#include <optional>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/formats/block_parser.hpp"
#include "core/pipeline/quarantine.hpp"
#include "core/stages/number_field.hpp"

namespace weir {

namespace {

// Told how many threads (-j N), a file this large starts them while it is
// sniffed (ThreadsWarmUp): for less, the run is over before it would tell.
constexpr std::int64_t kWarmUpBytes = std::int64_t{4} << 20;

/// The end of the chain: hands batches to the writer.
class WriterStage final : public Stage {
 public:
  explicit WriterStage(Writer& writer) : writer_(writer) {}
  bool push(Batch& batch) override {
    written_ += static_cast<std::int64_t>(batch.size());
    if (holding_) {
      held_.push_back(std::move(batch));
      return true;
    }
    complete(batch);
    writer_.write(batch);
    return true;
  }
  void finish() override { writer_.finish(); }
  char writes_plain_rows() const override { return writer_.writes_plain_rows(); }
  const Header* render(const Batch& batch, TextBuffer& text) const override { return writer_.render(batch, text); }
  bool push_rendered(const Header* header, std::string_view text, std::size_t records) override {
    if (!writer_.write_rendered(header, text)) return false;
    written_ += static_cast<std::int64_t>(records);
    return true;
  }
  std::int64_t written() const { return written_; }

  bool takes_deferred_numbers() const override { return holding_ || writer_.writes_deferred_numbers(); }
  bool hold(bool on) override {
    WEIR_ASSERT(held_.empty());
    holding_ = on;
    return true;
  }
  void take_held(std::vector<Batch>& out) override {
    for (Batch& batch : held_) out.push_back(std::move(batch));
    held_.clear();
  }
  const Header* finish_held(Batch& batch, TextBuffer& text) const override {
    complete(batch);
    return writer_.render(batch, text);
  }
  void write_held(Batch& batch, const Header* header, std::string_view text) override {
    if (header && writer_.write_rendered(header, text)) return;
    complete(batch);  // (a batch finish_held did not see: nothing to do when it did)
    writer_.write(batch);
  }

 private:
  // the text of the batch's deferred numbers, unless the writer makes it
  void complete(Batch& batch) const {
    if (!writer_.writes_deferred_numbers()) complete_numbers(batch);
  }

  Writer& writer_;
  std::int64_t written_ = 0;
  bool holding_ = false;
  std::vector<Batch> held_;
};

// The first `count` stages of the pipeline (all: std::string::npos).
std::vector<std::unique_ptr<Stage>> build_stages(const PipelineSpec& spec, ErrorPolicy& errors,
                                                 std::size_t count = std::string::npos) {
  StageContext context;
  context.errors = &errors;
  context.base_dir = spec.base_dir;
  context.no_hooks = spec.no_hooks;
  context.python = spec.python;
  context.types = spec.types;
  context.records_to_stdout = !spec.output.has_value();
  context.threads = threads_for(spec);
  context.open_reader = [&spec, &errors](const std::string& path, const StageContext::OtherInput& how) {
    const FormatInfo* by_path = format_for_path(path);
    const FormatInfo& f = how.format                         ? format_named(*how.format)
                          : by_path && by_path->make_reader ? *by_path
                                                            : input_format(spec, path);
    if (!f.make_reader) throw UsageError(fmt::format("format '{}' can be written but not read", f.name));
    ReadOptions read = spec.read;
    if (how.delimiter) read.delimiter = how.delimiter;
    if (how.header) {
      read.header = *how.header;
      read.header_rows = *how.header ? 1 : 0;
    }
    return f.make_reader(open_source(path, read.max_ratio), read, errors);
  };
  context.open_writer = [&spec](Sink& sink, const std::string& path, const std::string* format) {
    const FormatInfo* by_path = format_for_path(path);
    const FormatInfo& f = format                             ? format_named(*format)
                          : by_path && by_path->make_writer ? *by_path
                                                            : output_format(spec);
    if (!f.make_writer) throw UsageError(fmt::format("format '{}' can be read but not written", f.name));
    WriteOptions options = spec.write;
    options.types = spec.types;
    return f.make_writer(sink, options);
  };
  try {
    const FormatInfo& out = output_format(spec);
    context.output_extension = out.extensions.empty() ? std::string(out.name) : std::string(out.extensions.front());
    context.output_format = std::string(out.name);
  } catch (const UsageError&) {
    // reported when the run checks its output format
  }
  std::vector<std::unique_ptr<Stage>> built;
  for (StageSpec stage_spec : spec.stages) {
    if (built.size() == count) break;
    const StageInfo* info = find_stage(stage_spec.verb);
    if (!info) {
      throw UsageError(fmt::format("unknown verb '{}'{}", stage_spec.verb,
                                   did_you_mean(stage_spec.verb, stage_names())));
    }
    stage_spec.context = &context;
    built.push_back(info->make(stage_spec));
  }
  // `sort ... then head -n 10` keeps only ten records while sorting
  for (std::size_t i = 0; i + 1 < built.size(); ++i) {
    if (auto limit = built[i + 1]->output_limit()) built[i]->limit_output(*limit);
  }
  return built;
}

std::vector<std::string> inputs_of(const PipelineSpec& spec) {
  return spec.inputs.empty() ? std::vector<std::string>{"-"} : spec.inputs;
}

void check_readable(const std::string& path) {
  if (path == "-") return;
  if (::access(path.c_str(), R_OK) != 0) {
    throw SetupError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  }
}

void flush_quietly(Sink& sink) {
  try {
    sink.flush();
  } catch (const BrokenPipe&) {
  }
}

// The columns the stages read, when each stage up to one that makes its own
// records says which (Stage::field_use), or up to a writer that writes a row
// as its text. WEIR_PROJECT=0 (tests only): every column is read.
std::optional<Projection> projection_of(const std::vector<std::unique_ptr<Stage>>& stages, const Stage& final_stage) {
  if (const char* env = std::getenv("WEIR_PROJECT"); env && std::strcmp(env, "0") == 0) return std::nullopt;
  Projection projection;
  for (const auto& stage : stages) {
    std::optional<Stage::FieldUse> use = stage->field_use();
    if (!use) return std::nullopt;
    for (std::string& name : use->reads) {
      if (std::find(projection.fields.begin(), projection.fields.end(), name) == projection.fields.end()) {
        projection.fields.push_back(std::move(name));
      }
    }
    if (!use->hands_on) return projection;
  }
  projection.plain_rows = final_stage.writes_plain_rows();
  if (!projection.plain_rows) return std::nullopt;
  return projection;
}

}  // namespace

const FormatInfo& input_format(const PipelineSpec& spec, const std::string& path) {
  const FormatInfo* format = nullptr;
  if (spec.from) {
    format = &format_named(*spec.from);
  } else if (const FormatInfo* by_path = format_for_path(path); by_path && by_path->make_reader) {
    format = by_path;
  } else {
    format = &format_named("csv");
  }
  if (!format->make_reader) {
    throw UsageError(fmt::format("format '{}' can be written but not read", format->name));
  }
  return *format;
}

const FormatInfo& output_format(const PipelineSpec& spec) {
  const FormatInfo* format = nullptr;
  if (spec.to) {
    format = &format_named(*spec.to);
  } else if (spec.output && format_for_path(*spec.output)) {
    format = format_for_path(*spec.output);
  } else {
    format = &input_format(spec, inputs_of(spec).front());
  }
  if (!format->make_writer) {
    throw UsageError(fmt::format("format '{}' can be read but not written", format->name));
  }
  return *format;
}

namespace {

// WEIR_BLOCK_SIZE=N (tests only): read in blocks of N bytes, so that tiny
// inputs cross many block boundaries, and -j N cuts them into many chunks.
void apply_block_size(PipelineSpec& spec) {
  if (const char* env = std::getenv("WEIR_BLOCK_SIZE"); env && *env) {
    long long n = std::atoll(env);
    if (n > 0) spec.read.block_size = static_cast<std::size_t>(n);
  }
}

// -j N, else WEIR_THREADS (checked as -j is: a run of 99999 threads died
// when the system would start no more); 0 when neither says.
int threads_asked(const PipelineSpec& spec) {
  if (spec.threads > 0) return spec.threads;
  const char* env = std::getenv("WEIR_THREADS");
  if (!env || !*env) return 0;
  const std::string_view text(env);
  int n = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (error != std::errc() || end != text.data() + text.size() || n < 1 || n > kMostThreads) {
    throw UsageError(fmt::format("WEIR_THREADS expects a whole number from 1 to {} (as -j does), got '{}'",
                                 kMostThreads, text));
  }
  return n;
}

}  // namespace

int threads_for(const PipelineSpec& spec) {
  if (int n = threads_asked(spec)) return n;
  // the cores this process may run on (taskset, a container's cpuset), in
  // one system call where hardware_concurrency() reads /sys at each start
  cpu_set_t cores;
  if (::sched_getaffinity(0, sizeof cores, &cores) == 0) return std::max(1, CPU_COUNT(&cores));
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

Execution::Execution(const PipelineSpec& spec, ErrorPolicy& errors) : spec_(spec), errors_(errors) {
  apply_block_size(spec_);
  stages_ = build_stages(spec_, errors_);
  threads_ = threads_for(spec_);
  threads_by_default_ = threads_asked(spec_) == 0;
  // a first stage that makes its own records (seqgen) reads nothing
  if (!stages_.empty() && stages_.front()->ignores_input()) {
    if (!spec_.inputs.empty()) {
      throw UsageError(fmt::format("{} makes its own records and reads no input; '{}' would be ignored",
                                   spec_.stages.front().verb, spec_.inputs.front()));
    }
    output_format(spec_);
    return;
  }
  // every input and both formats are checked before anything is read
  paths_ = inputs_of(spec_);
  for (const auto& path : paths_) {
    formats_.push_back(&input_format(spec_, path));
    check_readable(path);
  }
  output_format(spec_);
  if (spec_.progress && !spec_.range) spec_.progress->total_bytes.store(total_input_size(paths_));
}

Execution::Execution(const PipelineSpec& spec, ErrorPolicy& errors, std::unique_ptr<Source> source)
    : spec_(spec), errors_(errors), source_(std::move(source)) {
  apply_block_size(spec_);
  stages_ = build_stages(spec_, errors_);
  threads_ = threads_for(spec_);
  threads_by_default_ = threads_asked(spec_) == 0;
  paths_ = {source_->name()};
  formats_ = {&input_format(spec_, source_->name())};
}

Execution::~Execution() = default;

void Execution::connect(Stage& final_stage) {
  final_ = &final_stage;
  head_ = &final_stage;
  for (auto it = stages_.rbegin(); it != stages_.rend(); ++it) {
    (*it)->set_next(head_);
    head_ = it->get();
  }
  room_ = 0;
  for (const auto& stage : stages_) room_ += stage->fields_added();
  while (per_record_ < stages_.size() && stages_[per_record_]->per_record()) ++per_record_;
  after_per_record_ = per_record_ < stages_.size() ? stages_[per_record_].get() : &final_stage;
  fold_ = per_record_ < stages_.size() && stages_[per_record_]->folds();
  projection_ = projection_of(stages_, final_stage);
}

// The threads a file of `size` bytes will be read on started now, while
// its reader is made (ThreadsWarmUp), as many as go_parallel() will ask
// for. Not for a run that starts with head, which most often has its
// records from the first block: it would wait for the warm-up at its end
// (1 ms of a 5 ms `head -n 1`).
void Execution::warm_up(std::int64_t size) {
  if (threads_ < 2 || size < 0 || (!spec_.stages.empty() && spec_.stages.front().verb == "head")) return;
  if (!threads_by_default_ && size < kWarmUpBytes) return;
  warm_up_.start(threads_for_file(size));
}

// The threads for `bytes` of a regular file: as -j N says; unless told how
// many, a thread per bytes_per_thread, up to every core (less than 2: read
// on one thread): starting threads and their memory costs more than they
// save on a small file.
int Execution::threads_for_file(std::int64_t bytes) const {
  if (!threads_by_default_) return threads_;
  const std::int64_t per_thread = std::max<std::int64_t>(spec_.bytes_per_thread, 1);
  return static_cast<int>(std::min<std::int64_t>(threads_, bytes / per_thread));
}

// Once the reader can be forked (its header read), the rest of its input
// is read on threads_ threads.
void Execution::go_parallel() {
  auto* parser = dynamic_cast<BlockParser*>(reader_.get());
  if (!parser) return;
  // A pipe or a terminal may pause (tail -f): its records are written as
  // they come only when it is read on this thread (on_pause)
  // A CR-only file (old Mac exports) too: a chunk cut after a CR cannot
  // tell whether a LF follows, so every chunk was parsed again in order
  // (-j 2 took 1.7x the time of -j 1)
  if (parser->may_pause() || parser->line_break() == '\r') {
    input_on_one_thread_ = true;
    return;
  }
  int threads = threads_;
  if (std::int64_t left = parser->bytes_left(); left >= 0) {
    threads = threads_for_file(left);
    if (threads < 2) {
      input_on_one_thread_ = true;  // (what is left only shrinks)
      return;
    }
  }
  if (!parser->fork()) return;
  std::optional<BlockParser::Rest> rest = parser->hand_over();
  if (!rest) return;
  threads_used_ = std::max(threads_used_, threads);
  parallel_ = std::make_unique<ParallelInput>(
      *parser, std::move(*rest), errors_, threads,
      [this] {
        {
          std::lock_guard lock(copies_mutex_);
          if (!spare_copies_.empty()) {
            std::vector<std::unique_ptr<Stage>> copies = std::move(spare_copies_.back());
            spare_copies_.pop_back();
            return copies;
          }
        }
        std::vector<std::unique_ptr<Stage>> copies = build_stages(spec_, errors_, per_record_ + (fold_ ? 1 : 0));
        for (std::size_t i = 0; i < copies.size(); ++i) copies[i]->follow(*stages_[i]);
        return copies;
      },
      [this](std::vector<std::unique_ptr<Stage>> copies) {
        std::lock_guard lock(copies_mutex_);
        spare_copies_.push_back(std::move(copies));
      },
      fold_, room_,
      // the writer that follows the per-record stages makes its text on the
      // reading threads (WriterStage::render; other stages make none)
      [last = after_per_record_](const Batch& batch, TextBuffer& text) { return last->render(batch, text); },
      !ordered_on_threads_);
}

void Execution::let_threads_run_stages(Stage& final_stage) {
  ordered_on_threads_ = !final_stage.keeps_to_caller_thread() &&
                        std::none_of(stages_.begin(), stages_.end(),
                                     [](const auto& stage) { return stage->keeps_to_caller_thread(); });
}

// The batch the reading threads gave (batch_, parallel_next_) through the
// stages past the per-record ones; false when they want no more.
bool Execution::take_parallel() {
  ParallelInput::Next& next = parallel_next_;
  records_read_ += next.records;
  publish_records();
  if (next.partial) {
    after_per_record_->merge(*next.partial, batch_);
    return true;
  }
  if (next.rendered && after_per_record_->push_rendered(next.rendered, next.text.view(), batch_.size())) return true;
  return next.staged ? after_per_record_->push(batch_) : head_->receive(batch_);
}

bool Execution::step() {
  WEIR_ASSERT(head_ != nullptr);
  if (done_) return false;
  for (;;) {
    if (parallel_) {
      bool stages_done = false;  // they want no more
      try {
        if (ordered_on_threads_) {
          // One stage in input order before the writer (step), whose batches
          // the writer may hold: its numbers and the output text are made on
          // the reading threads, and only the writing waits its turn.
          // (run() takes the hold off again before it returns or throws)
          Stage* holder = nullptr;
          if (after_per_record_ != final_ && after_per_record_ == stages_.back().get() &&
              after_per_record_->hands_on_own_batches() && final_->hold(true)) {
            holder = final_;
          }
          stages_done = !parallel_->run(batch_, parallel_next_, [this] { return take_parallel(); }, holder);
        } else if (parallel_->next(batch_, parallel_next_)) {
          if (take_parallel()) return true;
          stages_done = true;
        }
      } catch (...) {
        // (a bad record, a corrupt stream, a closed stdout): this input is
        // given up, as skip_input() does (weir check goes on with the next
        // one); the reading threads stop before a caller ends the writer
        // they render with
        end_parallel();
        reader_.reset();
        throw;
      }
      if (stages_done) break;
      end_parallel();
      reader_.reset();
      continue;
    }
    if (!reader_) {
      if (next_input_ == paths_.size()) break;
      std::size_t i = next_input_++;
      input_on_one_thread_ = false;
      if (on_input_) on_input_(paths_[i]);
      if (spec_.range) {
        if (!spec_.range_end) spec_.range_end = std::make_shared<RangeEnd>();
        reader_ = open_range(*formats_[i], paths_[i], spec_.read, errors_, *spec_.range, spec_.range_end);
      } else {
        std::unique_ptr<Source> source =
            source_ ? std::move(source_) : open_source(paths_[i], spec_.read.max_ratio, spec_.progress.get());
        warm_up(source->file_size());
        reader_ = formats_[i]->make_reader(std::move(source), spec_.read, errors_);
      }
      if (projection_) reader_->project(*projection_);
    }
    batch_.set_room(room_);  // (a stage may have swapped another batch in)
    if (reader_->read(batch_)) {
      records_read_ += static_cast<std::int64_t>(batch_.size());
      publish_records();
      if (!head_->receive(batch_)) break;  // the stages want no more
      if (reader_->paused() && on_pause_) on_pause_();
      if (threads_ > 1 && !input_on_one_thread_) go_parallel();
      return true;
    }
    reader_.reset();
  }
  done_ = true;
  end_parallel();
  reader_.reset();
  head_->finish();
  return false;
}

void Execution::end_parallel() {
  if (!parallel_) return;
  reparsed_ += parallel_->reparsed();
  parallel_.reset();
}

RunStats Execution::stats() const {
  RunStats stats;
  stats.records_read = records_read_;
  stats.threads = threads_used_;
  stats.reparsed = reparsed_;
  stats.skipped = errors_.skipped();
  if (stats.skipped > 0) stats.first_skipped = errors_.first();
  for (std::size_t k = 0; k < kDataErrorKinds; ++k) {
    stats.rejected[k] = errors_.rejected(static_cast<DataErrorKind>(k));
    stats.repaired[k] = errors_.repaired(static_cast<DataErrorKind>(k));
  }
  stats.repaired_total = errors_.repaired_total();
  stats.read_notes = errors_.notes();
  stats.notes = stats.read_notes;
  for (const auto& stage : stages_) stage->notes(stats.notes);
  return stats;
}

namespace {

/// Runs `execution` into the output format's writer on `sink`.
RunStats write_all(const PipelineSpec& spec, Execution& execution, Sink& sink) {
  WriteOptions options = spec.write;
  options.types = spec.types;
  std::unique_ptr<Writer> writer = output_format(spec).make_writer(sink, options);
  WriterStage end(*writer);
  execution.connect(end);
  execution.let_threads_run_stages(end);
  execution.on_pause([&sink] { sink.flush(); });
  while (execution.step()) {
  }
  sink.flush();
  RunStats stats = execution.stats();
  stats.written = end.written();
  writer->notes(stats.notes);
  return stats;
}

/// Whether --rejects names the regular file the records go to (-o's, or
/// standard output's: --rejects /dev/stdout > out.csv), which the rejects
/// would replace.
bool rejects_over_output(const PipelineSpec& spec) {
  if (spec.output) {
    // (neither may exist yet: -o out.csv --rejects ./out.csv)
    std::error_code ec1, ec2;
    const auto a = std::filesystem::weakly_canonical(std::filesystem::absolute(*spec.rejects), ec1);
    const auto b = std::filesystem::weakly_canonical(std::filesystem::absolute(*spec.output), ec2);
    struct stat st;
    // (a device such as /dev/null is written in place: both may go there)
    if (!ec1 && !ec2 && a == b && (::stat(a.c_str(), &st) != 0 || S_ISREG(st.st_mode))) return true;
  }
  struct stat rejects, output;
  if (::stat(spec.rejects->c_str(), &rejects) != 0 || !S_ISREG(rejects.st_mode)) return false;
  const int got = spec.output ? ::stat(spec.output->c_str(), &output) : ::fstat(STDOUT_FILENO, &output);
  return got == 0 && S_ISREG(output.st_mode) && rejects.st_dev == output.st_dev && rejects.st_ino == output.st_ino;
}

/// The error policy of a run: --on-error, with --rejects and --max-rejects.
ErrorPolicy policy_for(const PipelineSpec& spec, std::optional<Quarantine>& quarantine) {
  ErrorPolicy errors(spec.rejects && spec.on_error == OnError::fail ? OnError::skip : spec.on_error);
  if (spec.rejects) {
    if (rejects_over_output(spec)) {
      throw UsageError(fmt::format("--rejects {}: that is the file the records go to; give the rejects a file of "
                                   "their own (or /dev/stderr)",
                                   *spec.rejects));
    }
    quarantine.emplace(*spec.rejects);
    errors.set_quarantine([&quarantine](const DataError& e, bool rejected) { quarantine->add(e, rejected); });
  }
  if (spec.max_rejects) errors.set_max_rejects(*spec.max_rejects);
  return errors;
}

}  // namespace

RunStats run(const PipelineSpec& spec) {
  // Everything is checked before the output file is created.
  std::optional<Quarantine> quarantine;
  ErrorPolicy errors = policy_for(spec, quarantine);
  Execution execution(spec, errors);
  std::unique_ptr<Sink> sink = spec.output ? file_sink(*spec.output) : stdout_sink();
  try {
    RunStats stats = write_all(spec, execution, *sink);
    sink->commit();
    if (quarantine) quarantine->close();
    return stats;
  } catch (InputError& e) {
    // Standard output keeps every record before the bad one; a file is not
    // created at all (its sink is dropped without commit). The rejects
    // file keeps what was quarantined up to the error.
    if (!spec.output) flush_quietly(*sink);
    if (quarantine) quarantine->close();
    e.set_notes(errors.notes());
    throw;
  }
}

RunStats run(const PipelineSpec& spec, Sink& sink) {
  std::optional<Quarantine> quarantine;
  ErrorPolicy errors = policy_for(spec, quarantine);
  Execution execution(spec, errors);
  RunStats stats = write_all(spec, execution, sink);
  if (quarantine) quarantine->close();
  return stats;
}

RunStats run_over(const PipelineSpec& spec, std::unique_ptr<Source> source, Sink& sink) {
  std::optional<Quarantine> quarantine;
  ErrorPolicy errors = policy_for(spec, quarantine);
  Execution execution(spec, errors, std::move(source));
  RunStats stats = write_all(spec, execution, sink);
  if (quarantine) quarantine->close();
  return stats;
}

}  // namespace weir
