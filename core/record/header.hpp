#pragma once
/// A list of field names shared by many records (a CSV or TSV header).

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace weir {

struct Header {
  explicit Header(std::vector<std::string> field_names) : names(std::move(field_names)), id(next_id()) {}
  /// Names in input order. Field::name may point into these strings: a
  /// Header is immutable once made and shared by the batches that use it.
  std::vector<std::string> names;
  /// Unique in the process, so writers can tell headers apart cheaply.
  std::uint64_t id;
  /// The next id: one counter for the process (out of line, so that the
  /// Python plugin's headers count on the same one).
  static std::uint64_t next_id();
  /// The names are positions (1, 2, 3...) given to an input without a
  /// header: csv and tsv writers write no header line for them.
  bool positional = false;
  /// Set on a header that names only some columns of a reader's header,
  /// `whole` (Reader::project: the run reads no other): its records hold
  /// those fields alone, and their text (RecordSlot::text) is the whole
  /// row, its fields split at `delimiter` under whole's names; when
  /// `quote` is not 0, a field of it may be quoted, quotes doubled inside
  /// (OwnedRecord::assign_row). Only stages that said which fields they
  /// read (Stage::field_use) and a writer that writes such rows as they
  /// are (no quoted field then) see these records.
  std::shared_ptr<const Header> whole;
  char delimiter = 0;
  char quote = 0;
};

using HeaderPtr = std::shared_ptr<const Header>;

/// A header from raw names: empty names become their 1-based position and
/// repeated names get a suffix (a, a_2, a_3), so no field is lost.
HeaderPtr make_header(std::vector<std::string> names);

/// Makes names unique as they come: a name already taken gets the first free
/// suffix (a, a_2, a_3), in time linear in the names (a header of 200,000
/// copies of one name must not take 200,000 tries for each).
class UniqueNames {
 public:
  /// `name` or its first free suffixed form, taken from now on.
  std::string take(std::string name);
  /// True when `name` is taken.
  bool taken(std::string_view name) const { return taken_.find(name) != taken_.end(); }
  void clear() {
    taken_.clear();
    next_suffix_.clear();
  }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_set<std::string, Hash, std::equal_to<>> taken_;
  std::unordered_map<std::string, int, Hash, std::equal_to<>> next_suffix_;  // base name -> next suffix to try
};

/// Positional names 1..n, for an input without a header.
HeaderPtr make_positional_header(std::size_t n);

}  // namespace weir
