#include "core/formats/block_parser.hpp"

#include <algorithm>
#include <cstring>
#include <exception>
#include <utility>

#include <fmt/format.h>
#include <simdjson.h>

#include "core/formats/utf8.hpp"

namespace weir {

BlockParser::BlockParser(std::unique_ptr<Source> source, const ReadOptions& options,
                         ErrorPolicy& errors)
    : options_(options),
      errors_(errors),
      blocks_(std::make_unique<BlockReader>(std::move(source), options.block_size)),
      name_(std::make_shared<const std::string>(blocks_->name())) {}

BlockParser::BlockParser(const BlockParser& other)
    : Reader(),
      own_errors_(std::make_unique<ErrorPolicy>(other.errors_.mode())),
      options_(other.options_),
      errors_(*own_errors_),
      line_(other.line_),
      name_(other.name_) {}

bool BlockParser::read(Batch& batch) {
  batch.clear();
  if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
  batch.set_source(name_);
  for (;;) {
    if (carry_.size() > options_.max_record_size) too_large();
    auto block = blocks_->next(carry_);
    if (!block) return !std::exchange(finished_, true) && finish(batch);
    const char* stop = nullptr;
    try {
      stop = parse_block(block, blocks_->at_end(), batch);
    } catch (const InputError&) {
      // The records before the bad one are good: hand them on first, fail
      // on the next call, so the output holds every record up to the error.
      if (batch.empty()) throw;
      failure_ = std::current_exception();
      return true;
    }
    WEIR_ASSERT(!blocks_->at_end() || stop == block->end());
    carry_ = std::string_view(stop, static_cast<std::size_t>(block->end() - stop));
    if (!batch.empty()) return true;
    if (blocks_->at_end() && carry_.empty()) return !std::exchange(finished_, true) && finish(batch);
  }
}

const char* BlockParser::parse_block(const std::shared_ptr<const Block>& block, bool at_end, Batch& batch) {
  block_ = block;
  batch.keep(block);
  const char* start = block->begin();
  if (skipping_line_) {
    // the rest of a skipped malformed line, cut by the previous block's end
    const char* nl = static_cast<const char*>(std::memchr(start, line_break(), block->size));
    skipping_line_ = !nl && !at_end;
    if (nl) ++line_;
    start = nl ? nl + 1 : block->end();
  }
  return parse(start, block->end(), at_end, batch);
}

std::int64_t BlockParser::unparsed_offset() const {
  return block_ ? block_->offset + static_cast<std::int64_t>(block_->size - carry_.size()) : 0;
}

std::int64_t BlockParser::bytes_left() const {
  std::int64_t size = blocks_ ? blocks_->source().file_size() : -1;
  return size < 0 ? -1 : std::max<std::int64_t>(0, size - unparsed_offset());
}

std::optional<BlockParser::Rest> BlockParser::hand_over() {
  if (failure_ || skipping_line_ || finished_ || !blocks_ || blocks_->at_end()) return std::nullopt;
  Rest rest{std::move(blocks_), std::string(carry_), line_, unparsed_offset()};
  carry_ = {};
  return rest;
}

BlockParser::ChunkEnd BlockParser::parse_chunk(const std::shared_ptr<const Block>& chunk, std::int64_t line,
                                               bool at_end, Batch& batch, std::vector<DeferredError>& log,
                                               bool ascii) {
  batch.clear();
  batch.set_source(name_);
  line_ = line;
  skipping_line_ = false;
  errors_.defer_to(&log, [&batch] { return batch.size(); });
  // (cleared however the parse ends: a later chunk may lie at these addresses)
  ascii_begin_ = ascii ? chunk->begin() : nullptr;
  ascii_end_ = ascii ? chunk->end() : nullptr;
  struct Clear {
    const char*& begin;
    const char*& end;
    ~Clear() { begin = end = nullptr; }
  } clear{ascii_begin_, ascii_end_};
  const char* stop = parse_block(chunk, at_end, batch);
  errors_.defer_to(nullptr);
  return ChunkEnd{stop, line_, !skipping_line_};
}

void BlockParser::took(const std::shared_ptr<const Block>& chunk, const ChunkEnd& end, std::size_t records) {
  block_ = chunk;
  carry_ = std::string_view(end.stop, static_cast<std::size_t>(chunk->end() - end.stop));
  line_ = end.line;
  skipping_line_ = !end.clean;
  tried_ = 0;
  records_elsewhere_ += static_cast<std::int64_t>(records);
}

// The carry and the next chunk in one block. A record over many chunks is
// carried whole from one to the next: its bytes grow at the end of one
// buffer, which doubles when full, rather than being copied once a chunk
// (a 60 MB quoted field took 9 s at -j 2). Bytes already in the buffer are
// never moved: the records of earlier parses may point at them.
std::shared_ptr<const Block> BlockParser::join(const Block& chunk) {
  const std::size_t need = carry_.size() + chunk.size;
  const bool grows = join_buffer_ && carry_.data() + carry_.size() == join_buffer_.get() + join_size_;
  if (!grows || join_size_ + chunk.size + BlockReader::kPadding > join_capacity_) {
    const std::size_t capacity = (grows ? 2 * need : need) + BlockReader::kPadding;
    std::shared_ptr<char[]> buffer(new char[capacity]);
    std::memcpy(buffer.get(), carry_.data(), carry_.size());
    join_buffer_ = std::move(buffer);
    join_capacity_ = capacity;
    join_size_ = carry_.size();
  }
  char* at = join_buffer_.get() + join_size_;
  if (chunk.size) std::memcpy(at, chunk.begin(), chunk.size);
  join_size_ += chunk.size;
  std::memset(at + chunk.size, 0, BlockReader::kPadding);
  auto block = std::make_shared<Block>();
  block->view = std::shared_ptr<const char>(join_buffer_, join_buffer_.get() + join_size_ - need);
  block->size = need;
  block->offset = chunk.offset - static_cast<std::int64_t>(carry_.size());
  return block;
}

void BlockParser::parse_next(const std::shared_ptr<const Block>& chunk, bool at_end, Batch& batch,
                             std::vector<DeferredError>& log) {
  batch.clear();
  batch.set_source(name_);
  errors_.defer_to(&log, [&batch] { return batch.size(); });
  struct Undefer {
    ErrorPolicy& errors;
    ~Undefer() { errors.defer_to(nullptr); }
  } undefer{errors_};
  if (carry_.size() > options_.max_record_size) too_large();
  std::shared_ptr<const Block> block = carry_.empty() ? chunk : join(*chunk);
  if (!carry_.empty() && !at_end && !skipping_line_ && block->size < 2 * tried_ &&
      block->size <= options_.max_record_size) {
    // a record carried over many chunks is parsed again once its bytes
    // have doubled, as -j 1's blocks grow: not once a chunk (each parse
    // reads it from its start); and once they pass --max-record-size, where
    // the parse decides whether it is too large, as -j 1's does
    block_ = block;
    carry_ = std::string_view(block->begin(), block->size);
    return;
  }
  const char* stop = parse_block(block, at_end, batch);
  WEIR_ASSERT(!at_end || stop == block->end());
  tried_ = stop == block->begin() ? block->size : 0;
  carry_ = std::string_view(stop, static_cast<std::size_t>(block->end() - stop));
}

void BlockParser::parse_held(Batch& batch, std::vector<DeferredError>& log) {
  batch.clear();
  batch.set_source(name_);
  if (carry_.empty() || tried_ == 0 || !block_) return;
  errors_.defer_to(&log, [&batch] { return batch.size(); });
  struct Undefer {
    ErrorPolicy& errors;
    ~Undefer() { errors.defer_to(nullptr); }
  } undefer{errors_};
  // (carry_ is the whole of block_: held back, parsed in part before)
  const char* stop = parse_block(block_, false, batch);
  tried_ = 0;
  carry_ = std::string_view(stop, static_cast<std::size_t>(block_->end() - stop));
}

bool BlockParser::finish_input(Batch& batch) {
  batch.clear();
  batch.set_source(name_);
  return !std::exchange(finished_, true) && finish(batch);
}

const char* BlockParser::skip_line(const char* p, const char* end, bool at_end) {
  const char* nl = static_cast<const char*>(std::memchr(p, line_break(), static_cast<std::size_t>(end - p)));
  if (!nl) {
    skipping_line_ = !at_end;  // the line goes on in the next block
    return end;
  }
  ++line_;
  return nl + 1;
}

// A record longer than --max-record-size: an error (or, skipped, the rest of
// its line is passed over), so that one giant line cannot take all memory.
void BlockParser::too_large() {
  // the same error as a long record found inside one block (csv/reader.cpp):
  // the message does not depend on where blocks end
  const char* start = carry_.data();
  DataError error = locate_error(name(), line_, start, start, start + carry_.size(),
                                 too_large_message(options_.max_record_size), line_break());
  error.kind = DataErrorKind::too_large;
  error.offset = offset_of(start);
  error.raw = std::string(carry_.substr(0, 4096));
  errors_.report(std::move(error));
  tried_ = 0;  // (what is carried now starts another record)
  // skipped: go on after the record's first line
  const char* nl = static_cast<const char*>(std::memchr(carry_.data(), line_break(), carry_.size()));
  if (nl) {
    carry_.remove_prefix(static_cast<std::size_t>(nl + 1 - carry_.data()));
    ++line_;
  } else {
    carry_ = {};
    skipping_line_ = true;
  }
}

std::string invalid_utf8_message(unsigned char byte) {
  return fmt::format("invalid UTF-8 (byte 0x{:02X}); if the file is Latin-1 or Windows-1252, read it with "
                     "--encoding latin1 or --encoding cp1252",
                     byte);
}

const char* BlockParser::utf8_valid_until(const char* p, const char* end, bool at_end) const {
  const char* cut = end;
  if (!at_end) {
    while (cut > p && cut[-1] != '\n') --cut;
  }
  if (ascii_begin_ && p >= ascii_begin_ && cut <= ascii_end_) return cut;
  return simdjson::validate_utf8(p, static_cast<std::size_t>(cut - p)) ? cut : p;
}

bool BlockParser::reported_invalid_utf8(const char* line_start, const char* line_end, std::int64_t line) {
  const char* bad = find_invalid_utf8(std::string_view(line_start, static_cast<std::size_t>(line_end - line_start)));
  if (!bad) return false;
  report(line_start, line, bad, invalid_utf8_message(static_cast<unsigned char>(*bad)), DataErrorKind::invalid_utf8);
  return true;
}

std::string too_large_message(std::size_t max_record_size) {
  return fmt::format("a record longer than {} bytes (--max-record-size)", max_record_size);
}

std::string too_many_fields_message(std::size_t max_fields) {
  return fmt::format("a record with more than {} fields (--max-fields)", max_fields);
}

bool ragged_keeps(Ragged ragged, std::size_t got, std::size_t expected) {
  return ragged == Ragged::keep || (ragged == Ragged::pad && got < expected);
}

std::string ragged_message(std::size_t got, std::size_t expected) {
  return fmt::format("ragged row: {} field{} where the header has {}", got, got == 1 ? "" : "s", expected);
}

std::string ragged_repair_message(std::size_t got, std::size_t expected) {
  if (got < expected) {
    return ragged_message(got, expected) +
           fmt::format(": padded with {} empty value{}", expected - got, expected - got == 1 ? "" : "s");
  }
  return ragged_message(got, expected) +
         (got == expected + 1 ? fmt::format(": the extra value kept as field {}", got)
                              : fmt::format(": the extra values kept as fields {}-{}", expected + 1, got));
}

DataError BlockParser::data_error(const char* row_start, const char* row_end, std::int64_t row_line,
                                  const char* at, std::string message, DataErrorKind kind) {
  at = std::min(at, block_->end());
  const char brk = line_break();
  std::int64_t line = row_line + std::count(row_start, at, brk);
  const char* line_start = at;
  while (line_start > row_start && line_start[-1] != brk) --line_start;
  DataError error = locate_error(name(), line, line_start, at, block_->end(), std::move(message), brk);
  error.kind = kind;
  error.offset = offset_of(row_start);
  while (row_end > row_start && (row_end[-1] == '\n' || row_end[-1] == '\r')) --row_end;
  error.raw.assign(row_start, static_cast<std::size_t>(row_end - row_start));
  return error;
}

void BlockParser::report(const char* row_start, std::int64_t row_line, const char* at,
                         std::string message, DataErrorKind kind) {
  const char* end = block_->end();
  at = std::min(at, end);
  const char brk = line_break();
  std::int64_t line = row_line + std::count(row_start, at, brk);
  const char* line_start = at;
  while (line_start > row_start && line_start[-1] != brk) --line_start;
  DataError error = locate_error(name(), line, line_start, at, end, std::move(message), brk);
  error.kind = kind;
  error.offset = offset_of(row_start);
  error.raw = error.excerpt;
  errors_.report(std::move(error));
}

}  // namespace weir
