#pragma once
/// Output: a large buffer in front of a file descriptor.
///
/// `-o FILE` writes to a temporary file in the same folder and renames it
/// over FILE only when commit() is called after a successful run, so a failed
/// run never leaves a truncated FILE. A closed pipe on stdout raises
/// BrokenPipe, which main turns into a quiet exit 0.

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace weir {

class Sink {
 public:
  virtual ~Sink() = default;

  void write(std::string_view text) {
    if (text.empty()) return;  // an empty view may hold a null pointer
    if (text.size() > capacity_ - size_) {
      flush();
      if (text.size() >= capacity_) {
        write_out(text);
        return;
      }
    }
    std::memcpy(buffer_.get() + size_, text.data(), text.size());
    size_ += text.size();
  }
  void put(char c) {
    if (size_ == capacity_) flush();
    buffer_[size_++] = c;
  }
  /// Room for at least n bytes, to fill in place; then call advance() with
  /// the end of what was written.
  char* reserve(std::size_t n) {
    if (n > capacity_ - size_) {
      flush();
      if (n > capacity_) grow(n);
    }
    return buffer_.get() + size_;
  }
  void advance(char* end) { size_ = static_cast<std::size_t>(end - buffer_.get()); }

  /// Flushes when the buffer is nearly full; call between records.
  void maybe_flush() {
    if (size_ >= flush_at_) flush();
  }
  void flush() {
    if (size_ > 0) {
      write_out(std::string_view(buffer_.get(), size_));
      size_ = 0;
    }
  }
  /// Flushes and, for a file, renames the temporary into place.
  virtual void commit() { flush(); }

 protected:
  Sink();
  virtual void write_out(std::string_view text) = 0;

 private:
  void grow(std::size_t n);

  std::unique_ptr<char[]> buffer_;
  std::size_t size_ = 0;
  std::size_t capacity_;
  std::size_t flush_at_;
};

/// Output bytes made ahead of a Sink (Writer::render, on a reading thread):
/// grows without zero-filling what is then written over.
class TextBuffer {
 public:
  TextBuffer() = default;
  /// A buffer moved from is empty, with no memory.
  TextBuffer(TextBuffer&& other) noexcept
      : bytes_(std::move(other.bytes_)),
        size_(std::exchange(other.size_, 0)),
        capacity_(std::exchange(other.capacity_, 0)) {}
  TextBuffer& operator=(TextBuffer&& other) noexcept {
    bytes_ = std::move(other.bytes_);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
    return *this;
  }
  /// Room for n more bytes after the text, to fill in place; then end_at().
  char* room(std::size_t n) {
    if (capacity_ - size_ < n) grow(size_ + n);
    return bytes_.get() + size_;
  }
  void end_at(const char* end) { size_ = static_cast<std::size_t>(end - bytes_.get()); }
  std::string_view view() const { return {bytes_.get(), size_}; }
  void clear() { size_ = 0; }

 private:
  void grow(std::size_t n) {
    std::size_t capacity = std::max(n, 2 * capacity_);
    std::unique_ptr<char[]> bytes(new char[capacity]);
    if (size_ > 0) std::memcpy(bytes.get(), bytes_.get(), size_);
    bytes_ = std::move(bytes);
    capacity_ = capacity;
  }

  std::unique_ptr<char[]> bytes_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

/// Standard output.
std::unique_ptr<Sink> stdout_sink();
/// `path` written atomically (a new file renamed over it at commit; through
/// a symbolic link, the file it names); a path that is not a regular file
/// (/dev/null, a FIFO) is written in place. Throws SetupError when it
/// cannot be written (its folder is not writable, it is a folder).
std::unique_ptr<Sink> file_sink(const std::string& path);
/// Collects everything in memory (tests).
std::unique_ptr<Sink> string_sink(std::string& target);

}  // namespace weir
