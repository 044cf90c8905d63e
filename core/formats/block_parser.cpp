#include "core/formats/block_parser.hpp"

#include <algorithm>
#include <cstring>
#include <exception>
#include <utility>

namespace weir {

BlockParser::BlockParser(std::unique_ptr<Source> source, const ReadOptions& options,
                         ErrorPolicy& errors)
    : options_(options),
      errors_(errors),
      blocks_(std::move(source), options.block_size),
      name_(std::make_shared<const std::string>(blocks_.name())) {}

bool BlockParser::read(Batch& batch) {
  batch.clear();
  if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
  batch.set_source(name_);
  for (;;) {
    auto block = blocks_.next(carry_);
    if (!block) return false;
    block_ = block;
    batch.keep(block);
    const char* start = block->begin();
    if (skipping_line_) {
      // the rest of a skipped malformed line, cut by the previous block's end
      const char* nl = static_cast<const char*>(std::memchr(start, '\n', block->size));
      skipping_line_ = !nl && !blocks_.at_end();
      if (nl) ++line_;
      start = nl ? nl + 1 : block->end();
    }
    const char* stop = nullptr;
    try {
      stop = parse(start, block->end(), blocks_.at_end(), batch);
    } catch (const InputError&) {
      // The records before the bad one are good: hand them on first, fail
      // on the next call, so the output holds every record up to the error.
      if (batch.empty()) throw;
      failure_ = std::current_exception();
      return true;
    }
    WEIR_ASSERT(!blocks_.at_end() || stop == block->end());
    carry_ = std::string_view(stop, static_cast<std::size_t>(block->end() - stop));
    if (!batch.empty()) return true;
    if (blocks_.at_end() && carry_.empty()) return false;
  }
}

const char* BlockParser::skip_line(const char* p, const char* end, bool at_end) {
  const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
  if (!nl) {
    skipping_line_ = !at_end;  // the line goes on in the next block
    return end;
  }
  ++line_;
  return nl + 1;
}

void BlockParser::report(const char* row_start, std::int64_t row_line, const char* at,
                         std::string message) {
  const char* end = block_->end();
  at = std::min(at, end);
  std::int64_t line = row_line + std::count(row_start, at, '\n');
  const char* line_start = at;
  while (line_start > row_start && line_start[-1] != '\n') --line_start;
  errors_.report(locate_error(name(), line, line_start, at, end, std::move(message)));
}

}  // namespace weir
