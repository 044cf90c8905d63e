#include "core/pipeline/threads_warm_up.hpp"

#include <system_error>

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

namespace weir {

void ThreadsWarmUp::start(int threads) {
  if (started_ || threads < 2) return;
  started_ = true;
  try {
    thread_ = std::thread([threads] {
      try {
        // (told TBB first, as the pipeline does: past the cores, or on one
        // core, it would warn on stderr that it has fewer workers)
        tbb::global_control workers_wanted(tbb::global_control::max_allowed_parallelism,
                                           static_cast<std::size_t>(threads));
        // tasks spawned ask the scheduler for its workers; they run here if
        // none comes (one core), so this never waits for one
        tbb::task_arena(threads).execute(
            [threads] { tbb::parallel_for(0, threads, [](int) {}, tbb::simple_partitioner()); });
      } catch (...) {
        // (only a head start: the pipeline starts its own threads, and says
        // what failed. A libtbb.so that cannot be loaded ends weir on the
        // first call into it, here or there: cli/tbb_on_demand.cpp)
      }
    });
  } catch (const std::system_error&) {
    // no thread to spare: the pipeline starts its own, as without the warm-up
  }
}

}  // namespace weir
