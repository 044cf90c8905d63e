#include "cli/progress_line.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string_view>
#include <iterator>

#include <fmt/format.h>

namespace weir::cli {

namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kFirstDraw = std::chrono::seconds(1);     // a short run shows nothing
constexpr auto kRedraw = std::chrono::milliseconds(100);  // at most ten times a second

// 1,234,567
std::string grouped(std::int64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// 512 B, 12.3 KB, 4.5 MB, 1.2 GB (powers of 1000, as MB/s)
std::string size_text(double bytes) {
  static constexpr const char* kUnits[] = {"B", "KB", "MB", "GB", "TB"};
  std::size_t unit = 0;
  while (bytes >= 1000 && unit + 1 < std::size(kUnits)) {
    bytes /= 1000;
    ++unit;
  }
  return unit == 0 ? fmt::format("{:.0f} B", bytes) : fmt::format("{:.1f} {}", bytes, kUnits[unit]);
}

// 0:07, 12:34, 1:02:03
std::string duration_text(double seconds) {
  auto s = static_cast<std::int64_t>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

void write_stderr(const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(STDERR_FILENO, text.data() + done, text.size() - done);
    if (n <= 0) return;  // stderr gone: no progress line, nothing else to do
    done += static_cast<std::size_t>(n);
  }
}

// The terminal's width, 0 when stderr is none.
std::size_t terminal_width() {
  winsize size{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) != 0) return 0;
  return size.ws_col;
}

}  // namespace

std::string progress_text(const ProgressSnapshot& s) {
  std::string text = fmt::format("weir: {}, {} records", size_text(static_cast<double>(s.bytes)), grouped(s.records));
  if (s.seconds > 0) text += fmt::format(", {:.1f} MB/s", static_cast<double>(s.bytes) / 1e6 / s.seconds);
  if (s.total_bytes > 0) {
    double done = std::min(1.0, static_cast<double>(s.file_bytes) / static_cast<double>(s.total_bytes));
    text += fmt::format(", {:.0f}%", done * 100);
    // the rate so far, over what is left of the files
    if (done > 0 && done < 1 && s.seconds > 0) text += fmt::format(", {} left", duration_text(s.seconds * (1 - done) / done));
  }
  return text;
}

bool wants_progress(std::optional<bool> flag, bool records_to_stdout) {
  if (flag) return *flag;
  // a dumb terminal cannot clear a line
  const char* term = std::getenv("TERM");
  if (term && std::string_view(term) == "dumb") return false;
  return ::isatty(STDERR_FILENO) && !(records_to_stdout && ::isatty(STDOUT_FILENO));
}

ProgressLine::ProgressLine(std::shared_ptr<const InputProgress> progress, bool enabled)
    : progress_(std::move(progress)) {
  if (enabled && progress_) thread_ = std::thread([this] { draw_until_stopped(); });
}

ProgressLine::~ProgressLine() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void ProgressLine::draw_until_stopped() {
  Clock::time_point start = Clock::now();
  std::unique_lock lock(mutex_);
  if (wake_.wait_until(lock, start + kFirstDraw, [this] { return stop_; })) return;
  std::size_t width = terminal_width();
  do {
    ProgressSnapshot s;
    s.bytes = progress_->bytes.load(std::memory_order_relaxed);
    s.file_bytes = progress_->file_bytes.load(std::memory_order_relaxed);
    s.total_bytes = progress_->total_bytes.load(std::memory_order_relaxed);
    s.records = progress_->records.load(std::memory_order_relaxed);
    s.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::string text = progress_text(s);
    // one line: a narrow terminal would wrap it, and \r goes back one line only
    if (width > 1 && text.size() >= width) text.resize(width - 1);
    // back to the line's start, the text, the rest of the line cleared
    // (unlocked: a stopped terminal must not hold up the end of the run)
    lock.unlock();
    write_stderr("\r" + text + "\x1b[K");
    lock.lock();
  } while (!wake_.wait_for(lock, kRedraw, [this] { return stop_; }));
  write_stderr("\r\x1b[K");
}

}  // namespace weir::cli
