#pragma once
/// Reads a Source in large blocks. The unparsed tail of one block (a record
/// cut by the block boundary) is carried to the front of the next.
/// Every block is followed by kPadding readable bytes, as simdjson requires.

#include <chrono>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "core/io/file_views.hpp"
#include "core/io/source.hpp"

namespace weir {

struct Block {
  std::unique_ptr<char[]> bytes;
  /// Or, in place of `bytes`, the bytes seen where they are (Source::view_at):
  /// the padding after them is the input's next bytes, not zeros.
  std::shared_ptr<const char> view;
  std::size_t size = 0;
  std::int64_t offset = 0;  ///< byte offset of begin() in the whole input
  const char* begin() const { return view ? view.get() : bytes.get(); }
  const char* end() const { return begin() + size; }
};

/// Buffers of full-size blocks no longer used, handed to the next blocks:
/// when blocks are freed on other threads (-j N), fresh memory for each
/// would cost a page fault every 4 KiB.
class BlockPool {
 public:
  explicit BlockPool(std::size_t capacity) : capacity_(capacity) {}
  std::size_t capacity() const { return capacity_; }
  std::unique_ptr<char[]> take();
  void give(std::unique_ptr<char[]> buffer);
  /// An empty block with room for `n` bytes (and the padding, not zeroed):
  /// a full-size one takes its buffer from `pool` and gives it back when
  /// it is freed; a larger one (a record longer than a block) is its own.
  static std::shared_ptr<Block> block(const std::shared_ptr<BlockPool>& pool, std::size_t n);

 private:
  std::size_t capacity_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<char[]>> free_;
};

class BlockReader {
 public:
  static constexpr std::size_t kPadding = 64;
  /// The longest a block of input that may pause (a pipe) waits to fill.
  static constexpr std::chrono::milliseconds kMaxWait{100};
  /// 64 KiB: a block and the batch parsed from it stay in the core's L2
  /// cache. With 1 MiB blocks, -j 1 took 15-20% longer on the bench's
  /// filter, cat, step and JSON Lines runs (bench/README.md, Threads).
  static constexpr std::size_t kDefaultBlockSize = 64 << 10;
  static constexpr std::size_t kFirstBlockSize = 64 << 10;

  explicit BlockReader(std::unique_ptr<Source> source, std::size_t block_size = kDefaultBlockSize);

  /// The next block, starting with `carry` (which may point into the previous
  /// block). nullptr once the input is exhausted and carry is empty. When
  /// the source fails (invalid UTF-16, a damaged .gz) after giving bytes,
  /// the block holds those and the next call throws: the records before
  /// the failure are read whatever the block size (found by fuzz_csv).
  std::shared_ptr<Block> next(std::string_view carry);
  /// True once the source has returned its last byte: the block just
  /// returned holds the end of the input.
  bool at_end() const { return at_end_; }
  /// True when the block just returned ends where the input paused
  /// (Source::more_now), or after kMaxWait of a slow stream: it is not
  /// full, and the input goes on.
  bool paused() const { return paused_; }
  /// Reads blocks of `size` bytes from now on.
  void set_block_size(std::size_t size) {
    block_size_ = size;
    pool_ = std::make_shared<BlockPool>(size);
  }
  std::size_t block_size() const { return block_size_; }
  const std::string& name() const { return source_->name(); }
  /// Bytes of the input given out, and counted (--progress), so far: after
  /// them a reader anywhere in the file counts what it reads.
  std::int64_t counted_until() const { return in_place_ ? counted_until_ : source_->given(); }
  /// The source, for reads anywhere in a regular file (Source::reads_at).
  Source& source() { return *source_; }
  const Source& source() const { return *source_; }

 private:
  std::unique_ptr<Source> source_;
  std::size_t block_size_;
  std::shared_ptr<BlockPool> pool_;
  std::int64_t offset_ = 0;  // offset of the next byte the source will give
  bool at_end_ = false;
  bool paused_ = false;
  std::exception_ptr failed_;  // the source's failure, after the bytes before it
  // A regular file's blocks are seen in place (file_views.hpp) where they
  // can be; once one was, the source's read() is called no more: the rest
  // is read at its offset.
  std::unique_ptr<FileViews> views_;
  bool in_place_ = false;
  std::int64_t counted_until_ = 0;  // (in place: bytes counted, by the source or here)

  std::shared_ptr<Block> next_in_place(std::string_view carry, std::size_t capacity);
  std::size_t read_more(char* buffer, std::size_t capacity);
};

}  // namespace weir
