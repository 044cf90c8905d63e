#pragma once
/// Byte sources: a file or stdin, decompressed transparently when the first
/// bytes are a gzip or zstd magic number.

#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>

namespace weir {

class Source {
 public:
  virtual ~Source() = default;
  /// Reads up to `capacity` bytes into `buffer`; returns 0 only at the end.
  virtual std::size_t read(char* buffer, std::size_t capacity) = 0;
  /// False when a read() now would wait for bytes that do not come within
  /// kPauseMs (a pipe or a terminal whose writer paused: `tail -f`), so
  /// that what was read is handled and written first; true where that
  /// cannot be told. (A producer only a little slower than weir, zcat,
  /// keeps its pipe filled within the moment: its blocks stay full.)
  virtual bool more_now() { return true; }
  static constexpr int kPauseMs = 20;
  /// True for input that may pause (a pipe, a terminal): more_now() can be
  /// false. Such input is read on one thread (Execution::go_parallel).
  virtual bool may_pause() const { return false; }
  /// True when read() spends a core's time making its bytes (gzip, zstd,
  /// another encoding): the parallel engine then reads a file on a thread of
  /// its own. (Such input from a pipe may pause, as the pipe may.)
  virtual bool decodes() const { return false; }

  // -------- a regular file, read anywhere (the parallel engine, -j N)

  /// True when the bytes read() gives are a regular file's own, from its
  /// offset 0 (no decompression, no decoding): read_at() may then read any
  /// of them, on any thread, beside read(). Such a source knows its size.
  bool reads_at() const { return file_size() >= 0; }
  /// Reads up to `capacity` bytes at `offset` of the file (fewer only at
  /// its end). Only when reads_at(); safe to call from several threads.
  virtual std::size_t read_at(std::int64_t offset, char* buffer, std::size_t capacity);
  /// The `n` bytes at `offset` seen in place (the file mapped into memory),
  /// readable for as long as the pointer lives; null where the source
  /// cannot (read_at() reads them then). Only when reads_at(), within
  /// file_size(); safe to call from several threads. Bytes seen so do not
  /// pass through the kernel's copy, which was a third of a parallel
  /// filter's time. A file is seen so only after see_files_in_place().
  virtual std::shared_ptr<const char> view_at(std::int64_t /*offset*/, std::size_t /*n*/) { return nullptr; }
  /// Counts `n` bytes read by read_at() as read (--progress).
  virtual void count_read(std::int64_t /*n*/) {}
  /// Bytes of the file read() has given (and counted) so far.
  virtual std::int64_t given() const { return 0; }
  /// The file's size when it was opened; -1 when its bytes are not a
  /// regular file's own (a pipe, decompressed or decoded text).
  virtual std::int64_t file_size() const { return -1; }
  /// True when the file is now shorter than file_size() (it was cut while
  /// read); a file whose reads give fewer bytes than its size says (in
  /// /proc, /sys) is not.
  virtual bool got_shorter() const { return false; }
  /// The name used in messages: the path, or "(stdin)".
  const std::string& name() const { return name_; }

 protected:
  explicit Source(std::string name) : name_(std::move(name)) {}

 private:
  std::string name_;
};

/// What a read of a file that got shorter while it was read says, after
/// the file's name: its bytes past the cut are gone (a short read, a mapped
/// page gone: SIGBUS), and the run ends with the error.
inline constexpr const char* kGotShorter = "cannot read: the file got shorter while it was read";
/// The error for `name` (SetupError: exit 2).
[[noreturn]] void throw_got_shorter(const std::string& name);

/// Lets view_at() map files into memory, from now on. When a file gets
/// shorter while its bytes are seen so, reading past its new end raises
/// SIGBUS: only a process that handles the signal (the command line) says
/// so; by default (weir in Python) files are read, never mapped.
void see_files_in_place();
/// The name of the file whose bytes are seen in place (view_at) at
/// `address`, else of the file last seen so, or null: for the SIGBUS
/// handler's message (async-signal-safe: no lock, no allocation).
const char* viewed_file(const void* address);

/// The name messages and reports give the input `path`: "(stdin)" for "-".
inline std::string input_name(const std::string& path) { return path == "-" ? "(stdin)" : path; }

/// gzip or zstd input that expands more than this many times is refused as
/// a decompression bomb (--max-ratio); 0: no limit.
inline constexpr std::uint64_t kDefaultMaxRatio = 1000;
/// The ratio is checked once this much has come out (a small file of
/// zeros is no bomb).
inline constexpr std::uint64_t kRatioGrace = std::uint64_t{16} << 20;

struct InputProgress;

/// Opens `path` ("-" is stdin). Throws SetupError naming the file and the OS
/// reason when it cannot be opened. Compression is detected by magic bytes;
/// decompressed input expanding more than `max_ratio` times is an InputError.
/// With `progress`, what is read is added to its counters (progress.hpp).
std::unique_ptr<Source> open_source(const std::string& path, std::uint64_t max_ratio = kDefaultMaxRatio,
                                    InputProgress* progress = nullptr);

/// `raw`, decompressed when its first bytes are a gzip or zstd magic number
/// (else `raw` itself, its first bytes given back).
std::unique_ptr<Source> decompressed(std::unique_ptr<Source> raw, std::uint64_t max_ratio = kDefaultMaxRatio);

/// `rest` with `prefix`, bytes already read from it, given back first (the
/// sample a sniffer looked at); then `failed`, when given (the fault that
/// ended the sample), before any more of `rest`.
std::unique_ptr<Source> replay_source(std::string prefix, std::unique_ptr<Source> rest,
                                      std::exception_ptr failed = nullptr);

/// Reads up to `n` bytes from `source` (fewer only at its end). With
/// `failed`, a read that fails after some bytes ends them there and leaves
/// its fault in *failed (for replay_source: the records before a damaged
/// gzip's fault are read before it stops the run), instead of throwing.
std::string read_up_to(Source& source, std::size_t n, std::exception_ptr* failed = nullptr);

/// A source over bytes in memory (tests, and `weir` called from Python).
/// With `reads_at`, -j N reads it as it reads a regular file (Source::reads_at);
/// without, as it reads a pipe, or with `decodes` too, as it reads
/// decompressed input (Source::decodes).
std::unique_ptr<Source> memory_source(std::string bytes, std::string name = "(memory)", bool reads_at = true,
                                      bool decodes = false);

}  // namespace weir
