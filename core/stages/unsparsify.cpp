// unsparsify [-f FIELDS] [--fill-with V]: as Miller's unsparsify. Without -f,
// every record gets the union of all records' field names, in order of first
// appearance, those it lacks filled with V (default empty): the input is held
// (whole batches, not copied) until its end. With -f, records stream, each
// getting the named fields it lacks at its end.

#include <deque>
#include <unordered_map>

#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

/// An empty fill is the empty string (JSON ""), as in Miller, not null.
ValueKind fill_kind(const std::string& fill) { return fill.empty() ? ValueKind::string : ValueKind::text; }

/// Without -f: holds the input and learns the union of the names.
class Unsparsify final : public Stage {
 public:
  explicit Unsparsify(std::string fill) : fill_(std::move(fill)) {}

  bool push(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      const Header* header = record.header();
      if (header && header->id == learned_id_ && header->names.size() == record.size()) continue;
      for (const Field& f : record.fields()) {
        if (index_.contains(f.name)) continue;
        const std::string& name = names_.emplace_back(f.name);
        index_.emplace(name, names_.size() - 1);
      }
      learned_id_ = header && header->names.size() == record.size() ? header->id : 0;
    }
    if (!batch.empty()) held_.push_back(std::move(batch));
    return true;
  }

  void finish() override {
    auto header = std::make_shared<const Header>(std::vector<std::string>(names_.begin(), names_.end()));
    bool more = true;
    std::vector<const Field*> slots(names_.size());
    std::vector<Field> out(names_.size());
    for (Batch& batch : held_) {
      if (!more) break;
      batch.keep(header);
      for (std::size_t r = 0; r < batch.size(); ++r) {
        RecordRef record = batch[r];
        std::fill(slots.begin(), slots.end(), nullptr);
        for (const Field& f : record.fields()) slots[index_.find(f.name)->second] = &f;
        for (std::size_t k = 0; k < names_.size(); ++k) {
          out[k] = slots[k] ? *slots[k] : Field({}, fill_, fill_kind(fill_));
          out[k].name = header->names[k];
          out[k].flags &= static_cast<std::uint8_t>(~kFieldExtra);
        }
        batch.replace_fields(r, out, header.get());
      }
      more = emit(batch);
    }
    held_.clear();
    next_->finish();
  }

 private:
  std::string fill_;
  std::deque<std::string> names_;  // node-stable: index_ views them
  std::unordered_map<std::string_view, std::size_t> index_;
  std::uint64_t learned_id_ = 0;
  std::deque<Batch> held_;
};

/// With -f: streams, adding the named fields a record lacks.
class UnsparsifyFields final : public Stage {
 public:
  UnsparsifyFields(std::vector<std::string> names, std::string fill)
      : names_(std::move(names)), fill_(std::move(fill)) {}

  bool per_record() const override { return true; }
  bool push(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      scratch_.assign(record.fields().begin(), record.fields().end());
      bool added = false;
      for (const auto& name : names_) {
        if (record.find(name)) continue;
        scratch_.push_back(Field(name, fill_, fill_kind(fill_)));
        added = true;
      }
      if (added) batch.replace_fields(r, scratch_);
    }
    return emit(batch);
  }

 private:
  std::vector<std::string> names_;
  std::string fill_;
  std::vector<Field> scratch_;
};

struct UnsparsifyOptions {
  std::optional<std::vector<std::string>> fields;
  std::string fill_with;
};

}  // namespace

StageInfo unsparsify_stage_info() {
  return with_options<UnsparsifyOptions>(
      {
          .name = "unsparsify",
          .summary = "give every record the same fields (the union of all), filling the missing ones",
          .usage = "unsparsify [-f FIELDS] [--fill-with V]",
          .description = "As Miller's unsparsify. Without -f, every record gets every field name seen in "
                         "the input, in order of first appearance, those it lacks with the fill value "
                         "(default empty); the input is held in memory until its end. With -f, records "
                         "stream through and get the named fields they lack, at their end.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir --from jsonl --to csv unsparsify examples/access.jsonl.gz", "JSON records of varying keys as one CSV table"}},
      },
      {{{"-f", "--fields", "FIELDS", "only these fields, streaming", OptionKind::fields},
        sets<&UnsparsifyOptions::fields>},
       {{"", "--fill-with", "V", "the value of added fields (default empty)", OptionKind::text},
        sets<&UnsparsifyOptions::fill_with>}},
      [](const UnsparsifyOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        if (o.fields) return std::make_unique<UnsparsifyFields>(*o.fields, o.fill_with);
        return std::make_unique<Unsparsify>(o.fill_with);
      });
}

}  // namespace weir
