// sort-within-records: each record's fields sorted by name (byte order), as
// Miller's sort-within-records. (Miller's -r, sorting inside nested JSON
// values, is not built: the option is refused rather than ignored.)

#include <algorithm>

#include "core/errors/error.hpp"
#include "core/stages/stage.hpp"

namespace weir {

namespace {

class SortWithinRecords final : public Stage {
 public:

  bool push(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      scratch_.assign(record.fields().begin(), record.fields().end());
      std::stable_sort(scratch_.begin(), scratch_.end(),
                       [](const Field& a, const Field& b) { return a.name < b.name; });
      batch.replace_fields(r, scratch_);
    }
    return emit(batch);
  }

 private:
  std::vector<Field> scratch_;
};

}  // namespace

StageInfo sort_within_records_stage_info() {
  return {
      .name = "sort-within-records",
      .summary = "sort each record's fields by name",
      .usage = "sort-within-records",
      .description = "Puts each record's fields in ascending order of their names (byte order), as "
                     "Miller's sort-within-records does. Nested JSON values are left as they are "
                     "(Miller's -r, which sorts inside them, is not built yet).",
      .options = {{"-r", "--recursive", "", "sort inside nested JSON too (not built yet: refused)"}},
      .min_args = 0,
      .max_args = 0,
      .examples = {{"weir sort-within-records examples/access.csv", "fields in alphabetical order"}},
      .make = [](const StageSpec& spec) -> std::unique_ptr<Stage> {
        if (spec.flag("recursive")) throw UsageError("sort-within-records: -r (sorting inside nested JSON) is not built yet");
        return std::make_unique<SortWithinRecords>();
      },
  };
}

}  // namespace weir
