#include "core/stages/packed_records.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cstring>

namespace weir {

namespace {

// A record's fields, packed: per field its kind and flags, then, when no
// header names it, its name's length and bytes, then its value's.
constexpr std::uint8_t kNamed = 0x80;  // (in the kind byte: a name follows)

constexpr std::size_t kFirstChunk = std::size_t{1} << 20;
constexpr std::size_t kLargestChunk = std::size_t{64} << 20;
constexpr std::size_t kHugePageSize = std::size_t{2} << 20;

char* put_text(char* p, std::string_view text) {
  const auto n = static_cast<std::uint32_t>(text.size());
  std::memcpy(p, &n, sizeof n);
  if (n != 0) std::memcpy(p + sizeof n, text.data(), n);  // (an empty view's data may be null)
  return p + sizeof n + n;
}

const char* get_text(const char* p, std::string_view& text) {
  std::uint32_t n;
  std::memcpy(&n, p, sizeof n);
  text = std::string_view(p + sizeof n, n);
  return p + sizeof n + n;
}

}  // namespace

char* PackedRecords::room(std::size_t n) {
  if (n > left_) {
    // chunks double up to 64 MiB (a small sort holds little); a large one
    // asks for huge pages before it is touched: a fault per 2 MiB, not 4 KiB
    std::size_t size = chunks_.empty() ? kFirstChunk : std::min(kLargestChunk, 2 * (used_total_ + left_));
    size = std::max(size, n);
    chunks_.push_back(std::make_unique_for_overwrite<char[]>(size));
    next_ = chunks_.back().get();
    left_ = size;
    if (size >= 2 * kHugePageSize) {
      const auto start = (reinterpret_cast<std::uintptr_t>(next_) + kHugePageSize - 1) & ~(kHugePageSize - 1);
      const auto end = (reinterpret_cast<std::uintptr_t>(next_) + size) & ~(kHugePageSize - 1);
      if (end > start) madvise(reinterpret_cast<void*>(start), end - start, MADV_HUGEPAGE);
    }
  }
  char* p = next_;
  next_ += n;
  left_ -= n;
  used_total_ += n;
  return p;
}

std::string_view PackedRecords::store(std::string_view text) {
  if (text.empty()) return {};
  char* p = room(text.size());
  std::memcpy(p, text.data(), text.size());
  return std::string_view(p, text.size());
}

const Header* PackedRecords::header_for(const Header* header) {
  if (!header) return nullptr;
  HeaderPtr& copy = headers_[header->id];
  if (!copy) {
    auto made = std::make_shared<Header>(header->names);
    made->positional = header->positional;
    copy = std::move(made);
  }
  return copy.get();
}

std::uint32_t PackedRecords::add(const RecordRef& record, const Batch& batch) {
  if (!any_) plain_ = batch.plain_delimiter;
  else if (plain_ != batch.plain_delimiter) plain_ = kMixed;
  any_ = true;
  const Header* header = header_for(record.header());
  const std::size_t named_by_header = header ? header->names.size() : 0;
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < record.size(); ++i) {
    const Field& f = record[i];
    bytes += 2 + 4 + f.value.size() + (i < named_by_header ? 0 : 4 + f.name.size());
  }
  char* p = room(bytes);
  slots_.push_back(Slot{p, header, record.where(), static_cast<std::uint32_t>(record.size())});
  for (std::size_t i = 0; i < record.size(); ++i) {
    const Field& f = record[i];
    const bool named = i >= named_by_header;
    *p++ = static_cast<char>(static_cast<std::uint8_t>(f.kind) | (named ? kNamed : 0));
    *p++ = static_cast<char>(f.flags);
    if (named) p = put_text(p, f.name);
    p = put_text(p, f.value);
  }
  return static_cast<std::uint32_t>(slots_.size() - 1);
}

void PackedRecords::append_to(std::uint32_t i, Batch& out) const {
  const Slot& slot = slots_[i];
  out.begin_record(slot.where, slot.header);
  const char* p = slot.data;
  for (std::uint32_t k = 0; k < slot.count; ++k) {
    const auto kind = static_cast<std::uint8_t>(*p++);
    const auto flags = static_cast<std::uint8_t>(*p++);
    std::string_view name, value;
    if (kind & kNamed) p = get_text(p, name);
    else name = slot.header->names[k];
    p = get_text(p, value);
    Field f(name, value, static_cast<ValueKind>(kind & ~kNamed));
    f.flags = flags;
    out.add_field(f);
  }
}

}  // namespace weir
