// cat: passes records through unchanged; -n (or -N NAME) puts a record
// number first, counted per group with -g, as Miller's cat.

#include <charconv>

#include "core/record/header.hpp"
#include "core/stages/field_locator.hpp"
#include "core/stages/group_table.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class Cat final : public Stage {
 public:
  /// `name`: the number's field (empty: no numbers); `group_by`: a count per
  /// distinct value of these fields (records lacking one count as a group).
  Cat(std::string name, std::vector<std::string> group_by) : name_(std::move(name)), locator_(std::move(group_by)) {}

  // numbers count across batches: one batch at a time, in order
  bool per_record() const override { return name_.empty(); }

  bool push(Batch& batch) override {
    if (name_.empty()) return emit(batch);
    if (batch.bare_header) {
      // a header-only input: its header with the number's name first
      std::vector<std::string> names{name_};
      for (const auto& name : batch.bare_header->names) {
        if (name != name_) names.push_back(name);
      }
      auto header = std::make_shared<const Header>(std::move(names));
      batch.keep(header);
      batch.bare_header = header.get();
    }
    for (std::size_t r = 0; r < batch.size(); ++r) {
      char digits[24];
      auto end = std::to_chars(digits, digits + sizeof digits, ++count_for(batch[r], batch)).ptr;
      scratch_.clear();
      scratch_.push_back(Field{name_, batch.store(std::string_view(digits, end - digits))});
      for (const Field& f : batch[r].fields()) {
        if (f.name != name_) scratch_.push_back(f);
      }
      batch.replace_fields(r, scratch_);
    }
    return emit(batch);
  }

  void notes(std::vector<std::string>& out) const override { locator_.notes("cat", out); }

 private:
  std::int64_t& count_for(const RecordRef& record, Batch& batch) {
    if (locator_.names().empty()) return count_;
    auto keys = locator_.locate(record, batch);
    if (!all_found(keys)) return count_;  // (lacking a group field: a group of their own, as in Miller)
    std::size_t g = groups_.find_or_add(keys);
    if (g == counts_.size()) counts_.push_back(0);
    return counts_[g];
  }

  std::string name_;
  FieldLocator locator_;
  GroupTable groups_;
  std::vector<std::int64_t> counts_;  // by group
  std::int64_t count_ = 0;            // without -g, or lacking a group field
  std::vector<Field> scratch_;
};

struct CatOptions {
  bool number = false;
  std::optional<std::string> number_name;  // (-N '': no numbers, even with -n)
  std::vector<std::string> group_by;
};

}  // namespace

StageInfo cat_stage_info() {
  return with_options<CatOptions>(
      {
          .name = "cat",
          .summary = "pass records through unchanged (convert formats)",
          .usage = "cat [-n] [-N NAME] [-g FIELDS]",
          .description = "Passes every record through. With --from/--to it converts between formats. -n puts "
                         "a field n = 1, 2, 3, ... first in each record (-N NAME names it), counted per distinct "
                         "value of the -g fields, as Miller's cat (records lacking one are counted together).",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir --to jsonl cat examples/access.csv", "convert CSV to JSON Lines"},
                       {"weir cat -n then head -n 3 examples/access.csv", "number the first three records"},
                       {"weir cat -n -g method examples/access.csv", "number each method's requests"}},
      },
      {{{"-n", "--number", "", "put a field n = 1, 2, 3, ... first in each record", OptionKind::flag},
        sets<&CatOptions::number>},
       {{"-N", "--number-name", "NAME", "the same, in a field called NAME (Miller's -N)", OptionKind::text},
        sets<&CatOptions::number_name>},
       {{"-g", "--group-by", "FIELDS", "with -n or -N: number the records of each group from 1",
         OptionKind::fields},
        sets<&CatOptions::group_by>}},
      [](const CatOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        return std::make_unique<Cat>(o.number_name.value_or(o.number ? "n" : ""), o.group_by);
      });
}

}  // namespace weir
