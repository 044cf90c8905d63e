// select: keep the named fields, in the order named (or, with -x, drop them).
// For records sharing a reader's Header the field positions are worked out
// once per header, not once per record.

#include <algorithm>

#include "core/record/header.hpp"
#include "core/record/nested.hpp"
#include "core/stages/rebuilt_header.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class Select final : public Stage {
 public:
  Select(std::vector<std::string> names, bool exclude) : names_(std::move(names)), exclude_(exclude) {}

  bool per_record() const override { return true; }
  bool push_bare(Batch& batch) override { return push(batch); }  // (push renames the bare header)

  bool push(Batch& batch) override {
    if (batch.bare_header) select_header(batch);
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      const Header* header = record.header();
      if (!header || header->id != cached_id_) {
        plan(record);
        rebuilt_.plan(record, positions_);  // (a nested path's kNested: none)
        cached_id_ = header ? header->id : 0;
      }
      scratch_.clear();
      for (std::size_t k = 0; k < positions_.size(); ++k) {
        if (positions_[k] != kNested) {
          scratch_.push_back(record[positions_[k]]);
        } else if (auto nested = lookup_nested(record, names_[k], batch)) {
          scratch_.push_back(*nested);
        }
      }
      batch.replace_fields(r, scratch_, rebuilt_.of(record, batch));
    }
    return emit(batch);
  }

 private:
  static constexpr std::size_t kNested = static_cast<std::size_t>(-1);

  // A header-only input: the header of the fields kept.
  void select_header(Batch& batch) {
    const auto& have = batch.bare_header->names;
    std::vector<std::string> names;
    if (exclude_) {
      for (const auto& name : have) {
        if (std::find(names_.begin(), names_.end(), name) == names_.end()) names.push_back(name);
      }
    } else {
      for (const auto& name : names_) {
        if (std::find(have.begin(), have.end(), name) != have.end()) names.push_back(name);
      }
    }
    auto header = std::make_shared<const Header>(std::move(names));
    batch.keep(header);
    batch.bare_header = header.get();
  }

  // positions_ := which fields of `record` to keep, in output order; for
  // select (not -x) one entry per name, kNested when the record has no such field
  void plan(const RecordRef& record) {
    positions_.clear();
    if (exclude_) {
      for (std::size_t i = 0; i < record.size(); ++i) {
        if (std::find(names_.begin(), names_.end(), record[i].name) == names_.end()) positions_.push_back(i);
      }
      return;
    }
    for (const auto& name : names_) {
      std::size_t position = kNested;
      for (std::size_t i = 0; i < record.size(); ++i) {
        if (record[i].name == name) {
          position = i;
          break;
        }
      }
      // not a field of its own: maybe a path into nested JSON (a.b)
      positions_.push_back(position);
    }
  }

  std::vector<std::string> names_;
  bool exclude_;
  std::uint64_t cached_id_ = 0;
  std::vector<std::size_t> positions_;
  RebuiltHeader rebuilt_;
  std::vector<Field> scratch_;
};

struct SelectOptions {
  bool exclude = false;
};

}  // namespace

StageInfo select_stage_info() {
  return with_options<SelectOptions>(
      {
          .name = "select",
          .summary = "keep the named fields in the order named (-x: drop them)",
          .usage = "select [-x] FIELD[,FIELD...]",
          .description = "Keeps the named fields, in the order given. A name with dots reaches into "
                         "nested JSON (req.host is the field host of the object in req) when the record "
                         "has no field of that exact name. A record without one of the fields simply "
                         "lacks it in the output. With -x, drops the named fields and keeps the rest in "
                         "their order.",
          .min_args = 1,
          .max_args = 1,
          .arg_kind = OptionKind::fields,
          .examples = {{"weir select status,path examples/access.csv", "two columns, status first"},
                       {"weir select -x user_agent,note examples/access.csv", "everything but two columns"}},
      },
      {{{"-x", "--exclude", "", "drop the named fields instead", OptionKind::flag},
        sets<&SelectOptions::exclude>}},
      [](const SelectOptions& o, const StageSpec& spec) -> std::unique_ptr<Stage> {
        std::vector<std::string> names = distinct_names(parse_field_list("select", spec.args.at(0)));
        return std::make_unique<Select>(std::move(names), o.exclude);
      });
}

}  // namespace weir
