#include "core/io/sink.hpp"

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <utility>

#include <fmt/format.h>

#include "core/errors/error.hpp"

namespace weir {

namespace {

constexpr std::size_t kBufferSize = 1 << 20;

void write_all(int fd, std::string_view text, const std::string& name) {
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EPIPE) throw BrokenPipe();
      throw SetupError(fmt::format("{}: cannot write: {}", name, std::strerror(errno)));
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

class FdSink final : public Sink {
 public:
  FdSink() {
    // A bigger pipe means fewer switches between weir and its reader.
    struct stat st;
    if (::fstat(STDOUT_FILENO, &st) == 0 && S_ISFIFO(st.st_mode)) {
      ::fcntl(STDOUT_FILENO, F_SETPIPE_SZ, static_cast<int>(kBufferSize));
    }
  }

 protected:
  void write_out(std::string_view text) override { write_all(STDOUT_FILENO, text, "(stdout)"); }
};

class AtomicFileSink final : public Sink {
 public:
  explicit AtomicFileSink(std::string path) : path_(std::move(path)) {
    std::string dir = ".";
    if (auto slash = path_.rfind('/'); slash != std::string::npos) dir = path_.substr(0, slash + 1);
    std::string base = path_.substr(path_.rfind('/') == std::string::npos ? 0 : path_.rfind('/') + 1);
    temp_ = (dir == "." ? std::string() : dir) + "." + base + ".weir-XXXXXX";
    fd_ = ::mkstemp(temp_.data());
    if (fd_ < 0)
      throw SetupError(fmt::format("{}: cannot create output file: {}", path_, std::strerror(errno)));
    // mkstemp makes 0600; give the file the usual permissions (umask applies)
    mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd_, 0666 & ~mask);
  }
  ~AtomicFileSink() override {
    if (fd_ >= 0) {
      ::close(fd_);
      ::unlink(temp_.c_str());
    }
  }
  void commit() override {
    flush();
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0 || ::rename(temp_.c_str(), path_.c_str()) != 0) {
      int err = errno;
      ::unlink(temp_.c_str());
      throw SetupError(fmt::format("{}: cannot write output file: {}", path_, std::strerror(err)));
    }
  }

 protected:
  void write_out(std::string_view text) override { write_all(fd_, text, path_); }

 private:
  std::string path_;
  std::string temp_;
  int fd_ = -1;
};

// An output that is not a regular file (/dev/null, a FIFO, a terminal):
// written in place, as a shell redirection would. Renaming a file over it
// would replace the device or pipe itself.
class InPlaceSink final : public Sink {
 public:
  explicit InPlaceSink(std::string path) : path_(std::move(path)) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0) throw SetupError(fmt::format("{}: cannot open output: {}", path_, std::strerror(errno)));
  }
  ~InPlaceSink() override {
    if (fd_ >= 0) ::close(fd_);
  }
  void commit() override {
    flush();
    int fd = std::exchange(fd_, -1);
    if (::close(fd) != 0) throw SetupError(fmt::format("{}: cannot write output: {}", path_, std::strerror(errno)));
  }

 protected:
  void write_out(std::string_view text) override { write_all(fd_, text, path_); }

 private:
  std::string path_;
  int fd_ = -1;
};

class StringSink final : public Sink {
 public:
  explicit StringSink(std::string& target) : target_(target) {}

 protected:
  void write_out(std::string_view text) override { target_.append(text); }

 private:
  std::string& target_;
};

}  // namespace

Sink::Sink()
    : buffer_(std::make_unique_for_overwrite<char[]>(kBufferSize)), capacity_(kBufferSize), flush_at_(kBufferSize - 64 * 1024) {}

void Sink::grow(std::size_t n) {
  // only called with an empty buffer (after flush)
  buffer_ = std::make_unique_for_overwrite<char[]>(n);  // (not zeroed: a page is touched only when written)
  capacity_ = n;
}

std::unique_ptr<Sink> stdout_sink() { return std::make_unique<FdSink>(); }
std::unique_ptr<Sink> file_sink(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) throw SetupError(fmt::format("{}: cannot write output file: it is a folder", path));
    if (!S_ISREG(st.st_mode)) return std::make_unique<InPlaceSink>(path);
  }
  // a symbolic link: the file it names is replaced, the link stays
  if (::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
    if (char* target = ::realpath(path.c_str(), nullptr)) {
      std::string resolved(target);
      std::free(target);
      return std::make_unique<AtomicFileSink>(resolved);
    }
  }
  return std::make_unique<AtomicFileSink>(path);
}
std::unique_ptr<Sink> string_sink(std::string& target) { return std::make_unique<StringSink>(target); }

}  // namespace weir
