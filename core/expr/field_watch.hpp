#pragma once
/// Watches the records an expression reads for two slips that would
/// otherwise pass in silence, to be said once the input is read:
///  - a field it reads that no record has (`stauts >= 500`): a note with
///    the nearest name the records do have;
///  - a number compared with a constant (`2 > 26`) where the records have a
///    field of that name (input without a header, fields 1, 2, 3): a hint to
///    write the field as `2`.
/// Cheap once every name read has been seen: then a record costs one test.

#include <string>
#include <vector>

#include "core/record/batch.hpp"

namespace weir::expr {

class Expression;

class FieldWatch {
 public:
  FieldWatch() = default;
  /// Watches the fields `expression` reads (and its bare numbers).
  explicit FieldWatch(const Expression& expression);
  /// The same for a list of names read (a dotted name counts as seen when
  /// the record has the field before its first dot: a path into JSON).
  FieldWatch(std::vector<std::string> names, std::vector<std::string> bare_numbers);

  void see(const RecordRef& record) {
    if (done_) return;
    see_slow(record);
  }

  /// Makes this the watch of a copy of the stage on another thread (the
  /// parallel engine), whose first record is not the run's: bare numbers are
  /// left to the original, which sees the run's first record.
  void watch_as_copy() {
    bare_numbers_.clear();
    done_ = unseen_.empty();
  }
  /// Adds what a copy's watch saw (merge every copy's before notes()).
  void merge(const FieldWatch& copy);

  /// Whether any record was seen.
  bool saw_record() const { return saw_record_; }
  /// The names no record had, in the order the expression reads them.
  const std::vector<std::string>& unseen() const { return unseen_; }
  /// " (did you mean 'status'?)" for an unseen name, or empty.
  std::string suggestion(const std::string& name) const;
  /// The bare numbers that name fields of the records ("2").
  const std::vector<std::string>& numbers_naming_fields() const { return numbers_found_; }

  /// One line per slip, each starting with `who` ("filter"), for stderr.
  void notes(std::string_view who, std::string_view source, std::vector<std::string>& out) const;

 private:
  void see_slow(const RecordRef& record);

  std::vector<std::string> unseen_;
  std::vector<std::string> names_seen_;     // the names of a record that lacked one
  std::vector<std::string> bare_numbers_;   // still to look for (in the first record)
  std::vector<std::string> numbers_found_;
  bool saw_record_ = false;
  bool done_ = false;
};

}  // namespace weir::expr
