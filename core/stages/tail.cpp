// tail: the last N records. Keeps whole batches (no copying) and drops the
// oldest once the newer ones hold N records: memory is N records plus one batch.
// With -g, the last N records of each group, copied (memory: groups x N records).

#include <deque>

#include "core/record/owned_record.hpp"
#include "core/stages/first_header.hpp"
#include "core/stages/group_table.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class Tail final : public Stage {
 public:
  explicit Tail(std::size_t limit) : limit_(limit) {}

  bool push(Batch& batch) override {
    header_.see(batch);
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
    Batch bare;
    if (kept_.empty() && header_.bare(bare)) emit(bare);  // nothing to give: the header line still
    kept_.clear();
    next_->finish();
  }

 private:
  FirstHeader header_;
  std::size_t limit_;
  std::size_t held_ = 0;
  std::deque<Batch> kept_;
};

/// tail -g: the last N records of each group, group by group in order of
/// first appearance (as in Miller); records lacking a group field are left out.
class GroupedTail final : public Stage {
 public:
  GroupedTail(std::size_t limit, std::vector<std::string> group_by) : limit_(limit), locator_(std::move(group_by)) {}

  bool push(Batch& batch) override {
    inputs_.see(batch);
    header_.see(batch);
    for (std::size_t r = 0; r < batch.size(); ++r) {
      auto keys = locator_.locate(batch[r], batch);
      if (!all_found(keys)) continue;
      std::size_t g = groups_.find_or_add(keys);
      if (g == kept_.size()) kept_.emplace_back();
      if (limit_ == 0) continue;
      Ring& ring = kept_[g];
      // a ring of N records: the oldest is overwritten, its strings reused
      if (ring.records.size() < limit_) {
        ring.records.emplace_back().assign(batch[r]);
      } else {
        ring.records[ring.oldest].assign(batch[r]);
        ring.oldest = (ring.oldest + 1) % limit_;
      }
    }
    return true;
  }

  void finish() override {
    Batch out;
    inputs_.name(out);
    for (const Ring& ring : kept_) {
      for (std::size_t i = 0; i < ring.records.size(); ++i) {
        ring.records[(ring.oldest + i) % ring.records.size()].append_to(out);
      }
    }
    if (!out.empty() || header_.bare(out)) emit(out);
    next_->finish();
  }

  // (a key no record has: the order, groups or counts would be off without a word)
  void notes(std::vector<std::string>& out) const override {
    locator_.notes("tail", out);
  }

 private:
  FirstHeader header_;
  struct Ring {
    std::vector<OwnedRecord> records;
    std::size_t oldest = 0;
  };

  std::size_t limit_;
  FieldLocator locator_;
  GroupTable groups_;
  std::vector<Ring> kept_;
  InputNames inputs_;
};

struct TailOptions {
  std::int64_t lines = 10;
  std::optional<std::vector<std::string>> group_by;
};

}  // namespace

StageInfo tail_stage_info() {
  return with_options<TailOptions>(
      {
          .name = "tail",
          .summary = "the last N records (default 10), or of each group (-g)",
          .usage = "tail [-n N] [-g FIELDS]",
          .description = "Passes the last N records, in input order. Holds N records in memory. With -g, "
                         "the last N records of each distinct combination of the group fields, group after "
                         "group in order of first appearance (records lacking a group field are left out), "
                         "as Miller's tail -g does.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir tail -n 2 examples/access.csv", "the last two records"},
                       {"weir tail -n 1 -g method examples/access.csv", "the last request of each method"}},
      },
      {{{"-n", "--lines", "N", "how many records (default 10)", OptionKind::count},
        sets<&TailOptions::lines>},
       {{"-g", "--group-by", "FIELDS", "the last N of each group", OptionKind::fields},
        sets<&TailOptions::group_by>}},
      [](const TailOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        const auto limit = static_cast<std::size_t>(o.lines);
        if (o.group_by) return std::make_unique<GroupedTail>(limit, *o.group_by);
        return std::make_unique<Tail>(limit);
      });
}

}  // namespace weir
