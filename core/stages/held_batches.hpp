#pragma once
/// Batches held whole to the end of the input, their records then given out
/// again group by group (group-by, group-like, count-similar): nothing is
/// copied, the batches given out keep the held ones alive.

#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <vector>

#include "core/record/batch.hpp"
#include "core/stages/stage.hpp"

namespace weir {

class HeldBatches {
 public:
  /// What group_of gives for a record that is left out.
  static constexpr std::size_t kLeftOut = std::numeric_limits<std::size_t>::max();

  /// Holds `batch` (moved from), each record in the group `group_of(record,
  /// batch)` gives: groups are numbered from 0 in order of first appearance
  /// (a GroupTable's numbers), or kLeftOut.
  template <class GroupOf>
  void hold(Batch& batch, GroupOf&& group_of) {
    inputs_.see(batch);
    const auto b = static_cast<std::uint32_t>(held_.size());
    for (std::size_t r = 0; r < batch.size(); ++r) {
      const std::size_t g = group_of(batch[r], batch);
      if (g == kLeftOut) continue;
      if (g == groups_.size()) groups_.emplace_back();
      groups_[g].push_back({b, static_cast<std::uint32_t>(r)});
    }
    held_.push_back(std::move(batch));
  }
  /// True while no record is in a group.
  bool empty() const { return groups_.empty(); }

  /// At the end of the input: the records of each group, group after group,
  /// through `emit` in batches of about 4096 records; false when `emit` wants
  /// no more. `each(out, r, size)` is called for each record once it is
  /// record r of `out`, with the size of its group. The held batches are let
  /// go (the batches given out keep them).
  template <class Emit, class Each>
  bool give_out(Emit&& emit, Each&& each) {
    // (a stage after this one may hold a batch to its own end, as tail does,
    // and import weir's queue holds it past emit())
    auto held = std::make_shared<std::deque<Batch>>(std::move(held_));
    held_.clear();
    const char plain = held->empty() ? '\0' : held->front().plain_delimiter;
    Batch out;
    for (const std::vector<Ref>& group : groups_) {
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
        each(out, out.size() - 1, group.size());
        if (out.size() >= 4096) {
          if (!emit(out)) return false;
          out = Batch();
        }
      }
    }
    return out.empty() || emit(out);
  }
  template <class Emit>
  bool give_out(Emit&& emit) {
    return give_out(emit, [](Batch&, std::size_t, std::size_t) {});
  }

 private:
  // record `record` of held batch `batch`
  struct Ref {
    std::uint32_t batch;
    std::uint32_t record;
  };

  std::deque<Batch> held_;
  std::vector<std::vector<Ref>> groups_;
  InputNames inputs_;
};

}  // namespace weir
