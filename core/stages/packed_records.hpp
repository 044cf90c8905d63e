#pragma once
/// PackedRecords: records held for a long time (sort's whole input), packed
/// into a few large chunks of memory: per field its kind, flags and value
/// (and its name when no header names it), per record 32 bytes. A held
/// Batch costs 48 bytes a field besides the text (a million rows of 11
/// fields: 530 MB of Fields for 190 MB of text, each page faulted in fresh);
/// packed, a record costs about its text, and the batch it came in goes
/// back to the reader to be filled again.

#include <cstdint>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/record/batch.hpp"

namespace weir {

class PackedRecords {
 public:
  /// Packs `record` (of `batch`); returns its number, from 0.
  std::uint32_t add(const RecordRef& record, const Batch& batch);
  /// A copy of `text` that lives as long as this (a sort key).
  std::string_view store(std::string_view text);
  /// Appends record i to `out`, its values views into this (out must keep
  /// this alive).
  void append_to(std::uint32_t i, Batch& out) const;
  /// Records given out in an order of their own (sorted) are each a cache
  /// miss or two: ask for record i's slot, then (a few records later, once
  /// the slot is in) its fields, ahead of append_to().
  void prefetch_slot(std::uint32_t i) const { __builtin_prefetch(&slots_[i]); }
  void prefetch_fields(std::uint32_t i) const { __builtin_prefetch(slots_[i].data); }

  std::size_t size() const { return slots_.size(); }
  /// The memory held, in bytes.
  std::size_t bytes() const { return used_total_ + slots_.size() * sizeof(Slot); }
  /// The plain delimiter every batch packed had ('\0' when they differed):
  /// the fields' kFieldPlain flags hold for it.
  char plain_delimiter() const { return plain_ == kMixed ? '\0' : plain_; }

 private:
  struct Slot {
    const char* data;       // the record's fields, packed
    const Header* header;   // names the fields when set (a copy this keeps)
    Provenance where;
    std::uint32_t count;
  };
  static constexpr char kMixed = '\x01';

  char* room(std::size_t n);
  const Header* header_for(const Header* header);

  std::vector<Slot> slots_;
  std::vector<std::unique_ptr<char[]>> chunks_;
  char* next_ = nullptr;  // free room in chunks_.back()
  std::size_t left_ = 0;
  std::size_t used_total_ = 0;
  std::unordered_map<std::uint64_t, HeaderPtr> headers_;  // by the input header's id
  char plain_ = '\0';
  bool any_ = false;
};

}  // namespace weir
