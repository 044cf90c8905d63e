// regularize: a record whose field names are those of an earlier record in
// another order takes the earlier record's order, as Miller's regularize.

#include <algorithm>
#include <unordered_map>

#include "core/stages/stage.hpp"

namespace weir {

namespace {

class Regularize final : public Stage {
 public:
  bool push(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      const Header* header = record.header();
      if (header && header->id == passed_id_) continue;  // names already in their first order
      sorted_.clear();
      for (const Field& f : record.fields()) sorted_.emplace_back(f.name);
      std::sort(sorted_.begin(), sorted_.end());
      key_.clear();
      for (std::string_view name : sorted_) {
        key_.append(name);
        key_.push_back('\0');
      }
      auto [it, added] = first_order_.try_emplace(key_);
      if (added) {
        for (const Field& f : record.fields()) it->second.emplace_back(f.name);
      }
      const std::vector<std::string>& order = it->second;
      bool same = order.size() == record.size();
      for (std::size_t i = 0; same && i < order.size(); ++i) same = order[i] == record[i].name;
      if (same) {
        passed_id_ = header ? header->id : 0;
        continue;
      }
      scratch_.clear();
      for (const auto& name : order) {
        if (const Field* f = record.find(name)) scratch_.push_back(*f);
      }
      // names repeated within a record: keep every field
      if (scratch_.size() != record.size()) continue;
      batch.replace_fields(r, scratch_);
    }
    return emit(batch);
  }

 private:
  std::vector<std::string_view> sorted_;
  std::string key_;
  std::unordered_map<std::string, std::vector<std::string>> first_order_;
  std::uint64_t passed_id_ = 0;
  std::vector<Field> scratch_;
};

}  // namespace

StageInfo regularize_stage_info() {
  return {
      .name = "regularize",
      .summary = "put fields in the order first seen for the same set of names",
      .usage = "regularize",
      .description = "A record whose field names are those of an earlier record, in another order, "
                     "gets the earlier record's order, as Miller's regularize does: JSON records "
                     "written with keys in varying order become one table.",
      .options = {},
      .min_args = 0,
      .max_args = 0,
      .examples = {{"weir --to csv regularize examples/access.jsonl.gz", "one CSV table even if keys were shuffled"}},
      .make = [](const StageSpec&) -> std::unique_ptr<Stage> { return std::make_unique<Regularize>(); },
  };
}

}  // namespace weir
