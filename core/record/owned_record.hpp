#pragma once
/// A record copied out of its batch, for stages that keep a few records past
/// the batch they came in (sample's reservoir, sort's top-N heap and its runs).

#include <string>
#include <string_view>
#include <vector>

#include "core/record/batch.hpp"

namespace weir {

struct OwnedRecord {
  Provenance where;
  std::vector<std::string> names;
  std::vector<std::string> values;
  std::vector<ValueKind> kinds;
  std::vector<std::uint8_t> flags;  // kFieldEmptyString only (the others describe the batch's text)

  /// Copies `record`'s fields and provenance (reusing this object's strings);
  /// a record of a projected header (Header::whole) whole, from its text.
  void assign(const RecordRef& record) {
    where = record.where();
    if (const Header* h = record.header(); h && h->whole) return assign_row(*h->whole, record.text(), h->delimiter);
    std::size_t n = record.size();
    names.resize(n);
    values.resize(n);
    kinds.resize(n);
    flags.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      names[i].assign(record[i].name);
      values[i].assign(record[i].value);
      kinds[i] = record[i].kind;
      flags[i] = record[i].flags & kFieldEmptyString;
    }
  }

  /// The fields of a row of unquoted values split at `delimiter`, named by `header`.
  void assign_row(const Header& header, std::string_view text, char delimiter) {
    std::size_t n = header.names.size();
    names.resize(n);
    values.resize(n);
    kinds.assign(n, ValueKind::text);
    flags.assign(n, 0);
    std::size_t start = 0;
    for (std::size_t i = 0; i < n; ++i) {
      std::size_t end = i + 1 < n ? text.find(delimiter, start) : text.size();
      names[i].assign(header.names[i]);
      values[i].assign(text.substr(start, end - start));
      start = end + 1;
    }
  }

  /// Field i's flags (none for a field added without them).
  std::uint8_t flag(std::size_t i) const { return i < flags.size() ? flags[i] : 0; }

  /// The field named `name` as a view into this record, if it has one.
  const Field* find(std::string_view name, Field& scratch) const {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == name) {
        scratch = Field(names[i], values[i], kinds[i]);
        scratch.flags = flag(i);
        return &scratch;
      }
    }
    return nullptr;
  }

  /// Appends it to `out` as a record whose fields view this object's text
  /// (or, with `copy`, text stored in `out`).
  void append_to(Batch& out, bool copy = false) const {
    out.begin_record(where);
    for (std::size_t i = 0; i < names.size(); ++i) {
      Field f = copy ? Field(out.store(names[i]), out.store(values[i]), kinds[i]) : Field(names[i], values[i], kinds[i]);
      f.flags = flag(i);
      out.add_field(f);
    }
  }
};

}  // namespace weir
