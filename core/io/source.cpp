#include "core/io/source.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include <isa-l/igzip_lib.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/io/progress.hpp"

namespace weir {

namespace {

constexpr std::size_t kCompressedChunk = 256 * 1024;

std::string os_reason(int err) { return std::strerror(err); }

std::atomic<bool> in_place{false};         // see_files_in_place()

// viewed_file(address): the views mapped now, a slot each (claimed when a
// view is mapped, freed when it is unmapped), read by the SIGBUS handler
// without a lock; with more views than slots, the newest go without one.
// The names they point to live to the end of the run (a few per input).
struct ViewSlot {
  std::atomic<std::uintptr_t> begin{0};  // 0: free; 1: being filled
  std::atomic<std::uintptr_t> end{0};
  std::atomic<const char*> name{nullptr};
};
constexpr std::size_t kViewSlots = 4096;
ViewSlot view_slots[kViewSlots];
std::atomic<std::size_t> view_slot_hint{0};
std::atomic<const char*> last_viewed{nullptr};

// `name`, kept to the end of the run
const char* kept_name(const std::string& name) {
  static std::mutex mutex;
  static std::deque<std::string> names;
  std::lock_guard lock(mutex);
  if (names.empty() || names.back() != name) names.push_back(name);
  return names.back().c_str();
}

// The slot of a view [begin, begin + length) of the file `name`; -1: none free.
int note_view(std::uintptr_t begin, std::size_t length, const char* name) {
  last_viewed.store(name, std::memory_order_release);
  const std::size_t from = view_slot_hint.load(std::memory_order_relaxed);
  for (std::size_t i = 0; i < kViewSlots; ++i) {
    const std::size_t k = (from + i) % kViewSlots;
    std::uintptr_t free = 0;
    if (!view_slots[k].begin.compare_exchange_strong(free, 1, std::memory_order_acquire)) continue;
    view_slots[k].end.store(begin + length, std::memory_order_relaxed);
    view_slots[k].name.store(name, std::memory_order_relaxed);
    view_slots[k].begin.store(begin, std::memory_order_release);
    view_slot_hint.store(k + 1, std::memory_order_relaxed);
    return static_cast<int>(k);
  }
  return -1;
}

void forget_view(int slot) {
  if (slot >= 0) view_slots[slot].begin.store(0, std::memory_order_release);
}

/// Damaged compressed input is malformed input (exit 3), located by file only.
InputError corrupt(const std::string& name, std::string message) {
  DataError error;
  error.file = name;
  error.message = std::move(message);
  return InputError(std::move(error));
}

/// Counts what a decoder takes in and gives out, and refuses a stream that
/// expands more than max_ratio times (a decompression bomb: a few MB that
/// would keep weir busy for hours).
class RatioGuard {
 public:
  RatioGuard(std::string_view format, std::uint64_t max_ratio) : format_(format), max_ratio_(max_ratio) {}
  void took(std::size_t n) { in_ += n; }
  /// The bytes taken in so far.
  std::uint64_t taken() const { return in_; }
  void gave(const std::string& name, std::size_t n) {
    out_ += n;
    if (max_ratio_ == 0 || out_ <= kRatioGrace || out_ / max_ratio_ <= in_) return;
    throw corrupt(name, fmt::format("{} data expanding more than {} times ({} bytes from {}): a decompression "
                                    "bomb? (--max-ratio N raises the limit, 0 removes it)",
                                    format_, max_ratio_, out_, in_));
  }

 private:
  std::string_view format_;
  std::uint64_t max_ratio_;
  std::uint64_t in_ = 0;   // compressed bytes consumed
  std::uint64_t out_ = 0;  // bytes given out
};

/// Reads a file descriptor; the first bytes may already have been read
/// (peeked for the magic number) and are returned first.
class FdSource final : public Source {
 public:
  /// `size`: a regular file's, opened here and read from its offset 0; -1 else.
  FdSource(std::string name, int fd, bool owned, std::int64_t size = -1)
      : Source(std::move(name)), fd_(fd), owned_(owned), size_(size) {
    // a pipe, a terminal, a socket may pause; a file (stdin too) does not
    struct stat st {};
    pausable_ = size_ < 0 && ::fstat(fd_, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode);
  }
  ~FdSource() override {
    if (owned_) ::close(fd_);
  }

  std::int64_t file_size() const override { return size_; }
  bool got_shorter() const override {
    struct stat st {};
    return size_ >= 0 && ::fstat(fd_, &st) == 0 && static_cast<std::int64_t>(st.st_size) < size_;
  }
  std::size_t read_at(std::int64_t offset, char* buffer, std::size_t capacity) override {
    std::size_t done = 0;
    while (done < capacity) {
      ssize_t got = ::pread(fd_, buffer + done, capacity - done, static_cast<off_t>(offset) + static_cast<off_t>(done));
      if (got == 0) break;
      if (got < 0) {
        if (errno == EINTR) continue;
        throw SetupError(fmt::format("{}: cannot read: {}", name(), os_reason(errno)));
      }
      done += static_cast<std::size_t>(got);
    }
    return done;
  }

  std::shared_ptr<const char> view_at(std::int64_t offset, std::size_t n) override {
    static const auto page = static_cast<std::int64_t>(::sysconf(_SC_PAGESIZE));
    if (!in_place.load(std::memory_order_relaxed)) return nullptr;
    if (size_ < 0 || n == 0 || offset < 0 || offset + static_cast<std::int64_t>(n) > size_) return nullptr;
    const std::int64_t first = offset / page * page;
    const std::int64_t end = offset + static_cast<std::int64_t>(n);
    const auto length = static_cast<std::size_t>((end - first + page - 1) / page * page);
    // at an address that lies in a huge page as `first` lies in the file's:
    // a huge page of the page cache is then mapped whole (a place reserved
    // a huge page longer, the mapping put in it, the rest given back)
    constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
    void* hole =
        ::mmap(nullptr, length + kHuge, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (hole == MAP_FAILED) return nullptr;
    const auto low = reinterpret_cast<std::uintptr_t>(hole);
    const auto phase = static_cast<std::uintptr_t>(first) % kHuge;
    std::uintptr_t at = low / kHuge * kHuge + phase;
    if (at < low) at += kHuge;
    void* mapped = ::mmap(reinterpret_cast<void*>(at), length, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd_,
                          static_cast<off_t>(first));
    if (mapped == MAP_FAILED) {
      ::munmap(hole, length + kHuge);
      return nullptr;
    }
    if (at > low) ::munmap(hole, at - low);
    if (low + kHuge > at) ::munmap(reinterpret_cast<void*>(at + length), low + kHuge - at);
    if (!kept_name_) kept_name_ = kept_name(name());
    const int slot = note_view(at, length, kept_name_);
    std::shared_ptr<const char> whole(static_cast<const char*>(mapped), [length, slot](const char* p) {
      forget_view(slot);
      ::munmap(const_cast<char*>(p), length);
    });
    return {whole, whole.get() + (offset - first)};
  }

  std::int64_t given() const override { return given_; }

  bool may_pause() const override { return pausable_; }
  bool more_now() override {
    if (!pausable_ || peek_pos_ < peeked_.size()) return true;
    pollfd fd{fd_, POLLIN, 0};
    return ::poll(&fd, 1, kPauseMs) != 0;  // (readable, closed, or failing: read() says which)
  }

  std::size_t read(char* buffer, std::size_t capacity) override {
    std::size_t n = 0;
    if (peek_pos_ < peeked_.size()) {
      n = std::min(capacity, peeked_.size() - peek_pos_);
      std::memcpy(buffer, peeked_.data() + peek_pos_, n);
      peek_pos_ += n;
    } else {
      n = raw_read(buffer, capacity);
    }
    given_ += static_cast<std::int64_t>(n);
    return n;
  }

  /// Reads up to n bytes ahead without consuming them.
  std::string_view peek(std::size_t n) {
    while (peeked_.size() < n) {
      char tmp[16];
      std::size_t got = raw_read(tmp, std::min(sizeof tmp, n - peeked_.size()));
      if (got == 0) break;
      peeked_.append(tmp, got);
    }
    return peeked_;
  }

 private:
  std::size_t raw_read(char* buffer, std::size_t capacity) {
    for (;;) {
      ssize_t got = ::read(fd_, buffer, capacity);
      if (got >= 0) return static_cast<std::size_t>(got);
      if (errno == EINTR) continue;
      throw SetupError(fmt::format("{}: cannot read: {}", name(), os_reason(errno)));
    }
  }

  int fd_;
  const char* kept_name_ = nullptr;  // name(), for the SIGBUS handler (view_at)
  bool owned_;
  std::int64_t size_;
  bool pausable_ = false;
  std::int64_t given_ = 0;
  std::string peeked_;
  std::size_t peek_pos_ = 0;
};

// A decoder of another source (gzip, zstd). A stream that may pause (a
// pipe) is asked more_now() after each read that left room in the block:
// the decoder then decodes what it holds and what the stream has now,
// without waiting, and keeps it for the next read. So a writer's flush is
// handed on when it comes, and a read never waits while decoded bytes are
// to be had.
class DecodingSource : public Source {
 public:
  explicit DecodingSource(std::unique_ptr<Source> inner) : Source(inner->name()), inner_(std::move(inner)) {}
  bool decodes() const override { return true; }
  bool may_pause() const override { return inner_->may_pause(); }

  std::size_t read(char* buffer, std::size_t capacity) override {
    if (ahead_at_ < ahead_size_) {
      const std::size_t n = std::min(capacity, ahead_size_ - ahead_at_);
      std::memcpy(buffer, ahead_.get() + ahead_at_, n);
      ahead_at_ += n;
      return n;
    }
    if (failed_) std::rethrow_exception(std::exchange(failed_, nullptr));
    return decode(buffer, capacity, true);
  }

  bool more_now() override {
    if (ahead_at_ < ahead_size_ || failed_) return true;
    if (!ahead_) ahead_ = std::make_unique<char[]>(kAhead);
    ahead_at_ = 0;
    try {
      ahead_size_ = decode(ahead_.get(), kAhead, false);
    } catch (...) {
      // (the next read gives the error, after the bytes before it)
      ahead_size_ = 0;
      failed_ = std::current_exception();
      return true;
    }
    return ahead_size_ > 0 || ended();
  }

 protected:
  /// Up to `capacity` decoded bytes, 0 at the end; without `wait`, 0 also
  /// where more would have to be waited for (the inner source paused).
  virtual std::size_t decode(char* buffer, std::size_t capacity, bool wait) = 0;
  /// The decoded stream has ended: a read returns 0 at once.
  virtual bool ended() const = 0;

  std::unique_ptr<Source> inner_;  // the encoded bytes

 private:
  static constexpr std::size_t kAhead = 16 << 10;
  std::unique_ptr<char[]> ahead_;  // decoded by more_now(), for the next reads
  std::size_t ahead_at_ = 0;
  std::size_t ahead_size_ = 0;
  std::exception_ptr failed_;
};

// gzip by ISA-L's inflate (igzip): 3-4x zlib's speed on the same stream,
// and its checks (header, CRC-32, length) as zlib makes them.
class GzipSource final : public DecodingSource {
 public:
  GzipSource(std::unique_ptr<Source> inner, std::uint64_t max_ratio)
      : DecodingSource(std::move(inner)),
        in_(kCompressedChunk),
        guard_("gzip", max_ratio),
        state_(std::make_unique<inflate_state>()) {
    isal_inflate_init(state_.get());
    isal_gzip_header_init(&header_);  // (its name, comment and extra: not kept)
  }

 private:
  bool ended() const override { return done_; }

  // What a failing call decoded before its fault is handed on first (the
  // records in it are read), the fault on the next call.
  std::size_t decode(char* buffer, std::size_t capacity, bool wait) override {
    if (fault_) std::rethrow_exception(std::exchange(fault_, nullptr));
    inflate_state& z = *state_;
    const auto room = static_cast<std::uint32_t>(std::min<std::size_t>(capacity, UINT32_MAX));
    z.next_out = reinterpret_cast<std::uint8_t*>(buffer);
    z.avail_out = room;
    try {
      decode_into(z, room, wait);
    } catch (...) {
      if (z.avail_out == room) throw;
      fault_ = std::current_exception();
    }
    const std::size_t given = room - z.avail_out;
    guard_.gave(name(), given);
    return given;
  }

  void decode_into(inflate_state& z, std::uint32_t room, bool wait) {
    while (z.avail_out == room && !done_) {
      // (what the decoder holds of the bytes it took comes before more of them)
      if (z.avail_in == 0 && !inner_done_ && !holds_output_) {
        if (!wait && !inner_->more_now()) break;
        std::size_t got = inner_->read(in_.data(), in_.size());
        z.next_in = reinterpret_cast<std::uint8_t*>(in_.data());
        z.avail_in = static_cast<std::uint32_t>(got);
        inner_done_ = got == 0;
      }
      if (z.avail_in == 0 && inner_done_) {
        // the file ends inside a member: first what the decoder holds of the
        // bytes it took (all that they decode to, whatever the reads' sizes
        // were), then the error
        if (!finished_member_ && !in_header_ && isal_inflate(&z) >= 0) {
          finished_member_ = z.block_state == ISAL_BLOCK_FINISH;
          if (z.avail_out < room) break;
        }
        if (!finished_member_ && in_header_ && members_ > 0 && !magic_next_) throw trailing();
        if (!finished_member_) throw corrupt(name(), "truncated gzip data (the file ends in the middle of the stream)");
        done_ = true;
        break;
      }
      if (finished_member_) {
        // zeros after a member (a tar block's padding) end the stream, as
        // gzip -d reads them; anything else must be another member
        if (!padded_) member_end_ = guard_.taken();
        while (z.avail_in > 0 && *z.next_in == 0) {
          ++z.next_in;
          --z.avail_in;
          guard_.took(1);
          padded_ = true;
        }
        if (z.avail_in == 0) continue;
        if (padded_) throw trailing();
        // concatenated gzip members (`cat a.gz b.gz`) decode as one stream
        // (the reset keeps next_in: the next member's first bytes)
        isal_inflate_reset(&z);
        members_ += 1;
        // (a member cut or damaged after its magic number is not trailing bytes)
        magic_next_ = z.next_in[0] == 0x1f && (z.avail_in < 2 || z.next_in[1] == 0x8b);
        finished_member_ = false;
        in_header_ = true;
      }
      const std::uint32_t avail_in = z.avail_in;
      int rc;
      if (in_header_) {
        // the header read on its own (isal_inflate's own reading of it, with
        // ISAL_GZIP, refuses a header CRC that gzip -d and zlib take), then
        // the deflate data and the trailer's CRC-32 and length checked
        rc = isal_read_gzip_header(&z, &header_);
        holds_output_ = false;
        if (rc == ISAL_DECOMP_OK) {
          in_header_ = false;
          z.crc_flag = ISAL_GZIP_NO_HDR_VER;
        }
      } else {
        rc = isal_inflate(&z);
        // (it may hold more than the room took, but at a member's end)
        holds_output_ = z.avail_out == 0 && z.block_state != ISAL_BLOCK_FINISH;
      }
      guard_.took(avail_in - z.avail_in);
      if (rc != ISAL_DECOMP_OK && rc != ISAL_END_INPUT && rc != ISAL_OUT_OVERFLOW) {
        if (rc == ISAL_INVALID_WRAPPER && members_ > 0 && !magic_next_) throw trailing();
        throw corrupt(name(), fmt::format("corrupt gzip data: {}", inflate_error(rc)));
      }
      if (!in_header_ && z.block_state == ISAL_BLOCK_FINISH) {
        finished_member_ = true;
      } else if (z.avail_in == avail_in && z.avail_out == room && z.avail_in > 0) {
        throw corrupt(name(), "corrupt gzip data: the decoder stopped");  // (never seen: no endless loop)
      }
    }
  }

  // Bytes after the last whole member that are not another one: gzip -d
  // warns and drops them ("trailing garbage ignored"); they may be a member
  // damaged at its start, whose records would be lost, so weir stops.
  InputError trailing() const {
    return corrupt(name(), fmt::format("bytes after the gzip data that are not gzip (from byte {} on): "
                                       "gzip -d drops them as trailing garbage; a member damaged at its start looks "
                                       "the same",
                                       member_end_));
  }

  // zlib's words for the same faults
  static const char* inflate_error(int rc) {
    switch (rc) {
      case ISAL_INVALID_BLOCK:
        return "invalid block type";
      case ISAL_INVALID_SYMBOL:
        return "invalid code";
      case ISAL_INVALID_LOOKBACK:
        return "invalid distance too far back";
      case ISAL_INVALID_WRAPPER:
        return "incorrect header check";
      case ISAL_UNSUPPORTED_METHOD:
        return "unknown compression method";
      case ISAL_INCORRECT_CHECKSUM:
        return "incorrect data check";
      default:
        return "error";
    }
  }

  std::vector<char> in_;
  RatioGuard guard_;
  std::unique_ptr<inflate_state> state_;  // (~40 KiB: its tables and window)
  isal_gzip_header header_;
  bool in_header_ = true;  // the member's header is being read
  bool inner_done_ = false;  // the compressed bytes are all read
  bool done_ = false;
  bool finished_member_ = false;
  bool holds_output_ = false;  // the last inflate filled the room
  bool padded_ = false;        // zeros came after a member
  int members_ = 0;            // members begun after the first
  bool magic_next_ = false;    // the last one begun with gzip's magic number
  std::uint64_t member_end_ = 0;  // where the last whole member ended in the file
  std::exception_ptr fault_;   // a fault after output the last call handed on
};

class ZstdSource final : public DecodingSource {
 public:
  ZstdSource(std::unique_ptr<Source> inner, std::uint64_t max_ratio)
      : DecodingSource(std::move(inner)), in_(ZSTD_DStreamInSize()), guard_("zstd", max_ratio),
        stream_(ZSTD_createDStream()) {
    ZSTD_initDStream(stream_);
  }
  ~ZstdSource() override { ZSTD_freeDStream(stream_); }

 private:
  bool ended() const override { return done_; }

  std::size_t decode(char* buffer, std::size_t capacity, bool wait) override {
    ZSTD_outBuffer out{buffer, capacity, 0};
    while (out.pos == 0 && !done_) {
      // (what the decoder holds of the bytes it took comes before more of them)
      if (input_.pos == input_.size && !holds_output_) {
        if (!wait && !inner_->more_now()) break;
        std::size_t got = inner_->read(in_.data(), in_.size());
        if (got == 0) {
          if (last_hint_ != 0) throw corrupt(name(), "truncated zstd data (the file ends in the middle of a frame)");
          done_ = true;
          break;
        }
        input_ = ZSTD_inBuffer{in_.data(), got, 0};
      }
      std::size_t before = input_.pos;
      std::size_t hint = ZSTD_decompressStream(stream_, &out, &input_);
      guard_.took(input_.pos - before);
      if (ZSTD_isError(hint))
        throw corrupt(name(), fmt::format("corrupt zstd data: {}", ZSTD_getErrorName(hint)));
      last_hint_ = hint;
      // (it may hold more than the room took, but at a frame's end)
      holds_output_ = out.pos == out.size && hint != 0;
    }
    guard_.gave(name(), out.pos);
    return out.pos;
  }

  std::vector<char> in_;
  RatioGuard guard_;
  ZSTD_DStream* stream_;
  ZSTD_inBuffer input_{nullptr, 0, 0};
  std::size_t last_hint_ = 0;
  bool done_ = false;
  bool holds_output_ = false;  // the last call filled the room
};

class MemorySource final : public Source {
 public:
  MemorySource(std::string bytes, std::string name, bool anywhere, bool decodes)
      : Source(std::move(name)),
        owned_(std::make_shared<std::string>(std::move(bytes))),
        bytes_(*owned_),
        anywhere_(anywhere),
        decodes_(decodes) {}
  bool decodes() const override { return decodes_; }
  std::size_t read(char* buffer, std::size_t capacity) override {
    std::size_t n = std::min(capacity, bytes_.size() - pos_);
    std::memcpy(buffer, bytes_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  std::size_t read_at(std::int64_t offset, char* buffer, std::size_t capacity) override {
    auto at = std::min(static_cast<std::size_t>(offset), bytes_.size());
    std::size_t n = std::min(capacity, bytes_.size() - at);
    std::memcpy(buffer, bytes_.data() + at, n);
    return n;
  }
  // (as a file is seen: the bytes after a chunk are the next chunk's, where
  // a block read has zeros)
  std::shared_ptr<const char> view_at(std::int64_t offset, std::size_t n) override {
    if (!anywhere_ || offset < 0 || static_cast<std::size_t>(offset) + n > bytes_.size()) return nullptr;
    return {owned_, bytes_.data() + offset};
  }
  std::int64_t given() const override { return static_cast<std::int64_t>(pos_); }
  std::int64_t file_size() const override { return anywhere_ ? static_cast<std::int64_t>(bytes_.size()) : -1; }

 private:
  std::shared_ptr<const std::string> owned_;  // (views hold it)
  const std::string& bytes_;
  std::size_t pos_ = 0;
  bool anywhere_;
  bool decodes_;
};

bool is_gzip(std::string_view magic) {
  return magic.size() >= 2 && static_cast<unsigned char>(magic[0]) == 0x1F &&
         static_cast<unsigned char>(magic[1]) == 0x8B;
}

bool is_zstd(std::string_view magic) { return magic.size() >= 4 && magic.substr(0, 4) == "\x28\xB5\x2F\xFD"; }

}  // namespace

std::unique_ptr<Source> open_source(const std::string& path, std::uint64_t max_ratio, InputProgress* progress) {
  std::unique_ptr<FdSource> raw;
  if (path == "-") {
    raw = std::make_unique<FdSource>(input_name(path), STDIN_FILENO, false);
  } else {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw SetupError(fmt::format("{}: cannot open: {}", path, os_reason(errno)));
    struct stat st {};
    bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    raw = std::make_unique<FdSource>(path, fd, true, regular ? static_cast<std::int64_t>(st.st_size) : -1);
#ifdef POSIX_FADV_SEQUENTIAL
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  }
  std::string_view magic = raw->peek(4);
  bool gzip = is_gzip(magic);
  bool zstd = is_zstd(magic);
  std::unique_ptr<Source> source = std::move(raw);
  // the file's own bytes (the peeked ones counted as they are read again),
  // then the text they decompress to
  if (progress) source = counted_source(std::move(source), progress->file_bytes);
  if (gzip) source = std::make_unique<GzipSource>(std::move(source), max_ratio);
  if (zstd) source = std::make_unique<ZstdSource>(std::move(source), max_ratio);
  if (progress) source = counted_source(std::move(source), progress->bytes);
  return source;
}

namespace {

class ReplaySource final : public Source {
 public:
  ReplaySource(std::string prefix, std::unique_ptr<Source> rest, std::exception_ptr failed)
      : Source(rest->name()), prefix_(std::move(prefix)), rest_(std::move(rest)), failed_(std::move(failed)) {}

  // the prefix was read from `rest`: its bytes are the file's first ones
  std::size_t read_at(std::int64_t offset, char* buffer, std::size_t capacity) override {
    return rest_->read_at(offset, buffer, capacity);
  }
  std::shared_ptr<const char> view_at(std::int64_t offset, std::size_t n) override {
    return rest_->view_at(offset, n);
  }
  void count_read(std::int64_t n) override { rest_->count_read(n); }
  std::int64_t given() const override { return rest_->given(); }
  std::int64_t file_size() const override { return rest_->file_size(); }
  bool got_shorter() const override { return rest_->got_shorter(); }
  bool more_now() override { return pos_ < prefix_.size() || rest_->more_now(); }
  bool may_pause() const override { return rest_->may_pause(); }
  bool decodes() const override { return rest_->decodes(); }

  std::size_t read(char* buffer, std::size_t capacity) override {
    if (pos_ < prefix_.size()) {
      std::size_t n = std::min(capacity, prefix_.size() - pos_);
      std::memcpy(buffer, prefix_.data() + pos_, n);
      pos_ += n;
      if (pos_ == prefix_.size()) {
        std::string().swap(prefix_);  // the sample's memory goes back now
        pos_ = 0;
      }
      return n;
    }
    if (failed_) std::rethrow_exception(std::exchange(failed_, nullptr));
    return rest_->read(buffer, capacity);
  }

 private:
  std::string prefix_;
  std::size_t pos_ = 0;
  std::unique_ptr<Source> rest_;
  std::exception_ptr failed_;
};

}  // namespace

std::unique_ptr<Source> replay_source(std::string prefix, std::unique_ptr<Source> rest, std::exception_ptr failed) {
  if (prefix.empty() && !failed) return rest;
  return std::make_unique<ReplaySource>(std::move(prefix), std::move(rest), std::move(failed));
}

void throw_got_shorter(const std::string& name) {
  throw SetupError(fmt::format("{}: {}", name, kGotShorter));
}

void see_files_in_place() { in_place.store(true, std::memory_order_relaxed); }

const char* viewed_file(const void* address) {
  const auto at = reinterpret_cast<std::uintptr_t>(address);
  for (const ViewSlot& slot : view_slots) {
    const std::uintptr_t begin = slot.begin.load(std::memory_order_acquire);
    if (begin > 1 && at >= begin && at < slot.end.load(std::memory_order_relaxed)) {
      return slot.name.load(std::memory_order_relaxed);
    }
  }
  return last_viewed.load(std::memory_order_acquire);
}

std::size_t Source::read_at(std::int64_t, char*, std::size_t) {
  WEIR_ASSERT(!"read_at() on a source that cannot read anywhere");
  return 0;
}

std::string read_up_to(Source& source, std::size_t n, std::exception_ptr* failed) {
  std::string bytes;
  // from 4 KiB up: a small file's sniff must not zero (and fault in) 64 KiB;
  // a file of known size at once (each doubling touches fresh memory)
  std::size_t start = 4 << 10;
  if (std::int64_t size = source.file_size(); size > 0) start = static_cast<std::size_t>(size) + 1;
  bytes.resize(std::min(n, start));
  std::size_t size = 0;
  while (size < n) {
    if (size == bytes.size()) bytes.resize(std::min(n, bytes.size() * 2));
    std::size_t got = 0;
    try {
      got = source.read(bytes.data() + size, bytes.size() - size);
    } catch (...) {
      if (!failed || size == 0) throw;
      *failed = std::current_exception();
      break;
    }
    if (got == 0) break;
    size += got;
  }
  bytes.resize(size);
  return bytes;
}

std::unique_ptr<Source> decompressed(std::unique_ptr<Source> raw, std::uint64_t max_ratio) {
  std::string magic = read_up_to(*raw, 4);
  bool gzip = is_gzip(magic);
  bool zstd = is_zstd(magic);
  raw = replay_source(std::move(magic), std::move(raw));
  if (gzip) return std::make_unique<GzipSource>(std::move(raw), max_ratio);
  if (zstd) return std::make_unique<ZstdSource>(std::move(raw), max_ratio);
  return raw;
}

std::unique_ptr<Source> memory_source(std::string bytes, std::string name, bool reads_at, bool decodes) {
  return std::make_unique<MemorySource>(std::move(bytes), std::move(name), reads_at && !decodes, decodes);
}

}  // namespace weir
