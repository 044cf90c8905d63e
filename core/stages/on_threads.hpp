#pragma once
/// Work of a stage's own on the run's threads (-j N: StageContext::threads),
/// once the records are in: sort orders its index and makes its output
/// there, stats picks its groups' percentiles.

#include <cstddef>

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/task_arena.h>

namespace weir {

/// f() on an arena of `threads` threads (told TBB first: -j N past the
/// cores would have it warn on stderr that it has fewer workers).
template <class F>
void on_threads(int threads, const F& f) {
  tbb::global_control workers_wanted(tbb::global_control::max_allowed_parallelism,
                                     static_cast<std::size_t>(threads));
  tbb::task_arena(threads).execute(f);
}

}  // namespace weir
