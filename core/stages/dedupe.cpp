// dedupe [-f FIELDS]: the first record of each distinct combination of the
// fields' values (without -f: of whole records, names and values), in input
// order, as qsv's dedup keeps one of each (weir does not sort). Streaming;
// memory holds one key per distinct combination.

#include "core/stages/group_table.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class Dedupe final : public Stage {
 public:
  explicit Dedupe(std::vector<std::string> fields) : locator_(std::move(fields)) {}

  bool push(Batch& batch) override {
    keep_.assign(batch.size(), false);
    for (std::size_t r = 0; r < batch.size(); ++r) {
      std::span<const Field* const> keys;
      if (locator_.names().empty()) {
        keys = whole_.of(batch[r]);
      } else {
        keys = locator_.locate(batch[r], batch);
        // a record lacking a field is kept: it duplicates nothing
        if (!all_found(keys)) {
          keep_[r] = true;
          continue;
        }
      }
      std::size_t before = groups_.size();
      keep_[r] = groups_.find_or_add(keys) == before;
    }
    batch.keep_if(keep_);
    return batch.empty() || emit(batch);
  }

  // (a key no record has: the order, groups or counts would be off without a word)
  void notes(std::vector<std::string>& out) const override {
    locator_.notes("dedupe", out);
  }

 private:
  FieldLocator locator_;
  GroupTable groups_;
  std::vector<bool> keep_;
  WholeRecordKey whole_;
};

struct DedupeOptions {
  std::vector<std::string> fields;  // (empty: whole records)
};

}  // namespace

StageInfo dedupe_stage_info() {
  return with_options<DedupeOptions>(
      {
          .name = "dedupe",
          .summary = "the first record of each distinct value of some fields (or whole record)",
          .usage = "dedupe [-f FIELDS]",
          .description = "Passes the first record of each distinct combination of the fields' values and "
                         "drops later ones, in input order; without -f, drops records equal in every name "
                         "and value to an earlier one (qsv's dedup, without its sorting). A record lacking "
                         "one of the fields is kept. Memory holds one key per distinct combination.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir dedupe -f ip examples/access.csv", "the first request from each address"}},
      },
      {{{"-f", "--fields", "FIELDS", "the fields whose values make a record a duplicate", OptionKind::fields},
        sets<&DedupeOptions::fields>}},
      [](const DedupeOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        return std::make_unique<Dedupe>(o.fields);
      });
}

}  // namespace weir
