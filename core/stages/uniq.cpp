// uniq FIELDS: the distinct combinations of the fields, in order of first
// appearance (-c with their counts, -n only how many there are).

#include <charconv>

#include "core/stages/field_locator.hpp"
#include "core/stages/group_table.hpp"
#include "core/stages/stage.hpp"

namespace weir {

namespace {

class Uniq final : public Stage {
 public:
  Uniq(std::vector<std::string> fields, bool counts, bool only_number)
      : locator_(std::move(fields)), counts_wanted_(counts), only_number_(only_number) {}

  bool push(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      auto keys = locator_.locate(batch[r], batch);
      if (!all_present(keys)) continue;
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
    if (only_number_) {
      out.begin_record(Provenance{});
      out.add_field(Field("count", number(static_cast<std::int64_t>(groups_.size())), ValueKind::json));
    } else {
      for (std::size_t g = 0; g < groups_.size(); ++g) {
        out.begin_record(Provenance{});
        for (std::size_t k = 0; k < locator_.names().size(); ++k) {
          out.add_field(Field(locator_.names()[k], groups_.values(g)[k], groups_.kinds(g)[k]));
        }
        if (counts_wanted_) out.add_field(Field("count", number(counts_[g]), ValueKind::json));
      }
    }
    if (!out.empty()) emit(out);
    next_->finish();
  }

 private:
  FieldLocator locator_;
  bool counts_wanted_;
  bool only_number_;
  GroupTable groups_;
  std::vector<std::int64_t> counts_;
};

}  // namespace

StageInfo uniq_stage_info() {
  return {
      .name = "uniq",
      .summary = "distinct values of fields (-c with counts, -n how many)",
      .usage = "uniq [-c|-n] FIELD[,FIELD...]",
      .description = "Prints each distinct combination of the named fields once, in order of first "
                     "appearance. Records lacking one of the fields are left out.",
      .options = {{"-c", "--count", "", "add a field count: how many records had the combination"},
                  {"-n", "--number", "", "print only how many distinct combinations there are"}},
      .min_args = 1,
      .max_args = 1,
      .examples = {{"weir uniq country examples/access.csv", "the countries seen"},
                   {"weir uniq -c method,status examples/access.csv", "each method and status with its count"}},
      .make = [](const StageSpec& spec) -> std::unique_ptr<Stage> {
        return std::make_unique<Uniq>(parse_field_list("uniq", spec.args.at(0)), spec.flag("count"),
                                      spec.flag("number"));
      },
  };
}

}  // namespace weir
