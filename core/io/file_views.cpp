#include "core/io/file_views.hpp"

#include <algorithm>

namespace weir {

std::shared_ptr<const char> FileViews::span(std::int64_t from, std::size_t n) {
  if (unable_ || from < 0) return nullptr;
  if (!view_ || from < first_ || from >= last_) {
    const std::int64_t first = from / kViewAlign * kViewAlign;
    const std::int64_t last = std::min(file_->file_size(), first + kViewSize);
    if (from >= last) return nullptr;  // (past the end the file had: it grew)
    view_ = file_->view_at(first, static_cast<std::size_t>(last - first));
    if (!view_) {
      unable_ = true;
      return nullptr;
    }
    first_ = first;
    last_ = last;
  }
  if (from + static_cast<std::int64_t>(n) + padding_ > last_) return nullptr;
  return {view_, view_.get() + (from - first_)};
}

}  // namespace weir
