#pragma once
/// For writers with a header line (csv, tsv, table): tells when a record's
/// field names differ from the previous record's. Records that share a
/// reader's Header are compared by its id, others name by name. A record
/// that has the names before and more named by their positions at its end
/// (a CSV row with extra values, kept) does not change them.

#include <cstdint>
#include <string>
#include <vector>

#include "core/io/sink.hpp"
#include "core/record/batch.hpp"

namespace weir {

class HeaderTracker {
 public:
  /// True when `record`'s names differ from the last record's (and for the
  /// first record); the new names are then in names().
  bool changed(const RecordRef& record) {
    const Header* header = record.header();
    if (header && header->whole) return changed(*header->whole);  // (its fields: some of the row's)
    if (header && header->id == header_id_) return false;
    bool same = seen_ && record.size() == names_.size();
    for (std::size_t i = 0; same && i < record.size(); ++i) same = record[i].name == names_[i];
    header_id_ = header ? header->id : 0;
    if (same || (seen_ && extends(record))) return false;
    // A row's extra values at the end (past its header) are left out of the
    // header line; a field after them (derive's) is not, and so neither are
    // they, named by their positions: no name is lost.
    std::size_t named = record.size();
    while (named > 0 && (record[named - 1].flags & kFieldExtra)) --named;
    names_.clear();
    for (std::size_t i = 0; i < named; ++i) names_.emplace_back(record[i].name);
    positional_ = header && header->positional;
    seen_ = true;
    return true;
  }
  /// The same for a record of all of `header`'s names.
  bool changed(const Header& header) {
    if (header.id == header_id_) return false;
    header_id_ = header.id;
    if (seen_ && header.names == names_) return false;
    names_ = header.names;
    positional_ = header.positional;
    seen_ = true;
    return true;
  }
  /// A header line written for a header-only input (Batch::bare_header):
  /// records of the same names that follow change nothing.
  void wrote(const Header& header) {
    names_ = header.names;
    header_id_ = header.id;
    positional_ = header.positional;
    seen_ = true;
  }
  /// After an empty record (gap's block break): no names, so that the next
  /// record's are a change and get their header line.
  void forget() {
    names_.clear();
    header_id_ = 0;
    positional_ = false;
    seen_ = false;
  }
  const std::vector<std::string>& names() const { return names_; }
  /// The names are positions given to an input without a header: no header
  /// line is written for them.
  bool positional() const { return positional_; }
  /// Writes `text`, rendered for records of `header` (Writer::render), when
  /// those records would change nothing: the last record seen had it, or
  /// another header of the same names (a stage's copy on another thread
  /// makes its own). False, nothing written, when they would.
  bool write_rendered(Sink& sink, const Header& header, std::string_view text) {
    if (!seen_) return false;
    if (header.id != header_id_) {
      if (header.positional || header.names != names_) return false;
      header_id_ = header.id;  // (as changed() takes a header of the same names)
    }
    sink.write(text);
    sink.maybe_flush();
    return true;
  }
  /// True once any record was seen.
  bool seen() const { return seen_; }

 private:
  // The names before, then a ragged row's extra values (kFieldExtra: a
  // field a verb or a JSON key named "3" is no extra value)
  bool extends(const RecordRef& record) const {
    if (record.size() <= names_.size()) return false;
    for (std::size_t i = 0; i < record.size(); ++i) {
      if (i < names_.size() ? record[i].name != names_[i]
                            : record[i].name != std::to_string(i + 1) || !(record[i].flags & kFieldExtra)) {
        return false;
      }
    }
    return true;
  }

  std::vector<std::string> names_;
  std::uint64_t header_id_ = 0;
  bool positional_ = false;
  bool seen_ = false;
};

/// The reader's header all of `batch`'s records have (not a positional
/// one), or nullptr: what a writer with a header line renders a batch for.
inline const Header* one_header(const Batch& batch) {
  if (batch.empty() || batch.bare_header) return nullptr;
  const Header* header = batch.header_of(0);
  if (!header || header->positional) return nullptr;
  for (std::size_t r = 1; r < batch.size(); ++r) {
    if (batch.header_of(r) != header) return nullptr;
  }
  return header;
}

}  // namespace weir
