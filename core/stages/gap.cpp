// gap -n N | -g FIELDS: an empty record every N records, or before each
// record whose group fields' values differ from the record before, as
// Miller's gap: the output reads in blocks.

#include <optional>

#include "core/errors/error.hpp"
#include "core/stages/group_table.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class Gap final : public Stage {
 public:
  Gap(std::int64_t every, std::optional<std::vector<std::string>> group_by) : every_(every) {
    if (group_by) locator_.emplace(std::move(*group_by));
  }

  bool push(Batch& batch) override {
    if (batch.empty()) return !batch.bare_header || emit(batch);
    order_.clear();
    const auto empty = static_cast<std::uint32_t>(batch.size());  // the empty record's index, once added
    for (std::size_t r = 0; r < batch.size(); ++r) {
      if (gap_before(batch[r], batch)) order_.push_back(empty);
      order_.push_back(static_cast<std::uint32_t>(r));
    }
    if (order_.size() > batch.size()) {
      batch.begin_record(Provenance{});
      batch.reorder(order_);
    }
    return emit(batch);
  }

  // (a key no record has: no gap would come without a word)
  void notes(std::vector<std::string>& out) const override {
    if (locator_) locator_->notes("gap", out);
  }

 private:
  bool gap_before(const RecordRef& record, Batch& batch) {
    bool gap = false;
    if (locator_) {
      // Miller's key: the values joined by commas; "" when a field is missing
      key_.clear();
      auto fields = locator_->locate(record, batch);
      if (all_found(fields)) {
        for (std::size_t k = 0; k < fields.size(); ++k) {
          if (k > 0) key_ += ',';
          key_ += fields[k]->is_json_null() ? "null" : fields[k]->value;  // (Miller's text of null)
        }
      }
      gap = seen_ > 0 && key_ != previous_;
      std::swap(key_, previous_);
    } else {
      gap = seen_ > 0 && seen_ % every_ == 0;
    }
    ++seen_;
    return gap;
  }

  std::int64_t every_;
  std::optional<FieldLocator> locator_;
  std::int64_t seen_ = 0;  // records so far
  std::string key_;
  std::string previous_;  // the key of the record before
  std::vector<std::uint32_t> order_;
};

struct GapOptions {
  std::optional<std::int64_t> every;
  std::optional<std::vector<std::string>> group_by;
};

}  // namespace

StageInfo gap_stage_info() {
  return with_options<GapOptions>(
      {
          .name = "gap",
          .summary = "an empty record every N records, or when group values change",
          .usage = "gap {-n N | -g FIELDS}",
          .description = "As Miller's gap: puts an empty record before every Nth record (-n), or before each "
                         "record whose values of the group fields differ from the record before it (-g; "
                         "a record lacking one of them counts as empty values); -n is not used when -g is "
                         "given. The output then reads in blocks: in CSV, TSV and PPRINT output each block "
                         "has its header line, in JSON the empty record is {}.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir --to pprint gap -n 4 then head -n 8 examples/access.csv", "blocks of four"},
                       {"weir --to pprint sort -f method then gap -g method examples/access.csv",
                        "a block per method"}},
      },
      {{{"-n", "--every", "N", "an empty record every N records", OptionKind::count, {}, 1},
        sets<&GapOptions::every>},
       {{"-g", "--group-by", "FIELDS", "an empty record when these fields' values change", OptionKind::fields},
        sets<&GapOptions::group_by>}},
      [](const GapOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        if (!o.every && !o.group_by) throw UsageError("gap: one of -n N or -g FIELDS is required");
        return std::make_unique<Gap>(o.every.value_or(1), o.group_by);
      });
}

}  // namespace weir
