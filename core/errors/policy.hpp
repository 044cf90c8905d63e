#pragma once
/// What happens to a malformed record: the user's --on-error policy.

#include <cstdint>
#include <string>

#include "core/errors/error.hpp"

namespace weir {

enum class OnError { fail, skip };

class ErrorPolicy {
 public:
  explicit ErrorPolicy(OnError mode = OnError::fail) : mode_(mode) {}

  /// Fails the run (throws InputError) or counts the record as skipped.
  void report(DataError error) {
    if (mode_ == OnError::fail) throw InputError(std::move(error));
    if (skipped_ == 0) first_ = std::move(error);
    ++skipped_;
  }
  OnError mode() const { return mode_; }
  std::int64_t skipped() const { return skipped_; }
  /// The first skipped record's error, for the closing summary.
  const DataError& first() const { return first_; }

 private:
  OnError mode_;
  std::int64_t skipped_ = 0;
  DataError first_;
};

}  // namespace weir
