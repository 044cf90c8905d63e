#pragma once
/// How far a run has got: counters the pipeline updates once per block or
/// batch (never per record) while another thread reads them to draw a
/// progress display (the command line's, cli/progress_line.hpp). Relaxed
/// atomics: each counter is right on its own; one may be a block ahead of
/// another when read.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/io/source.hpp"

namespace weir {

struct InputProgress {
  /// Bytes of text read (after decompression): what the readers parse.
  std::atomic<std::int64_t> bytes{0};
  /// Bytes read of the input files themselves: the compressed offset of a
  /// .gz or .zst, the same as `bytes` otherwise.
  std::atomic<std::int64_t> file_bytes{0};
  /// The inputs' size on disk, to compare with file_bytes; -1: unknown (a
  /// pipe, a terminal, a FIFO among the inputs).
  std::atomic<std::int64_t> total_bytes{-1};
  /// Records the readers gave.
  std::atomic<std::int64_t> records{0};
};

/// The size of the inputs (paths, "-" for standard input) when each is a
/// regular file, else -1.
std::int64_t total_input_size(const std::vector<std::string>& paths);

/// `source`, adding the bytes each read() gives to `counter`.
std::unique_ptr<Source> counted_source(std::unique_ptr<Source> source, std::atomic<std::int64_t>& counter);

}  // namespace weir
