// group-by FIELDS: the records, group after group of equal values of the
// fields, in order of first appearance, as Miller's group-by: held to the
// end of the input. Records lacking a group field are left out (Miller's).

#include "core/stages/first_header.hpp"
#include "core/stages/group_table.hpp"
#include "core/stages/held_batches.hpp"
#include "core/stages/stage.hpp"

namespace weir {

namespace {

class GroupBy final : public Stage {
 public:
  explicit GroupBy(std::vector<std::string> group_by) : locator_(std::move(group_by)) {}

  bool push(Batch& batch) override {
    header_.see(batch);
    if (batch.empty()) return true;
    held_.hold(batch, [this](const RecordRef& record, Batch& from) {
      auto keys = locator_.locate(record, from);
      return all_found(keys) ? groups_.find_or_add(keys) : HeldBatches::kLeftOut;
    });
    return true;
  }

  void finish() override {
    Batch bare;
    if (held_.empty() && header_.bare(bare)) emit(bare);  // nothing to give: the header line still
    else held_.give_out([this](Batch& out) { return emit(out); });
    next_->finish();
  }

  // (a key no record has: the order, groups or counts would be off without a word)
  void notes(std::vector<std::string>& out) const override {
    locator_.notes("group-by", out);
  }

 private:
  FirstHeader header_;
  FieldLocator locator_;
  GroupTable groups_;
  HeldBatches held_;
};

}  // namespace

StageInfo group_by_stage_info() {
  return {
      .name = "group-by",
      .summary = "the records, grouped by the values of some fields",
      .usage = "group-by FIELDS",
      .description = "As Miller's group-by: the records come out group by group of equal values of the "
                     "fields, groups in order of first appearance and records in input order within each, "
                     "once the input has ended (it is held in memory). Records lacking one of the fields "
                     "are left out; an empty value is a value like any other.",
      .min_args = 1,
      .max_args = 1,
      .arg_kind = OptionKind::fields,
      .examples = {{"weir group-by method then head -n 4 examples/access.csv",
                    "the requests, method by method"}},
      .make = [](const StageSpec& spec) -> std::unique_ptr<Stage> {
        return std::make_unique<GroupBy>(distinct_names(parse_field_list("group-by", spec.args.front())));
      },
  };
}

}  // namespace weir
