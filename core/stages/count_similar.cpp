// count-similar -g FIELDS [-o NAME]: every record with, at its end, the
// number of records of its group, as Miller's count-similar: records come
// out group by group, in order of first appearance, at the end of the input
// (held whole until then). Records lacking a group field are left out.

#include <deque>
#include <memory>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/stages/field_appender.hpp"
#include "core/stages/group_table.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class CountSimilar final : public Stage {
 public:
  CountSimilar(std::vector<std::string> group_by, std::string count_name)
      : locator_(std::move(group_by)), appender_({std::move(count_name)}) {}

  bool push(Batch& batch) override {
    inputs_.see(batch);
    if (batch.empty()) {
      // an empty result's columns: given on at the end when no record came
      if (batch.bare_header && !bare_) bare_ = std::make_shared<const Header>(batch.bare_header->names);
      return true;
    }
    auto b = static_cast<std::uint32_t>(held_.size());
    for (std::size_t r = 0; r < batch.size(); ++r) {
      auto keys = locator_.locate(batch[r], batch);
      if (!all_found(keys)) continue;
      std::size_t g = groups_.find_or_add(keys);
      if (g == members_.size()) members_.emplace_back();
      members_[g].push_back({b, static_cast<std::uint32_t>(r)});
    }
    held_.push_back(std::move(batch));
    return true;
  }

  void finish() override {
    // The output's fields view the held batches: every batch given out
    // keeps them alive (a stage after this one may hold it to its own end,
    // as tail does, and import weir's queue holds it past emit()).
    auto held = std::make_shared<std::deque<Batch>>(std::move(held_));
    held_.clear();
    const char plain = held->empty() ? '\0' : held->front().plain_delimiter;
    Batch out;
    std::vector<Field> count(1);
    bool more = true;
    for (std::size_t g = 0; g < members_.size() && more; ++g) {
      if (out.empty()) {
        inputs_.name(out);
        out.plain_delimiter = plain;
        out.keep(held);
      }
      std::size_t first = out.size();
      for (Ref ref : members_[g]) {
        Batch& from = (*held)[ref.batch];
        RecordRef record = from[ref.record];
        out.begin_record(record.where(), record.header());
        for (const Field& f : record.fields()) {
          Field copy = f;
          if (from.plain_delimiter != plain) copy.flags &= static_cast<std::uint8_t>(~kFieldPlain);
          out.add_field(copy);
        }
      }
      count[0] = GroupCounts::count_field(out, static_cast<std::int64_t>(members_[g].size()));
      for (std::size_t r = first; r < out.size(); ++r) appender_.apply(out, r, count);
      if (out.size() >= 4096) {
        more = emit(out);
        out = Batch();
      }
    }
    if (more && !out.empty()) emit(out);
    if (members_.empty() && bare_) {
      Batch columns;
      columns.keep(bare_);
      columns.bare_header = bare_.get();
      appender_.apply_to_bare(columns);
      emit(columns);
    }
    next_->finish();
  }

  // (a key no record has: the order, groups or counts would be off without a word)
  void notes(std::vector<std::string>& out) const override {
    locator_.notes("count-similar", out);
  }

 private:
  struct Ref {
    std::uint32_t batch;
    std::uint32_t record;
  };

  FieldLocator locator_;
  FieldAppender appender_;
  GroupTable groups_;
  std::vector<std::vector<Ref>> members_;
  std::deque<Batch> held_;
  InputNames inputs_;
  std::shared_ptr<const Header> bare_;  // an empty result's header, when one came
};

struct CountSimilarOptions {
  std::optional<std::vector<std::string>> group_by;
  std::string count_name = "count";
};

}  // namespace

StageInfo count_similar_stage_info() {
  return with_options<CountSimilarOptions>(
      {
          .name = "count-similar",
          .summary = "each record with the number of records of its group",
          .usage = "count-similar -g FIELDS [-o NAME]",
          .description = "As Miller's count-similar: every record gets, at its end, a field count (or -o "
                         "NAME) holding the number of records with the same values of the group fields. "
                         "Records come out group by group, in order of first appearance, once the input "
                         "has ended (it is held in memory). Records lacking a group field are left out.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir count-similar -g status then head -n 3 examples/access.csv",
                        "requests with how many share their status"}},
      },
      {{{"-g", "--group-by", "FIELDS", "the fields whose values make a group", OptionKind::fields},
        sets<&CountSimilarOptions::group_by>},
       {{"-o", "--count-name", "NAME", "name of the count field (default count)", OptionKind::text},
        sets<&CountSimilarOptions::count_name>}},
      [](const CountSimilarOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        if (!o.group_by) {
          throw UsageError("count-similar: -g FIELDS is required (the fields whose values make a group)");
        }
        return std::make_unique<CountSimilar>(*o.group_by, o.count_name);
      });
}

}  // namespace weir
