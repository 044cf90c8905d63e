#include "core/record/batch.hpp"

#include <algorithm>
#include <cstring>
#include <functional>

namespace weir {

namespace {
constexpr std::size_t kArenaChunk = 64 * 1024;
}

Field* RecordRef::find(std::string_view name) const {
  for (std::uint32_t i = 0; i < slot_->count; ++i) {
    if (fields_[i].name == name) return &fields_[i];
  }
  return nullptr;
}

void Batch::clear() {
  bare_header = nullptr;
  fields_.clear();
  records_.clear();
  owners_.clear();
  // keep the first arena chunk for reuse, free the rest
  if (arena_.size() > 1) {
    arena_.erase(arena_.begin() + 1, arena_.end());
    arena_size_ = kArenaChunk;
  }
  arena_used_ = 0;
  plain_delimiter = '\0';
  deferred = 0;
}

void Batch::truncate(std::size_t n) {
  if (n >= records_.size()) return;
  records_.resize(n);
  // A replaced record's fields sit after every other record's (replace_fields
  // appends), so the last kept record does not always end the used fields.
  std::size_t used = 0;
  for (const RecordSlot& slot : records_) used = std::max<std::size_t>(used, slot.first + slot.count);
  fields_.resize(used);
}

void Batch::keep_if(const std::vector<bool>& keep) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < records_.size(); ++i) {
    if (keep[i]) records_[out++] = records_[i];
  }
  records_.resize(out);
}

void Batch::reorder(const std::vector<std::uint32_t>& order) {
  std::vector<RecordSlot> records;
  records.reserve(order.size());
  for (std::uint32_t i : order) records.push_back(records_[i]);
  records_ = std::move(records);
}

void Batch::replace_fields(std::size_t i, std::span<const Field> fields, const Header* header) {
  RecordSlot& slot = records_[i];
  slot.first = static_cast<std::uint32_t>(fields_.size());
  slot.count = static_cast<std::uint32_t>(fields.size());
  slot.header = header;
  // `fields` may be a slice of this batch's own fields (a record's own,
  // reordered): growing the vector would move them under the copy.
  std::less<const Field*> before;
  if (!fields.empty() && !before(fields.data(), fields_.data()) &&
      before(fields.data(), fields_.data() + fields_.size())) {
    std::vector<Field> copy(fields.begin(), fields.end());
    fields_.insert(fields_.end(), copy.begin(), copy.end());
    return;
  }
  fields_.insert(fields_.end(), fields.begin(), fields.end());
}

void Batch::make_room(std::size_t extra) {
  // the room a reader left (set_room): the records in order, each followed
  // by `extra` unused fields before the next one's
  std::size_t n = records_.size();
  std::size_t i = 0;
  while (i + 1 < n && std::size_t{records_[i].first} + records_[i].count + extra <= records_[i + 1].first) ++i;
  if (i + 1 >= n) {
    if (n != 0) {
      std::size_t end = std::size_t{records_.back().first} + records_.back().count + extra;
      if (end > fields_.size()) fields_.resize(end);
    }
    return;
  }
  std::size_t total = 0;
  for (const RecordSlot& slot : records_) total += slot.count + extra;
  // (the room is not cleared: grow() writes each slot before it is read,
  // and a spare vector already that long is not filled again)
  if (spare_fields_.size() < total) spare_fields_.resize(total);
  Field* out = spare_fields_.data();
  const Field* in = fields_.data();
  for (RecordSlot& slot : records_) {
    std::copy_n(in + slot.first, slot.count, out);
    slot.first = static_cast<std::uint32_t>(out - spare_fields_.data());
    out += slot.count + extra;
  }
  spare_fields_.resize(total);
  fields_.swap(spare_fields_);
}

char* Batch::allocate(std::size_t n) {
  // (after clear() the first chunk is reused: arena_used_ is 0 then)
  if (arena_.empty() || arena_used_ + n > arena_size_) {
    std::size_t size = std::max(kArenaChunk, n);
    arena_.push_back(std::make_unique_for_overwrite<char[]>(size));  // no zeroing: filled by the caller
    arena_size_ = size;
    arena_used_ = 0;
  }
  char* p = arena_.back().get() + arena_used_;
  arena_used_ += n;
  return p;
}

std::string_view Batch::store(std::string_view text) {
  if (text.empty()) return {};
  char* p = allocate(text.size());
  std::memcpy(p, text.data(), text.size());
  return {p, text.size()};
}

void Batch::keep(std::shared_ptr<const void> owner) {
  if (!owners_.empty() && owners_.back() == owner) return;
  owners_.push_back(std::move(owner));
}

}  // namespace weir
