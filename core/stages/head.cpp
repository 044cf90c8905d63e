// head: the first N records, then stops the input early. With -g, the first
// N records of each group, in input order (it reads all the input then).

#include "core/stages/group_table.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class Head final : public Stage {
 public:
  explicit Head(std::int64_t limit) : limit_(limit), remaining_(limit) {}

  std::optional<std::size_t> output_limit() const override { return static_cast<std::size_t>(limit_); }
  std::optional<FieldUse> field_use() const override { return FieldUse{{}, true}; }

  bool push(Batch& batch) override {
    if (remaining_ <= 0) return false;
    if (static_cast<std::int64_t>(batch.size()) >= remaining_) {
      batch.truncate(static_cast<std::size_t>(remaining_));
      remaining_ = 0;
      emit(batch);
      return false;  // enough: the reader need not read on
    }
    remaining_ -= static_cast<std::int64_t>(batch.size());
    return emit(batch);
  }

 private:
  std::int64_t limit_;
  std::int64_t remaining_;
};

/// head -g: the first N records of each group, as they come; records
/// lacking a group field are left out (as in Miller).
class GroupedHead final : public Stage {
 public:
  GroupedHead(std::int64_t limit, std::vector<std::string> group_by) : limit_(limit), locator_(std::move(group_by)) {}

  bool push(Batch& batch) override {
    keep_.assign(batch.size(), false);
    for (std::size_t r = 0; r < batch.size(); ++r) {
      auto keys = locator_.locate(batch[r], batch);
      if (!all_found(keys)) continue;
      std::size_t g = groups_.find_or_add(keys);
      if (g == seen_.size()) seen_.push_back(0);
      if (seen_[g] < limit_) {
        ++seen_[g];
        keep_[r] = true;
      }
    }
    batch.keep_if(keep_);
    return batch.empty() || emit(batch);
  }

  std::optional<FieldUse> field_use() const override { return FieldUse{locator_.names(), true}; }

  // (a key no record has: the order, groups or counts would be off without a word)
  void notes(std::vector<std::string>& out) const override {
    locator_.notes("head", out);
  }

 private:
  std::int64_t limit_;
  FieldLocator locator_;
  GroupTable groups_;
  std::vector<std::int64_t> seen_;  // records passed, per group
  std::vector<bool> keep_;
};

struct HeadOptions {
  std::int64_t lines = 10;
  std::optional<std::vector<std::string>> group_by;
};

}  // namespace

StageInfo head_stage_info() {
  return with_options<HeadOptions>(
      {
          .name = "head",
          .summary = "the first N records (default 10), or of each group (-g); stops reading early",
          .usage = "head [-n N] [-g FIELDS]",
          .description = "Passes the first N records and stops reading the input once it has them, "
                         "so `weir head` on a huge file returns at once. With -g, passes the first N "
                         "records of each distinct combination of the group fields, in input order "
                         "(records lacking a group field are left out), as Miller's head -g does.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir head -n 2 examples/access.csv", "the first two records"},
                       {"weir head -n 1 -g method examples/access.csv", "the first request of each method"}},
      },
      {{{"-n", "--lines", "N", "how many records (default 10)", OptionKind::count}, sets<&HeadOptions::lines>},
       {{"-g", "--group-by", "FIELDS", "the first N of each group", OptionKind::fields}, sets<&HeadOptions::group_by>}},
      [](const HeadOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        if (o.group_by) return std::make_unique<GroupedHead>(o.lines, *o.group_by);
        return std::make_unique<Head>(o.lines);
      });
}

}  // namespace weir
