// sort KEY[:n|:r|:nr]...: a stable sort on one or more keys. KEY sorts as
// text, KEY:n as numbers, :r and :nr in reverse. An empty value is the
// least text; for :n, records with no number there go after the numbers,
// those with an empty value first, then other text by its bytes, as Miller's
// -nf orders them (Miller's -nr turns all of that around). A record without
// one of the keys goes last. Ties keep input order.
//
// The records are packed as they come (PackedRecords: about the input's
// size in memory, and the reader fills its batches again) and an index over
// them is sorted. Past --max-memory, the sorted records are written to a temporary
// file (a run) and memory is freed; at the end the runs are merged, as GNU
// sort does, so a file larger than memory sorts. When the next stage takes
// only N records (sort ... then head -n N), only the first N are kept, in a
// heap, as copies: memory is N records and the input streams through.
// That mode reads only the keys of most records (a CSV reader may leave the
// other fields out: the copies are made whole from the row's text), and
// under -j N each thread picks its batches' best N, which are offered to
// the heap in input order.

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>
#include <oneapi/tbb/parallel_pipeline.h>
#include <oneapi/tbb/parallel_sort.h>

#include "core/errors/error.hpp"
#include "core/io/sink.hpp"
#include "core/record/exact_number.hpp"
#include "core/record/owned_record.hpp"
#include "core/stages/field_locator.hpp"
#include "core/stages/first_header.hpp"
#include "core/stages/fold_spares.hpp"
#include "core/stages/on_threads.hpp"
#include "core/stages/packed_records.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/univariate.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

/// How text keys compare: byte by byte, case-folded (Miller's -c), or in
/// natural order (Miller's -t: runs of digits by their value, a2 before a10).
enum class TextOrder : std::uint8_t { bytes, folded, natural };

struct SortKey {
  std::string field;
  bool numeric = false;
  bool reverse = false;
  /// Miller's -nr: the whole order of -nf reversed, text that is no number
  /// first (where weir's :nr keeps the numbers first).
  bool text_first = false;
  TextOrder order = TextOrder::bytes;
};

int ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : static_cast<unsigned char>(c); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// -1, 0, 1: a against b as text in `order`.
int compare_text(std::string_view a, std::string_view b, TextOrder order) {
  if (order == TextOrder::bytes) {
    int t = a.compare(b);
    return t < 0 ? -1 : t > 0 ? 1 : 0;
  }
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (order == TextOrder::natural && is_digit(a[i]) && is_digit(b[j])) {
      // a run of digits against another: by value (leading zeros aside)
      std::size_t ea = i, eb = j;
      while (ea < a.size() && is_digit(a[ea])) ++ea;
      while (eb < b.size() && is_digit(b[eb])) ++eb;
      while (i + 1 < ea && a[i] == '0') ++i;
      while (j + 1 < eb && b[j] == '0') ++j;
      if (ea - i != eb - j) return ea - i < eb - j ? -1 : 1;
      int t = a.substr(i, ea - i).compare(b.substr(j, eb - j));
      if (t != 0) return t < 0 ? -1 : 1;
      i = ea;
      j = eb;
      continue;
    }
    int x = order == TextOrder::folded ? ascii_lower(a[i]) : static_cast<unsigned char>(a[i]);
    int y = order == TextOrder::folded ? ascii_lower(b[j]) : static_cast<unsigned char>(b[j]);
    if (x != y) return x < y ? -1 : 1;
    ++i;
    ++j;
  }
  const std::size_t rest_a = a.size() - i, rest_b = b.size() - j;
  return rest_a == rest_b ? 0 : rest_a < rest_b ? -1 : 1;
}

/// One key of one record: a value, or where it goes without one.
struct KeyValue {
  /// The order of the classes, whatever the direction: a value (rank 0),
  /// then for a numeric key an empty value, then text that is no number (by
  /// its bytes, in the key's direction), as Miller's sort -nf orders them; a
  /// record without the field last. Miller's -nr turns the first three
  /// around (place()).
  enum Rank : std::uint8_t { value, empty, text_not_number, missing };
  std::uint8_t rank = missing;
  double number = 0;
  std::int64_t wide = 0;  // wide_part(): what orders equal doubles past 2^53
  std::string_view text;  // a text key's value, or a numeric key's text that is no number
};

/// Where records of class `rank` go for `key`: the rank itself, but for
/// Miller's -nr, where text that is no number comes first, then empty values.
std::uint8_t place(const SortKey& key, std::uint8_t rank) {
  if (!key.text_first || rank == KeyValue::missing) return rank;
  return static_cast<std::uint8_t>(KeyValue::text_not_number - rank);
}

/// -1, 0, 1: two values of the same class of `key`, in its direction.
int compare_class_texts(const SortKey& key, std::string_view a, std::string_view b) {
  const int c = compare_text(a, b, TextOrder::bytes);
  return key.reverse ? -c : c;
}

/// A record kept by the top-N mode or read back from a run, with its own
/// copy of its text and its sort keys.
struct Candidate {
  std::int64_t index = 0;  // input position (top-N) or run number (merge): ties keep input order
  std::vector<KeyValue> keys;
  std::vector<std::string> texts;  // owned key texts (a key may come from nested JSON)
  OwnedRecord record;
};

/// A sorted run in a temporary file (deleted when closed): records as
/// line, offset, field count, then kind, name and value for each field.
class RunFile {
 public:
  RunFile() {
    const char* env = std::getenv("TMPDIR");
    std::string dir = env && *env ? env : "/tmp";
    std::string path = dir + "/weir-sort-XXXXXX";
    int fd = ::mkstemp(path.data());
    if (fd < 0) {
      throw SetupError(fmt::format("sort: cannot create a temporary file in {} (set TMPDIR to another folder): {}",
                                   dir, std::strerror(errno)));
    }
    ::unlink(path.c_str());
    file_ = ::fdopen(fd, "w+b");
    buffer_ = std::make_unique<char[]>(kBuffer);
    std::setvbuf(file_, buffer_.get(), _IOFBF, kBuffer);
  }
  ~RunFile() {
    if (file_) std::fclose(file_);
  }
  RunFile(const RunFile&) = delete;
  RunFile& operator=(const RunFile&) = delete;

  void write(const RecordRef& record) {
    put_number(record.where().line);
    put_number(record.where().offset);
    put_number(static_cast<std::int64_t>(record.size()));
    for (const Field& f : record.fields()) {
      // (the kind, and in the high bit a verb's empty placeholder)
      std::fputc(static_cast<int>(f.kind) | (f.flags & kFieldEmptyString ? 0x80 : 0), file_);
      put_text(f.name);
      put_text(f.value);
    }
    if (std::ferror(file_)) throw SetupError(fmt::format("sort: cannot write a temporary file: {}", std::strerror(errno)));
  }
  void rewind() { std::fseek(file_, 0, SEEK_SET); }

  /// Reads the next record into `into`; false at the end.
  bool read(OwnedRecord& into) {
    std::int64_t line;
    if (std::fread(&line, sizeof line, 1, file_) != 1) return false;
    into.where.line = line;
    into.where.offset = get_number();
    auto count = static_cast<std::size_t>(get_number());
    into.names.resize(count);
    into.values.resize(count);
    into.kinds.resize(count);
    into.flags.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
      const int kind = std::fgetc(file_);
      into.kinds[i] = static_cast<ValueKind>(kind & 0x7F);
      into.flags[i] = kind & 0x80 ? kFieldEmptyString : 0;
      get_text(into.names[i]);
      get_text(into.values[i]);
    }
    return true;
  }

 private:
  static constexpr std::size_t kBuffer = 1 << 20;

  void put_number(std::int64_t n) { std::fwrite(&n, sizeof n, 1, file_); }
  void put_text(std::string_view t) {
    put_number(static_cast<std::int64_t>(t.size()));
    std::fwrite(t.data(), 1, t.size(), file_);
  }
  std::int64_t get_number() {
    std::int64_t n = 0;
    if (std::fread(&n, sizeof n, 1, file_) != 1) throw SetupError("sort: a temporary file was cut short");
    return n;
  }
  void get_text(std::string& into) {
    into.resize(static_cast<std::size_t>(get_number()));
    if (!into.empty() && std::fread(into.data(), 1, into.size(), file_) != into.size())
      throw SetupError("sort: a temporary file was cut short");
  }

  std::FILE* file_ = nullptr;
  std::unique_ptr<char[]> buffer_;
};

class Sort final : public Stage {
 public:
  Sort(std::vector<SortKey> keys, std::size_t max_memory, int threads)
      : keys_(std::move(keys)), locator_(names(keys_)), max_memory_(max_memory), threads_(threads) {
    numbers_.resize(keys_.size());
    wides_.resize(keys_.size());
    not_numbers_.resize(keys_.size());
    texts_.resize(keys_.size());
    ranks_.resize(keys_.size());
  }

  void limit_output(std::size_t n) override { limit_ = n; }

  // (the top-N mode's copies are whole: OwnedRecord makes them from a
  // projected row's text; the full sort packs the records as they are)
  std::optional<FieldUse> field_use() const override {
    if (!limit_) return std::nullopt;
    return FieldUse{names(keys_), false};
  }

  // The top-N mode under -j N: a fold keeps its batch's best N, and merge()
  // offers them to the heap in input order. A record that is not among its
  // batch's best N has N better ones before it, so the heap ends as -j 1's.
  struct Found final : Partial {
    std::vector<std::uint32_t> records;  // the batch's best N, in input order
    void clear() { records.clear(); }
  };
  bool folds() const override { return limit_.has_value(); }
  void follow(Stage& original) override {
    auto& sort = static_cast<Sort&>(original);
    original_ = &sort;
    limit_ = sort.limit_;
    spares_ = sort.spares_;
  }
  // (the keys a fold found, which the original's notes() tells of)
  void hand_back() override {
    if (original_) original_->locator_.absorb(locator_);
  }
  std::unique_ptr<Partial> fold(Batch& batch) override {
    std::unique_ptr<Found> found = spares_->take([] { return std::make_unique<Found>(); });
    const std::size_t n = *limit_, width = keys_.size();
    // A heap of the best so far, the worst on top: slots of their keys (a
    // record's keys point into the batch) and input positions, moved about
    // as numbers (whole Candidates moved in each heap step were 7% of a
    // -j 2 top-10).
    const std::size_t room = std::min(n, batch.size());
    if (best_keys_.size() < room * width) best_keys_.resize(room * width);
    if (best_index_.size() < room) best_index_.resize(room);
    best_heap_.clear();
    auto keys_at = [this, width](std::uint32_t slot) { return best_keys_.data() + slot * width; };
    auto worse = [&](std::uint32_t a, std::uint32_t b) {
      const int c = compare_keys(keys_at(a), keys_at(b));
      return c != 0 ? c < 0 : best_index_[a] < best_index_[b];
    };
    for (std::size_t r = 0; r < batch.size() && n > 0; ++r) {
      keys_of(locator_.locate(batch[r], batch), probe_);
      std::uint32_t slot;
      if (best_heap_.size() == n) {
        // (a tie loses, being later)
        if (compare_keys(probe_.data(), keys_at(best_heap_.front())) >= 0) continue;
        std::pop_heap(best_heap_.begin(), best_heap_.end(), worse);
        slot = best_heap_.back();
        best_heap_.pop_back();
      } else {
        slot = static_cast<std::uint32_t>(best_heap_.size());
      }
      std::copy(probe_.begin(), probe_.end(), keys_at(slot));
      best_index_[slot] = static_cast<std::int64_t>(r);
      best_heap_.push_back(slot);
      std::push_heap(best_heap_.begin(), best_heap_.end(), worse);
    }
    for (std::uint32_t slot : best_heap_) {
      found->records.push_back(static_cast<std::uint32_t>(best_index_[slot]));
    }
    std::sort(found->records.begin(), found->records.end());
    return found;
  }
  void merge(Partial& partial, Batch& batch) override {
    inputs_.see(batch);
    header_.see(batch);
    auto& found = static_cast<Found&>(partial);
    for (std::uint32_t r : found.records) offer(batch[r], batch, seen_ + static_cast<std::int64_t>(r));
    seen_ += static_cast<std::int64_t>(batch.size());
    spares_->keep(found);
  }

  bool push(Batch& batch) override {
    inputs_.see(batch);
    header_.see(batch);
    if (batch.empty()) return true;
    if (limit_) return push_top(batch);
    for (std::size_t r = 0; r < batch.size(); ++r) {
      auto fields = locator_.locate(batch[r], batch);
      keys_of(fields, probe_);
      for (std::size_t k = 0; k < keys_.size(); ++k) {
        const KeyValue& v = probe_[k];
        if (keys_[k].numeric) {
          numbers_[k].push_back(v.number);
          wides_[k].push_back(v.wide);
          if (v.rank == KeyValue::text_not_number) {
            not_numbers_[k].emplace_back(static_cast<std::uint32_t>(packed_->size()), packed_->store(v.text));
          }
        } else {
          // (a copy: the batch goes back to the reader; a key may be nested JSON)
          texts_[k].push_back(packed_->store(v.text));
        }
        ranks_[k].push_back(v.rank);
      }
      packed_->add(batch[r], batch);
    }
    if (packed_->bytes() + packed_->size() * kKeyBytes * keys_.size() > max_memory_) spill();
    return true;
  }

  void finish() override {
    if (limit_) return finish_top();
    if (!runs_.empty()) return finish_merge();
    std::vector<std::uint32_t> order = sorted_order();
    // The records given out are views into the packed records: every batch
    // given out keeps them alive (a final stage may hold it past emit(),
    // as import weir's queue does).
    std::shared_ptr<const PackedRecords> packed = std::move(packed_);
    auto start = [&](Batch& out) {
      inputs_.name(out);
      out.keep(packed);
      out.plain_delimiter = packed->plain_delimiter();
    };
    Batch out;
    start(out);
    bool more = true;
    // With more than one thread and many records, the first batches are
    // written here until the next stage writes the text it renders (a JSON
    // writer does once it has seen the columns' types); the rest are then
    // made and rendered on the threads.
    int probes = threads_ > 1 && order.size() >= kParallelSortSize ? 4 : 0;
    for (std::size_t i = 0; i < order.size() && more;) {
      const std::size_t last = std::min(order.size(), i + kOutputBatch);
      append_range(*packed, order, i, last, out);
      i = last;
      if (probes > 0) {
        --probes;
        TextBuffer text;
        if (const Header* header = next_->render(out, text);
            header && next_->push_rendered(header, text.view(), out.size())) {
          write_on_threads(order, i, *packed, start);
          next_->finish();
          return;
        }
      } else if (out.size() < kOutputBatch) {
        break;  // (the last batch: written below)
      }
      more = emit(out);
      out.clear();
      start(out);  // emit() may have moved the batch away
    }
    if (order.empty()) header_.bare(out);  // no record: the header line still
    if (more && (!out.empty() || out.bare_header)) emit(out);
    next_->finish();
  }

  // The records from order[from] on, in batches made and rendered on the
  // threads (the next stage's render()), handed on in order: as text where
  // the next stage takes it (push_rendered), else as the batch.
  template <class Start>
  void write_on_threads(const std::vector<std::uint32_t>& order, std::size_t from,
                        const PackedRecords& packed, const Start& start) {
    struct Piece {
      std::size_t first = 0, last = 0;
      Batch batch;
      TextBuffer text;
      const Header* header = nullptr;
    };
    std::vector<std::unique_ptr<Piece>> pieces;  // one per token
    const auto tokens = static_cast<std::size_t>(2 * threads_);
    for (std::size_t t = 0; t < tokens; ++t) pieces.push_back(std::make_unique<Piece>());
    std::size_t next_first = from, turn = 0;
    // (the first filter reads it, the last writes it: both serial, not on one thread)
    std::atomic<bool> more{true};
    auto cut = [&](tbb::flow_control& control) -> Piece* {
      if (!more || next_first == order.size()) {
        control.stop();
        return nullptr;
      }
      Piece* piece = pieces[turn++ % tokens].get();
      piece->first = next_first;
      piece->last = next_first = std::min(order.size(), next_first + kOutputBatch);
      return piece;
    };
    auto make = [&](Piece* piece) {
      piece->batch.clear();
      start(piece->batch);
      append_range(packed, order, piece->first, piece->last, piece->batch);
      piece->text.clear();
      piece->header = next_->render(piece->batch, piece->text);
      return piece;
    };
    auto hand_on = [&](Piece* piece) {
      if (!more) return;
      const bool written = piece->header &&
                           next_->push_rendered(piece->header, piece->text.view(), piece->batch.size());
      if (!written) more = emit(piece->batch);
    };
    on_threads(threads_, [&] {
      using tbb::filter_mode;
      tbb::parallel_pipeline(tokens, tbb::make_filter<void, Piece*>(filter_mode::serial_in_order, cut) &
                                         tbb::make_filter<Piece*, Piece*>(filter_mode::parallel, make) &
                                         tbb::make_filter<Piece*, void>(filter_mode::serial_in_order,
                                                                        hand_on));
    });
  }

  // The records order[first, last) appended to `out`, the next ones' memory fetched ahead.
  static void append_range(const PackedRecords& packed, const std::vector<std::uint32_t>& order,
                           std::size_t first, std::size_t last, Batch& out) {
    for (std::size_t i = first; i < last; ++i) {
      if (i + 16 < last) packed.prefetch_slot(order[i + 16]);
      if (i + 8 < last) packed.prefetch_fields(order[i + 8]);
      packed.append_to(order[i], out);
    }
  }

  // (a key no record has: the order, groups or counts would be off without a word)
  void notes(std::vector<std::string>& out) const override {
    locator_.notes("sort", out);
  }

 private:
  static constexpr std::size_t kOutputBatch = 8192;
  // the index's bytes per record and key: a number, its wide part and rank (or a text's view)
  static constexpr std::size_t kKeyBytes = 17;
  // records past which -j N orders them on its threads
  static constexpr std::size_t kParallelSortSize = 1 << 16;

  // The records' numbers in sorted order. The first key's value (a number,
  // or a text's first 16 bytes) sits side by side with its record number, so
  // that most comparisons read one contiguous array (looking each key up in
  // its arrays, and a text in the packed records, is a cache miss apiece);
  // the rest of the keys only where those are equal, and ties by record
  // number keep input order.
  std::vector<std::uint32_t> sorted_order() const {
    struct Key {
      double number;
      std::int64_t wide;
      std::uint64_t prefix[2];  // a text's first 16 bytes, big-endian: ordered as the bytes are
      std::uint32_t index;
      std::uint8_t rank;
      std::uint8_t length;  // the text's, up to 17: a text of 16 bytes or fewer is its prefix and length
    };
    const SortKey& first = keys_[0];
    const bool prefixed = !first.numeric && first.order == TextOrder::bytes;
    std::vector<Key> keys(packed_->size());
    for (std::uint32_t i = 0; i < keys.size(); ++i) {
      Key& key = keys[i];
      key = {0, 0, {0, 0}, i, ranks_[0][i], 0};
      if (first.numeric) {
        key.number = numbers_[0][i];
        key.wide = wides_[0][i];
      } else if (prefixed) {
        const std::string_view text = texts_[0][i];
        key.length = static_cast<std::uint8_t>(std::min<std::size_t>(text.size(), 17));
        for (std::size_t b = 0; b < 16; ++b) {
          std::uint64_t& word = key.prefix[b / 8];
          word = word << 8 | (b < text.size() ? static_cast<unsigned char>(text[b]) : 0u);
        }
      }
    }
    // equal first values: the other keys, and the whole first key again
    // when it is text past its 16 bytes (or in another order)
    auto less = [&](const Key& a, const Key& b) {
      if (a.rank != b.rank) return place(first, a.rank) < place(first, b.rank);  // values first, whatever the direction
      std::size_t rest = 0;
      if (a.rank == KeyValue::text_not_number) {
        const int c = compare_class_texts(first, not_number(0, a.index), not_number(0, b.index));
        if (c != 0) return c < 0;
        rest = 1;
      } else if (a.rank == KeyValue::value) {
        int c = 0;
        if (first.numeric) {
          c = compare_exact(a.number, a.wide, b.number, b.wide);
          rest = 1;
        } else if (prefixed) {
          c = a.prefix[0] != b.prefix[0] ? (a.prefix[0] < b.prefix[0] ? -1 : 1)
              : a.prefix[1] != b.prefix[1] ? (a.prefix[1] < b.prefix[1] ? -1 : 1)
                                           : 0;
          if (c == 0 && a.length <= 16 && b.length <= 16) {
            c = a.length < b.length ? -1 : a.length > b.length ? 1 : 0;  // ("ab" before "ab\0")
            rest = 1;
          }
        }
        if (c != 0) return first.reverse ? c > 0 : c < 0;
      } else {
        rest = 1;  // (no value: nothing to order by in the first key)
      }
      if (rest < keys_.size()) {
        if (const int c = order(a.index, b.index, rest); c != 0) return c < 0;
      }
      return a.index < b.index;
    };
    // (a total order, ties by input position: the same order on any number of threads)
    if (threads_ > 1 && keys.size() >= kParallelSortSize) {
      on_threads(threads_, [&] { tbb::parallel_sort(keys.begin(), keys.end(), less); });
    } else {
      std::sort(keys.begin(), keys.end(), less);
    }
    std::vector<std::uint32_t> out(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) out[i] = keys[i].index;
    return out;
  }

  // Writes the records held so far, sorted, to a new run and frees them.
  void spill() {
    auto run = std::make_unique<RunFile>();
    Batch one;
    for (std::uint32_t i : sorted_order()) {
      one.clear();
      packed_->append_to(i, one);
      run->write(one[0]);
    }
    runs_.push_back(std::move(run));
    packed_ = std::make_unique<PackedRecords>();
    for (auto& v : numbers_) v.clear();
    for (auto& v : wides_) v.clear();
    for (auto& v : texts_) v.clear();
    for (auto& v : not_numbers_) v.clear();
    for (auto& v : ranks_) v.clear();
  }

  // k-way merge of the runs; on equal keys the earlier run (earlier input) goes first.
  void finish_merge() {
    if (packed_->size() != 0) spill();
    std::vector<Candidate> heads(runs_.size());
    std::vector<std::size_t> live;
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      runs_[i]->rewind();
      if (runs_[i]->read(heads[i].record)) {
        set_keys(heads[i]);
        heads[i].index = static_cast<std::int64_t>(i);
        live.push_back(i);
      }
    }
    // the heap's top is the run whose record comes first
    auto after = [&](std::size_t a, std::size_t b) { return better(heads[b], heads[a]); };
    std::make_heap(live.begin(), live.end(), after);
    Batch out;
    inputs_.name(out);
    bool more = true;
    while (!live.empty() && more) {
      std::pop_heap(live.begin(), live.end(), after);
      std::size_t i = live.back();
      heads[i].record.append_to(out, true);  // the head is overwritten by the next read
      if (out.size() == kOutputBatch) {
        more = emit(out);
        out.clear();
        inputs_.name(out);  // emit() may have moved the batch away
      }
      if (runs_[i]->read(heads[i].record)) {
        set_keys(heads[i]);
        std::push_heap(live.begin(), live.end(), after);
      } else {
        live.pop_back();
      }
    }
    if (more && !out.empty()) emit(out);
    next_->finish();
    runs_.clear();
  }

  // The sort keys of a record read back from a run (views into its own strings).
  // (found as the records held in memory were: a key may be a path into
  // nested JSON, req.host; its text is copied, the batch reused)
  void set_keys(Candidate& c) {
    read_back_.clear();
    c.record.append_to(read_back_);
    auto fields = locator_.locate(read_back_[0], read_back_);
    keys_of(fields, c.keys);
    c.texts.resize(keys_.size());
    for (std::size_t k = 0; k < keys_.size(); ++k) {
      c.texts[k].assign(c.keys[k].text);
      c.keys[k].text = c.texts[k];
    }
  }

  // A record's keys. One without any of the key fields goes last, in input
  // order, whatever its other keys say (as in Miller): each of its keys is
  // then `missing`.
  void keys_of(std::span<const Field* const> fields, std::vector<KeyValue>& out) const {
    out.resize(keys_.size());
    bool whole = true;
    for (std::size_t k = 0; k < keys_.size(); ++k) {
      out[k] = key_of(fields[k], keys_[k]);
      whole = whole && out[k].rank != KeyValue::missing;
    }
    if (!whole) std::fill(out.begin(), out.end(), KeyValue{});
  }

  KeyValue key_of(const Field* f, const SortKey& key) const {
    KeyValue v;
    if (!f) return v;
    if (key.numeric) {
      if (f->is_null()) {
        v.rank = KeyValue::empty;
        return v;
      }
      std::optional<double> x = miller_number_of(*f);
      const bool number = x.has_value() && !std::isnan(*x);
      v.rank = number ? KeyValue::value : KeyValue::text_not_number;
      if (!number) v.text = f->value;
      v.number = number ? *x : 0;
      v.wide = number ? wide_part(*x, f->value) : 0;
    } else {
      // an empty value is text too, the least ("" first, as in Miller);
      // JSON null reads as empty
      v.rank = KeyValue::value;
      if (!f->is_null()) v.text = f->value;
    }
    return v;
  }

  /// -1, 0, 1: the order of two key lists (values first, whatever the direction).
  int compare_keys(const KeyValue* a, const KeyValue* b) const {
    for (std::size_t k = 0; k < keys_.size(); ++k) {
      if (a[k].rank != b[k].rank) return place(keys_[k], a[k].rank) < place(keys_[k], b[k].rank) ? -1 : 1;
      if (a[k].rank == KeyValue::text_not_number) {
        if (const int c = compare_class_texts(keys_[k], a[k].text, b[k].text); c != 0) return c;
        continue;
      }
      if (a[k].rank != KeyValue::value) continue;
      int c;
      if (keys_[k].numeric) {
        c = compare_exact(a[k].number, a[k].wide, b[k].number, b[k].wide);
      } else {
        int t = compare_text(a[k].text, b[k].text, keys_[k].order);
        c = t < 0 ? -1 : t > 0 ? 1 : 0;
      }
      if (c != 0) return keys_[k].reverse ? -c : c;
    }
    return 0;
  }

  // heap order: the worst candidate on top
  bool better(const Candidate& a, const Candidate& b) const {
    int c = compare_keys(a.keys.data(), b.keys.data());
    return c != 0 ? c < 0 : a.index < b.index;
  }

  bool push_top(Batch& batch) {
    for (std::size_t r = 0; r < batch.size(); ++r, ++seen_) offer(batch[r], batch, seen_);
    return true;
  }

  // The record at input position `index` into the heap, if it is among the best N so far.
  void offer(const RecordRef& record, Batch& batch, std::int64_t index) {
    auto worse = [this](const Candidate& a, const Candidate& b) { return better(a, b); };
    keys_of(locator_.locate(record, batch), probe_);
    if (heap_.size() == *limit_) {
      // not better than the worst kept: skip (a tie loses, being later)
      if (*limit_ == 0 || compare_keys(probe_.data(), heap_.front().keys.data()) >= 0) return;
      std::pop_heap(heap_.begin(), heap_.end(), worse);
      heap_.pop_back();
    }
    Candidate c;
    c.index = index;
    c.texts.reserve(keys_.size());
    c.keys = probe_;
    for (std::size_t k = 0; k < keys_.size(); ++k) {
      c.texts.emplace_back(probe_[k].text);
    }
    for (std::size_t k = 0; k < keys_.size(); ++k) c.keys[k].text = c.texts[k];
    c.record.assign(record);
    heap_.push_back(std::move(c));
    std::push_heap(heap_.begin(), heap_.end(), worse);
  }

  void finish_top() {
    std::sort(heap_.begin(), heap_.end(), [this](const Candidate& a, const Candidate& b) { return better(a, b); });
    Batch out;
    inputs_.name(out);
    // copied into the batch: heap_ is cleared below, and a stage after this one
    // (import weir's queue) may keep the batch past emit()
    for (const auto& c : heap_) c.record.append_to(out, true);
    if (!out.empty() || header_.bare(out)) emit(out);  // (none: the header line still)
    next_->finish();
    heap_.clear();
  }

  static std::vector<std::string> names(const std::vector<SortKey>& keys) {
    std::vector<std::string> out;
    for (const auto& k : keys) out.push_back(k.field);
    return out;
  }

  /// -1, 0, 1: record a against record b by the keys from `from` on, in
  /// the order they go out (values first, whatever the direction).
  int order(std::uint32_t a, std::uint32_t b, std::size_t from = 0) const {
    for (std::size_t k = from; k < keys_.size(); ++k) {
      std::uint8_t ra = ranks_[k][a], rb = ranks_[k][b];
      if (ra != rb) return place(keys_[k], ra) < place(keys_[k], rb) ? -1 : 1;
      if (ra == KeyValue::text_not_number) {
        if (const int c = compare_class_texts(keys_[k], not_number(k, a), not_number(k, b)); c != 0) return c;
        continue;
      }
      if (ra != KeyValue::value) continue;
      int c;
      if (keys_[k].numeric) {
        c = compare_exact(numbers_[k][a], wides_[k][a], numbers_[k][b], wides_[k][b]);
      } else {
        int t = compare_text(texts_[k][a], texts_[k][b], keys_[k].order);
        c = t < 0 ? -1 : t > 0 ? 1 : 0;
      }
      if (c != 0) return keys_[k].reverse ? -c : c;
    }
    return 0;
  }

  std::vector<SortKey> keys_;
  FieldLocator locator_;
  std::unique_ptr<PackedRecords> packed_ = std::make_unique<PackedRecords>();  // the records held
  std::vector<std::vector<double>> numbers_;         // per key, per entry
  std::vector<std::vector<std::int64_t>> wides_;     // per key, per entry: KeyValue::wide
  std::vector<std::vector<std::string_view>> texts_;  // per key, per entry
  std::vector<std::vector<std::uint8_t>> ranks_;
  // a numeric key's values that are no number: (record, its text), by record
  std::vector<std::vector<std::pair<std::uint32_t, std::string_view>>> not_numbers_;

  // The text of numeric key k in record `index`, which is no number.
  std::string_view not_number(std::size_t k, std::uint32_t index) const {
    const auto& texts = not_numbers_[k];
    auto at = std::lower_bound(texts.begin(), texts.end(), index,
                               [](const auto& entry, std::uint32_t i) { return entry.first < i; });
    WEIR_ASSERT(at != texts.end() && at->first == index);
    return at->second;
  }
  // bounded memory
  std::size_t max_memory_;
  int threads_;  // -j N
  std::vector<std::unique_ptr<RunFile>> runs_;
  Batch read_back_;  // a record read back from a run, for its keys
  // top-N mode
  std::optional<std::size_t> limit_;
  std::vector<Candidate> heap_;
  std::vector<KeyValue> probe_;
  std::int64_t seen_ = 0;
  // a fold's heap of its best records: slots of keys_.size() keys, their input positions
  std::vector<KeyValue> best_keys_;
  std::vector<std::int64_t> best_index_;
  std::vector<std::uint32_t> best_heap_;
  Sort* original_ = nullptr;     // a copy's (follow)
  std::shared_ptr<FoldSpares<Found>> spares_ = std::make_shared<FoldSpares<Found>>();
  FirstHeader header_;  // for an empty result
  InputNames inputs_;  // the input the records came from, named on the batches made here
};

// A key as written: KEY, or KEY:FLAGS (n, r, nr, c, cr, t, tr).
SortKey key_of_item(const std::string& item) {
  SortKey key;
  std::size_t colon = item.rfind(':');
  key.field = item.substr(0, colon);
  if (colon != std::string::npos) {
    std::string flags = item.substr(colon + 1);
    if (flags == "n") key.numeric = true;
    else if (flags == "r") key.reverse = true;
    else if (flags == "nr" || flags == "rn") key.numeric = key.reverse = true;
    else if (flags == "c" || flags == "cr") key.order = TextOrder::folded, key.reverse = flags == "cr";
    else if (flags == "t" || flags == "tr") key.order = TextOrder::natural, key.reverse = flags == "tr";
    else throw UsageError(fmt::format("sort: unknown key flag ':{}' in '{}' (use :n, :r, :nr, :c, :cr, :t or :tr)", flags, item));
  }
  if (key.field.empty()) throw UsageError(fmt::format("sort: empty field name in '{}'", item));
  return key;
}

std::size_t default_memory() {
  long pages = ::sysconf(_SC_PHYS_PAGES);
  long page = ::sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page <= 0) return std::size_t{1} << 30;
  return static_cast<std::size_t>(pages) * static_cast<std::size_t>(page) / 4;
}

struct SortOptions {
  std::size_t max_memory = default_memory();
  std::vector<SortKey> keys;  // Miller's flags', in command-line order
};

// The setter of one of Miller's flags: "-nr x,y" is x:nr,y:nr (in Miller's order with `text_first`).
void add_keys(SortOptions& o, const std::string& fields, std::string_view flags, bool text_first = false) {
  for (const auto& field : parse_field_list("", fields)) {
    if (field.find(':') != std::string::npos) {
      throw UsageError(fmt::format("'{}' after a flag such as -nr: a field name, without :flags", field));
    }
    o.keys.push_back(key_of_item(field + std::string(flags)));  // (a name and known flags: no error)
    o.keys.back().text_first = text_first;
  }
}

std::unique_ptr<Stage> make_sort(const SortOptions& o, const StageSpec& spec) {
  std::vector<SortKey> keys;
  for (const auto& arg : spec.args) {
    for (const auto& item : parse_field_list("sort", arg)) keys.push_back(key_of_item(item));
  }
  keys.insert(keys.end(), o.keys.begin(), o.keys.end());
  if (keys.empty()) {
    throw UsageError("sort: no key; usage: weir sort KEY[:n|:r|:nr|:c|:cr|:t|:tr][,KEY...] (or Miller's -f, -r, -nf, -nr, -c, -t)");
  }
  return std::make_unique<Sort>(std::move(keys), o.max_memory, spec.context ? spec.context->threads : 1);
}

}  // namespace

StageInfo sort_stage_info() {
  return with_options<SortOptions>(
      {
          .name = "sort",
          .summary = "stable sort by keys: KEY (text), KEY:n (numbers), :r / :nr reversed",
          .usage = "sort KEY[:n|:r|:nr|:c|:cr|:t|:tr][,KEY...]",
          .description = "Sorts the records, stably, by the keys in order: KEY as text, KEY:n as "
                         "numbers, KEY:r and KEY:nr in reverse; KEY:c as text with case folded (ASCII) and KEY:t "
                         "in natural order (runs of digits by their value: a2 before a10), :cr and :tr in "
                         "reverse. An empty value is the least text; for :n and "
                         ":nr, records with no number there go after the numbers (an empty value before other "
                         "text, which goes by its bytes, as Miller's -nf has them). A record without one of the "
                         "keys goes last, in input order, as in Miller. "
                         "Past --max-memory "
                         "(default: a quarter of the machine's memory) sorted runs are written to "
                         "temporary files in $TMPDIR (default /tmp) and merged at the end, so inputs "
                         "larger than memory sort. Followed by head -n N, sort keeps only N records (of a CSV "
                         "file it reads only the keys of the others, and each -j thread picks its chunks' best "
                         "N). With more than one thread (-j N; by default every core), sort orders 64Ki "
                         "records or more on them, and makes its output there when the writer takes it next. "
                         "Miller's flags name the keys instead: -f a -nr x is a,x:nr, except that Miller's -nr "
                         "turns the whole order of -nf around (other text, then empty values, then the numbers, "
                         "as Miller does), where :nr keeps the numbers first; -c, -cr, -t and -tr are a,x:c "
                         "and so on.",
          .min_args = 1,
          .max_args = 1,
          .arg_kind = OptionKind::fields,
          .examples = {{"weir sort latency_ms:nr then head -n 3 examples/access.csv", "the three slowest requests"},
                       {"weir sort country,latency_ms:n examples/access.csv", "by country, then fastest first"},
                       {"weir sort -f country -nr latency_ms examples/access.csv",
                        "Miller's flags: by country, then slowest first"}},
          .arg_options = {"text", "text-desc", "numeric-asc", "numeric-desc", "numeric", "case-fold-desc", "case-fold",
                          "natural-desc", "natural"},
      },
      {{{"", "--max-memory", "SIZE", "memory to use before spilling to disk: 500M, 2G, ... (bytes without a suffix)", OptionKind::size},
        sets<&SortOptions::max_memory>},
       // Miller's flags (mlr sort -f a -nr x): the keys in place of KEY,...
       {{"-f", "--text", "FIELDS", "sort by these fields as text, ascending (Miller's -f; KEY)", OptionKind::fields},
        [](SortOptions& o, const std::string& v) { add_keys(o, v, ""); }},
       {{"-r", "--text-desc", "FIELDS", "as text, descending (Miller's -r; KEY:r)", OptionKind::fields},
        [](SortOptions& o, const std::string& v) { add_keys(o, v, ":r"); }},
       {{"-nf", "--numeric-asc", "FIELDS", "as numbers, ascending (Miller's -nf, the same as -n)", OptionKind::fields},
        [](SortOptions& o, const std::string& v) { add_keys(o, v, ":n"); }},
       {{"-nr", "--numeric-desc", "FIELDS", "as numbers, descending (Miller's -nr; KEY:nr)", OptionKind::fields},
        [](SortOptions& o, const std::string& v) { add_keys(o, v, ":nr", true); }},
       {{"-n", "--numeric", "FIELDS", "as numbers, ascending (Miller's -n; KEY:n)", OptionKind::fields},
        [](SortOptions& o, const std::string& v) { add_keys(o, v, ":n"); }},
       // (rows of their own, so that -cr is not read as -c r, weir's --config)
       {{"-cr", "--case-fold-desc", "FIELDS", "as text with case folded, descending (Miller's -cr; KEY:cr)", OptionKind::fields},
        [](SortOptions& o, const std::string& v) { add_keys(o, v, ":cr"); }},
       {{"-c", "--case-fold", "FIELDS", "as text with case folded, ascending (Miller's -c; KEY:c)", OptionKind::fields},
        [](SortOptions& o, const std::string& v) { add_keys(o, v, ":c"); }},
       {{"-tr", "--natural-desc", "FIELDS", "in natural order, descending (Miller's -tr or -rt; KEY:tr)",
         OptionKind::fields, {}, 0, std::numeric_limits<std::int64_t>::max(), nullptr, "-rt"},
        [](SortOptions& o, const std::string& v) { add_keys(o, v, ":tr"); }},
       {{"-t", "--natural", "FIELDS", "in natural order: digits by their value, a2 before a10 (Miller's -t; KEY:t)", OptionKind::fields},
        [](SortOptions& o, const std::string& v) { add_keys(o, v, ":t"); }}},
      make_sort);
}

}  // namespace weir
