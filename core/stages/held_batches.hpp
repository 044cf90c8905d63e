#pragma once
/// Batches held whole to the end of the input, their records then given out
/// again in another order (group-by, group-like): nothing is copied, the
/// batches given out keep the held ones alive.

#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "core/record/batch.hpp"
#include "core/stages/stage.hpp"

namespace weir {

class HeldBatches {
 public:
  /// Record `record` of held batch `batch`.
  struct Ref {
    std::uint32_t batch;
    std::uint32_t record;
  };

  /// The index the next batch held gets.
  std::uint32_t next() const { return static_cast<std::uint32_t>(held_.size()); }
  /// Holds `batch` (moved from); its record r is then {next(), r}.
  void hold(Batch& batch) {
    inputs_.see(batch);
    held_.push_back(std::move(batch));
  }

  /// At the end of the input: the records of each group, group after group,
  /// through `emit` in batches of about 4096 records; false when `emit` wants
  /// no more. The held batches are let go (the batches given out keep them).
  template <class Emit>
  bool give_out(const std::vector<std::vector<Ref>>& groups, Emit&& emit) {
    // (a stage after this one may hold a batch to its own end, as tail does)
    auto held = std::make_shared<std::deque<Batch>>(std::move(held_));
    held_.clear();
    const char plain = held->empty() ? '\0' : held->front().plain_delimiter;
    Batch out;
    for (const std::vector<Ref>& group : groups) {
      for (Ref ref : group) {
        if (out.empty()) {
          inputs_.name(out);
          out.plain_delimiter = plain;
          out.keep(held);
        }
        Batch& from = (*held)[ref.batch];
        RecordRef record = from[ref.record];
        out.begin_record(record.where(), record.header());
        for (const Field& f : record.fields()) {
          Field copy = f;
          // (the writer trusts kFieldPlain for the out batch's delimiter only)
          if (from.plain_delimiter != plain) copy.flags &= static_cast<std::uint8_t>(~kFieldPlain);
          out.add_field(copy);
        }
        if (out.size() >= 4096) {
          if (!emit(out)) return false;
          out = Batch();
        }
      }
    }
    return out.empty() || emit(out);
  }

 private:
  std::deque<Batch> held_;
  InputNames inputs_;
};

}  // namespace weir
