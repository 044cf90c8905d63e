// count [-g FIELDS]: the number of records, or of records per group.

#include "core/stages/group_table.hpp"
#include "core/stages/stage.hpp"

namespace weir {

namespace {

class Count final : public Stage {
 public:
  explicit Count(std::vector<std::string> group_by) : groups_(std::move(group_by)) {}

  // the engine counts batches on several threads and adds up the counts
  struct Counted final : Partial {
    explicit Counted(std::vector<std::string> keys) : groups(std::move(keys)) {}
    GroupCounts groups;
    std::int64_t total = 0;
  };
  bool folds() const override { return true; }
  std::unique_ptr<Partial> fold(Batch& batch) override {
    auto counted = std::make_unique<Counted>(groups_.keys());
    if (groups_.keys().empty()) counted->total = static_cast<std::int64_t>(batch.size());
    else counted->groups.add(batch);
    return counted;
  }
  void merge(Partial& partial, Batch& batch) override {
    inputs_.see(batch);
    auto& counted = static_cast<Counted&>(partial);
    total_ += counted.total;
    groups_.merge(counted.groups);
  }

  bool push(Batch& batch) override {
    inputs_.see(batch);
    if (groups_.keys().empty()) {
      total_ += static_cast<std::int64_t>(batch.size());
    } else {
      groups_.add(batch);  // a record without a group field is not counted
    }
    return true;
  }

  void finish() override {
    Batch out;
    inputs_.name(out);
    if (groups_.keys().empty()) {
      out.begin_record(Provenance{});
      out.add_field(GroupCounts::count_field(out, total_));
    } else {
      groups_.write(out, true);
    }
    if (!out.empty()) emit(out);
    next_->finish();
  }

 private:
  GroupCounts groups_;
  std::int64_t total_ = 0;
  InputNames inputs_;  // the input the records came from, named on the batches made here
};

}  // namespace

StageInfo count_stage_info() {
  return {
      .name = "count",
      .summary = "count records, or records per group (-g)",
      .usage = "count [-g FIELD[,FIELD...]]",
      .description = "Prints the number of records in a field named count. With -g, prints one "
                     "record per distinct combination of the group fields, in order of first "
                     "appearance, with its count; records without a group field are not counted.",
      .options = {{"-g", "--group-by", "FIELDS", "count per distinct value of these fields", OptionKind::fields}},
      .min_args = 0,
      .max_args = 0,
      .examples = {{"weir count examples/access.csv", "how many requests"},
                   {"weir count -g status examples/access.csv", "requests per status"}},
      .make = [](const StageSpec& spec) -> std::unique_ptr<Stage> {
        const std::string* g = spec.option("group-by");
        return std::make_unique<Count>(g ? parse_field_list("count", *g) : std::vector<std::string>{});
      },
  };
}

}  // namespace weir
