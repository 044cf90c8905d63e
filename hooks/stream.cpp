#include "hooks/stream.hpp"

#include <vector>

#include "core/errors/error.hpp"
#include "core/formats/format.hpp"

namespace weir::hooks {

/// The final stage: writes each batch it is given as JSON lines into a
/// string that next() takes.
class RecordStream::Queue final : public Stage {
 public:
  Queue(const PipelineSpec& spec, const std::optional<DataError>& malformed)
      : sink_(string_sink(text_)), writer_(output_format(spec).make_writer(*sink_, spec.write)),
        malformed_(malformed) {}

  bool push(Batch& batch) override {
    if (malformed_) {
      // the reader went on past a malformed record: keep only those before it
      keep_.assign(batch.size(), false);
      for (std::size_t i = 0; i < batch.size(); ++i) {
        keep_[i] = batch.source() == malformed_->file && batch[i].where().line > 0 &&
                   batch[i].where().line < malformed_->line;
      }
      batch.keep_if(keep_);
    }
    if (!batch.empty()) {
      writer_->write(batch);
      sink_->flush();
    }
    return true;
  }

  void finish() override {
    writer_->finish();
    sink_->flush();
  }

  /// Moves the lines written so far into `out`.
  bool take(std::string& out) {
    if (text_.empty()) return false;
    out.swap(text_);
    text_.clear();
    return true;
  }

 private:
  std::string text_;
  std::unique_ptr<Sink> sink_;
  std::unique_ptr<Writer> writer_;
  const std::optional<DataError>& malformed_;
  std::vector<bool> keep_;
};

namespace {

ErrorPolicy policy_for(OnError mode, std::optional<DataError>& malformed) {
  if (mode != OnError::fail) return ErrorPolicy(mode);
  return ErrorPolicy(
      [&malformed](DataError error) {
        if (!malformed) malformed = std::move(error);
      },
      false);
}

}  // namespace

RecordStream::RecordStream(PipelineSpec spec) : spec_(std::move(spec)), errors_(policy_for(spec_.on_error, malformed_)) {
  if (!spec_.to) spec_.to = "jsonl";
  execution_ = std::make_unique<Execution>(spec_, errors_);
  queue_ = std::make_unique<Queue>(spec_, malformed_);
  execution_->connect(*queue_);
}

RecordStream::~RecordStream() { close(); }

bool RecordStream::next(std::string& lines) {
  lines.clear();
  while (!done_ && !queue_->take(lines)) {
    try {
      if (!execution_->step()) done_ = true;
    } catch (const Interrupted&) {
      failure_ = std::current_exception();
      done_ = true;
    } catch (...) {
      // a hook failing on a record after a malformed one: the malformed one comes first
      failure_ = malformed_ ? std::make_exception_ptr(InputError(*malformed_)) : std::current_exception();
      done_ = true;
    }
    if (malformed_ && !failure_) {
      failure_ = std::make_exception_ptr(InputError(*malformed_));
      done_ = true;
    }
  }
  if (!lines.empty() || queue_->take(lines)) return true;
  if (failure_) {
    std::exception_ptr failure = failure_;
    failure_ = nullptr;
    close();
    std::rethrow_exception(failure);
  }
  close();
  return false;
}

void RecordStream::close() {
  done_ = true;
  execution_.reset();  // the stages first: they point at the queue
}

}  // namespace weir::hooks
