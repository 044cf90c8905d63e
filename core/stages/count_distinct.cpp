// count-distinct -f FIELDS [-n] [-u] [-o NAME]: records per distinct
// combination of values, as Miller's count-distinct: an empty value is a
// value; a record lacking a field is left out.

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/stages/group_table.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class CountDistinct final : public Stage {
 public:
  CountDistinct(std::vector<std::string> fields, bool only_number, bool unlashed, std::string count_name)
      : only_number_(only_number), unlashed_(unlashed), count_name_(std::move(count_name)) {
    if (unlashed_) {
      for (auto& f : fields) counts_.emplace_back(std::vector<std::string>{f});
    } else {
      counts_.emplace_back(std::move(fields));
    }
  }

  std::optional<FieldUse> field_use() const override {
    FieldUse use;
    for (const GroupCounts& counts : counts_) use.reads.insert(use.reads.end(), counts.keys().begin(), counts.keys().end());
    return use;
  }

  bool push(Batch& batch) override {
    inputs_.see(batch);
    for (GroupCounts& counts : counts_) counts.add(batch);
    return true;
  }

  void finish() override {
    Batch out;
    inputs_.name(out);
    if (only_number_) {
      counts_.front().write_number(out);
    } else if (unlashed_) {
      // Miller's -u: one record per field and value
      for (const GroupCounts& counts : counts_) {
        for (std::size_t g = 0; g < counts.groups(); ++g) {
          out.begin_record(Provenance{});
          out.add_field(Field("field", counts.keys().front()));
          out.add_field(Field("value", counts.values(g).front(), counts.kinds(g).front()));
          out.add_field(GroupCounts::count_field(out, counts.count(g)));
        }
      }
    } else {
      counts_.front().write(out, true, count_name_);
    }
    if (!out.empty()) emit(out);
    next_->finish();
  }

 private:
  std::vector<GroupCounts> counts_;  // one, or one per field with -u
  bool only_number_;
  bool unlashed_;
  std::string count_name_;
  InputNames inputs_;
};

struct CountDistinctOptions {
  std::optional<std::vector<std::string>> fields;
  bool number = false;
  bool unlashed = false;
  std::string count_name = "count";
};

}  // namespace

StageInfo count_distinct_stage_info() {
  return with_options<CountDistinctOptions>(
      {
          .name = "count-distinct",
          .summary = "records per distinct combination of values of some fields",
          .usage = "count-distinct -f FIELDS [-n] [-u] [-o NAME]",
          .description = "As Miller's count-distinct: one record per distinct combination of the fields' "
                         "values, in order of first appearance, with its number of records in a field "
                         "count (or -o NAME). An empty value counts as a value; a record lacking one of "
                         "the fields is left out. -n prints only how many combinations there are; -u "
                         "counts each field's values on their own (records field, value, count).",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir count-distinct -f method,status examples/access.csv",
                        "requests per method and status"},
                       {"weir count-distinct -n -f ip examples/access.csv", "how many client addresses"}},
      },
      {{{"-f", "--fields", "FIELDS", "the fields whose values are counted", OptionKind::fields},
        sets<&CountDistinctOptions::fields>},
       {{"-n", "--number", "", "only the number of distinct combinations", OptionKind::flag},
        sets<&CountDistinctOptions::number>},
       {{"-u", "--unlashed", "", "each field on its own", OptionKind::flag},
        sets<&CountDistinctOptions::unlashed>},
       {{"-o", "--count-name", "NAME", "name of the count field (default count)", OptionKind::text},
        sets<&CountDistinctOptions::count_name>}},
      [](const CountDistinctOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        if (!o.fields) {
          throw UsageError("count-distinct: -f FIELDS is required (the fields whose values are counted)");
        }
        if (o.number && o.unlashed) throw UsageError("count-distinct: -n and -u do not go together");
        return std::make_unique<CountDistinct>(*o.fields, o.number, o.unlashed, o.count_name);
      });
}

}  // namespace weir
