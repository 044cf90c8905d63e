// cat: passes records through unchanged; -n puts a record number first.

#include <charconv>

#include "core/record/header.hpp"
#include "core/stages/stage.hpp"

namespace weir {

namespace {

class Cat final : public Stage {
 public:
  explicit Cat(bool number) : number_(number) {}

  // -n numbers records across batches: one batch at a time, in order
  bool per_record() const override { return !number_; }

  bool push(Batch& batch) override {
    if (number_ && batch.bare_header) {
      // a header-only input: its header with n first
      std::vector<std::string> names{"n"};
      for (const auto& name : batch.bare_header->names) {
        if (name != "n") names.push_back(name);
      }
      auto header = std::make_shared<const Header>(std::move(names));
      batch.keep(header);
      batch.bare_header = header.get();
    }
    if (number_) {
      for (std::size_t r = 0; r < batch.size(); ++r) {
        char digits[24];
        auto end = std::to_chars(digits, digits + sizeof digits, ++count_).ptr;
        scratch_.clear();
        scratch_.push_back(Field{"n", batch.store(std::string_view(digits, end - digits))});
        for (const Field& f : batch[r].fields()) {
          if (f.name != "n") scratch_.push_back(f);
        }
        batch.replace_fields(r, scratch_);
      }
    }
    return emit(batch);
  }

 private:
  bool number_;
  std::int64_t count_ = 0;
  std::vector<Field> scratch_;
};

}  // namespace

StageInfo cat_stage_info() {
  return {
      .name = "cat",
      .summary = "pass records through unchanged (convert formats)",
      .usage = "cat [-n]",
      .description = "Passes every record through. With --from/--to it converts between formats.",
      .options = {{"-n", "--number", "", "put a field n = 1, 2, 3, ... first in each record", OptionKind::flag}},
      .min_args = 0,
      .max_args = 0,
      .examples = {{"weir --to jsonl cat examples/access.csv", "convert CSV to JSON Lines"},
                   {"weir cat -n then head -n 3 examples/access.csv", "number the first three records"}},
      .make = [](const StageSpec& spec) -> std::unique_ptr<Stage> {
        return std::make_unique<Cat>(spec.flag("number"));
      },
  };
}

}  // namespace weir
