// uniq FIELDS: the distinct combinations of the fields, in order of first
// appearance (-c with their counts, -n only how many there are).

#include "core/stages/first_header.hpp"
#include "core/stages/group_table.hpp"
#include "core/stages/stage.hpp"

namespace weir {

namespace {

class Uniq final : public Stage {
 public:
  Uniq(std::vector<std::string> fields, bool counts, bool only_number)
      : columns_(fields), groups_(std::move(fields)), counts_wanted_(counts), only_number_(only_number) {
    if (counts_wanted_) columns_.emplace_back("count");
  }

  // the engine finds the values of batches on several threads and merges them
  struct Found final : Partial {
    explicit Found(std::vector<std::string> keys) : groups(std::move(keys)) {}
    GroupCounts groups;
  };
  bool folds() const override { return true; }
  std::unique_ptr<Partial> fold(Batch& batch) override {
    auto found = std::make_unique<Found>(groups_.keys());
    found->groups.add(batch);
    return found;
  }
  void merge(Partial& partial, Batch& batch) override {
    inputs_.see(batch);
    header_.see(const_cast<Batch&>(batch), columns_);
    groups_.merge(static_cast<Found&>(partial).groups);
  }

  bool push(Batch& batch) override {
    inputs_.see(batch);
    header_.see(batch, columns_);
    groups_.add(batch);
    return true;
  }

  void finish() override {
    Batch out;
    inputs_.name(out);
    if (only_number_) {
      groups_.write_number(out);
    } else {
      groups_.write(out, counts_wanted_);
    }
    // no combination (a header-only input): the header line of uniq's columns still
    if (!out.empty() || header_.bare(out)) emit(out);
    next_->finish();
  }

 private:
  std::vector<std::string> columns_;  // the output's: the fields, and count with -c
  FirstHeader header_;
  GroupCounts groups_;
  bool counts_wanted_;
  bool only_number_;
  InputNames inputs_;  // the input the records came from, named on the batches made here
};

}  // namespace

StageInfo uniq_stage_info() {
  return {
      .name = "uniq",
      .summary = "distinct values of fields (-c with counts, -n how many)",
      .usage = "uniq [-c|-n] FIELD[,FIELD...]",
      .description = "Prints each distinct combination of the named fields once, in order of first "
                     "appearance. Records lacking one of the fields are left out.",
      .options = {{"-c", "--count", "", "add a field count: how many records had the combination", OptionKind::flag},
                  {"-n", "--number", "", "print only how many distinct combinations there are", OptionKind::flag}},
      .min_args = 1,
      .max_args = 1,
      .arg_kind = OptionKind::fields,
      .examples = {{"weir uniq country examples/access.csv", "the countries seen"},
                   {"weir uniq -c method,status examples/access.csv", "each method and status with its count"}},
      .make = [](const StageSpec& spec) -> std::unique_ptr<Stage> {
        return std::make_unique<Uniq>(parse_field_list("uniq", spec.args.at(0)), spec.flag("count"),
                                      spec.flag("number"));
      },
  };
}

}  // namespace weir
