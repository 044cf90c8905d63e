// tac: the records in reverse order, as Miller's tac. Holds the whole input
// (its batches, moved, not copied), then gives them out last first, each
// reversed in place.

#include <deque>

#include "core/stages/first_header.hpp"
#include "core/stages/stage.hpp"

namespace weir {

namespace {

class Tac final : public Stage {
 public:
  bool push(Batch& batch) override {
    header_.see(batch);
    if (!batch.empty()) held_.push_back(std::move(batch));
    return true;
  }

  void finish() override {
    Batch bare;
    if (held_.empty() && header_.bare(bare)) emit(bare);  // nothing to give: the header line still
    std::vector<std::uint32_t> order;
    for (auto batch = held_.rbegin(); batch != held_.rend(); ++batch) {
      order.resize(batch->size());
      for (std::size_t r = 0; r < order.size(); ++r) order[r] = static_cast<std::uint32_t>(order.size() - 1 - r);
      batch->reorder(order);
      if (!emit(*batch)) break;
    }
    held_.clear();
    next_->finish();
  }

 private:
  FirstHeader header_;
  std::deque<Batch> held_;
};

}  // namespace

StageInfo tac_stage_info() {
  return {
      .name = "tac",
      .summary = "the records in reverse order",
      .usage = "tac",
      .description = "As Miller's tac: the records in reverse order, the last first, once the input has "
                     "ended (it is held in memory).",
      .min_args = 0,
      .max_args = 0,
      .examples = {{"weir tac then head -n 3 examples/access.csv", "the last three requests, the last first"}},
      .make = [](const StageSpec&) -> std::unique_ptr<Stage> { return std::make_unique<Tac>(); },
  };
}

}  // namespace weir
