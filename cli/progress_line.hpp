#pragma once
/// The progress line: on stderr, for a run that takes more than a second,
///
///   weir: 1.2 GB, 8,123,456 records, 310.5 MB/s, 42%, 0:04 left
///
/// redrawn at most ten times a second and erased when the run ends. It is
/// drawn on a thread of its own from the counters the pipeline updates
/// (core/io/progress.hpp); standard output never sees it.

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/io/progress.hpp"

namespace weir::cli {

/// What the line shows, read from the counters at one moment.
struct ProgressSnapshot {
  std::int64_t bytes = 0;         ///< text read
  std::int64_t file_bytes = 0;    ///< of the files on disk (compressed offset)
  std::int64_t total_bytes = -1;  ///< the files' size; -1 unknown
  std::int64_t records = 0;
  double seconds = 0;             ///< since the run started
};

/// The line's text: bytes and records read, MB/s, and, when the inputs'
/// size is known, the percentage done and the time left at the rate so far.
std::string progress_text(const ProgressSnapshot& snapshot);

/// Whether to draw it: --progress (true) or --no-progress (false) decide;
/// else only when stderr is a terminal (not TERM=dumb) and the records do
/// not go to it too (standard output redirected, or -o FILE).
bool wants_progress(std::optional<bool> flag, bool records_to_stdout);

/// Draws the line while it lives, when `enabled`. The destructor stops the
/// thread and erases the line (so an error message that follows starts on
/// a clean line).
class ProgressLine {
 public:
  ProgressLine(std::shared_ptr<const InputProgress> progress, bool enabled);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

 private:
  void draw_until_stopped();

  std::shared_ptr<const InputProgress> progress_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace weir::cli
