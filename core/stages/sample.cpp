// sample -n N [--seed S]: N records chosen uniformly at random (reservoir
// sampling, algorithm R), printed in input order. The same seed gives the
// same sample; without --seed the seed is random. Holds N records.

#include <algorithm>
#include <random>

#include "core/record/owned_record.hpp"
#include "core/stages/first_header.hpp"
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
  Sample(std::size_t size, std::uint64_t seed) : size_(size), random_(seed) {}

  bool push(Batch& batch) override {
    inputs_.see(batch);
    header_.see(batch);
    for (std::size_t r = 0; r < batch.size(); ++r, ++seen_) {
      std::size_t slot;
      if (chosen_.size() < size_) {
        slot = chosen_.size();
        chosen_.emplace_back();
      } else {
        std::uniform_int_distribution<std::int64_t> pick(0, seen_);
        auto j = static_cast<std::size_t>(pick(random_));
        if (j >= size_) continue;
        slot = j;
      }
      copy(batch[r], chosen_[slot]);
    }
    return true;
  }

  void finish() override {
    std::sort(chosen_.begin(), chosen_.end(), [](const auto& a, const auto& b) { return a.index < b.index; });
    Batch out;
    inputs_.name(out);
    for (const auto& chosen : chosen_) chosen.record.append_to(out);
    if (!out.empty() || header_.bare(out)) emit(out);  // nothing chosen: the header line still
    next_->finish();
  }

 private:
  void copy(const RecordRef& record, Chosen& into) {
    into.index = seen_;
    into.record.assign(record);
  }

  std::size_t size_;
  std::mt19937_64 random_;
  std::int64_t seen_ = 0;
  std::vector<Chosen> chosen_;
  InputNames inputs_;  // the input the records came from, named on the batches made here
  FirstHeader header_;  // for an empty result
};

struct SampleOptions {
  std::int64_t lines = 10;
  std::optional<std::int64_t> seed;
};

}  // namespace

StageInfo sample_stage_info() {
  return with_options<SampleOptions>(
      {
          .name = "sample",
          .summary = "N records chosen at random (reservoir sampling), in input order",
          .usage = "sample [-n N] [--seed S]",
          .description = "Chooses N records (default 10) uniformly at random in one pass, holding only N "
                         "records, and prints them in input order. The same --seed gives the same sample "
                         "on the same input.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir sample -n 3 --seed 7 examples/access.csv", "three requests, the same three every time"}},
      },
      {{{"-n", "--lines", "N", "how many records (default 10)", OptionKind::count},
        sets<&SampleOptions::lines>},
       {{"", "--seed", "S", "seed for the random choice (a whole number)", OptionKind::count},
        sets<&SampleOptions::seed>}},
      [](const SampleOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        std::uint64_t seed = o.seed ? static_cast<std::uint64_t>(*o.seed) : std::random_device()();
        return std::make_unique<Sample>(static_cast<std::size_t>(o.lines), seed);
      });
}

}  // namespace weir
