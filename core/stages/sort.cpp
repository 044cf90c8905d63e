// sort KEY[:n|:r|:nr]...: a stable sort on one or more keys. KEY sorts as
// text, KEY:n as numbers, :r and :nr in reverse. Records without the key
// (or, for :n, without a number there) go last, in input order.
//
// The input batches are kept whole (no copying) and an index over them is
// sorted; memory is about the size of the input.

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

class Sort final : public Stage {
 public:
  explicit Sort(std::vector<SortKey> keys) : keys_(std::move(keys)), locator_(names(keys_)) {
    numbers_.resize(keys_.size());
    texts_.resize(keys_.size());
    present_.resize(keys_.size());
  }

  bool push(Batch& batch) override {
    if (batch.empty()) return true;
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
