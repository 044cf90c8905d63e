// nothing: reads the input and passes no record (to check a file parses, or
// to keep only a tee's output).

#include "core/stages/stage.hpp"

namespace weir {

namespace {

class Nothing final : public Stage {
 public:
  bool push(Batch&) override { return true; }
};

}  // namespace

StageInfo nothing_stage_info() {
  return {
      .name = "nothing",
      .summary = "read the input, pass no record",
      .usage = "nothing",
      .description = "Reads all the input and passes no record on, as Miller's nothing: the input is "
                     "still checked (a malformed row is still an error).",
      .min_args = 0,
      .max_args = 0,
      .examples = {{"weir nothing examples/access.csv", "check that the file reads, print nothing"}},
      .make = [](const StageSpec&) -> std::unique_ptr<Stage> { return std::make_unique<Nothing>(); },
  };
}

}  // namespace weir
