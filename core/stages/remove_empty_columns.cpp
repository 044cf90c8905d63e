// remove-empty-columns: drops the fields whose name has an empty value in
// every record, as Miller's remove-empty-columns; holds the input until its
// end (it cannot know sooner).

#include <deque>
#include <string>
#include <unordered_set>

#include "core/stages/rebuilt_header.hpp"
#include "core/stages/stage.hpp"

namespace weir {

namespace {

class RemoveEmptyColumns final : public Stage {
 public:
  bool push(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      for (const Field& f : batch[r].fields()) {
        // (JSON null is a value, as in Miller)
        if ((!f.value.empty() || f.kind == ValueKind::json) && !filled_.contains(f.name)) filled_.emplace(f.name);
      }
    }
    // (a header-only input's header: every column is empty, none is left)
    if (!batch.empty()) held_.push_back(std::move(batch));
    return true;
  }

  void finish() override {
    bool more = true;
    for (Batch& batch : held_) {
      if (more) more = emit(without_empty(batch));
    }
    held_.clear();
    next_->finish();
  }

 private:
  // `batch` with only the fields whose names have a value somewhere
  Batch& without_empty(Batch& batch) {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      const Header* header = record.header();
      // (the fields kept are the same for every record of one input header)
      if (!header || header->id != planned_ || header->names.size() != record.size()) {
        kept_.clear();
        for (std::size_t i = 0; i < record.size(); ++i) {
          if (filled_.contains(record[i].name)) kept_.push_back(i);
        }
        rebuilt_.plan(record, kept_);
        planned_ = header && header->names.size() == record.size() ? header->id : 0;
      }
      if (kept_.size() == record.size()) continue;
      scratch_.clear();
      for (std::size_t i : kept_) scratch_.push_back(record[i]);
      batch.replace_fields(r, scratch_, rebuilt_.of(record, batch));
    }
    return batch;
  }

  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_set<std::string, Hash, std::equal_to<>> filled_;  // names with a value in some record
  std::deque<Batch> held_;
  std::uint64_t planned_ = 0;  // the input header kept_ is for
  std::vector<std::size_t> kept_;
  RebuiltHeader rebuilt_;
  std::vector<Field> scratch_;
};

}  // namespace

StageInfo remove_empty_columns_stage_info() {
  return {
      .name = "remove-empty-columns",
      .summary = "drop the fields that are empty in every record",
      .usage = "remove-empty-columns",
      .description = "As Miller's remove-empty-columns: leaves out every field whose name has an empty "
                     "value in all the records that have it (JSON null is a value, as in Miller). It holds "
                     "the whole input in memory, since the last record may fill a column.",
      .min_args = 0,
      .max_args = 0,
      .examples = {{"weir remove-empty-columns examples/access.csv", "without the note column when no row has one"}},
      .make = [](const StageSpec&) -> std::unique_ptr<Stage> { return std::make_unique<RemoveEmptyColumns>(); },
  };
}

}  // namespace weir
