#pragma once
/// What happens to a malformed record: the user's --on-error policy.

#include <cstdint>
#include <functional>
#include <string>

#include "core/errors/error.hpp"

namespace weir {

/// fail: stop the run (exit 3); skip: count and go on; collect: hand each
/// error to a collector and go on (`weir check` reports them as violations).
enum class OnError { fail, skip, collect };

class ErrorPolicy {
 public:
  explicit ErrorPolicy(OnError mode = OnError::fail) : mode_(mode) {}
  explicit ErrorPolicy(std::function<void(DataError)> collector)
      : mode_(OnError::collect), collector_(std::move(collector)) {}

  /// Fails the run (throws InputError), hands the error to the collector,
  /// or counts the record as skipped.
  void report(DataError error) {
    if (mode_ == OnError::fail) throw InputError(std::move(error));
    if (mode_ == OnError::collect) {
      collector_(std::move(error));
      return;
    }
    if (skipped_ == 0) first_ = std::move(error);
    ++skipped_;
  }
  OnError mode() const { return mode_; }
  std::int64_t skipped() const { return skipped_; }
  /// The first skipped record's error, for the closing summary.
  const DataError& first() const { return first_; }

 private:
  OnError mode_;
  std::function<void(DataError)> collector_;
  std::int64_t skipped_ = 0;
  DataError first_;
};

}  // namespace weir
