#pragma once
/// Gives records new fields (step's x_delta, count-similar's count): a name
/// the record has already takes the new value in its place, others go at the
/// end, as Miller's assignment does. Where the new names land is worked out
/// once per input Header, and the records then share a Header of the
/// extended names, so writers compare headers by id.

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/record/batch.hpp"

namespace weir {

class FieldAppender {
 public:
  explicit FieldAppender(std::vector<std::string> names) : names_(std::move(names)) {}

  const std::vector<std::string>& names() const { return names_; }

  /// Before apply() on many records of `batch`: gives each record room for
  /// the new fields (Batch::make_room), so that they are added in place.
  /// end() before the batch goes on.
  void begin(Batch& batch) {
    batch.make_room(names_.size());
    roomy_ = &batch;
  }
  void end() { roomy_ = nullptr; }

  /// Record r of `batch` with the new fields appended, named, the first of
  /// them returned for the caller to give every one its value in place
  /// (Field::set_value, defer_number), when r has its reader's header, the
  /// new names are all new to it and begin() made room; else nullptr
  /// (apply() then). Builds no Field to copy: a Field made on the stack and
  /// copied cost a stall per copy (its bytes were stored in pieces).
  Field* append_in_place(Batch& batch, std::size_t r) {
    RecordRef record = batch[r];
    const Header* header = record.header();
    if (!header || header->names.size() != record.size() || roomy_ != &batch) return nullptr;
    const Plan& plan = plan_for(*header);
    if (!plan.appends) return nullptr;
    Field* out = batch.grow_by(r, names_.size(), plan.header.get());
    for (std::size_t k = 0; k < names_.size(); ++k) out[k].name = plan.header->names[plan.slots[k]];
    keep_header(batch, plan);
    return out;
  }

  /// A header-only batch (Batch::bare_header): its header with the new
  /// names it lacks at the end, as apply() names a record of it.
  void apply_to_bare(Batch& batch) {
    if (!batch.bare_header) return;
    const Plan& plan = plan_for(*batch.bare_header);
    keep_header(batch, plan);
    batch.bare_header = plan.header.get();
  }

  /// Gives record r of `batch` the fields names()[k] = values[k] for every k
  /// with present[k] (all when `present` is empty). The values' names are
  /// ignored. `batch` keeps what the new record's names need.
  void apply(Batch& batch, std::size_t r, std::span<const Field> values, const std::vector<bool>& present = {}) {
    RecordRef record = batch[r];
    const Header* header = record.header();
    bool all = true;
    for (bool p : present) all = all && p;
    if (all && header && header->names.size() == record.size() && roomy_ == &batch) {
      const Plan& plan = plan_for(*header);
      for (std::size_t k = 0; k < names_.size(); ++k) {
        Field f = values[k];
        f.name = plan.header->names[plan.slots[k]];
        // (record.size() grows with each new name: a name given twice takes its first place)
        if (plan.slots[k] < record.size()) record[plan.slots[k]] = f;
        else batch.grow(r, f, plan.header.get());
      }
      batch.set_header(r, plan.header.get());
      keep_header(batch, plan);
      return;
    }
    scratch_.assign(record.fields().begin(), record.fields().end());
    if (all && header && header->names.size() == record.size()) {
      const Plan& plan = plan_for(*header);
      for (std::size_t k = 0; k < names_.size(); ++k) {
        Field f = values[k];
        f.name = plan.header->names[plan.slots[k]];
        if (plan.slots[k] < scratch_.size()) scratch_[plan.slots[k]] = f;
        else scratch_.push_back(f);
      }
      keep_header(batch, plan);
      batch.replace_fields(r, scratch_, plan.header.get());
      return;
    }
    for (std::size_t k = 0; k < names_.size(); ++k) {
      if (!all && !present[k]) continue;
      Field f = values[k];
      f.name = names_[k];
      bool replaced = false;
      for (Field& old : scratch_) {
        if (old.name == f.name) {
          old = f;
          replaced = true;
          break;
        }
      }
      if (!replaced) scratch_.push_back(f);
    }
    batch.replace_fields(r, scratch_);
  }

 private:
  struct Plan {
    HeaderPtr header;                 // the record's names, then the new ones it lacked
    std::vector<std::size_t> slots;  // per new name: its position in the output
    bool appends = false;            // every new name is new to the record: slots are its end, in order
  };

  // the batch keeps the extended header alive (no shared_ptr copy per record)
  static void keep_header(Batch& batch, const Plan& plan) {
    if (!batch.keeps_last(plan.header.get())) batch.keep(plan.header);
  }

  const Plan& plan_for(const Header& header) {
    if (last_ && last_id_ == header.id) return *last_;  // records of a batch share their header
    auto it = plans_.find(header.id);
    if (it != plans_.end()) {
      last_id_ = header.id;
      last_ = &it->second;
      return it->second;
    }
    std::vector<std::string> names = header.names;
    Plan plan;
    for (const std::string& name : names_) {
      std::size_t slot = 0;
      while (slot < names.size() && names[slot] != name) ++slot;
      if (slot == names.size()) names.push_back(name);
      plan.slots.push_back(slot);
    }
    plan.appends = true;
    for (std::size_t k = 0; k < plan.slots.size(); ++k) plan.appends = plan.appends && plan.slots[k] == header.names.size() + k;
    auto extended = std::make_shared<Header>(std::move(names));
    extended->positional = header.positional;  // no header line in, none out
    plan.header = std::move(extended);
    return plans_.emplace(header.id, std::move(plan)).first->second;
  }

  std::vector<std::string> names_;
  std::unordered_map<std::uint64_t, Plan> plans_;  // (node-based: last_ stays valid)
  std::uint64_t last_id_ = 0;
  const Plan* last_ = nullptr;
  std::vector<Field> scratch_;
  Batch* roomy_ = nullptr;  // the batch begin() made room in
};

}  // namespace weir
