#pragma once
/// Batch: many records over one or more input blocks.
///
///   reader --fills--> Batch --push--> stage --push--> ... --> writer
///
/// Fields of all records sit in one flat vector; a record is a slice of it
/// plus its provenance. Building a batch allocates nothing per field once
/// the vectors have grown to their working size (a batch is reused).
/// Field lifetime rules are in field.hpp.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/record/field.hpp"
#include "core/record/header.hpp"

namespace weir {

/// Where a record came from.
struct Provenance {
  std::int64_t line = 0;    ///< 1-based line of the record's first byte
  std::int64_t offset = 0;  ///< byte offset of the record in its (decompressed) input
};

struct RecordSlot {
  std::uint32_t first = 0;  ///< index of the first field in Batch::fields_
  std::uint32_t count = 0;
  Provenance where;
  const Header* header = nullptr;  ///< set when the names are exactly this header's
  /// The record's source text without its line end, when the reader gives it
  /// (it points into the input block the batch keeps); empty otherwise.
  std::string_view text;
};

/// Read access to one record of a batch.
class RecordRef {
 public:
  RecordRef(const RecordSlot& slot, Field* fields) : slot_(&slot), fields_(fields + slot.first) {}
  std::span<Field> fields() const { return {fields_, slot_->count}; }
  std::size_t size() const { return slot_->count; }
  Field& operator[](std::size_t i) const { return fields_[i]; }
  const Provenance& where() const { return slot_->where; }
  const Header* header() const { return slot_->header; }
  /// The source text, if known (see RecordSlot::text).
  std::string_view text() const { return slot_->text; }
  /// The field named `name`, or nullptr. Linear: records are narrow.
  Field* find(std::string_view name) const;

 private:
  const RecordSlot* slot_;
  Field* fields_;
};

class Batch {
 public:
  Batch() = default;
  Batch(Batch&&) noexcept = default;
  Batch& operator=(Batch&&) noexcept = default;
  Batch(const Batch&) = delete;
  Batch& operator=(const Batch&) = delete;

  std::size_t size() const { return records_.size(); }
  bool empty() const { return records_.empty(); }
  RecordRef operator[](std::size_t i) { return RecordRef(records_[i], fields_.data()); }
  /// Record i's fields and header, for a reader that changes nothing.
  std::span<const Field> fields_of(std::size_t i) const {
    return {fields_.data() + records_[i].first, records_[i].count};
  }
  const Header* header_of(std::size_t i) const { return records_[i].header; }
  std::string_view text_of(std::size_t i) const { return records_[i].text; }

  /// Drops all records and kept memory; keeps vector capacity for reuse.
  void clear();
  /// Room for `records` records of `fields` fields in all, made at once:
  /// growing by doubling touches (and faults in) twice the memory, and
  /// memory reserved is not touched until used.
  void reserve(std::size_t records, std::size_t fields) {
    records_.reserve(records);
    fields_.reserve(fields);
  }

  // -------- building (readers and stages)
  void begin_record(Provenance where, const Header* header = nullptr) {
    if (room_ != 0 && !records_.empty()) fields_.resize(fields_.size() + room_);  // after the record before
    records_.push_back(RecordSlot{static_cast<std::uint32_t>(fields_.size()), 0, where, header, {}});
  }
  void add_field(const Field& field) {
    fields_.push_back(field);
    ++records_.back().count;
  }
  /// The same, built in place (a reader's hot loop: no Field is copied).
  void add_field(std::string_view name, std::string_view value, std::uint8_t flags) {
    Field& f = fields_.emplace_back(name, value);
    f.flags = flags;
    ++records_.back().count;
  }
  /// Removes the record being built (the reader ran out of input mid-record).
  void abort_record() {
    fields_.resize(records_.back().first);
    records_.pop_back();
  }
  RecordSlot& last_slot() { return records_.back(); }

  /// Keeps only the first n records.
  void truncate(std::size_t n);
  /// Keeps the records whose flag in `keep` is true, in order.
  void keep_if(const std::vector<bool>& keep);
  /// Makes the records, in order, those at the given indices (a record may
  /// appear more than once or not at all). Records appended while a stage
  /// works (a hook returning several records) are placed this way.
  void reorder(const std::vector<std::uint32_t>& order);
  /// Replaces the fields of record i with `fields` (appended; old slots unused).
  void replace_fields(std::size_t i, std::span<const Field> fields, const Header* header = nullptr);
  /// Gives each record room for `extra` more fields after its own, so that
  /// grow() adds fields without copying the record. When the reader left
  /// that room (set_room) this only checks it; else the records' fields are
  /// laid out again (one pass over the batch, where replace_fields() per
  /// record copies each record twice). The room lasts until the next call
  /// that moves fields: replace_fields, truncate, clear, reading into the batch.
  void make_room(std::size_t extra);
  /// Readers leave room for `n` more fields after each record they add
  /// (the pipeline's stages that grow() records say how many: step's new
  /// fields), so that make_room() has nothing to copy. Kept by clear().
  void set_room(std::size_t n) { room_ = static_cast<std::uint32_t>(n); }
  /// Appends `field` to record i, in the room make_room() left: the caller
  /// appends at most `extra` fields per record since then.
  void grow(std::size_t i, const Field& field, const Header* header) {
    RecordSlot& slot = records_[i];
    fields_[slot.first + slot.count++] = field;
    slot.header = header;
  }
  /// Appends n fields to record i in the room make_room() left and returns
  /// the first, for the caller to fill in place (every member of each).
  Field* grow_by(std::size_t i, std::size_t n, const Header* header) {
    RecordSlot& slot = records_[i];
    Field* out = fields_.data() + slot.first + slot.count;
    slot.count += static_cast<std::uint32_t>(n);
    slot.header = header;
    return out;
  }
  void set_header(std::size_t i, const Header* header) { records_[i].header = header; }

  /// Copies `text` into memory this batch owns and returns a view of it.
  std::string_view store(std::string_view text);
  /// Uninitialised memory this batch owns, for building a value in place.
  char* allocate(std::size_t n);
  /// Returns the last `n` bytes of the last allocate() (a value built in
  /// place was shorter than the room asked for); nothing may be allocated
  /// or stored in between.
  void give_back(std::size_t n) { arena_used_ -= n; }

  /// Keeps `owner` (an input block, a header) alive as long as the batch.
  void keep(std::shared_ptr<const void> owner);
  /// Whether `owner` is the one keep() was last given (a cheap check first).
  bool keeps_last(const void* owner) const { return !owners_.empty() && owners_.back().get() == owner; }
  /// The file the records came from, for messages ("(stdin)" for stdin).
  const std::string& source() const { return *source_.name; }
  /// Names that file; a null name (a stage that has seen no input yet)
  /// leaves the name as it was.
  void set_source(std::shared_ptr<const std::string> source) {
    if (source) source_.name = std::move(source);
  }
  const std::shared_ptr<const std::string>& source_ptr() const { return source_.name; }

  /// A delimiter the writer may trust for fields flagged kFieldPlain ('\0': none).
  char plain_delimiter = '\0';
  /// Fields flagged kFieldDeferred in the batch (complete_numbers makes their text).
  std::uint32_t deferred = 0;
  /// A header with no record under it (a header-only CSV file), set on an
  /// empty batch: a writer with header lines writes it.
  const Header* bare_header = nullptr;

 private:
  std::vector<Field> fields_;
  std::vector<Field> spare_fields_;  // make_room()'s other buffer, kept for its capacity
  std::vector<RecordSlot> records_;
  std::uint32_t room_ = 0;  // set_room()
  std::vector<std::shared_ptr<const void>> owners_;
  std::vector<std::unique_ptr<char[]>> arena_;  // chunks of stored text
  std::size_t arena_used_ = 0;                  // bytes used in arena_.back()
  std::size_t arena_size_ = 0;                  // capacity of arena_.back()
  // The file's name, never null. A batch moved from keeps it: a stage that
  // handed its batch on (emit) may go on filling it, and messages about
  // those records must still name their file.
  struct SourceName {
    std::shared_ptr<const std::string> name = standard_input();
    SourceName() = default;
    SourceName(const SourceName&) = default;
    SourceName(SourceName&& other) noexcept : name(other.name) {}
    SourceName& operator=(const SourceName&) = default;
    SourceName& operator=(SourceName&& other) noexcept {
      name = other.name;
      return *this;
    }
    static const std::shared_ptr<const std::string>& standard_input() {
      static const auto stdin_name = std::make_shared<const std::string>("(stdin)");
      return stdin_name;
    }
  };
  SourceName source_;
};

}  // namespace weir
