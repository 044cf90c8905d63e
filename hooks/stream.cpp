#include "hooks/stream.hpp"

#include <deque>
#include <vector>

#include "core/errors/error.hpp"

namespace weir::hooks {

/// The final stage: keeps each batch it is given until next() takes it.
class RecordStream::Queue final : public Stage {
 public:
  explicit Queue(const std::optional<DataError>& malformed) : malformed_(malformed) {}

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
      ready_.push_back(std::move(batch));
      // the reader goes on with a batch that has its memory already
      if (!spares_.empty()) {
        batch = std::move(spares_.back());
        spares_.pop_back();
      }
    }
    return true;
  }

  void recycle(Batch&& batch) {
    batch.clear();
    if (spares_.size() < 2) spares_.push_back(std::move(batch));
  }

  void finish() override {}

  /// Moves the oldest batch kept into `out`.
  bool take(Batch& out) {
    if (ready_.empty()) return false;
    out = std::move(ready_.front());
    ready_.pop_front();
    return true;
  }

 private:
  std::deque<Batch> ready_;
  std::vector<Batch> spares_;
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

RecordStream::RecordStream(PipelineSpec spec) : RecordStream(std::move(spec), nullptr) {}

RecordStream::RecordStream(PipelineSpec spec, std::unique_ptr<Source> source)
    : spec_(std::move(spec)), errors_(policy_for(spec_.on_error, malformed_)) {
  execution_ = source ? std::make_unique<Execution>(spec_, errors_, std::move(source))
                      : std::make_unique<Execution>(spec_, errors_);
  queue_ = std::make_unique<Queue>(malformed_);
  execution_->connect(*queue_);
}

RecordStream::~RecordStream() { close(); }

bool RecordStream::next(Batch& out) {
  out.clear();
  while (!done_ && !queue_->take(out)) {
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
  if (!out.empty() || queue_->take(out)) return true;
  // The stages stay until close(): the batch handed over before this call
  // may still be read (import weir converts it while this call runs ahead),
  // and a batch a stage made at its end (stats, sort's top N) points into it.
  if (failure_) {
    std::exception_ptr failure = failure_;
    failure_ = nullptr;
    std::rethrow_exception(failure);
  }
  return false;
}

void RecordStream::recycle(Batch&& batch) { queue_->recycle(std::move(batch)); }

void RecordStream::close() {
  done_ = true;
  execution_.reset();  // the stages first: they point at the queue
}

}  // namespace weir::hooks
