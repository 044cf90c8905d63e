// count [-g FIELDS]: the number of records, or of records per group.

#include <charconv>

#include "core/stages/field_locator.hpp"
#include "core/stages/group_table.hpp"
#include "core/stages/stage.hpp"

namespace weir {

namespace {

class Count final : public Stage {
 public:
  explicit Count(std::vector<std::string> group_by) : locator_(std::move(group_by)) {}

  bool push(Batch& batch) override {
    if (locator_.names().empty()) {
      total_ += static_cast<std::int64_t>(batch.size());
      return true;
    }
    for (std::size_t r = 0; r < batch.size(); ++r) {
      auto keys = locator_.locate(batch[r], batch);
      if (!all_present(keys)) continue;  // a record without a group field is not counted
      std::size_t g = groups_.find_or_add(keys);
      if (g == counts_.size()) counts_.push_back(0);
      ++counts_[g];
    }
    return true;
  }

  void finish() override {
    Batch out;
    char digits[24];
    auto number = [&](std::int64_t n) {
      auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
      return out.store(std::string_view(digits, static_cast<std::size_t>(end - digits)));
    };
    if (locator_.names().empty()) {
      out.begin_record(Provenance{});
      out.add_field(Field("count", number(total_), ValueKind::json));
    } else {
      for (std::size_t g = 0; g < groups_.size(); ++g) {
        out.begin_record(Provenance{});
        for (std::size_t k = 0; k < locator_.names().size(); ++k) {
          out.add_field(Field(locator_.names()[k], groups_.values(g)[k], groups_.kinds(g)[k]));
        }
        out.add_field(Field("count", number(counts_[g]), ValueKind::json));
      }
    }
    if (!out.empty()) emit(out);
    next_->finish();
  }

 private:
  FieldLocator locator_;
  GroupTable groups_;
  std::vector<std::int64_t> counts_;
  std::int64_t total_ = 0;
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
      .options = {{"-g", "--group-by", "FIELDS", "count per distinct value of these fields"}},
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
