// count [-g FIELDS] [-n] [-o NAME]: the number of records, or of records per
// group (-n: the number of groups), as Miller's count.

#include "core/stages/fold_spares.hpp"
#include "core/stages/group_table.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class Count final : public Stage {
 public:
  Count(std::vector<std::string> group_by, bool groups_only, std::string name, bool folds)
      : groups_(std::move(group_by)), groups_only_(groups_only), name_(std::move(name)), folds_(folds) {}

  // the engine counts batches on several threads and adds up the counts
  struct Counted final : Partial {
    explicit Counted(std::vector<std::string> keys) : groups(std::move(keys)) {}
    GroupCounts groups;
    std::int64_t total = 0;

    void clear() {
      groups.clear();
      total = 0;
    }
  };
  void follow(Stage& original) override { spares_ = static_cast<Count&>(original).spares_; }
  // (StageContext::counts_fold)
  bool folds() const override { return folds_; }
  std::unique_ptr<Partial> fold(Batch& batch) override {
    std::unique_ptr<Counted> counted = spares_->take([&] { return std::make_unique<Counted>(groups_.keys()); });
    if (groups_.keys().empty()) counted->total = static_cast<std::int64_t>(batch.size());
    else counted->groups.add(batch);
    return counted;
  }
  void merge(Partial& partial, Batch& batch) override {
    inputs_.see(batch);
    auto& counted = static_cast<Counted&>(partial);
    total_ += counted.total;
    groups_.merge(counted.groups);
    spares_->keep(counted);
  }

  std::optional<FieldUse> field_use() const override { return FieldUse{groups_.keys(), false}; }

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
      out.add_field(GroupCounts::count_field(out, total_, name_));
    } else if (groups_only_) {
      groups_.write_number(out, name_);
    } else {
      groups_.write(out, true, name_);
    }
    if (!out.empty()) emit(out);
    next_->finish();
  }

 private:
  GroupCounts groups_;
  bool groups_only_;  // -n: how many groups, not their counts
  std::string name_;  // the count's field (-o)
  std::int64_t total_ = 0;
  bool folds_;         // see folds()
  InputNames inputs_;  // the input the records came from, named on the batches made here
  // the original's, on a copy
  std::shared_ptr<FoldSpares<Counted>> spares_ = std::make_shared<FoldSpares<Counted>>();
};

struct CountOptions {
  std::vector<std::string> group_by;
  bool groups = false;
  std::string name = "count";
};

}  // namespace

StageInfo count_stage_info() {
  return with_options<CountOptions>(
      {
          .name = "count",
          .summary = "count records, or records per group (-g)",
          .usage = "count [-g FIELD[,FIELD...]] [-n] [-o NAME]",
          .description = "Prints the number of records in a field named count (-o NAME names it). With -g, "
                         "prints one record per distinct combination of the group fields, in order of first "
                         "appearance, with its count; records without a group field are not counted. -n "
                         "prints only how many combinations there are, as Miller's count -n.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir count examples/access.csv", "how many requests"},
                       {"weir count -g status examples/access.csv", "requests per status"},
                       {"weir count -n -g country examples/access.csv", "how many countries"}},
      },
      {{{"-g", "--group-by", "FIELDS", "count per distinct value of these fields", OptionKind::fields},
        sets<&CountOptions::group_by>},
       {{"-n", "--groups", "", "with -g: only the number of distinct groups", OptionKind::flag},
        sets<&CountOptions::groups>},
       {{"-o", "--name", "NAME", "the count's field name (default count)", OptionKind::text},
        sets<&CountOptions::name>}},
      [](const CountOptions& o, const StageSpec& spec) -> std::unique_ptr<Stage> {
        const bool folds = spec.context && spec.context->counts_fold();
        return std::make_unique<Count>(o.group_by, o.groups, o.name, folds);
      });
}

}  // namespace weir
