// count-similar -g FIELDS [-o NAME]: every record with, at its end, the
// number of records of its group, as Miller's count-similar: records come
// out group by group, in order of first appearance, at the end of the input
// (held whole until then). Records lacking a group field are left out.

#include <memory>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/stages/field_appender.hpp"
#include "core/stages/group_table.hpp"
#include "core/stages/held_batches.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class CountSimilar final : public Stage {
 public:
  CountSimilar(std::vector<std::string> group_by, std::string count_name)
      : locator_(std::move(group_by)), appender_({std::move(count_name)}) {}

  bool push(Batch& batch) override {
    if (batch.empty()) {
      // an empty result's columns: given on at the end when no record came
      if (batch.bare_header && !bare_) bare_ = std::make_shared<const Header>(batch.bare_header->names);
      return true;
    }
    held_.hold(batch, [this](const RecordRef& record, Batch& from) {
      auto keys = locator_.locate(record, from);
      return all_found(keys) ? groups_.find_or_add(keys) : HeldBatches::kLeftOut;
    });
    return true;
  }

  void finish() override {
    std::vector<Field> count(1);
    std::size_t counted = 0;  // the group size count[0] holds, made in the batch being filled
    auto add_count = [&](Batch& out, std::size_t r, std::size_t group_size) {
      if (r == 0 || group_size != counted) {
        count[0] = GroupCounts::count_field(out, static_cast<std::int64_t>(group_size));
        counted = group_size;
      }
      appender_.apply(out, r, count);
    };
    const bool more = held_.give_out([this](Batch& out) { return emit(out); }, add_count);
    if (more && held_.empty() && bare_) {
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
  FieldLocator locator_;
  FieldAppender appender_;
  GroupTable groups_;
  HeldBatches held_;
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
