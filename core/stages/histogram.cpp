// histogram -f FIELDS (--lo L --hi H | --auto) [--nbins N] [-o PREFIX]:
// counts of each field's values in N equal bins, as Miller's histogram:
// one record per bin, bin_lo, bin_hi and FIELD_count. Values outside
// [lo, hi] are not counted (hi itself goes in the last bin); a value that
// is not a number is not counted either (Miller stops with an error).

#include <charconv>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/stages/number_field.hpp"
#include "core/stages/field_locator.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/univariate.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

struct HistogramOptions {
  std::vector<std::string> fields;  // -f (required: empty when not given)
  double lo = 0;
  double hi = 0;
  std::optional<std::string> lo_text, hi_text;  // --lo and --hi as given, for messages
  std::size_t bins = 20;
  bool automatic = false;
  std::string prefix;
};

class Histogram final : public Stage {
 public:
  explicit Histogram(HistogramOptions o)
      : o_(std::move(o)), locator_(o_.fields), counts_(o_.fields.size(), std::vector<std::int64_t>(o_.bins, 0)),
        held_(o_.fields.size()) {
    names_.push_back(o_.prefix + "bin_lo");
    names_.push_back(o_.prefix + "bin_hi");
    for (const auto& f : o_.fields) names_.push_back(o_.prefix + f + "_count");
  }

  bool push(Batch& batch) override {
    inputs_.see(batch);
    for (std::size_t r = 0; r < batch.size(); ++r) {
      auto values = locator_.locate(batch[r], batch);
      for (std::size_t f = 0; f < values.size(); ++f) {
        if (!values[f]) continue;
        std::optional<double> v = miller_number_of(*values[f]);
        if (!v) continue;
        if (o_.automatic) held_[f].push_back(*v);
        else count(f, *v);
      }
    }
    return true;
  }

  void finish() override {
    if (o_.automatic) {
      o_.lo = std::numeric_limits<double>::infinity();
      o_.hi = -o_.lo;
      for (const auto& values : held_) {
        for (double v : values) o_.lo = std::min(o_.lo, v), o_.hi = std::max(o_.hi, v);
      }
      if (std::isfinite(o_.lo)) {
        for (std::size_t f = 0; f < held_.size(); ++f) {
          for (double v : held_[f]) count(f, v);
        }
      }
    }
    Batch out;
    inputs_.name(out);
    if (std::isfinite(o_.lo) || !o_.automatic) {
      const double mul = static_cast<double>(o_.bins) / (o_.hi - o_.lo);
      for (std::size_t i = 0; i < o_.bins; ++i) {
        out.begin_record(Provenance{});
        out.add_field(number(names_[0], o_.lo + static_cast<double>(i) / mul, out));
        out.add_field(number(names_[1], o_.lo + static_cast<double>(i + 1) / mul, out));
        for (std::size_t f = 0; f < o_.fields.size(); ++f) {
          out.add_field(number(names_[2 + f], static_cast<double>(counts_[f][i]), out));
        }
      }
    }
    if (!out.empty()) emit(out);
    next_->finish();
  }

  // (a key no record has: the order, groups or counts would be off without a word)
  void notes(std::vector<std::string>& out) const override {
    locator_.notes("histogram", out);
  }

 private:
  void count(std::size_t f, double v) {
    if (v < o_.lo || v > o_.hi) return;
    const double mul = static_cast<double>(o_.bins) / (o_.hi - o_.lo);
    auto i = v == o_.hi ? o_.bins - 1 : static_cast<std::size_t>((v - o_.lo) * mul);
    if (i >= o_.bins) i = o_.bins - 1;
    ++counts_[f][i];
  }

  static Field number(std::string_view name, double x, Batch& out) { return number_field(x, out, name); }

  HistogramOptions o_;
  FieldLocator locator_;
  std::vector<std::vector<std::int64_t>> counts_;  // field, bin
  std::vector<std::vector<double>> held_;          // --auto: every value, per field
  std::vector<std::string> names_;
  InputNames inputs_;
};

}  // namespace

StageInfo histogram_stage_info() {
  return with_options<HistogramOptions>(
      {
          .name = "histogram",
          .summary = "counts of values in equal bins between --lo and --hi (or --auto)",
          .usage = "histogram -f FIELDS (--lo L --hi H | --auto) [--nbins N] [-o PREFIX]",
          .description = "As Miller's histogram: one record per bin with bin_lo, bin_hi and FIELD_count for "
                         "each field, N bins (default 20) of equal width from --lo to --hi; values outside "
                         "are not counted (--hi itself is, in the last bin). --auto takes the bounds from the "
                         "smallest and largest value, holding the values in memory. A value that is not a "
                         "number is not counted.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir histogram -f latency_ms --lo 0 --hi 500 --nbins 5 examples/access.csv",
                        "latencies in five bins of 100 ms"}},
      },
      {{{"-f", "--fields", "FIELDS", "the fields", OptionKind::fields}, sets<&HistogramOptions::fields>},
       {{"", "--lo", "L", "the low bound", OptionKind::number},
        [](HistogramOptions& o, const std::string& v) { o.lo = number_value(v), o.lo_text = v; }},
       {{"", "--hi", "H", "the high bound", OptionKind::number},
        [](HistogramOptions& o, const std::string& v) { o.hi = number_value(v), o.hi_text = v; }},
       {{"", "--nbins", "N", "how many bins (default 20)", OptionKind::count, {}, 1},
        [](HistogramOptions& o, const std::string& v) { o.bins = static_cast<std::size_t>(count_value(v)); }},
       {{"", "--auto", "", "bounds from the data", OptionKind::flag}, sets<&HistogramOptions::automatic>},
       {{"-o", "--prefix", "PREFIX", "prefix for the output field names", OptionKind::text},
        sets<&HistogramOptions::prefix>}},
      [](const HistogramOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        if (o.fields.empty()) throw UsageError("histogram: -f FIELDS is required");
        if (!o.automatic) {
          if (!o.lo_text || !o.hi_text) throw UsageError("histogram: give --lo and --hi, or --auto");
          if (!(o.lo < o.hi)) {
            throw UsageError(
                fmt::format("histogram: --lo ({}) must be below --hi ({})", *o.lo_text, *o.hi_text));
          }
        }
        return std::make_unique<Histogram>(o);
      });
}

}  // namespace weir
