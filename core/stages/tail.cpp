// tail: the last N records. Keeps whole batches (no copying) and drops the
// oldest once the newer ones hold N records: memory is N records plus one batch.

#include <deque>

#include "core/stages/stage.hpp"

namespace weir {

namespace {

class Tail final : public Stage {
 public:
  explicit Tail(std::size_t limit) : limit_(limit) {}

  bool push(Batch& batch) override {
    if (limit_ == 0 || batch.empty()) return true;
    held_ += batch.size();
    kept_.push_back(std::move(batch));
    while (held_ - kept_.front().size() >= limit_) {
      held_ -= kept_.front().size();
      kept_.pop_front();
    }
    return true;
  }

  void finish() override {
    if (!kept_.empty() && held_ > limit_) {
      Batch& first = kept_.front();
      std::size_t drop = held_ - limit_;
      std::vector<bool> keep(first.size(), true);
      for (std::size_t i = 0; i < drop; ++i) keep[i] = false;
      first.keep_if(keep);
    }
    bool more = true;
    for (auto& batch : kept_) {
      if (more) more = emit(batch);
    }
    kept_.clear();
    next_->finish();
  }

 private:
  std::size_t limit_;
  std::size_t held_ = 0;
  std::deque<Batch> kept_;
};

}  // namespace

StageInfo tail_stage_info() {
  return {
      .name = "tail",
      .summary = "the last N records (default 10)",
      .usage = "tail [-n N]",
      .description = "Passes the last N records, in input order. Holds N records in memory.",
      .options = {{"-n", "--lines", "N", "how many records (default 10)"}},
      .min_args = 0,
      .max_args = 0,
      .examples = {{"weir tail -n 2 examples/access.csv", "the last two records"}},
      .make = [](const StageSpec& spec) -> std::unique_ptr<Stage> {
        const std::string* n = spec.option("lines");
        return std::make_unique<Tail>(static_cast<std::size_t>(n ? parse_count("tail", "-n", *n) : 10));
      },
  };
}

}  // namespace weir
