// head: the first N records, then stops the input early.

#include "core/stages/stage.hpp"

namespace weir {

namespace {

class Head final : public Stage {
 public:
  explicit Head(std::int64_t limit) : limit_(limit), remaining_(limit) {}

  std::optional<std::size_t> output_limit() const override { return static_cast<std::size_t>(limit_); }

  bool push(Batch& batch) override {
    if (remaining_ <= 0) return false;
    if (static_cast<std::int64_t>(batch.size()) >= remaining_) {
      batch.truncate(static_cast<std::size_t>(remaining_));
      remaining_ = 0;
      emit(batch);
      return false;  // enough: the reader need not read on
    }
    remaining_ -= static_cast<std::int64_t>(batch.size());
    return emit(batch);
  }

 private:
  std::int64_t limit_;
  std::int64_t remaining_;
};

}  // namespace

StageInfo head_stage_info() {
  return {
      .name = "head",
      .summary = "the first N records (default 10); stops reading early",
      .usage = "head [-n N]",
      .description = "Passes the first N records and stops reading the input once it has them, "
                     "so `weir head` on a huge file returns at once.",
      .options = {{"-n", "--lines", "N", "how many records (default 10)"}},
      .min_args = 0,
      .max_args = 0,
      .examples = {{"weir head -n 2 examples/access.csv", "the first two records"}},
      .make = [](const StageSpec& spec) -> std::unique_ptr<Stage> {
        const std::string* n = spec.option("lines");
        return std::make_unique<Head>(n ? parse_count("head", "-n", *n) : 10);
      },
  };
}

}  // namespace weir
