#pragma once
/// What happens to a malformed record (the user's --on-error policy), and
/// the count of every record rejected or repaired on the way, so that
/// nothing a user gave is lost without a word.

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/errors/error.hpp"

namespace weir {

/// fail: stop the run (exit 3); skip: count and go on; collect: hand each
/// error to a collector and go on (`weir check` reports them as violations).
enum class OnError { fail, skip, collect };

inline constexpr std::size_t kDataErrorKinds = static_cast<std::size_t>(DataErrorKind::hook_error) + 1;

/// A call a reader made while its errors were deferred (the parallel engine
/// parses blocks on several threads, then replays their calls in input order).
struct DeferredError {
  enum class Call : std::uint8_t { report, reject, repaired };
  Call call = Call::report;
  DataError error;
  /// Records of the block complete before the one at fault: what is handed
  /// on if the replayed call fails the run.
  std::size_t records_done = 0;
};

class ErrorPolicy {
 public:
  explicit ErrorPolicy(OnError mode = OnError::fail) : mode_(mode) {}
  /// Collects malformed records; with `repairs`, also the records left out
  /// or repaired (`weir check`: each is a violation).
  explicit ErrorPolicy(std::function<void(DataError)> collector, bool repairs = true)
      : mode_(OnError::collect), collector_(std::move(collector)), collect_repairs_(repairs) {}

  /// A record that cannot be read: fails the run (throws InputError), hands
  /// it to the collector, or counts it as rejected (and quarantines it).
  void report(DataError error) {
    if (deferred_) return defer(DeferredError::Call::report, std::move(error), false);
    if (mode_ == OnError::fail) throw InputError(std::move(error));
    take_rejected(std::move(error), true);
  }

  /// A record the user asked to leave out (--ragged skip): counted as
  /// rejected and quarantined whatever the --on-error policy.
  void reject(DataError error) {
    if (deferred_) return defer(DeferredError::Call::reject, std::move(error), false);
    take_rejected(std::move(error), collect_repairs_);
  }

  /// A record read with a repair (padded, a quote read as text) or input
  /// passed over around the table (a preamble, a second table): counted and
  /// quarantined; under collect it is also a violation. `record_open`: the
  /// repaired record is the batch's last, still being built.
  void repaired(DataError error, bool record_open = false) {
    if (deferred_) return defer(DeferredError::Call::repaired, std::move(error), record_open);
    count(error, repaired_);
    if (quarantine_) quarantine_(error, false);
    if (mode_ == OnError::collect && collect_repairs_) {
      collector_(std::move(error));
      return;
    }
    check_limit(error);
  }

  /// A reader's word on how it read its input where the input left a
  /// choice (a TSV file's backslashes): said on stderr after the run.
  void note(std::string text) {
    // (once: a file read twice, as input and by join -f, says it once)
    if (std::find(notes_.begin(), notes_.end(), text) == notes_.end()) notes_.push_back(std::move(text));
  }
  const std::vector<std::string>& notes() const { return notes_; }

  /// --rejects: every rejected or repaired input is also handed here.
  void set_quarantine(std::function<void(const DataError&, bool rejected)> quarantine) {
    quarantine_ = std::move(quarantine);
  }
  /// --max-rejects N: the run fails once more than N inputs were rejected or repaired.
  void set_max_rejects(std::int64_t n) { max_rejects_ = n; }

  /// Defers every call to `log` (nullptr: stops deferring); `records` gives
  /// the size of the batch being filled, for DeferredError::records_done.
  void defer_to(std::vector<DeferredError>* log, std::function<std::size_t()> records = {}) {
    deferred_ = log;
    records_ = std::move(records);
  }
  /// Makes a deferred call now. Throws InputError as the call would have.
  void replay(DeferredError deferred) {
    switch (deferred.call) {
      case DeferredError::Call::report: return report(std::move(deferred.error));
      case DeferredError::Call::reject: return reject(std::move(deferred.error));
      case DeferredError::Call::repaired: return repaired(std::move(deferred.error));
    }
  }
  /// Whether replaying `deferred` may fail the run (the records after it
  /// must then not be handed on).
  bool may_fail(const DeferredError& deferred) const {
    return max_rejects_ || (mode_ == OnError::fail && deferred.call == DeferredError::Call::report);
  }

  OnError mode() const { return mode_; }
  /// Records rejected (skipped) in all.
  std::int64_t skipped() const { return rejected_total_; }
  /// The first rejected record's error, for the closing summary.
  const DataError& first() const { return first_; }
  std::int64_t rejected(DataErrorKind kind) const { return rejected_[static_cast<std::size_t>(kind)]; }
  std::int64_t repaired(DataErrorKind kind) const { return repaired_[static_cast<std::size_t>(kind)]; }
  std::int64_t repaired_total() const { return repaired_total_; }

 private:
  using Counts = std::array<std::int64_t, kDataErrorKinds>;

  void defer(DeferredError::Call call, DataError error, bool record_open) {
    std::size_t records = records_ ? records_() : 0;
    if (record_open && records > 0) --records;
    deferred_->push_back(DeferredError{call, std::move(error), records});
  }

  // A rejected record: counted; collected (when `collect`) or quarantined.
  void take_rejected(DataError error, bool collect) {
    count(error, rejected_);
    if (mode_ == OnError::collect && collect) {
      collector_(std::move(error));
      return;
    }
    if (rejected_total_ == 1) first_ = error;
    if (quarantine_) quarantine_(error, true);
    check_limit(error);
  }

  void count(const DataError& error, Counts& counts) {
    ++counts[static_cast<std::size_t>(error.kind)];
    ++(&counts == &rejected_ ? rejected_total_ : repaired_total_);
  }

  void check_limit(const DataError& error) {
    if (!max_rejects_ || rejected_total_ + repaired_total_ <= *max_rejects_) return;
    DataError over = error;
    over.message = "more than " + std::to_string(*max_rejects_) +
                   " rejected or repaired records (the max-rejects limit); the last: " + error.message;
    throw InputError(std::move(over));
  }

  OnError mode_;
  std::function<void(DataError)> collector_;
  bool collect_repairs_ = true;
  std::function<void(const DataError&, bool)> quarantine_;
  std::optional<std::int64_t> max_rejects_;
  Counts rejected_{};
  Counts repaired_{};
  std::int64_t rejected_total_ = 0;
  std::int64_t repaired_total_ = 0;
  DataError first_;
  std::vector<std::string> notes_;
  std::vector<DeferredError>* deferred_ = nullptr;
  std::function<std::size_t()> records_;
};

}  // namespace weir
