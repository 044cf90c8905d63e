// fill-empty [-v V] [-S]: every empty value becomes V (default N/A), as
// Miller's fill-empty. JSON null counts as empty.

#include "core/stages/stage.hpp"

namespace weir {

namespace {

class FillEmpty final : public Stage {
 public:
  FillEmpty(std::string value, ValueKind kind) : value_(std::move(value)), kind_(kind) {}

  bool push(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      for (Field& f : batch[r].fields()) {
        if (f.is_null()) f.set_value(value_, kind_);
      }
    }
    return emit(batch);
  }

 private:
  std::string value_;
  ValueKind kind_;
};

}  // namespace

StageInfo fill_empty_stage_info() {
  return {
      .name = "fill-empty",
      .summary = "replace empty values with a fill value (default N/A)",
      .usage = "fill-empty [-v V] [-S]",
      .description = "Every empty value (and JSON null) becomes V, N/A unless -v says otherwise, as "
                     "Miller's fill-empty. In JSON output V is a number when it looks like one, unless -S.",
      .options = {{"-v", "--value", "V", "the fill value (default N/A)"},
                  {"-S", "--string", "", "the fill value is text, even if it looks like a number"}},
      .min_args = 0,
      .max_args = 0,
      .examples = {{"weir fill-empty -v none examples/access.csv", "an empty note reads none"}},
      .make = [](const StageSpec& spec) -> std::unique_ptr<Stage> {
        const std::string* v = spec.option("value");
        return std::make_unique<FillEmpty>(v ? *v : std::string("N/A"),
                                           spec.flag("string") ? ValueKind::string : ValueKind::text);
      },
  };
}

}  // namespace weir
