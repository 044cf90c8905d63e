// sample -n N [-g FIELDS] [--seed S]: N records chosen uniformly at random
// (reservoir sampling, algorithm R), printed in input order; with -g, N of
// each group, a group after another in order of first appearance (as
// Miller's sample -k N -g). The same seed gives the same sample; without
// --seed the seed is random. Holds N records (of each group).

#include <algorithm>
#include <random>

#include "core/record/owned_record.hpp"
#include "core/stages/field_locator.hpp"
#include "core/stages/first_header.hpp"
#include "core/stages/group_table.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

struct Chosen {
  std::int64_t index = 0;  // position in the input, for output order
  OwnedRecord record;
};

class Sample final : public Stage {
 public:
  Sample(std::size_t size, std::vector<std::string> group_by, std::uint64_t seed)
      : size_(size), group_fields_(group_by), grouped_(!group_by.empty()), random_(seed) {}

  bool push(Batch& batch) override {
    inputs_.see(batch);
    header_.see(batch);
    for (std::size_t r = 0; r < batch.size(); ++r, ++seen_) {
      std::size_t g = 0;
      if (grouped_) {
        auto keys = group_fields_.locate(batch[r], batch);
        if (!all_found(keys)) continue;  // no group: left out, as in Miller
        g = groups_.find_or_add(keys);
      }
      if (g == groups_seen_.size()) groups_seen_.emplace_back();
      Group& group = groups_seen_[g];
      const std::int64_t i = group.seen++;  // the record's index in its group
      std::size_t slot;
      if (group.chosen.size() < size_) {
        slot = group.chosen.size();
        group.chosen.emplace_back();
      } else {
        std::uniform_int_distribution<std::int64_t> pick(0, i);
        auto j = static_cast<std::size_t>(pick(random_));
        if (j >= size_) continue;
        slot = j;
      }
      group.chosen[slot].index = seen_;
      group.chosen[slot].record.assign(batch[r]);
    }
    return true;
  }

  void finish() override {
    Batch out;
    inputs_.name(out);
    for (Group& group : groups_seen_) {
      auto& chosen = group.chosen;
      std::sort(chosen.begin(), chosen.end(), [](const auto& a, const auto& b) { return a.index < b.index; });
      for (const auto& one : chosen) one.record.append_to(out);
    }
    if (!out.empty() || header_.bare(out)) emit(out);  // nothing chosen: the header line still
    next_->finish();
  }

 private:
  struct Group {
    std::int64_t seen = 0;  // its records so far
    std::vector<Chosen> chosen;
  };

  std::size_t size_;
  FieldLocator group_fields_;
  bool grouped_;
  GroupTable groups_;
  std::vector<Group> groups_seen_;
  std::mt19937_64 random_;
  std::int64_t seen_ = 0;
  InputNames inputs_;  // the input the records came from, named on the batches made here
  FirstHeader header_;  // for an empty result
};

struct SampleOptions {
  std::int64_t lines = 10;
  std::vector<std::string> group_by;
  std::optional<std::int64_t> seed;
};

}  // namespace

StageInfo sample_stage_info() {
  return with_options<SampleOptions>(
      {
          .name = "sample",
          .summary = "N records chosen at random (reservoir sampling), in input order",
          .usage = "sample [-n N] [-g FIELDS] [--seed S]",
          .description = "Chooses N records (default 10) uniformly at random in one pass, holding only N "
                         "records, and prints them in input order; with -g, N of each distinct value of the "
                         "-g fields, a group after another in order of first appearance (records lacking a -g "
                         "field are left out). The same --seed gives the same sample on the same input. "
                         "Miller's -k N is -n N.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir sample -n 3 --seed 7 examples/access.csv", "three requests, the same three every time"}},
      },
      {{{"-n", "--lines", "N", "how many records (default 10)", OptionKind::count},
        sets<&SampleOptions::lines>},
       {{"-k", "--keep", "N", "Miller's spelling of -n", OptionKind::count}, sets<&SampleOptions::lines>},
       {{"-g", "--group-by", "FIELDS", "N records of each distinct value of these fields", OptionKind::fields},
        sets<&SampleOptions::group_by>},
       {{"", "--seed", "S", "seed for the random choice (a whole number)", OptionKind::count},
        sets<&SampleOptions::seed>}},
      [](const SampleOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        std::uint64_t seed = o.seed ? static_cast<std::uint64_t>(*o.seed) : std::random_device()();
        return std::make_unique<Sample>(static_cast<std::size_t>(o.lines), o.group_by, seed);
      });
}

}  // namespace weir
