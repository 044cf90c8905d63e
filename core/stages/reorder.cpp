// reorder [-e] -f FIELDS: moves the named fields to the front of each record
// in the order named (-e: to the end), the others keeping their order, as
// Miller's reorder.

#include "core/errors/error.hpp"
#include "core/stages/rebuilt_header.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class Reorder final : public Stage {
 public:
  Reorder(std::vector<std::string> names, bool to_end) : names_(std::move(names)), to_end_(to_end) {}

  bool per_record() const override { return true; }
  bool push(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      moved_.clear();
      for (const auto& name : names_) {
        for (std::size_t i = 0; i < record.size(); ++i) {
          if (record[i].name == name) {
            moved_.push_back(i);
            break;
          }
        }
      }
      if (moved_.empty()) continue;
      order_.clear();
      if (!to_end_) order_.insert(order_.end(), moved_.begin(), moved_.end());
      for (std::size_t i = 0; i < record.size(); ++i) {
        bool is_moved = false;
        for (std::size_t m : moved_) is_moved = is_moved || m == i;
        if (!is_moved) order_.push_back(i);
      }
      if (to_end_) order_.insert(order_.end(), moved_.begin(), moved_.end());
      scratch_.clear();
      for (std::size_t i : order_) scratch_.push_back(record[i]);
      // (the same order for every record of a header)
      if (const Header* header = record.header(); header && header->id != planned_id_) {
        rebuilt_.plan(record, order_);
        planned_id_ = header->id;
      }
      batch.replace_fields(r, scratch_, rebuilt_.of(record, batch));
    }
    return emit(batch);
  }

 private:
  std::vector<std::string> names_;
  bool to_end_;
  std::vector<std::size_t> moved_;
  std::vector<std::size_t> order_;  // the record's fields, in output order
  RebuiltHeader rebuilt_;
  std::uint64_t planned_id_ = 0;    // the input header rebuilt_ is for
  std::vector<Field> scratch_;
};

struct ReorderOptions {
  std::optional<std::vector<std::string>> fields;
  bool end = false;
};

}  // namespace

StageInfo reorder_stage_info() {
  return with_options<ReorderOptions>(
      {
          .name = "reorder",
          .summary = "move fields to the front of each record (-e: to the end)",
          .usage = "reorder [-e] -f FIELDS",
          .description = "Moves the named fields to the front of each record, in the order named, the "
                         "other fields keeping their order; with -e, to the end. A record without a named "
                         "field is left as it is for that field. As Miller's reorder.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir reorder -f status,path examples/access.csv", "status and path first"},
                       {"weir reorder -e -f id examples/access.csv", "id last"}},
      },
      {{{"-f", "--fields", "FIELDS", "the fields to move", OptionKind::fields},
        sets<&ReorderOptions::fields>},
       {{"-e", "--end", "", "to the end instead of the front", OptionKind::flag},
        sets<&ReorderOptions::end>}},
      [](const ReorderOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        if (!o.fields) throw UsageError("reorder: -f FIELDS is required (the fields to move)");
        return std::make_unique<Reorder>(*o.fields, o.end);
      });
}

}  // namespace weir
