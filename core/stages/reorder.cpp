// reorder [-e | -a FIELD | -b FIELD] -f FIELDS: moves the named fields to the
// front of each record in the order named (-e: to the end; -a/-b: after or
// before the field named there, in records that have it), the others keeping
// their order, as Miller's reorder.

#include <algorithm>

#include "core/errors/error.hpp"
#include "core/stages/rebuilt_header.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

/// Where reorder moves the fields (the last of -e, -a and -b given).
enum class Where : std::uint8_t { front, end, after, before };

class Reorder final : public Stage {
 public:
  Reorder(std::vector<std::string> names, Where where, std::string pivot)
      : names_(std::move(names)), where_(where), pivot_(std::move(pivot)) {}

  bool per_record() const override { return true; }
  bool push(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      moved_.clear();
      for (const auto& name : names_) {
        for (std::size_t i = 0; i < record.size(); ++i) {
          if (record[i].name == name) {
            if (!is_moved(i)) moved_.push_back(i);
            break;
          }
        }
      }
      if (moved_.empty() || !plan(record)) continue;
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
  bool is_moved(std::size_t i) const { return std::find(moved_.begin(), moved_.end(), i) != moved_.end(); }

  // order_: the record's fields in output order; false: the record stays
  // as it is (-a/-b: it lacks the field to move them next to)
  bool plan(const RecordRef& record) {
    order_.clear();
    auto others = [&](std::size_t from, std::size_t to, std::size_t skip) {
      for (std::size_t i = from; i < to; ++i) {
        if (i != skip && !is_moved(i)) order_.push_back(i);
      }
    };
    const std::size_t n = record.size();
    switch (where_) {
      case Where::front:
        order_ = moved_;
        others(0, n, n);
        return true;
      case Where::end:
        others(0, n, n);
        order_.insert(order_.end(), moved_.begin(), moved_.end());
        return true;
      case Where::after:
      case Where::before: {
        std::size_t pivot = 0;
        while (pivot < n && record[pivot].name != pivot_) ++pivot;
        if (pivot == n) return false;
        // (as Miller: named itself, the pivot keeps its place among the moved)
        others(0, pivot, n);
        const bool pivot_moved = is_moved(pivot);
        if (where_ == Where::after || !pivot_moved) {
          if (where_ == Where::after) order_.push_back(pivot);
          for (std::size_t m : moved_) {
            if (m != pivot) order_.push_back(m);
          }
          if (where_ == Where::before) order_.push_back(pivot);
        } else {
          order_.insert(order_.end(), moved_.begin(), moved_.end());
        }
        others(pivot + 1, n, pivot);
        return true;
      }
    }
    return false;
  }

  std::vector<std::string> names_;
  Where where_;
  std::string pivot_;               // (-a/-b)
  std::vector<std::size_t> moved_;  // the named fields' places, in the order named
  std::vector<std::size_t> order_;  // the record's fields, in output order
  RebuiltHeader rebuilt_;
  std::uint64_t planned_id_ = 0;    // the input header rebuilt_ is for
  std::vector<Field> scratch_;
};

struct ReorderOptions {
  std::optional<std::vector<std::string>> fields;
  Where where = Where::front;
  std::string pivot;  // -a/-b
};

}  // namespace

StageInfo reorder_stage_info() {
  return with_options<ReorderOptions>(
      {
          .name = "reorder",
          .summary = "move fields to the front of each record (-e: to the end)",
          .usage = "reorder [-e | -a FIELD | -b FIELD] -f FIELDS",
          .description = "Moves the named fields to the front of each record, in the order named, the "
                         "other fields keeping their order; with -e, to the end; with -a or -b, just after "
                         "or before FIELD, in the records that have it (the last of -e, -a and -b counts). A "
                         "record without a named field is left as it is for that field. As Miller's reorder.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir reorder -f status,path examples/access.csv", "status and path first"},
                       {"weir reorder -e -f id examples/access.csv", "id last"}},
      },
      {{{"-f", "--fields", "FIELDS", "the fields to move", OptionKind::fields},
        sets<&ReorderOptions::fields>},
       {{"-e", "--end", "", "to the end instead of the front", OptionKind::flag},
        [](ReorderOptions& o, const std::string&) { o.where = Where::end; }},
       {{"-a", "--after", "FIELD", "just after FIELD", OptionKind::text},
        [](ReorderOptions& o, const std::string& v) {
          o.where = Where::after;
          o.pivot = v;
        }},
       {{"-b", "--before", "FIELD", "just before FIELD", OptionKind::text},
        [](ReorderOptions& o, const std::string& v) {
          o.where = Where::before;
          o.pivot = v;
        }}},
      [](const ReorderOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        if (!o.fields) throw UsageError("reorder: -f FIELDS is required (the fields to move)");
        return std::make_unique<Reorder>(*o.fields, o.where, o.pivot);
      });
}

}  // namespace weir
