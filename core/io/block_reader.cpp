#include "core/io/block_reader.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

namespace weir {

std::unique_ptr<char[]> BlockPool::take() {
  std::lock_guard lock(mutex_);
  if (free_.empty()) return std::unique_ptr<char[]>(new char[capacity_ + BlockReader::kPadding]);
  std::unique_ptr<char[]> buffer = std::move(free_.back());
  free_.pop_back();
  return buffer;
}

void BlockPool::give(std::unique_ptr<char[]> buffer) {
  std::lock_guard lock(mutex_);
  if (free_.size() < 64) free_.push_back(std::move(buffer));
}

std::shared_ptr<Block> BlockPool::block(const std::shared_ptr<BlockPool>& pool, std::size_t n) {
  if (n > pool->capacity()) {
    auto block = std::make_shared<Block>();
    block->bytes.reset(new char[n + BlockReader::kPadding]);
    return block;
  }
  std::shared_ptr<Block> block(new Block, [pool](Block* b) {
    pool->give(std::move(b->bytes));
    delete b;
  });
  block->bytes = pool->take();
  return block;
}

BlockReader::BlockReader(std::unique_ptr<Source> source, std::size_t block_size)
    : source_(std::move(source)), block_size_(block_size), pool_(std::make_shared<BlockPool>(block_size)) {
  if (source_->reads_at()) views_ = std::make_unique<FileViews>(*source_, kPadding);
}

// The block from the carry's first byte, seen in place; null where it
// cannot be (across a view's end, near the file's end, a source that cannot).
std::shared_ptr<Block> BlockReader::next_in_place(std::string_view carry, std::size_t capacity) {
  if (!views_) return nullptr;
  // (the carry is the end of the block before: the file's bytes up to offset_)
  const std::int64_t from = offset_ - static_cast<std::int64_t>(carry.size());
  std::shared_ptr<const char> span = views_->span(from, capacity);
  if (!span) return nullptr;
  if (!in_place_) {
    in_place_ = true;
    counted_until_ = source_->given();
  }
  auto block = std::make_shared<Block>();
  block->view = std::move(span);
  block->size = capacity;
  block->offset = from;
  offset_ = from + static_cast<std::int64_t>(capacity);
  if (offset_ > counted_until_) {
    source_->count_read(offset_ - std::max(from, counted_until_));
    counted_until_ = offset_;
  }
  paused_ = false;
  return block;
}

// The next bytes of the input: read(), or once blocks were seen in place,
// the file's bytes at offset_. A regular file that comes up short of the
// size it had when opened, and is now shorter, was cut while it was read:
// its bytes past the cut are lost, which is said (as -j N and a mapped
// page say it), not taken for its end.
std::size_t BlockReader::read_more(char* buffer, std::size_t capacity) {
  const std::size_t got =
      in_place_ ? source_->read_at(offset_, buffer, capacity) : source_->read(buffer, capacity);
  const std::int64_t to = offset_ + static_cast<std::int64_t>(got);
  if (got < capacity && views_ && to < source_->file_size() && source_->got_shorter()) {
    throw_got_shorter(source_->name());
  }
  if (in_place_ && to > counted_until_) {
    source_->count_read(to - std::max(offset_, counted_until_));
    counted_until_ = to;
  }
  return got;
}

std::shared_ptr<Block> BlockReader::next(std::string_view carry) {
  if (failed_) std::rethrow_exception(std::exchange(failed_, nullptr));
  if (at_end_ && carry.empty()) return nullptr;
  // The first block is small, so that `weir head` on a huge file answers at
  // once; later ones are full size. A record longer than a block: grow so
  // that new bytes always fit.
  std::size_t size = offset_ == 0 ? std::min(block_size_, kFirstBlockSize) : block_size_;
  std::size_t capacity = std::max(size, carry.size() * 2);
  if (std::shared_ptr<Block> seen = next_in_place(carry, capacity)) return seen;
  // (not zero-filled: every byte up to size is written before it is read)
  std::shared_ptr<Block> block = BlockPool::block(pool_, capacity);
  if (!carry.empty()) std::memcpy(block->bytes.get(), carry.data(), carry.size());
  block->size = carry.size();
  block->offset = offset_ - static_cast<std::int64_t>(carry.size());
  paused_ = false;
  // (a stream that never pauses 20 ms, 200 lines a second, still has its
  // records handed on every kMaxWait)
  const bool may_pause = source_->may_pause();
  const auto started = may_pause ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point();
  while (!at_end_ && block->size < capacity) {
    std::size_t got = 0;
    try {
      got = read_more(block->bytes.get() + block->size, capacity - block->size);
    } catch (...) {
      if (block->size == carry.size()) throw;  // nothing new to hand out first
      failed_ = std::current_exception();
      break;
    }
    if (got == 0) {
      at_end_ = true;
      break;
    }
    block->size += got;
    offset_ += static_cast<std::int64_t>(got);
    // a stream that paused: its records so far go on now, not when the
    // block is full (a line of `tail -f` is written when it comes)
    if (may_pause && block->size < capacity &&
        (!source_->more_now() || std::chrono::steady_clock::now() - started > kMaxWait)) {
      paused_ = true;
      break;
    }
  }
  std::memset(block->bytes.get() + block->size, 0, kPadding);
  return block;
}

}  // namespace weir
