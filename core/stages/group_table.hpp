#pragma once
/// Groups of records by the values of some fields (count -g, stats -g,
/// uniq): each distinct combination gets an index, in order of first sight.
/// Looking up a group that exists allocates nothing.

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/record/batch.hpp"
#include "core/stages/number_field.hpp"
#include "core/record/field.hpp"
#include "core/stages/field_locator.hpp"

namespace weir {

/// A key's hash for GroupTable: keys of up to 16 bytes (a method, a country,
/// a status: most group keys) in two loads and one multiply, inline, where
/// std::hash calls out to murmur (4% of a `step -g` went there).
inline std::uint64_t hash_key(std::string_view key) {
  const std::size_t n = key.size();
  if (n > 16 || n < 4) return std::hash<std::string_view>()(key);
  std::uint64_t a, b;
  if (n >= 8) {
    std::memcpy(&a, key.data(), 8);
    std::memcpy(&b, key.data() + n - 8, 8);
  } else {
    std::uint32_t low, high;
    std::memcpy(&low, key.data(), 4);
    std::memcpy(&high, key.data() + n - 4, 4);
    a = low;
    b = high;
  }
  // wyhash's mix: the 128-bit product of the two words, folded
  const unsigned __int128 product = static_cast<unsigned __int128>(a ^ 0xa0761d6478bd642fULL) * (b ^ 0xe7037ed1a0b428dbULL ^ n);
  return static_cast<std::uint64_t>(product) ^ static_cast<std::uint64_t>(product >> 64);
}

class GroupTable {
 public:
  /// The index of the group with these key values.
  std::size_t find_or_add(std::span<const Field* const> keys) {
    // one value of 1 to 8 bytes (a method, a country, a status): by its
    // bytes in one word, in a small cache in front of the table, with no
    // key built (its bytes stored, then loaded whole, stalled the load)
    if (keys.size() == 1 && keys[0]->value.size() - 1 < 8 && !keys[0]->is_json_null()) {
      const std::string_view v = keys[0]->value;
      const std::uint64_t word = short_word(v);
      Recent& recent = recent_[((word ^ v.size()) * 0x9E3779B97F4A7C15ULL) >> (64 - kRecentBits)];
      if (recent.size == v.size() && recent.word == word) return recent.group;
      const std::size_t group = find_or_add_key(keys);
      recent = Recent{word, static_cast<std::uint32_t>(v.size()), static_cast<std::uint32_t>(group)};
      return group;
    }
    return find_or_add_key(keys);
  }

 private:
  // (out of the inlined lookup above: its slow path)
  [[gnu::noinline]] std::size_t find_or_add_key(std::span<const Field* const> keys) {
    const std::string_view key = make_key(keys);
    const std::uint64_t hash = hash_key(key);
    std::size_t slot = probe(hash, key);
    if (slots_[slot].group != kEmpty) return slots_[slot].group;
    const auto group = static_cast<std::uint32_t>(groups_);
    slots_[slot] = Slot{hash, group};
    offsets_.push_back(arena_.size());
    arena_.append(key);
    // (a group's vectors and strings kept by clear() are filled again: a
    // fold's table is cleared for each chunk, and made anew they were a
    // malloc and free apiece)
    if (groups_ == values_.size()) {
      values_.emplace_back();
      kinds_.emplace_back();
    }
    std::vector<std::string>& values = values_[groups_];
    std::vector<ValueKind>& kinds = kinds_[groups_];
    values.resize(keys.size());
    kinds.resize(keys.size());
    for (std::size_t k = 0; k < keys.size(); ++k) {
      values[k].assign(keys[k]->value);
      kinds[k] = keys[k]->kind;
    }
    ++groups_;
    if (groups_ * 2 > slots_.size()) grow();
    return group;
  }

 public:

  /// The same for group g of another table (merging partial tables).
  std::size_t find_or_add(const GroupTable& other, std::size_t g) {
    fields_.clear();
    for (std::size_t k = 0; k < other.values_[g].size(); ++k) fields_.emplace_back(std::string_view(), other.values_[g][k], other.kinds_[g][k]);
    pointers_.clear();
    for (const Field& f : fields_) pointers_.push_back(&f);
    return find_or_add(pointers_);
  }

  /// The index of the group with these key values, if there is one.
  std::optional<std::size_t> find(std::span<const Field* const> keys) {
    const std::string_view key = make_key(keys);
    std::size_t slot = probe(hash_key(key), key);
    if (slots_[slot].group == kEmpty) return std::nullopt;
    return slots_[slot].group;
  }

  std::size_t size() const { return groups_; }
  /// No groups again; the index keeps its room.
  void clear() {
    std::fill(slots_.begin(), slots_.end(), Slot{});
    recent_.fill(Recent{});
    arena_.clear();
    offsets_.clear();
    groups_ = 0;  // (values_ and kinds_ keep their vectors for the next groups)
  }
  /// The key values of group g, in key order.
  const std::vector<std::string>& values(std::size_t g) const { return values_[g]; }
  const std::vector<ValueKind>& kinds(std::size_t g) const { return kinds_[g]; }

 private:
  // An open-addressing index (linear probing, at most half full): a slot
  // holds the key's hash and its group; the keys sit one after another in
  // arena_. A lookup reads one slot, and a key's bytes only when the hashes
  // agree (a node-based map chased two or three pointers: a third of a
  // join's time went there).
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t group = kEmpty;
  };
  static constexpr std::uint32_t kEmpty = 0xffffffffu;

  // the slot holding `key` (hash `hash`), or the empty slot where it would go
  std::size_t probe(std::uint64_t hash, std::string_view key) {
    if (slots_.empty()) slots_.resize(16);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.group == kEmpty) return i;
      if (s.hash == hash && same_key(key_of(s.group), key)) return i;
    }
  }

  // a == b, keys of 4 to 16 bytes (a length and a short value) compared in
  // two overlapping loads each, inline: memcmp's call and its branches on
  // the length took a fifth of a lookup
  static bool same_key(std::string_view a, std::string_view b) {
    const std::size_t n = a.size();
    if (n != b.size()) return false;
    if (n > 16 || n < 4) return a == b;
    return n >= 8 ? same_ends<std::uint64_t>(a.data(), b.data(), n) : same_ends<std::uint32_t>(a.data(), b.data(), n);
  }
  // the first and the last sizeof(Word) of n bytes (n <= 2 words) are equal
  template <typename Word>
  static bool same_ends(const char* a, const char* b, std::size_t n) {
    Word a0, a1, b0, b1;
    std::memcpy(&a0, a, sizeof a0);
    std::memcpy(&a1, a + n - sizeof a1, sizeof a1);
    std::memcpy(&b0, b, sizeof b0);
    std::memcpy(&b1, b + n - sizeof b1, sizeof b1);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }

  std::string_view key_of(std::uint32_t group) const {
    const std::size_t begin = offsets_[group];
    const std::size_t end = group + 1 < offsets_.size() ? offsets_[group + 1] : arena_.size();
    return std::string_view(arena_).substr(begin, end - begin);
  }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.size() * 2, Slot{});
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.group == kEmpty) continue;
      std::size_t i = s.hash & mask;
      while (slots_[i].group != kEmpty) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }

  // The key: the values, each after its length (so "a|b" + "c" != "a" +
  // "b|c"); one short value (most group keys) is put in short_key_, with no
  // string to clear and grow.
  // Each value with its length before it; JSON null with a length no
  // text has, so that it is a group apart from the empty text (Miller's).
  static std::uint32_t key_length(const Field& f) {
    return f.is_json_null() ? kNullLength : static_cast<std::uint32_t>(f.value.size());
  }
  static constexpr std::uint32_t kNullLength = 0xFFFFFFFF;

  std::string_view make_key(std::span<const Field* const> keys) {
    if (keys.size() == 1 && keys[0]->value.size() <= sizeof short_key_ - 4) {
      const std::uint32_t size = key_length(*keys[0]);
      std::memcpy(short_key_, &size, 4);
      if (size == kNullLength) return {short_key_, 4};
      if (size > 0) std::memcpy(short_key_ + 4, keys[0]->value.data(), size);
      return {short_key_, 4 + size};
    }
    key_.clear();
    for (const Field* f : keys) {
      const std::uint32_t size = key_length(*f);
      key_.append(reinterpret_cast<const char*>(&size), sizeof size);
      if (size != kNullLength) key_.append(f->value);
    }
    return key_;
  }

  // The bytes of a value of 1 to 8 bytes in one word, each byte once (two
  // overlapping loads; below 4 bytes the first, middle and last byte): with
  // its length, the value.
  static std::uint64_t short_word(std::string_view v) {
    const std::size_t n = v.size();
    const auto* p = reinterpret_cast<const unsigned char*>(v.data());
    if (n >= 4) {
      std::uint32_t low, high;
      std::memcpy(&low, p, 4);
      std::memcpy(&high, p + n - 4, 4);
      return low | static_cast<std::uint64_t>(high) << 32;
    }
    return p[0] | static_cast<std::uint64_t>(p[n / 2]) << 8 | static_cast<std::uint64_t>(p[n - 1]) << 16;
  }
  struct Recent {
    std::uint64_t word = 0;
    std::uint32_t size = 0;  // 0: empty (cached values have 1 to 8 bytes)
    std::uint32_t group = 0;
  };
  static constexpr int kRecentBits = 6;
  std::array<Recent, std::size_t{1} << kRecentBits> recent_{};

  char short_key_[28] = {};
  std::string key_;
  std::vector<Field> fields_;  // for find_or_add(other, g)
  std::vector<const Field*> pointers_;
  std::vector<Slot> slots_;
  std::string arena_;                 // every group's key, in group order
  std::vector<std::size_t> offsets_;  // where each group's key starts in arena_
  std::vector<std::vector<std::string>> values_;  // [0, groups_): the groups'; the rest kept by clear()
  std::vector<std::vector<ValueKind>> kinds_;
  std::size_t groups_ = 0;
};

/// True when every field is present (null or not): Miller's rule for a
/// record's group in top, head -g, tail -g and join.
inline bool all_found(std::span<const Field* const> fields) {
  for (const Field* f : fields) {
    if (!f) return false;
  }
  return true;
}

/// Every name and value of a record as key fields (dedupe, uniq -a): two
/// records are one key when equal in every name and value, in order.
class WholeRecordKey {
 public:
  std::span<const Field* const> of(const RecordRef& record) {
    names_.resize(record.size());
    whole_.clear();
    for (std::size_t i = 0; i < record.size(); ++i) {
      names_[i] = Field({}, record[i].name);
      whole_.push_back(&names_[i]);
      whole_.push_back(&record[i]);
    }
    return whole_;
  }

 private:
  std::vector<Field> names_;
  std::vector<const Field*> whole_;
};

/// Counts records per group of key fields, for count -g and uniq.
class GroupCounts {
 public:
  /// An empty or null key value is a value like any other, as in Miller's
  /// count, uniq and count-distinct: no record that has the fields is left out.
  explicit GroupCounts(std::vector<std::string> keys) : locator_(std::move(keys)) {}

  /// Counts the batch's records; those without a key field are left out.
  void add(Batch& batch) {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      auto keys = locator_.locate(batch[r], batch);
      if (!all_found(keys)) continue;
      std::size_t g = groups_.find_or_add(keys);
      if (g == counts_.size()) counts_.push_back(0);
      ++counts_[g];
    }
  }

  /// One record per group, in order of first sight: the key fields, and the
  /// count in a field `count` when `with_counts`. Views into this object.
  void write(Batch& out, bool with_counts, std::string_view count_name = "count") {
    for (std::size_t g = 0; g < groups_.size(); ++g) {
      out.begin_record(Provenance{});
      for (std::size_t k = 0; k < locator_.names().size(); ++k) {
        out.add_field(Field(locator_.names()[k], groups_.values(g)[k], groups_.kinds(g)[k]));
      }
      if (with_counts) out.add_field(count_field(out, counts_[g], count_name));
    }
  }

  /// The same for at most `limit` groups, the most counted first (or the
  /// least, `!most`); equal counts in order of first sight (Miller's
  /// most-frequent and least-frequent).
  void write_by_count(Batch& out, bool with_counts, std::string_view count_name, bool most, std::size_t limit) {
    std::vector<std::uint32_t> order(groups_.size());
    for (std::uint32_t g = 0; g < order.size(); ++g) order[g] = g;
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
      return most ? counts_[a] > counts_[b] : counts_[a] < counts_[b];
    });
    if (order.size() > limit) order.resize(limit);
    for (std::uint32_t g : order) {
      out.begin_record(Provenance{});
      for (std::size_t k = 0; k < locator_.names().size(); ++k) {
        out.add_field(Field(locator_.names()[k], groups_.values(g)[k], groups_.kinds(g)[k]));
      }
      if (with_counts) out.add_field(count_field(out, counts_[g], count_name));
    }
  }

  /// No groups again (the locator keeps what it found of the headers it met).
  void clear() {
    groups_.clear();
    counts_.clear();
  }

  /// Adds the counts of `other` (over the same keys), its groups after this one's.
  void merge(const GroupCounts& other) {
    for (std::size_t g = 0; g < other.groups_.size(); ++g) {
      std::size_t into = groups_.find_or_add(other.groups_, g);
      if (into == counts_.size()) counts_.push_back(0);
      counts_[into] += other.counts_[g];
    }
  }

  /// The count of group g and the group's key values.
  std::int64_t count(std::size_t g) const { return counts_[g]; }
  const std::vector<std::string>& values(std::size_t g) const { return groups_.values(g); }
  const std::vector<ValueKind>& kinds(std::size_t g) const { return groups_.kinds(g); }

  std::size_t groups() const { return groups_.size(); }
  /// One record: how many groups there are, in a field `count` (-n).
  void write_number(Batch& out, std::string_view count_name = "count") const {
    out.begin_record(Provenance{});
    out.add_field(count_field(out, static_cast<std::int64_t>(groups_.size()), count_name));
  }
  const std::vector<std::string>& keys() const { return locator_.names(); }

  /// A field `count` holding n (as a JSON number).
  static Field count_field(Batch& out, std::int64_t n, std::string_view name = "count") {
    return integer_field(n, out, name);
  }

 private:
  FieldLocator locator_;
  GroupTable groups_;
  std::vector<std::int64_t> counts_;
};


}  // namespace weir
