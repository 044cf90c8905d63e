// group-like: the records, group after group of the same field names (in
// the same order), in order of first appearance, as Miller's group-like:
// held to the end of the input.

#include "core/stages/first_header.hpp"
#include "core/stages/group_table.hpp"
#include "core/stages/held_batches.hpp"
#include "core/stages/stage.hpp"

namespace weir {

namespace {

class GroupLike final : public Stage {
 public:
  bool push(Batch& batch) override {
    header_.see(batch);
    if (batch.empty()) return true;
    held_.hold(batch, [this](const RecordRef& record, Batch&) { return group_of(record); });
    return true;
  }

  void finish() override {
    Batch bare;
    if (held_.empty() && header_.bare(bare)) emit(bare);  // nothing to give: the header line still
    else held_.give_out([this](Batch& out) { return emit(out); });
    next_->finish();
  }

 private:
  // The group of the record's names; records of one Header (a CSV file's)
  // are one group, looked up once.
  std::size_t group_of(const RecordRef& record) {
    const Header* header = record.header();
    if (header && header->id == last_header_id_) return last_group_;
    names_.clear();
    for (const Field& f : record.fields()) names_.emplace_back(std::string_view(), f.name);
    keys_.clear();
    for (const Field& name : names_) keys_.push_back(&name);
    last_group_ = groups_.find_or_add(keys_);
    last_header_id_ = header ? header->id : 0;
    return last_group_;
  }

  FirstHeader header_;
  GroupTable groups_;
  HeldBatches held_;
  std::vector<Field> names_;  // the record's names as key values
  std::vector<const Field*> keys_;
  std::uint64_t last_header_id_ = 0;
  std::size_t last_group_ = 0;
};

}  // namespace

StageInfo group_like_stage_info() {
  return {
      .name = "group-like",
      .summary = "the records, grouped by their field names",
      .usage = "group-like",
      .description = "As Miller's group-like: the records come out group by group of the same field names "
                     "in the same order, groups in order of first appearance and records in input order "
                     "within each, once the input has ended (it is held in memory).",
      .min_args = 0,
      .max_args = 0,
      .examples = {{"weir group-like examples/access.csv", "all the records: they have the same fields"}},
      .make = [](const StageSpec&) -> std::unique_ptr<Stage> { return std::make_unique<GroupLike>(); },
  };
}

}  // namespace weir
