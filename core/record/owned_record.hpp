#pragma once
/// A record copied out of its batch, for stages that keep a few records past
/// the batch they came in (sample's reservoir, sort's top-N heap and its runs).

#include <algorithm>
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
    if (const Header* h = record.header(); h && h->whole) return assign_row(*h->whole, record.text(), h->delimiter, h->quote);
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

  /// The fields of a row split at `delimiter`, named by `header`, as the
  /// CSV reader read them: when `quote` is not 0, a field may be quoted
  /// (delimiters inside, the quote doubled), as PickedRowScan lets them be.
  void assign_row(const Header& header, std::string_view text, char delimiter, char quote = 0) {
    std::size_t n = header.names.size();
    names.resize(n);
    values.resize(n);
    kinds.assign(n, ValueKind::text);
    flags.assign(n, 0);
    std::size_t start = 0;
    for (std::size_t i = 0; i < n; ++i) {
      names[i].assign(header.names[i]);
      if (quote && start < text.size() && text[start] == quote) {
        // "..." up to the quote not doubled, which a delimiter or the row's end follows
        values[i].clear();
        std::size_t at = start + 1;
        for (;;) {
          const std::size_t q = text.find(quote, at);
          if (q == std::string_view::npos) {  // (not a row of the scan: taken as it is)
            values[i].append(text.substr(at));
            start = text.size();
            break;
          }
          values[i].append(text.substr(at, q - at));
          if (q + 1 < text.size() && text[q + 1] == quote) {
            values[i] += quote;
            at = q + 2;
            continue;
          }
          start = q + 2;  // past the delimiter after it
          break;
        }
        continue;
      }
      std::size_t end = i + 1 < n ? text.find(delimiter, start) : text.size();
      if (end == std::string_view::npos) end = text.size();
      values[i].assign(text.substr(std::min(start, text.size()), end - std::min(start, text.size())));
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
