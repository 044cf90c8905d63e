#include "core/io/progress.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

namespace weir {

namespace {

class CountedSource final : public Source {
 public:
  CountedSource(std::unique_ptr<Source> inner, std::atomic<std::int64_t>& counter)
      : Source(inner->name()), inner_(std::move(inner)), counter_(counter) {}
  std::size_t read(char* buffer, std::size_t capacity) override {
    std::size_t got = inner_->read(buffer, capacity);
    counter_.fetch_add(static_cast<std::int64_t>(got), std::memory_order_relaxed);
    return got;
  }
  std::size_t read_at(std::int64_t offset, char* buffer, std::size_t capacity) override {
    return inner_->read_at(offset, buffer, capacity);
  }
  std::shared_ptr<const char> view_at(std::int64_t offset, std::size_t n) override {
    return inner_->view_at(offset, n);
  }
  void count_read(std::int64_t n) override {
    counter_.fetch_add(n, std::memory_order_relaxed);
    inner_->count_read(n);
  }
  std::int64_t given() const override { return inner_->given(); }
  bool more_now() override { return inner_->more_now(); }
  bool may_pause() const override { return inner_->may_pause(); }
  bool decodes() const override { return inner_->decodes(); }
  std::int64_t file_size() const override { return inner_->file_size(); }
  bool got_shorter() const override { return inner_->got_shorter(); }

 private:
  std::unique_ptr<Source> inner_;
  std::atomic<std::int64_t>& counter_;
};

}  // namespace

std::int64_t total_input_size(const std::vector<std::string>& paths) {
  std::int64_t total = 0;
  for (const auto& path : paths) {
    struct stat st {};
    int rc = path == "-" ? ::fstat(STDIN_FILENO, &st) : ::stat(path.c_str(), &st);
    if (rc != 0 || !S_ISREG(st.st_mode)) return -1;
    // stdin redirected from a file may start past its beginning
    std::int64_t start = path == "-" ? std::max<std::int64_t>(0, ::lseek(STDIN_FILENO, 0, SEEK_CUR)) : 0;
    total += static_cast<std::int64_t>(st.st_size) - start;
  }
  return total;
}

std::unique_ptr<Source> counted_source(std::unique_ptr<Source> source, std::atomic<std::int64_t>& counter) {
  return std::make_unique<CountedSource>(std::move(source), counter);
}

}  // namespace weir
