#include "core/pipeline/parallel_input.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <oneapi/tbb/concurrent_queue.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_pipeline.h>
#include <oneapi/tbb/task_arena.h>

#include "core/errors/error.hpp"
#include "core/formats/scan.hpp"
#include "core/io/file_views.hpp"

namespace weir {

namespace {

constexpr std::size_t kParallelChunkSize = 64 << 10;
// where a chunk of a regular file ends is looked for in this many bytes
// before its largest end
constexpr std::size_t kWindow = 4 << 10;
// chunks handed to the ordered side together (one wake-up per group)
constexpr std::size_t kGroup = 4;
// A quoted field longer than this is cut at a line break anyway, as a
// guess the ordered side checks (rather than a chunk as long as the field).
constexpr std::int64_t kMostQuoted = 1 << 20;
// A chunk this long with no quote, taken to be inside a quoted field by the
// count of quotes before it, is taken for records instead: the end of the
// chunk is guessed to end one (a lone quote read as text is likelier),
// until such a guess is found wrong (a long quoted field after all).
constexpr std::int64_t kUnquotedMost = 4 << 10;

}  // namespace

/// A piece of the input cut at a line break, and what a thread made of it.
struct ParallelInput::Chunk {
  /// How its first record's start was found.
  enum class Start : std::uint8_t {
    found,     ///< by the quotes' count (or the reader stood there)
    guessed,   ///< a line break taken for a record's end: no record quote, or a quoted field too long
    unquoted,  ///< a line break taken so after kUnquotedMost bytes with no quote
  };
  std::shared_ptr<const Block> block;
  std::int64_t first = 0;  ///< of a regular file: the byte range cut
  std::int64_t last = 0;   ///< (one past)
  std::int64_t lines = 0;  ///< of a regular file: line breaks in the range
  bool ascii = false;      ///< every byte of the range is ASCII (counted so with its lines)
  // Of a regular file with a record quote: the quotes in the range, and
  // the range of the records it holds, [start, stop), which number() works
  // out in input order: a record cut at `first` inside a quoted field is
  // the chunk's, one cut at `last` the next one's.
  std::int64_t quotes = 0;
  std::int64_t start = 0;
  std::int64_t stop = 0;
  Start start_kind = Chunk::Start::guessed;  ///< how `start` was found
  std::int64_t seen_from = -1;  ///< seen in place: the file's first byte its view shows
  bool unread = false;     ///< the range could not be read (`error` says why)
  bool fresh = true;       ///< its batch has not been filled yet
  std::int64_t line = 1;  ///< counted line of its first record's first byte: the guess
  bool at_end = false;    ///< the input's last chunk
  Batch batch;
  std::vector<DeferredError> log;
  BlockParser::ChunkEnd end;
  std::size_t records = 0;  ///< records the fork gave
  bool staged = false;      ///< the per-record stages ran on `batch`
  std::unique_ptr<Partial> partial;  ///< the aggregating stage's fold of it
  const Header* rendered = nullptr;  ///< `text` is the output of `batch`'s records
  TextBuffer text;
  std::exception_ptr error;
  // run() with a holding last stage: the batches it held, and the header
  // of the text finish_held made of them (made for one batch only)
  std::vector<Batch> held;
  const Header* held_header = nullptr;
};

/// A reading thread's own: a fork of the reader, copies of the stages.
struct ParallelInput::Worker {
  /// The end of the per-record stages: the batch stays where it is.
  class Keep final : public Stage {
   public:
    bool push(Batch& batch) override {
      if (&batch != target) *target = std::move(batch);
      passed = true;
      return true;
    }
    void finish() override {}
    Batch* target = nullptr;
    bool passed = false;
  };

  std::unique_ptr<BlockParser> reader;
  std::vector<std::unique_ptr<Stage>> stages;
  std::unique_ptr<Stage> folder;
  Keep keep;
};

struct ParallelInput::Shared {
  BlockParser* reader = nullptr;
  ErrorPolicy* errors = nullptr;
  int threads = 1;
  StageMaker make_stages;
  StageReturn return_stages;
  bool fold = false;
  Render render;
  std::size_t room = 0;  // Batch::set_room for every chunk's batch
  std::unique_ptr<BlockParser> prototype;
  // the cutting filter's (one thread at a time)
  std::unique_ptr<BlockReader> blocks;
  std::string tail;  // bytes after the last line break, for the next chunk
  std::exception_ptr read_failed;  // the input's failure, raised after the tail went on
  std::int64_t line = 1;
  std::int64_t offset = 0;  // of the next chunk's first byte
  std::size_t max_record_size = 0;
  char line_break = '\n';
  // The reader's record quote (BlockParser::record_quote), or 0; whether
  // the next chunk's first byte is inside a quoted field, by the quotes'
  // count (the cutting filter's, or of a file number()'s); and where the
  // next chunk's first record starts, and its line (number()'s). Once a
  // chunk the quotes started does not start where the chunk before ended
  // (a lone quote read as text), the rest is cut at any line break.
  char quote = 0;
  bool inside = false;
  std::int64_t record_start = 0;
  std::int64_t record_line = 1;
  Chunk::Start record_start_kind = Chunk::Start::guessed;
  std::atomic<bool> quotes_wrong{false};
  std::atomic<bool> unquoted_wrong{false};  // a Chunk::Start::unquoted guess was wrong: no more of them
  // A regular file (Source::reads_at): the cutting filter only finds where
  // each chunk ends, in a small window of it, and each chunk is read on the
  // thread that parses it, into that core's cache; no thread copies it all.
  Source* file = nullptr;
  std::shared_ptr<BlockPool> pool;
  std::int64_t chunk_size = 0;     // (at most kParallelChunkSize: WEIR_BLOCK_SIZE in tests)
  std::int64_t counted_until = 0;  // bytes read() gave, and counted, before the hand-over
  std::string window;              // (the cutting filter's)
  std::unique_ptr<FileViews> views;  // the file's bytes seen in place (the cutting filter's)
  bool cut_done = false;
  std::exception_ptr cut_error;
  // Input that costs a core to read (Source::decodes: gzip, zstd, another
  // encoding) is cut on a thread of its own, ahead of the parsing ones,
  // into `ahead` (a null chunk ends it). Cut inside the pipeline, its
  // reading took turns with parsing, and the threads waiting for it spun.
  bool read_ahead = false;
  tbb::concurrent_bounded_queue<Chunk*> ahead;
  std::atomic<bool> ahead_stop{false};
  std::atomic<bool> ahead_done{false};

  tbb::enumerable_thread_specific<Worker> workers;
  // chunks given back, their batches' memory kept for the next ones
  std::mutex spare_mutex;
  std::vector<std::unique_ptr<Chunk>> spare;
  // Parsed chunks in input order, in groups of kGroup (an empty group ends).
  std::vector<Chunk*> group;  // (the last filter's, then produce()'s)
  tbb::concurrent_bounded_queue<std::vector<Chunk*>> done;
  std::deque<Chunk*> ready;  // the ordered side's: popped from a group, not handed on yet
  std::atomic<bool> stop{false};
  int chunks_made = 0;  // (the cutting filter's)

  std::unique_ptr<Chunk> spare_chunk();
  Chunk* cut();
  Chunk* cut_file();
  Chunk* cut_in_view();
  void read_chunk(Chunk& chunk);
  void count_lines(Chunk& chunk);
  void number(Chunk& chunk);
  void see_records(Chunk& chunk);
  void work(Chunk& chunk);
  // The read-ahead thread's loop, and how pipeline() ends it.
  void cut_ahead();
  void end_read_ahead(std::thread& thread);
  // Runs the reading threads on this one too; `in_order` takes each chunk
  // in input order, on whichever thread runs the last filter (it must not
  // throw: a chunk still in flight would be lost). With `holder`, the
  // chunks in_order hands on go on to be finished on any thread and
  // written in order (after_order), and are given back there.
  void pipeline(const std::function<Chunk*(Chunk*)>& in_order, Stage* holder = nullptr,
                const std::function<void(Chunk*)>& after_order = {});
  // The pipeline on a thread of its own, for next(): groups into `done`.
  void produce();
  void give_back(std::unique_ptr<Chunk> chunk);
};

void ParallelInput::Shared::give_back(std::unique_ptr<Chunk> chunk) {
  chunk->block.reset();
  chunk->lines = 0;
  chunk->ascii = false;
  chunk->quotes = 0;
  chunk->start_kind = Chunk::Start::guessed;
  chunk->seen_from = -1;
  chunk->unread = false;
  chunk->batch.clear();
  chunk->text.clear();
  chunk->log.clear();
  chunk->end = {};
  chunk->records = 0;
  chunk->staged = false;
  chunk->partial.reset();
  chunk->rendered = nullptr;
  chunk->error = nullptr;
  std::lock_guard lock(spare_mutex);
  spare.push_back(std::move(chunk));
}

std::unique_ptr<ParallelInput::Chunk> ParallelInput::Shared::spare_chunk() {
  {
    std::lock_guard lock(spare_mutex);
    if (!spare.empty()) {
      std::unique_ptr<Chunk> chunk = std::move(spare.back());
      spare.pop_back();
      return chunk;
    }
  }
  ++chunks_made;
  return std::make_unique<Chunk>();
}

// The next chunk: a block of input cut after its last line break (the rest
// goes to the front of the next one).
ParallelInput::Chunk* ParallelInput::Shared::cut() {
  if (read_failed) std::rethrow_exception(std::exchange(read_failed, nullptr));
  std::unique_ptr<Chunk> chunk = spare_chunk();
  chunk->start_kind = record_start_kind;
  std::shared_ptr<Block> block;
  for (;;) {
    try {
      block = blocks->next(tail);
    } catch (...) {
      if (tail.empty()) throw;
      // the input failed: the bytes held back after the last cut go on
      // first (records, where a lone quote misled the quotes' count), as
      // -j 1 reads what came before a failure; the failure comes next
      read_failed = std::current_exception();
      block = std::make_shared<Block>();
      block->bytes.reset(new char[tail.size() + BlockReader::kPadding]);
      std::memcpy(block->bytes.get(), tail.data(), tail.size());
      std::memset(block->bytes.get() + tail.size(), 0, BlockReader::kPadding);
      block->size = tail.size();
      block->offset = offset;
      tail.clear();
      break;
    }
    if (!block) {
      // the input ended with the chunk before: an empty last chunk
      block = std::make_shared<Block>();
      block->bytes.reset(new char[BlockReader::kPadding]());
      block->offset = offset;
      break;
    }
    if (blocks->at_end()) {
      tail.clear();
      break;
    }
    WEIR_ASSERT(!block->view);  // (a file seen in place is cut by cut_file)
    const char* begin = block->begin();
    const char* nl = nullptr;
    bool quoted_on = false;  // the cut is inside a quoted field (a guess)
    Chunk::Start kind = Chunk::Start::guessed;
    if (quote && !quotes_wrong.load(std::memory_order_relaxed)) {
      // after the last line break that ends a record; none: the block is
      // one record's (read on), unless the quoted field is too long
      const auto [breaks, quotes] = count_bytes<2>(begin, block->end(), {line_break, quote});
      const bool inside_at_end = inside != (quotes % 2 == 1);
      nl = last_quote_break(begin, block->end(), quote, line_break, inside_at_end).after;
      // (no quote in a large block, or a quoted field too long: a guess)
      const auto size = static_cast<std::int64_t>(block->size);
      const bool unquoted = quotes == 0 && size >= kUnquotedMost && !unquoted_wrong;
      kind = Chunk::Start::found;
      if (!nl && breaks > 0 && (unquoted || size > kMostQuoted)) {
        nl = static_cast<const char*>(::memrchr(begin, line_break, block->size)) + 1;
        quoted_on = true;
        kind = unquoted ? Chunk::Start::unquoted : Chunk::Start::guessed;
      }
      if (nl) --nl;
    } else {
      nl = static_cast<const char*>(::memrchr(begin, line_break, block->size));
    }
    if (nl) {
      inside = quoted_on;
      record_start_kind = kind;
      auto cut_at = static_cast<std::size_t>(nl + 1 - begin);
      tail.assign(nl + 1, block->size - cut_at);
      block->size = cut_at;
      std::memset(block->bytes.get() + cut_at, 0, BlockReader::kPadding);
      break;
    }
    // no line break: a record longer than the block; read on (up to the
    // longest a record may be, which the reader then reports)
    if (block->size > max_record_size) {
      tail.clear();
      break;
    }
    tail.assign(begin, block->size);
  }
  chunk->at_end = blocks->at_end() && tail.empty();
  cut_done = chunk->at_end;
  chunk->line = line;
  line += count_byte(block->begin(), block->end(), line_break);
  offset = block->offset + static_cast<std::int64_t>(block->size);
  chunk->block = std::move(block);
  return chunk.release();
}

void ParallelInput::Shared::cut_ahead() {
  try {
    while (!ahead_stop.load(std::memory_order_relaxed)) {
      std::unique_ptr<Chunk> chunk;
      try {
        chunk.reset(cut());
      } catch (...) {
        cut_error = std::current_exception();  // (seen after the null chunk is popped)
        ahead.push(nullptr);
        break;
      }
      const bool last = chunk->at_end;
      ahead.push(chunk.get());  // (waits for room; throws when end_read_ahead aborts the wait)
      chunk.release();
      if (last) {
        ahead.push(nullptr);
        break;
      }
    }
  } catch (...) {
    // end_read_ahead's abort of a wait (the pipeline ended first: head, an
    // error), or a failure of the queue's own, ended as cut() failures are
    if (!ahead_stop) {
      cut_error = std::current_exception();
      try {
        ahead.push(nullptr);
      } catch (...) {
      }
    }
  }
  ahead_done = true;
}

void ParallelInput::Shared::end_read_ahead(std::thread& thread) {
  ahead_stop = true;
  // until the thread sees the stop: its waits aborted, its chunks taken
  // (so that a push after the abort finds room)
  auto drain = [this] {
    for (Chunk* chunk = nullptr; ahead.try_pop(chunk);) delete chunk;
  };
  while (!ahead_done) {
    ahead.abort();
    drain();
    std::this_thread::sleep_for(std::chrono::microseconds(50));
  }
  thread.join();
  drain();
}

// The next chunk of a regular file: from where the last one ended to the
// last line break in the block size, found in a window before that end (a
// read of 4 KiB, here); the chunk itself is read by read_chunk().
ParallelInput::Chunk* ParallelInput::Shared::cut_file() {
  if (Chunk* seen = cut_in_view()) return seen;
  std::unique_ptr<Chunk> chunk = spare_chunk();
  const std::int64_t begin = offset;
  auto read_window = [&](std::int64_t from, std::int64_t to) {
    window.resize(static_cast<std::size_t>(to - from));
    window.resize(file->read_at(from, window.data(), window.size()));
  };
  std::int64_t end = -1;
  bool at_end = false;
  auto ends_at_break = [&](std::int64_t from, const void* nl) {
    if (nl) end = from + (static_cast<const char*>(nl) - window.data()) + 1;
    return nl != nullptr;
  };
  const std::int64_t limit = begin + chunk_size;
  // (a quarter of a smaller block: tiny blocks in tests take every turn here)
  std::int64_t from = limit - std::max<std::int64_t>(1, std::min(static_cast<std::int64_t>(kWindow), chunk_size / 4));
  read_window(from, limit);
  if (window.empty()) read_window(from = begin, limit);  // the input ends before the window
  const std::int64_t got_to = from + static_cast<std::int64_t>(window.size());
  // (the file had these bytes when it was opened, as read_chunk finds it)
  if (got_to < std::min(limit, file->file_size()) && file->got_shorter()) throw_got_shorter(blocks->name());
  if (got_to < limit) {
    // the input ends in the block: the rest of it is the last chunk
    end = got_to;
    at_end = true;
  } else if (!ends_at_break(from, ::memrchr(window.data(), line_break, window.size())) && from > begin) {
    // a long line: the last break in the rest of the block
    read_window(begin, from);
    ends_at_break(begin, ::memrchr(window.data(), line_break, window.size()));
  }
  // no line break in the block: a record longer than it, up to the next
  // break (or past the longest a record may be, which the reader reports)
  for (from = limit; end < 0;) {
    read_window(from, from + chunk_size);
    if (ends_at_break(from, std::memchr(window.data(), line_break, window.size()))) break;
    if (static_cast<std::int64_t>(window.size()) < chunk_size) {
      end = from + static_cast<std::int64_t>(window.size());
      at_end = true;
    } else if ((from += chunk_size) - begin > static_cast<std::int64_t>(max_record_size)) {
      end = from;
    }
  }
  chunk->first = begin;
  chunk->last = end;
  chunk->at_end = at_end;
  cut_done = at_end;
  offset = end;
  return chunk.release();
}

// The next chunk of a regular file seen in place, cut after its last line
// break; null where it is not so simple (near the file's end, where the
// padding would pass it; a record longer than the block; a source that
// cannot), which cut_file() reads instead.
ParallelInput::Chunk* ParallelInput::Shared::cut_in_view() {
  const std::int64_t begin = offset;
  std::shared_ptr<const char> span = views->span(begin, static_cast<std::size_t>(chunk_size));
  if (!span) return nullptr;
  const char* first = span.get();
  const void* nl = ::memrchr(first, line_break, static_cast<std::size_t>(chunk_size));
  if (!nl) return nullptr;
  std::unique_ptr<Chunk> chunk = spare_chunk();
  auto block = std::make_shared<Block>();
  block->view = std::move(span);
  block->size = static_cast<std::size_t>(static_cast<const char*>(nl) + 1 - first);
  block->offset = begin;
  chunk->first = begin;
  chunk->last = offset = begin + static_cast<std::int64_t>(block->size);
  chunk->at_end = false;  // (bytes past the padding follow)
  chunk->block = std::move(block);
  chunk->seen_from = views->first_seen();
  return chunk.release();
}

// Reads a chunk of a regular file (on the thread that will parse it) and
// counts its lines.
void ParallelInput::Shared::read_chunk(Chunk& chunk) {
  if (chunk.block) {
    // seen in place: its pages come in here, on this thread
    count_lines(chunk);
    std::int64_t fresh = chunk.last - std::max(chunk.first, counted_until);
    if (fresh > 0) file->count_read(fresh);
    return;
  }
  try {
    auto size = static_cast<std::size_t>(chunk.last - chunk.first);
    std::shared_ptr<Block> block = BlockPool::block(pool, size);
    block->offset = chunk.first;
    block->size = file->read_at(chunk.first, block->bytes.get(), size);
    if (block->size != size) {
      throw_got_shorter(blocks->name());
    }
    std::memset(block->bytes.get() + size, 0, BlockReader::kPadding);
    chunk.block = std::move(block);
    count_lines(chunk);
    std::int64_t fresh = chunk.last - std::max(chunk.first, counted_until);
    if (fresh > 0) file->count_read(fresh);  // (--progress)
  } catch (...) {
    chunk.unread = true;
    chunk.error = std::current_exception();
  }
}

// A chunk's line breaks, and with a record quote, its quotes (read_chunk's,
// on the thread that parses the chunk).
void ParallelInput::Shared::count_lines(Chunk& chunk) {
  const char* begin = chunk.block->begin();
  if (!quote) {
    const ByteCounts<1> counts = count_bytes_ascii<1>(begin, chunk.block->end(), {line_break});
    chunk.lines = counts.n[0];
    chunk.ascii = counts.ascii;
    return;
  }
  const ByteCounts<2> counts = count_bytes_ascii<2>(begin, chunk.block->end(), {line_break, quote});
  chunk.lines = counts.n[0];
  chunk.quotes = counts.n[1];
  chunk.ascii = counts.ascii;
}

// In input order: the line of a chunk's first byte, from the chunks before;
// with a record quote, where its records start and end (the quotes before
// each line break since the input's start say which ones end records).
void ParallelInput::Shared::number(Chunk& chunk) {
  const std::int64_t first_line = line;
  line += chunk.lines;
  chunk.start = record_start;
  chunk.line = record_line;
  chunk.start_kind = record_start_kind;
  record_start = chunk.last;
  record_line = line;
  record_start_kind = Chunk::Start::guessed;
  if (!quote || chunk.at_end || chunk.unread || quotes_wrong.load(std::memory_order_relaxed)) {
    inside = false;
  } else {
    // the state at the chunk's end says which line breaks end records: those
    // whose quotes after them leave it (most often the last one: found at once)
    const bool inside_at_end = inside != (chunk.quotes % 2 == 1);
    const char* begin = chunk.block->begin();
    const QuoteBreak found = last_quote_break(begin, chunk.block->end(), quote, line_break, inside_at_end);
    if (found.after) {
      record_start = chunk.first + (found.after - begin);
      record_line = first_line + chunk.lines - found.breaks_after;
      record_start_kind = Chunk::Start::found;
    } else if (chunk.quotes == 0 && chunk.last - chunk.first >= kUnquotedMost && !unquoted_wrong) {
      record_start_kind = Chunk::Start::unquoted;
    } else if (chunk.last - chunk.start <= kMostQuoted) {
      // no record ends in the chunk: the next one has it
      record_start = chunk.start;
      record_line = chunk.line;
      record_start_kind = chunk.start_kind;
    }
    // (else its end is taken for a record's: no quote came in all its
    // bytes, which a lone quote read as text before it explains better
    // than a long quoted field does; or the field is too long)
    inside = inside_at_end;
  }
  chunk.stop = record_start;
}

// The chunk's bytes from its first record's start to the next chunk's
// (number()), where they are not those cut: where its block or view holds
// them, seen there, else read.
void ParallelInput::Shared::see_records(Chunk& chunk) {
  if (chunk.start == chunk.first && chunk.stop == chunk.last) return;
  if (chunk.start < chunk.first) chunk.ascii = false;  // (bytes the chunk before counted)
  auto size = static_cast<std::size_t>(chunk.stop - chunk.start);
  std::shared_ptr<Block> block;
  if (chunk.start == chunk.first || (chunk.block->view && chunk.start >= chunk.seen_from)) {
    // (stop <= last: the block's bytes, then its padding, go on past stop)
    block = std::make_shared<Block>();
    const char* start = chunk.block->begin() - (chunk.first - chunk.start);
    block->view = std::shared_ptr<const char>(chunk.block, start);
  } else {
    block = BlockPool::block(pool, size);
    if (file->read_at(chunk.start, block->bytes.get(), size) != size) throw_got_shorter(blocks->name());
    std::memset(block->bytes.get() + size, 0, BlockReader::kPadding);
  }
  block->size = size;
  block->offset = chunk.start;
  chunk.block = std::move(block);
}

void ParallelInput::Shared::work(Chunk& chunk) {
  if (chunk.unread) return;
  if (file) {
    try {
      see_records(chunk);
    } catch (...) {
      chunk.unread = true;
      chunk.error = std::current_exception();
      return;
    }
  }
  try {
    Worker& worker = workers.local();
    if (!worker.reader) {
      worker.reader = prototype->fork();
      worker.stages = make_stages();
      if (fold) {
        worker.folder = std::move(worker.stages.back());
        worker.stages.pop_back();
      }
      Stage* next = &worker.keep;
      for (auto it = worker.stages.rbegin(); it != worker.stages.rend(); ++it) {
        (*it)->set_next(next);
        next = it->get();
      }
    }
    chunk.batch.set_room(room);
    // a new chunk's batch: room at once for about the most fields its bytes
    // hold (a value and its delimiter take 2 bytes), and the stages' room
    // (at most a block's worth: a chunk holding a long record grows as it must)
    if (chunk.fresh) {
      const std::size_t bytes = std::min<std::size_t>(chunk.block->size, kParallelChunkSize), records = bytes / 8 + 16;
      chunk.batch.reserve(records, bytes / 2 + 16 + records * room);
      chunk.fresh = false;
    }
    chunk.end = worker.reader->parse_chunk(chunk.block, chunk.line, chunk.at_end, chunk.batch, chunk.log, chunk.ascii);
    chunk.records = chunk.batch.size();
    // When a replayed error may fail the run, the records after it must
    // not go on: the stages then run in order, after the replay.
    bool may_fail = std::any_of(chunk.log.begin(), chunk.log.end(),
                                [this](const DeferredError& e) { return errors->may_fail(e); });
    if (may_fail) return;
    // a copy not ready (the original decides the column types in input
    // order) leaves the batch to the original, as -j 1 reads it
    if (!std::all_of(worker.stages.begin(), worker.stages.end(), [](auto& stage) { return stage->ready(); })) return;
    if (!worker.stages.empty()) {
      worker.keep.target = &chunk.batch;
      worker.keep.passed = false;
      if (!chunk.batch.empty()) worker.stages.front()->push(chunk.batch);
      if (!worker.keep.passed) chunk.batch.clear();
    }
    chunk.staged = true;
    if (worker.folder) chunk.partial = worker.folder->fold(chunk.batch);
    else if (render) chunk.rendered = render(chunk.batch, chunk.text);
  } catch (...) {
    chunk.error = std::current_exception();
  }
}

void ParallelInput::Shared::pipeline(const std::function<Chunk*(Chunk*)>& in_order, Stage* holder,
                                     const std::function<void(Chunk*)>& after_order) {
  // -j N past the cores: TBB would warn on stderr that it has fewer workers
  tbb::global_control workers_wanted(tbb::global_control::max_allowed_parallelism,
                                     static_cast<std::size_t>(threads));
  // (reading ahead, that thread takes one of the cores)
  tbb::task_arena arena(read_ahead ? std::max(threads - 1, 1) : threads);
  std::thread reader;
  try {
    if (read_ahead) reader = std::thread([this] { cut_ahead(); });
    arena.execute([this, &in_order, holder, &after_order] {
      auto cut_filter = tbb::make_filter<void, Chunk*>(tbb::filter_mode::serial_in_order,
                                                       [this](tbb::flow_control& control) -> Chunk* {
                                                         if (stop.load(std::memory_order_relaxed)) {
                                                           control.stop();
                                                           return nullptr;
                                                         }
                                                         if (read_ahead) {
                                                           // (cut_done is the other thread's)
                                                           Chunk* chunk = nullptr;
                                                           ahead.pop(chunk);
                                                           if (!chunk) control.stop();
                                                           return chunk;
                                                         }
                                                         if (cut_done) {
                                                           control.stop();
                                                           return nullptr;
                                                         }
                                                         try {
                                                           return file ? cut_file() : cut();
                                                         } catch (...) {
                                                           cut_error = std::current_exception();
                                                           control.stop();
                                                           return nullptr;
                                                         }
                                                       });
      auto work_filter = tbb::make_filter<Chunk*, Chunk*>(tbb::filter_mode::parallel, [this](Chunk* chunk) {
        work(*chunk);
        return chunk;
      });
      auto tokens = static_cast<std::size_t>(2 * threads);
      tbb::filter<Chunk*, void> ordered_filter;
      if (holder) {
        // the held batches finished (deferred numbers, output text) on any
        // thread, then written in order
        auto finish_filter = tbb::make_filter<Chunk*, Chunk*>(tbb::filter_mode::parallel, [holder](Chunk* chunk) {
          // (text made here only for one batch; a failure leaves the
          // batch to write_held, which writes it as it is, in order)
          if (chunk && chunk->held.size() == 1) {
            try {
              chunk->held_header = holder->finish_held(chunk->held[0], chunk->text);
            } catch (...) {
              chunk->held_header = nullptr;
            }
          }
          return chunk;
        });
        ordered_filter = tbb::make_filter<Chunk*, Chunk*>(tbb::filter_mode::serial_in_order, in_order) &
                         finish_filter &
                         tbb::make_filter<Chunk*, void>(tbb::filter_mode::serial_in_order, [&after_order](Chunk* chunk) {
                           if (chunk) after_order(chunk);
                         });
        tokens += static_cast<std::size_t>(threads);
      } else {
        ordered_filter = tbb::make_filter<Chunk*, void>(tbb::filter_mode::serial_in_order,
                                                        [&in_order](Chunk* chunk) { in_order(chunk); });
      }
      if (!file) return tbb::parallel_pipeline(tokens, cut_filter & work_filter & ordered_filter);
      auto read_filter = tbb::make_filter<Chunk*, Chunk*>(tbb::filter_mode::parallel, [this](Chunk* chunk) {
        read_chunk(*chunk);
        return chunk;
      });
      auto number_filter = tbb::make_filter<Chunk*, Chunk*>(tbb::filter_mode::serial_in_order, [this](Chunk* chunk) {
        number(*chunk);
        return chunk;
      });
      tbb::parallel_pipeline(tokens, cut_filter & read_filter & number_filter & work_filter & ordered_filter);
    });
  } catch (...) {
    if (reader.joinable()) end_read_ahead(reader);
    if (!cut_error) cut_error = std::current_exception();
  }
  if (reader.joinable()) end_read_ahead(reader);
}

void ParallelInput::Shared::produce() {
  pipeline([this](Chunk* chunk) -> Chunk* {
    group.push_back(chunk);
    if (group.size() == kGroup) done.push(std::exchange(group, {}));
    return nullptr;
  });
  if (!group.empty()) done.push(std::exchange(group, {}));
  done.push({});
}

ParallelInput::ParallelInput(BlockParser& reader, BlockParser::Rest rest, ErrorPolicy& errors, int threads,
                             StageMaker make_stages, StageReturn return_stages, bool fold, std::size_t room,
                             Render render, bool pull)
    : reader_(reader), errors_(errors), shared_(std::make_unique<Shared>()) {
  Shared& s = *shared_;
  s.reader = &reader;
  s.errors = &errors;
  s.threads = std::max(threads, 1);
  s.make_stages = std::move(make_stages);
  s.return_stages = std::move(return_stages);
  s.fold = fold;
  s.render = std::move(render);
  s.room = room;
  s.prototype = reader.fork();
  WEIR_ASSERT(s.prototype != nullptr);
  s.blocks = std::move(rest.blocks);
  // Chunks of 64 KiB: each is parsed into a batch of its own, small enough
  // that a chunk's block and batch stay in the parsing core's cache (with
  // 256 KiB chunks, -j 2 took 1.5x -j 1's user time for the same parse);
  // the ordered side takes them kGroup at a time, so that it is woken once
  // per 256 KiB. The batches in flight are the engine's memory; fresh
  // memory costs a page fault per 4 KiB.
  if (s.blocks->block_size() > kParallelChunkSize) s.blocks->set_block_size(kParallelChunkSize);
  s.tail = std::move(rest.carry);
  s.line = rest.line;
  s.offset = rest.offset;
  s.record_line = rest.line;
  s.record_start = rest.offset;
  s.record_start_kind = Chunk::Start::found;  // (the reader stands at a record's start)
  s.quote = reader.record_quote();
  if (s.blocks->source().reads_at()) {
    // read anew from the carry's first byte, each chunk by its own thread
    s.file = &s.blocks->source();
    s.chunk_size = static_cast<std::int64_t>(s.blocks->block_size());
    s.pool = std::make_shared<BlockPool>(s.blocks->block_size());
    s.counted_until = s.blocks->counted_until();
    s.views = std::make_unique<FileViews>(*s.file, BlockReader::kPadding);
    s.tail.clear();
  }
  // (a file: a pipe that paused would hold the thread in a read when the run ends)
  s.read_ahead = !s.file && s.blocks->source().decodes() && !s.blocks->source().may_pause();
  s.ahead.set_capacity(static_cast<std::ptrdiff_t>(2 * s.threads));  // (the pipeline's own tokens as many)
  s.line_break = reader.line_break();
  s.max_record_size = std::max<std::size_t>(reader.max_record_size(), 1);
  s.done.set_capacity(static_cast<std::ptrdiff_t>(s.threads));
  if (pull) producer_ = std::thread([&s] { s.produce(); });
}

ParallelInput::~ParallelInput() {
  // WEIR_PARALLEL_DEBUG: how often a chunk's guessed start was wrong
  if (std::getenv("WEIR_PARALLEL_DEBUG")) {
    std::fprintf(stderr, "weir: parallel: %lld chunks parsed again, %d chunks made\n", static_cast<long long>(reparsed_),
                 shared_->chunks_made);
  }
  if (producer_.joinable()) {
    shared_->stop = true;
    // the threads may wait for room in the queue: empty it up to its end
    for (std::vector<Chunk*> group;;) {
      shared_->done.pop(group);
      if (group.empty()) break;
      for (Chunk* chunk : group) delete chunk;
    }
    producer_.join();
  }
  for (Chunk* chunk : shared_->ready) delete chunk;
  shared_->ready.clear();
  for (Worker& worker : shared_->workers) {
    for (auto& stage : worker.stages) stage->hand_back();
    if (worker.folder) {
      worker.folder->hand_back();
      worker.stages.push_back(std::move(worker.folder));
    }
    if (!worker.stages.empty()) shared_->return_stages(std::move(worker.stages));
  }
}

bool ParallelInput::next(Batch& batch, Next& info) {
  if (pending_) std::rethrow_exception(std::exchange(pending_, nullptr));
  if (finished_) return false;
  std::deque<Chunk*>& ready = shared_->ready;
  if (ready.empty()) {
    std::vector<Chunk*> group;
    shared_->done.pop(group);
    ready.assign(group.begin(), group.end());
  }
  Chunk* popped = ready.empty() ? nullptr : ready.front();
  if (popped) ready.pop_front();
  if (!popped) {
    producer_.join();
    finished_ = true;
    if (shared_->cut_error) {
      if (take_held(batch, info)) {
        if (!pending_) pending_ = shared_->cut_error;
        return true;
      }
      std::rethrow_exception(shared_->cut_error);
    }
    info.clear();
    return reader_.finish_input(batch);
  }
  std::unique_ptr<Chunk> chunk(popped);
  take(*chunk, batch, info);
  shared_->give_back(std::move(chunk));
  return true;
}

bool ParallelInput::run(Batch& batch, Next& info, const std::function<bool()>& consume, Stage* holder) {
  WEIR_ASSERT(!producer_.joinable());
  Shared& s = *shared_;
  bool wanted = true;
  // the first error, from the ordered filter or the writing one (which may
  // run at the same time: both serial, but different filters)
  std::mutex failed_mutex;
  std::exception_ptr failed;
  auto fail = [&](std::exception_ptr e) {
    std::lock_guard lock(failed_mutex);
    if (!failed) failed = std::move(e);
    s.stop = true;
  };
  bool write_failed = false;  // (the writing filter's)
  auto has_failed = [&] {
    std::lock_guard lock(failed_mutex);
    return failed != nullptr;
  };
  s.pipeline(
      [&](Chunk* raw) -> Chunk* {
        std::unique_ptr<Chunk> chunk(raw);
        try {
          if (!wanted || has_failed()) {
            s.give_back(std::move(chunk));  // in flight when the run stopped
            return nullptr;
          }
          const bool swapped = take(*chunk, batch, info);
          wanted = consume();
          if (swapped) {
            // each chunk keeps its own batch's memory (the stages are done with it)
            std::swap(batch, chunk->batch);
            std::swap(info.text, chunk->text);
          }
          // an error after the records handed on: raised only when the stages
          // want more (head that has its rows never reads the bad record, as at -j 1)
          std::exception_ptr pending = std::exchange(pending_, nullptr);
          if (wanted && pending) std::rethrow_exception(pending);
        } catch (...) {
          fail(std::current_exception());
        }
        if (!wanted) s.stop = true;
        // what the stages handed on, also before an error, is written as at -j 1
        if (holder) holder->take_held(chunk->held);
        if (!chunk->held.empty()) return chunk.release();
        s.give_back(std::move(chunk));
        return nullptr;
      },
      holder,
      [&](Chunk* raw) {
        // (what a chunk holds came before any error the ordered side met:
        // it is written unless writing failed)
        std::unique_ptr<Chunk> chunk(raw);
        try {
          if (!write_failed) {
            for (Batch& held : chunk->held) holder->write_held(held, chunk->held_header, chunk->text.view());
          }
        } catch (...) {
          write_failed = true;
          fail(std::current_exception());
        }
        // the chunk's own batch back (the writer held it)
        chunk->batch = std::move(chunk->held.front());
        chunk->held.clear();
        chunk->held_header = nullptr;
        s.give_back(std::move(chunk));
      });
  finished_ = true;
  if (holder) holder->hold(false);  // (what comes now is written as it comes)
  if (failed) std::rethrow_exception(failed);
  if (!wanted) return false;
  if (s.cut_error) {
    // (what the reader held back first, as in next())
    if (take_held(batch, info)) {
      wanted = consume();
      std::exception_ptr pending = std::exchange(pending_, nullptr);
      if (wanted && pending) std::rethrow_exception(pending);
      if (!wanted) return false;
    }
    std::rethrow_exception(s.cut_error);
  }
  info.clear();
  return !reader_.finish_input(batch) || consume();
}

// The chunk's batch into `batch`, checked and its errors replayed, as -j 1
// reads it.
bool ParallelInput::take(Chunk& chunk, Batch& batch, Next& info) {
  info.clear();
  bool swapped = false;
  if (chunk.unread) {
    // what the reader held back is read first, as -j 1 reads what came
    // before a failure; the failure is raised after it
    if (take_held(batch, info)) {
      if (!pending_) pending_ = chunk.error;
      return false;
    }
    std::rethrow_exception(chunk.error);
  }
  if (reader_.continues_at(chunk.line)) {
    // the guess holds: the chunk starts a record on the counted line
    if (chunk.error) std::rethrow_exception(chunk.error);
    reader_.took(chunk.block, chunk.end, chunk.records);
    std::swap(batch, chunk.batch);
    log_ = std::move(chunk.log);
    info.staged = chunk.staged;
    info.partial = std::move(chunk.partial);
    info.rendered = chunk.rendered;
    std::swap(info.text, chunk.text);
    swapped = true;
    info.records = static_cast<std::int64_t>(chunk.records);
  } else {
    // it does not (the chunk before ended inside a record): read it here
    ++reparsed_;
    if (chunk.start_kind == Chunk::Start::found) shared_->quotes_wrong = true;
    if (chunk.start_kind == Chunk::Start::unquoted) shared_->unquoted_wrong = true;
    log_.clear();
    reader_.parse_next(chunk.block, chunk.at_end, batch, log_);
    info.records = static_cast<std::int64_t>(batch.size());
  }
  replay(batch, info);
  return swapped;
}

bool ParallelInput::take_held(Batch& batch, Next& info) {
  info.clear();
  log_.clear();
  reader_.parse_held(batch, log_);
  info.records = static_cast<std::int64_t>(batch.size());
  replay(batch, info);
  return !batch.empty();
}

void ParallelInput::replay(Batch& batch, Next& info) {
  for (DeferredError& deferred : log_) {
    std::size_t records_done = deferred.records_done;
    try {
      errors_.replay(std::move(deferred));
    } catch (const InputError&) {
      // as -j 1: the records before the bad one go on, then the run fails
      WEIR_ASSERT(!info.staged);
      batch.truncate(records_done);
      info.records = static_cast<std::int64_t>(records_done);
      if (batch.empty()) throw;
      pending_ = std::current_exception();
      break;
    }
  }
  log_.clear();
}

}  // namespace weir
