#pragma once
/// A byte range of one input file, read as the parallel engine reads a
/// chunk (parallel_input.hpp): for weir.dask, which runs the ranges of a
/// large file as tasks on several machines.
///
///   the file's first block is read as any run reads it (the dialect
///   sniffed, the header taken); range 0 hands on its records
///   -> a fork of that reader parses the range from `begin`, taken as the
///      start of a record on line `line` (a guess: a line break before it
///      may be inside a quoted field), in chunks cut at line breaks
///   -> the range ends at the first chunk boundary at or past `end` where
///      no record is cut: a record still open at `end` is read to its end
///
/// Where the range ended (RangeEnd) is where the next range truly starts:
/// the caller checks each range's guess against the end of the one before
/// and reads a range again from there when it was wrong, as ParallelInput
/// parses a chunk again. So the records, errors and lines are a whole-file
/// run's. A range cannot be read (SetupError: read the file whole) from a
/// compressed or transcoded file, or a reader that cannot be forked.

#include <cstdint>
#include <memory>
#include <string>

#include "core/formats/format.hpp"

namespace weir {

struct ByteRange {
  std::int64_t begin = 0;  ///< byte offset of the range's first record (0: the file's start)
  std::int64_t end = 0;    ///< the range ends at the first record boundary at or past this
  std::int64_t line = 1;   ///< line of `begin`
};

/// Where a range's reading ended: its last record's end.
struct RangeEnd {
  std::int64_t offset = -1;  ///< -1 until the range was read to its end
  std::int64_t line = 0;
};

/// The line breaks ('\n') in bytes [begin, end) of the file `path`: the
/// line each range starts on (weir.dask counts every range's at once).
/// Throws SetupError when the file cannot be read.
std::int64_t count_line_breaks(const std::string& path, std::int64_t begin, std::int64_t end);

/// A reader of `range` of the file `path` in `format`; `end` is filled when
/// it gives its last batch. Throws SetupError when a range of this file
/// cannot be read apart (see above).
std::unique_ptr<Reader> open_range(const FormatInfo& format, const std::string& path, const ReadOptions& options,
                                   ErrorPolicy& errors, const ByteRange& range, std::shared_ptr<RangeEnd> end);

}  // namespace weir
