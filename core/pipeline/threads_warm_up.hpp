#pragma once
/// The reading threads started early: a run that will likely read a
/// regular file on N threads (Execution::warm_up) starts the scheduler
/// (TBB: its library loaded, its worker threads started) on a thread of its
/// own, while this one sniffs the input. A run that then reads on one
/// thread after all (a reader that cannot be forked, a CR-only CSV) waits
/// for it at its end: about 1 ms. On a virtual machine a core with nothing
/// to do sleeps, and the first thread started on it began 2-5 ms late
/// (measured on a 2-core VM: a 50 ms run); TBB's own start-up takes
/// another 0.5-0.9 ms.

#include <thread>

namespace weir {

class ThreadsWarmUp {
 public:
  ThreadsWarmUp() = default;
  ~ThreadsWarmUp() { wait(); }
  ThreadsWarmUp(const ThreadsWarmUp&) = delete;
  ThreadsWarmUp& operator=(const ThreadsWarmUp&) = delete;

  /// Starts the scheduler for `threads` threads (once; nothing when fewer than 2).
  void start(int threads);
  /// Until the warm-up's thread has ended (the scheduler may still be
  /// starting its workers). Not needed before the threads are used: a
  /// thread that calls into TBB while it starts waits for it there.
  void wait() {
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::thread thread_;
  bool started_ = false;
};

}  // namespace weir
