#include "core/pipeline/byte_range.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <exception>
#include <optional>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/formats/block_parser.hpp"
#include "core/formats/scan.hpp"
#include "core/io/block_reader.hpp"
#include "core/io/source.hpp"

namespace weir {

namespace {

constexpr std::size_t kChunkSize = 1 << 20;

class RangeReader final : public Reader {
 public:
  RangeReader(const FormatInfo& format, std::string path, const ReadOptions& options, ErrorPolicy& errors,
              const ByteRange& range, std::shared_ptr<RangeEnd> end)
      : format_(format), path_(std::move(path)), options_(options), errors_(errors), range_(range),
        end_(std::move(end)) {}

  ~RangeReader() override {
    if (fd_ >= 0) ::close(fd_);
  }

  // (handed on to the reader of the file's start, whose fork reads the range)
  void project(const Projection& projection) override { projection_ = projection; }

  bool read(Batch& batch) override {
    if (pending_) std::rethrow_exception(std::exchange(pending_, nullptr));
    if (!started_) {
      started_ = true;
      if (start(batch)) return true;
    }
    while (!done_) {
      if (next_chunk(batch)) return true;
    }
    batch.clear();
    return false;
  }

 private:
  const FormatInfo& format_;
  std::string path_;
  ReadOptions options_;
  ErrorPolicy& errors_;
  ByteRange range_;
  std::shared_ptr<RangeEnd> end_;
  ErrorPolicy quiet_{OnError::skip};  // the first block's, when it is not this range's
  std::optional<Projection> projection_;
  std::unique_ptr<Reader> whole_;     // the reader of the file's start
  std::unique_ptr<BlockParser> fork_;
  std::shared_ptr<const Block> block_;  // the batch's fields point into it
  std::exception_ptr pending_;
  int fd_ = -1;
  std::int64_t size_ = 0;
  std::int64_t pos_ = 0;
  std::int64_t line_ = 1;
  std::shared_ptr<BlockPool> pool_ = std::make_shared<BlockPool>(kChunkSize);
  std::size_t want_ = kChunkSize;  // the next chunk's size (grows past a long record)
  bool growing_ = false;           // the chunk before held no whole record: read on past `end`
  bool started_ = false;
  bool done_ = false;

  [[noreturn]] void cannot(const std::string& why) const {
    throw SetupError(fmt::format("{}: cannot read a byte range of it: {}", path_, why));
  }

  void finish_at(std::int64_t offset, std::int64_t line) {
    done_ = true;
    end_->offset = offset;
    end_->line = line;
  }

  // Opens the file; reads its first block with the format's reader; the
  // fork to parse the range with. True when `batch` holds range 0's first records.
  bool start(Batch& batch) {
    if (options_.encoding) cannot("it is transcoded (--encoding)");
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd_ < 0 || ::fstat(fd_, &st) != 0) throw SetupError(fmt::format("{}: cannot open: {}", path_, std::strerror(errno)));
    size_ = static_cast<std::int64_t>(st.st_size);
    unsigned char magic[4] = {};
    if (::pread(fd_, magic, sizeof magic, 0) >= 2 &&
        ((magic[0] == 0x1f && magic[1] == 0x8b) || (magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f) ||
         (magic[0] == 0xff && magic[1] == 0xfe) || (magic[0] == 0xfe && magic[1] == 0xff))) {
      cannot("it is compressed or UTF-16");
    }
    bool first = range_.begin == 0;
    whole_ = format_.make_reader(open_source(path_, options_.max_ratio), options_, first ? errors_ : quiet_);
    if (projection_) whole_->project(*projection_);
    auto* parser = dynamic_cast<BlockParser*>(whole_.get());
    if (!parser) cannot(fmt::format("{} is not read in blocks", format_.name));
    Batch head;
    Batch& into = first ? batch : head;
    bool got = whole_->read(into);
    std::optional<BlockParser::Rest> rest = parser->hand_over();
    if (first) {
      if (!rest) {
        // the input was done in its first block, or the reader goes on alone
        if (got) {
          while (whole_->read(head)) {
            // a whole-file read of a small file: not a range's business
          }
        }
        cannot("its first block could not be handed over");
      }
      pos_ = rest->offset;
      line_ = rest->line;
    } else {
      pos_ = range_.begin;
      line_ = range_.line;
    }
    fork_ = parser->fork();
    if (!fork_) cannot("its reader cannot start in the middle (header rows, a parse hook)");
    if (first && got) return true;
    return false;
  }

  // Reads bytes [pos_, pos_ + n) into a padded block. A chunk-size buffer
  // comes from the pool and goes back to it when the block is freed: fresh
  // memory costs a page fault per 4 KiB (in a Dask worker, whose glibc
  // hands every large buffer back to the system, 3 times the parse).
  std::shared_ptr<Block> load(std::size_t n) {
    std::shared_ptr<Block> block = BlockPool::block(pool_, n);
    std::size_t got = 0;
    while (got < n) {
      ssize_t r = ::pread(fd_, block->bytes.get() + got, n - got, pos_ + static_cast<std::int64_t>(got));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) throw SetupError(fmt::format("{}: read error: {}", path_, r < 0 ? std::strerror(errno) : "file shrank"));
      got += static_cast<std::size_t>(r);
    }
    std::memset(block->bytes.get() + n, 0, BlockReader::kPadding);
    block->size = n;
    block->offset = pos_;
    return block;
  }

  // Parses the next chunk into `batch`; true when it holds records.
  bool next_chunk(Batch& batch) {
    const char line_break = fork_->line_break();
    std::int64_t left = size_ - pos_;
    std::size_t want = want_;
    // chunks do not cross `end`, so that a range that ends there ends clean
    // (unless a record open there makes the chunk grow past it)
    if (pos_ < range_.end && !growing_) {
      want = static_cast<std::size_t>(std::min<std::int64_t>(static_cast<std::int64_t>(want), range_.end - pos_));
    }
    std::shared_ptr<Block> block;
    bool at_eof = false;
    for (;;) {
      std::size_t n = static_cast<std::size_t>(std::min<std::int64_t>(static_cast<std::int64_t>(want), left));
      at_eof = static_cast<std::int64_t>(n) == left;
      block = load(n);
      if (at_eof) break;
      const char* nl = static_cast<const char*>(::memrchr(block->begin(), line_break, block->size));
      if (nl) {
        block->size = static_cast<std::size_t>(nl + 1 - block->begin());
        std::memset(block->bytes.get() + block->size, 0, BlockReader::kPadding);
        break;
      }
      if (n > options_.max_record_size + kChunkSize) cannot("a line longer than --max-record-size");
      want = n * 2;  // a line longer than the chunk: read on
    }
    std::vector<DeferredError> log;
    BlockParser::ChunkEnd end = fork_->parse_chunk(block, line_, at_eof, batch, log);
    block_ = block;
    if (!end.clean) cannot("a malformed line being skipped runs past a chunk");
    std::int64_t stop = block->offset + (end.stop - block->begin());
    if (stop == pos_ && !at_eof) {
      // no record complete in the chunk: read a larger one from the same place
      if (block->size > options_.max_record_size + kChunkSize) cannot("a record longer than --max-record-size");
      want_ = std::max<std::size_t>(block->size * 2, 4096);
      growing_ = true;
    } else {
      want_ = kChunkSize;
      growing_ = false;
    }
    pos_ = stop;
    line_ = end.line;
    if (at_eof) finish_at(size_, line_);
    else if (pos_ >= range_.end && end.stop == block->end()) finish_at(pos_, line_);
    for (DeferredError& deferred : log) {
      std::size_t records_done = deferred.records_done;
      try {
        errors_.replay(std::move(deferred));
      } catch (const InputError&) {
        // as a whole-file run: the records before the bad one go on, then it fails
        batch.truncate(records_done);
        if (batch.empty()) throw;
        pending_ = std::current_exception();
        return true;
      }
    }
    return !batch.empty();
  }
};

}  // namespace

std::int64_t count_line_breaks(const std::string& path, std::int64_t begin, std::int64_t end) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw SetupError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  std::vector<char> buffer(std::size_t{4} << 20);
  std::int64_t lines = 0;
  for (std::int64_t at = begin; at < end;) {
    auto want = static_cast<std::size_t>(std::min<std::int64_t>(end - at, static_cast<std::int64_t>(buffer.size())));
    ssize_t got = ::pread(fd, buffer.data(), want, at);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;  // the file is shorter: count what there is
    lines += count_byte(buffer.data(), buffer.data() + got, '\n');
    at += got;
  }
  ::close(fd);
  return lines;
}

std::unique_ptr<Reader> open_range(const FormatInfo& format, const std::string& path, const ReadOptions& options,
                                   ErrorPolicy& errors, const ByteRange& range, std::shared_ptr<RangeEnd> end) {
  return std::make_unique<RangeReader>(format, path, options, errors, range, std::move(end));
}

}  // namespace weir
