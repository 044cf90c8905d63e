// skip-trivial-records: drops the records with no field, or whose values are
// all empty, as Miller's skip-trivial-records (JSON null is not empty there).

#include <algorithm>
#include <atomic>

#include "core/stages/first_header.hpp"
#include "core/stages/stage.hpp"

namespace weir {

namespace {

class SkipTrivialRecords final : public Stage {
 public:
  void hand_back() override {
    if (original_) original_->result_.merge(result_);
  }

  // Copies run on other threads once this stage has seen the run's first
  // records, so that the header of an empty result is the first one, as -j 1.
  bool per_record() const override { return true; }
  void follow(Stage& original) override { original_ = &static_cast<SkipTrivialRecords&>(original); }
  bool ready() override { return original_->started_.load(std::memory_order_acquire); }

  bool push(Batch& batch) override {
    keep_.assign(batch.size(), false);
    for (std::size_t r = 0; r < batch.size(); ++r) {
      auto fields = batch[r].fields();
      keep_[r] = std::any_of(fields.begin(), fields.end(),
                             [](const Field& f) { return !f.value.empty() || f.kind == ValueKind::json; });
    }
    result_.see(batch);
    if (!batch.empty() && !original_) started_.store(true, std::memory_order_release);
    batch.keep_if(keep_);
    // (a header-only input: its header goes on, for writers with header lines)
    return !result_.goes_on(batch) || emit(batch);
  }

  void finish() override {
    // nothing kept: the header still goes out, so the output has its columns
    Batch out;
    if (result_.bare(out)) emit(out);
    next_->finish();
  }

 private:
  std::vector<bool> keep_;
  EmptyResult result_;                      // the header of an empty result
  SkipTrivialRecords* original_ = nullptr;  // on a copy: the stage it copies
  std::atomic<bool> started_{false};        // it has seen a record: copies may run
};

}  // namespace

StageInfo skip_trivial_records_stage_info() {
  return {
      .name = "skip-trivial-records",
      .summary = "drop records with no field or only empty values",
      .usage = "skip-trivial-records",
      .description = "As Miller's skip-trivial-records: passes every record but those with no field at all "
                     "and those whose values are all empty (JSON null is a value, as in Miller). When no "
                     "record is left, CSV and TSV output still has the input's header line.",
      .min_args = 0,
      .max_args = 0,
      .examples = {{"weir skip-trivial-records examples/access.csv", "blank rows left out"}},
      .make = [](const StageSpec&) -> std::unique_ptr<Stage> { return std::make_unique<SkipTrivialRecords>(); },
  };
}

}  // namespace weir
