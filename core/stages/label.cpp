// label NAME,NAME,...: the first fields of each record renamed, in order, as
// Miller's label (useful after --implicit-csv-header). A field further on
// with one of the new names goes, as in Miller: the record keeps one field
// of each name.

#include <algorithm>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/stages/stage.hpp"

namespace weir {

namespace {

class Label final : public Stage {
 public:
  explicit Label(std::vector<std::string> names) : names_(std::move(names)) {}

  bool per_record() const override { return true; }

  bool push(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      const std::size_t n = std::min(names_.size(), record.size());
      const auto labelled = names_.begin() + static_cast<std::ptrdiff_t>(n);
      fields_.clear();
      for (std::size_t i = 0; i < record.size(); ++i) {
        Field f = record[i];
        if (i < n) f.name = names_[i];
        else if (std::find(names_.begin(), labelled, f.name) != labelled) continue;  // a new name's
        fields_.push_back(f);
      }
      batch.replace_fields(r, fields_);
    }
    return emit(batch);
  }

 private:
  std::vector<std::string> names_;
  std::vector<Field> fields_;
};

}  // namespace

StageInfo label_stage_info() {
  return {
      .name = "label",
      .summary = "rename the first fields of each record, in order (Miller's)",
      .usage = "label NAME[,NAME...]",
      .description = "As Miller's label: the first field of each record is named NAME, the second the next "
                     "NAME, and so on; fields past the names keep theirs, but one with a new name goes, so that "
                     "each name is the record's once. Useful after --implicit-csv-header (--no-header).",
      .min_args = 1,
      .max_args = 1,
      .arg_kind = OptionKind::fields,
      .examples = {{"weir --no-header label ts,level,message then head -n 2 examples/access.csv",
                    "names for the columns of a file without a header"}},
      .make = [](const StageSpec& spec) -> std::unique_ptr<Stage> {
        std::vector<std::string> names = parse_field_list("label", spec.args.front());
        for (std::size_t i = 0; i < names.size(); ++i) {
          if (std::find(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(i), names[i]) !=
              names.begin() + static_cast<std::ptrdiff_t>(i)) {
            throw UsageError(fmt::format("label: the name '{}' is given twice", names[i]));
          }
        }
        return std::make_unique<Label>(std::move(names));
      },
  };
}

}  // namespace weir
