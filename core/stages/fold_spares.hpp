#pragma once
/// FoldSpares: the Partials an aggregating stage merged (Stage::fold,
/// merge), emptied and handed to the next folds. A fold that starts from a
/// spare finds its vectors and group table grown already: one made new for
/// each 64 KiB batch grew every one of them from nothing, dozens of
/// allocations a batch (stats -g took a quarter less CPU time at -j 2 once
/// its folds reused them).
///
/// The stage makes one and its copies take the original's (Stage::follow):
///
///   void follow(Stage& original) override { spares_ = static_cast<Count&>(original).spares_; }
///   std::unique_ptr<Partial> fold(Batch& batch) override {
///     std::unique_ptr<Found> found = spares_->take([&] { return std::make_unique<Found>(...); });
///     ...
///   }
///   void merge(Partial& partial, Batch& batch) override {
///     ... (last) spares_->keep(static_cast<Found&>(partial));
///   }
///
/// `Found` has clear(): empty again, its vectors keeping their room.

#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace weir {

template <class Found>
class FoldSpares {
 public:
  /// A spare, or make()'s new one.
  template <class Make>
  std::unique_ptr<Found> take(Make make) {
    {
      std::lock_guard lock(mutex_);
      if (!spares_.empty()) {
        std::unique_ptr<Found> found = std::move(spares_.back());
        spares_.pop_back();
        return found;
      }
    }
    return make();
  }

  /// What `merged` holds, moved into a spare and cleared (the engine keeps
  /// the object itself, now empty).
  void keep(Found& merged) {
    auto spare = std::make_unique<Found>(std::move(merged));
    spare->clear();
    std::lock_guard lock(mutex_);
    spares_.push_back(std::move(spare));
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<Found>> spares_;
};

}  // namespace weir
