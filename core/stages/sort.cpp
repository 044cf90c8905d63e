// sort KEY[:n|:r|:nr]...: a stable sort on one or more keys. KEY sorts as
// text, KEY:n as numbers, :r and :nr in reverse. Records without the key
// (or, for :n, without a number there) go last, in input order.
//
// The input batches are kept whole (no copying) and an index over them is
// sorted; memory is about the size of the input. When the next stage takes
// only N records (sort ... then head -n N), only the first N are kept, in a
// heap, as copies: memory is N records and the input streams through.

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/stages/field_locator.hpp"
#include "core/stages/stage.hpp"

namespace weir {

namespace {

struct SortKey {
  std::string field;
  bool numeric = false;
  bool reverse = false;
};

struct Entry {
  std::uint32_t batch;
  std::uint32_t record;
};

/// One key of one record: a number, a text, or absent.
struct KeyValue {
  bool present = false;
  double number = 0;
  std::string_view text;
};

/// A record kept by the top-N mode, with its own copy of its text.
struct Candidate {
  std::int64_t index = 0;  // input position: ties keep input order
  std::vector<KeyValue> keys;
  std::vector<std::string> texts;  // owned key texts
  Provenance where;
  std::vector<std::string> names;
  std::vector<std::string> values;
  std::vector<ValueKind> kinds;
};

class Sort final : public Stage {
 public:
  explicit Sort(std::vector<SortKey> keys) : keys_(std::move(keys)), locator_(names(keys_)) {
    numbers_.resize(keys_.size());
    texts_.resize(keys_.size());
    present_.resize(keys_.size());
  }

  void limit_output(std::size_t n) override { limit_ = n; }

  bool push(Batch& batch) override {
    if (batch.empty()) return true;
    if (limit_) return push_top(batch);
    auto b = static_cast<std::uint32_t>(kept_.size());
    for (std::size_t r = 0; r < batch.size(); ++r) {
      auto fields = locator_.locate(batch[r], batch);
      for (std::size_t k = 0; k < keys_.size(); ++k) {
        const Field* f = fields[k];
        bool present = f && !f->is_null();
        if (keys_[k].numeric) {
          std::optional<double> x = present ? f->number() : std::nullopt;
          if (present && !x && f->kind == ValueKind::string) x = Field(std::string_view(), f->value).number();
          present = x.has_value() && !std::isnan(*x);
          numbers_[k].push_back(present ? *x : 0);
        } else {
          texts_[k].push_back(present ? f->value : std::string_view());
        }
        present_[k].push_back(present);
      }
      entries_.push_back(Entry{b, static_cast<std::uint32_t>(r)});
    }
    kept_.push_back(std::move(batch));
    return true;
  }

  void finish() override {
    if (limit_) return finish_top();
    std::vector<std::uint32_t> order(entries_.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [this](std::uint32_t a, std::uint32_t b) { return less(a, b); });
    Batch out;
    bool more = true;
    for (std::size_t i = 0; i < order.size() && more; ++i) {
      const Entry& e = entries_[order[i]];
      RecordRef record = kept_[e.batch][e.record];
      out.begin_record(record.where(), record.header());
      for (const Field& f : record.fields()) out.add_field(f);
      if (out.size() == kOutputBatch) {
        more = emit(out);
        out.clear();
      }
    }
    if (more && !out.empty()) emit(out);
    next_->finish();
    kept_.clear();
  }

 private:
  static constexpr std::size_t kOutputBatch = 8192;

  KeyValue key_of(const Field* f, const SortKey& key) const {
    KeyValue v;
    if (!f || f->is_null()) return v;
    if (key.numeric) {
      std::optional<double> x = f->number();
      if (!x && f->kind == ValueKind::string) x = Field(std::string_view(), f->value).number();
      v.present = x.has_value() && !std::isnan(*x);
      v.number = v.present ? *x : 0;
    } else {
      v.present = true;
      v.text = f->value;
    }
    return v;
  }

  /// -1, 0, 1: the order of two key lists (absent keys last, whatever the direction).
  int compare_keys(const std::vector<KeyValue>& a, const std::vector<KeyValue>& b) const {
    for (std::size_t k = 0; k < keys_.size(); ++k) {
      if (a[k].present != b[k].present) return a[k].present ? -1 : 1;
      if (!a[k].present) continue;
      int c;
      if (keys_[k].numeric) {
        c = a[k].number < b[k].number ? -1 : a[k].number > b[k].number ? 1 : 0;
      } else {
        int t = a[k].text.compare(b[k].text);
        c = t < 0 ? -1 : t > 0 ? 1 : 0;
      }
      if (c != 0) return keys_[k].reverse ? -c : c;
    }
    return 0;
  }

  // heap order: the worst candidate on top
  bool better(const Candidate& a, const Candidate& b) const {
    int c = compare_keys(a.keys, b.keys);
    return c != 0 ? c < 0 : a.index < b.index;
  }

  bool push_top(Batch& batch) {
    auto worse = [this](const Candidate& a, const Candidate& b) { return better(a, b); };
    for (std::size_t r = 0; r < batch.size(); ++r, ++seen_) {
      RecordRef record = batch[r];
      auto fields = locator_.locate(record, batch);
      probe_.resize(keys_.size());
      for (std::size_t k = 0; k < keys_.size(); ++k) probe_[k] = key_of(fields[k], keys_[k]);
      if (heap_.size() == *limit_) {
        // not better than the worst kept: skip (a tie loses, being later)
        if (*limit_ == 0 || compare_keys(probe_, heap_.front().keys) >= 0) continue;
        std::pop_heap(heap_.begin(), heap_.end(), worse);
        heap_.pop_back();
      }
      Candidate c;
      c.index = seen_;
      c.where = record.where();
      c.texts.reserve(keys_.size());
      c.keys = probe_;
      for (std::size_t k = 0; k < keys_.size(); ++k) {
        c.texts.emplace_back(probe_[k].text);
      }
      for (std::size_t k = 0; k < keys_.size(); ++k) c.keys[k].text = c.texts[k];
      for (const Field& f : record.fields()) {
        c.names.emplace_back(f.name);
        c.values.emplace_back(f.value);
        c.kinds.push_back(f.kind);
      }
      heap_.push_back(std::move(c));
      std::push_heap(heap_.begin(), heap_.end(), worse);
    }
    return true;
  }

  void finish_top() {
    std::sort(heap_.begin(), heap_.end(), [this](const Candidate& a, const Candidate& b) { return better(a, b); });
    Batch out;
    for (const auto& c : heap_) {
      out.begin_record(c.where);
      for (std::size_t i = 0; i < c.names.size(); ++i) out.add_field(Field(c.names[i], c.values[i], c.kinds[i]));
    }
    if (!out.empty()) emit(out);
    next_->finish();
    heap_.clear();
  }

  static std::vector<std::string> names(const std::vector<SortKey>& keys) {
    std::vector<std::string> out;
    for (const auto& k : keys) out.push_back(k.field);
    return out;
  }

  bool less(std::uint32_t a, std::uint32_t b) const {
    for (std::size_t k = 0; k < keys_.size(); ++k) {
      bool pa = present_[k][a], pb = present_[k][b];
      if (pa != pb) return pa;  // present values first, whatever the direction
      if (!pa) continue;
      int c;
      if (keys_[k].numeric) {
        double x = numbers_[k][a], y = numbers_[k][b];
        c = x < y ? -1 : x > y ? 1 : 0;
      } else {
        int t = texts_[k][a].compare(texts_[k][b]);
        c = t < 0 ? -1 : t > 0 ? 1 : 0;
      }
      if (c != 0) return keys_[k].reverse ? c > 0 : c < 0;
    }
    return false;
  }

  std::vector<SortKey> keys_;
  FieldLocator locator_;
  std::vector<Batch> kept_;
  std::vector<Entry> entries_;
  std::vector<std::vector<double>> numbers_;         // per key, per entry
  std::vector<std::vector<std::string_view>> texts_;  // per key, per entry
  std::vector<std::vector<bool>> present_;
  // top-N mode
  std::optional<std::size_t> limit_;
  std::vector<Candidate> heap_;
  std::vector<KeyValue> probe_;
  std::int64_t seen_ = 0;
};

std::vector<SortKey> parse_keys(const std::vector<std::string>& args) {
  std::vector<SortKey> keys;
  for (const auto& arg : args) {
    for (const auto& item : parse_field_list("sort", arg)) {
      SortKey key;
      std::size_t colon = item.rfind(':');
      key.field = item.substr(0, colon);
      if (colon != std::string::npos) {
        std::string flags = item.substr(colon + 1);
        if (flags == "n") key.numeric = true;
        else if (flags == "r") key.reverse = true;
        else if (flags == "nr" || flags == "rn") key.numeric = key.reverse = true;
        else throw UsageError(fmt::format("sort: unknown key flag ':{}' in '{}' (use :n, :r or :nr)", flags, item));
      }
      if (key.field.empty()) throw UsageError(fmt::format("sort: empty field name in '{}'", item));
      keys.push_back(key);
    }
  }
  return keys;
}

}  // namespace

StageInfo sort_stage_info() {
  return {
      .name = "sort",
      .summary = "stable sort by keys: KEY (text), KEY:n (numbers), :r / :nr reversed",
      .usage = "sort KEY[:n|:r|:nr][,KEY...]",
      .description = "Sorts the records, stably, by the keys in order: KEY as text, KEY:n as "
                     "numbers, KEY:r and KEY:nr in reverse. Records without a key (or without a "
                     "number there, for :n) go after the others, in input order. Holds the whole "
                     "input in memory.",
      .options = {},
      .min_args = 1,
      .max_args = 1,
      .examples = {{"weir sort latency_ms:nr then head -n 3 examples/access.csv", "the three slowest requests"},
                   {"weir sort country,latency_ms:n examples/access.csv", "by country, then fastest first"}},
      .make = [](const StageSpec& spec) -> std::unique_ptr<Stage> {
        return std::make_unique<Sort>(parse_keys(spec.args));
      },
  };
}

}  // namespace weir
