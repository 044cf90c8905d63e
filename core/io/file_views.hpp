#pragma once
/// A regular file's bytes seen in place (Source::view_at) rather than read
/// (BlockReader, and -j N's threads): the kernel's copy of each block was a
/// third of a filter's time. The file
/// is seen in views of 4 MiB, each shared by the blocks in it (a mapping a
/// block would cost more than it saves), from a multiple of the huge page
/// size: where the page cache holds the file in huge pages, each is then
/// mapped by one entry, not 512 (4 MiB of the bench's CSV took 0.05 ms to
/// see, not 0.6 ms). A block across a view's end is read instead.

#include <cstddef>
#include <cstdint>
#include <memory>

#include "core/io/source.hpp"

namespace weir {

class FileViews {
 public:
  static constexpr std::int64_t kViewSize = 4 << 20;
  static constexpr std::int64_t kViewAlign = 2 << 20;

  /// Views of `file` (which outlives this), whose spans are followed by
  /// `padding` readable bytes of the file.
  FileViews(Source& file, std::size_t padding) : file_(&file), padding_(static_cast<std::int64_t>(padding)) {}

  /// The `n` bytes at `from`, then the padding, in place: readable while
  /// the pointer lives (the bytes after them are the file's next ones, not
  /// zeros). Null when they pass the end of the view they start in, or of
  /// the file as it was opened (read them then), and from the first time
  /// the source cannot show its bytes on.
  std::shared_ptr<const char> span(std::int64_t from, std::size_t n);
  /// The offset of the first byte of the file the last span's view shows
  /// (the bytes from there to the span are seen too).
  std::int64_t first_seen() const { return first_; }

 private:
  Source* file_;
  std::int64_t padding_;
  std::shared_ptr<const char> view_;
  std::int64_t first_ = 0, last_ = 0;  // the file's bytes view_ shows
  bool unable_ = false;
};

}  // namespace weir
