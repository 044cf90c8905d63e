// decimate [-n N] [-b | -e] [-g FIELDS]: one record of every N (the last of
// each N, or with -b the first), counted per group with -g, as Miller's
// decimate. Records lacking a group field are left out (as in Miller).

#include "core/stages/first_header.hpp"
#include "core/stages/group_table.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class Decimate final : public Stage {
 public:
  Decimate(std::int64_t factor, bool first, std::vector<std::string> group_by)
      : factor_(factor), keep_at_(first ? 0 : factor - 1), locator_(std::move(group_by)) {}

  bool push(Batch& batch) override {
    result_.see(batch);
    keep_.assign(batch.size(), false);
    for (std::size_t r = 0; r < batch.size(); ++r) {
      auto keys = locator_.locate(batch[r], batch);
      if (!all_found(keys)) continue;
      std::size_t g = groups_.find_or_add(keys);
      if (g == seen_.size()) seen_.push_back(0);
      keep_[r] = seen_[g]++ % factor_ == keep_at_;
    }
    batch.keep_if(keep_);
    return !result_.goes_on(batch) || emit(batch);
  }

  void finish() override {
    // nothing kept: the header still goes out, so the output has its columns
    Batch out;
    if (result_.bare(out)) emit(out);
    next_->finish();
  }

  // (a key no record has: every record would be left out without a word)
  void notes(std::vector<std::string>& out) const override { locator_.notes("decimate", out); }

 private:
  std::int64_t factor_;
  std::int64_t keep_at_;  // which record of each N is kept: 0 (the first) to N-1 (the last)
  FieldLocator locator_;
  GroupTable groups_;
  std::vector<std::int64_t> seen_;  // records so far, per group
  std::vector<bool> keep_;
  EmptyResult result_;  // the header of an empty result
};

struct DecimateOptions {
  std::int64_t factor = 10;
  bool first = false;
  bool last = false;
  std::vector<std::string> group_by;
};

}  // namespace

StageInfo decimate_stage_info() {
  return with_options<DecimateOptions>(
      {
          .name = "decimate",
          .summary = "one record of every N (default 10), or of every N of each group",
          .usage = "decimate [-n N] [-b | -e] [-g FIELDS]",
          .description = "As Miller's decimate: passes the last record of every N (-e, the default), or the "
                         "first (-b; given both, -e counts, as in Miller). With -g the records are counted "
                         "per distinct combination of the group fields, and records lacking one of them are "
                         "left out, as in Miller.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir decimate -n 100 examples/access.csv", "every 100th record"},
                       {"weir decimate -n 50 -b -g method examples/access.csv",
                        "the first of every 50 records of each method"}},
      },
      {{{"-n", "--factor", "N", "keep one record of every N (default 10)", OptionKind::count, {}, 1},
        sets<&DecimateOptions::factor>},
       {{"-b", "--first", "", "keep the first record of every N", OptionKind::flag}, sets<&DecimateOptions::first>},
       {{"-e", "--last", "", "keep the last record of every N (the default)", OptionKind::flag},
        sets<&DecimateOptions::last>},
       {{"-g", "--group-by", "FIELDS", "count the records of each group apart", OptionKind::fields},
        sets<&DecimateOptions::group_by>}},
      [](const DecimateOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        return std::make_unique<Decimate>(o.factor, o.first && !o.last, o.group_by);
      });
}

}  // namespace weir
