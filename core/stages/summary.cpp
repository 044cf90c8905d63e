// summary [-a NAMES | -x NAMES | --all] [--transpose]: what is in each field
// of the input, as Miller 6's summary: one record per field (field_name, then
// the summarizers in Miller's order), or with --transpose one record per
// summarizer and a column per field. The default summarizers are Miller's:
// field_type, count, null_count, distinct_count, mean, min, max.

#include <algorithm>
#include <deque>
#include <unordered_map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/errors/error.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/univariate.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

enum class SummaryKind { type, accumulator, percentile, fence };

struct Summarizer {
  std::string_view name;
  SummaryKind kind;
  std::string_view help;
};

// Miller's order, which the output follows whatever order -a names them in.
const std::vector<Summarizer>& summarizers() {
  static const std::vector<Summarizer> all = {
      {"field_type", SummaryKind::type, "int, float, string, empty, ... (every type met, joined by -)"},
      {"count", SummaryKind::accumulator, "how many records have the field"},
      {"null_count", SummaryKind::accumulator, "how many of its values are empty or JSON null"},
      {"distinct_count", SummaryKind::accumulator, "how many distinct values (as text)"},
      {"mode", SummaryKind::accumulator, "the most frequent value (the first met on a tie)"},
      {"sum", SummaryKind::accumulator, "the sum of its numbers"},
      {"mean", SummaryKind::accumulator, "the mean of its numbers"},
      {"stddev", SummaryKind::accumulator, "the sample standard deviation of its numbers"},
      {"var", SummaryKind::accumulator, "the sample variance of its numbers"},
      {"skewness", SummaryKind::accumulator, "the skewness of its numbers"},
      {"minlen", SummaryKind::accumulator, "the length of the shortest value (characters)"},
      {"maxlen", SummaryKind::accumulator, "the length of the longest value"},
      {"min", SummaryKind::accumulator, "the least value (numbers < empty < text)"},
      {"p25", SummaryKind::percentile, "the first quartile"},
      {"median", SummaryKind::percentile, "the median"},
      {"p75", SummaryKind::percentile, "the third quartile"},
      {"max", SummaryKind::accumulator, "the greatest value"},
      {"iqr", SummaryKind::fence, "p75 - p25"},
      {"lof", SummaryKind::fence, "lower outer fence: p25 - 3.0 * iqr"},
      {"lif", SummaryKind::fence, "lower inner fence: p25 - 1.5 * iqr"},
      {"uif", SummaryKind::fence, "upper inner fence: p75 + 1.5 * iqr"},
      {"uof", SummaryKind::fence, "upper outer fence: p75 + 3.0 * iqr"},
  };
  return all;
}

struct FieldSummary {
  std::string name;
  std::vector<MillerType> types;  // in the order met
  Univariate values;
};

class Summary final : public Stage {
 public:
  Summary(std::vector<bool> chosen, bool transpose) : chosen_(std::move(chosen)), transpose_(transpose) {
    const auto& all = summarizers();
    for (std::size_t s = 0; s < all.size(); ++s) {
      if (!chosen_[s]) continue;
      keep_values_ |= all[s].kind == SummaryKind::percentile || all[s].kind == SummaryKind::fence;
      distinct_ |= all[s].name == "distinct_count" || all[s].name == "mode";
      if (all[s].kind == SummaryKind::accumulator || all[s].kind == SummaryKind::percentile) {
        specs_.push_back(*parse_univariate(all[s].name));
      } else {
        specs_.push_back(UnivariateSpec{UnivariateKind::count, 0, std::string(all[s].name)});
      }
    }
  }

  bool push(Batch& batch) override {
    inputs_.see(batch);
    for (std::size_t r = 0; r < batch.size(); ++r) {
      for (const Field& f : batch[r].fields()) {
        FieldSummary& s = field(f.name);
        MillerType type = miller_type(f);
        if (std::find(s.types.begin(), s.types.end(), type) == s.types.end()) s.types.push_back(type);
        s.values.add(f);
      }
    }
    return true;
  }

  void finish() override {
    Batch out;
    inputs_.name(out);
    const auto& all = summarizers();
    if (!transpose_) {
      for (FieldSummary& s : fields_) {
        out.begin_record(Provenance{});
        out.add_field(Field("field_name", out.store(s.name), ValueKind::string));
        std::size_t k = 0;
        for (std::size_t i = 0; i < all.size(); ++i) {
          if (!chosen_[i]) continue;
          Field f = result(s, all[i], specs_[k++], out);
          f.name = all[i].name;
          out.add_field(f);
        }
      }
    } else if (!fields_.empty()) {
      std::size_t k = 0;
      for (std::size_t i = 0; i < all.size(); ++i) {
        if (!chosen_[i]) continue;
        out.begin_record(Provenance{});
        out.add_field(Field("field_name", all[i].name, ValueKind::string));
        for (FieldSummary& s : fields_) {
          Field f = result(s, all[i], specs_[k], out);
          f.name = out.store(s.name);
          out.add_field(f);
        }
        ++k;
      }
    }
    if (!out.empty()) emit(out);
    next_->finish();
  }

 private:
  FieldSummary& field(std::string_view name) {
    auto it = index_.find(name);
    if (it != index_.end()) return fields_[it->second];
    fields_.push_back(FieldSummary{std::string(name), {}, Univariate(keep_values_, distinct_)});
    // the map's key views the name the deque keeps in place
    index_.emplace(fields_.back().name, fields_.size() - 1);
    return fields_.back();
  }

  Field result(FieldSummary& s, const Summarizer& what, const UnivariateSpec& spec, Batch& out) {
    switch (what.kind) {
      case SummaryKind::type: {
        std::string types;
        for (MillerType t : s.types) {
          if (!types.empty()) types += '-';
          types += miller_type_name(t);
        }
        return Field({}, out.store(types), ValueKind::string);
      }
      case SummaryKind::fence: return s.values.fence(what.name, out);
      default: return s.values.result(spec, false, out);
    }
  }

  std::vector<bool> chosen_;  // per summarizers() row
  std::vector<UnivariateSpec> specs_;  // per chosen row
  bool transpose_;
  bool keep_values_ = false;
  bool distinct_ = false;
  std::deque<FieldSummary> fields_;
  std::unordered_map<std::string_view, std::size_t> index_;
  InputNames inputs_;
};

// The summarizers in `text` chosen (or, !chosen, all but them), per summarizers() row.
std::vector<bool> parse_summarizers(const std::string& text, bool chosen) {
  const auto& all = summarizers();
  std::vector<bool> out(all.size(), !chosen);
  std::vector<std::string> names;
  for (const auto& s : all) names.emplace_back(s.name);
  for (const std::string& name : parse_field_list("", text)) {
    auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
      throw UsageError(fmt::format("unknown summarizer '{}'{}; known: {}", name, did_you_mean(name, names),
                                   fmt::join(names, ", ")));
    }
    out[static_cast<std::size_t>(it - names.begin())] = chosen;
  }
  return out;
}

// Miller's default summarizers.
std::vector<bool> default_summarizers() {
  const auto& all = summarizers();
  std::vector<bool> chosen(all.size(), false);
  for (const auto& s : {"field_type", "count", "null_count", "distinct_count", "mean", "min", "max"}) {
    for (std::size_t i = 0; i < all.size(); ++i) chosen[i] = chosen[i] || all[i].name == s;
  }
  return chosen;
}

// The last of -a, -x, --all wins, as in Miller.
struct SummaryOptions {
  std::vector<bool> chosen = default_summarizers();  // per summarizers() row
  bool transpose = false;
};

}  // namespace

StageInfo summary_stage_info() {
  return with_options<SummaryOptions>(
      {
          .name = "summary",
          .summary = "per field: type, count, nulls, distinct values, mean, min, max (and more with -a)",
          .usage = "summary [-a NAMES | -x NAMES | --all] [--transpose]",
          .description =
              "As Miller 6's summary: a record per field of the input, in the order the fields were first met: "
              "field_name, then the summarizers in this order: field_type (every type met: int, float, "
              "string, empty, ..., joined by -), count, null_count, distinct_count, mode, sum, mean, stddev, "
              "var, skewness, minlen, maxlen, min, p25, median, p75, max, iqr, lof, lif, uif, uof (p75 - p25 "
              "and the outer and inner fences). By default field_type, count, null_count, distinct_count, "
              "mean, min and max. sum, mean and the moments read numbers only; min, max and the "
              "percentiles order numbers before the empty value before text. --transpose gives a record "
              "per summarizer and a column per field.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir summary examples/access.csv", "what each column holds"},
                       {"weir summary -a minlen,maxlen,p25,median,p75 --to table examples/access.csv",
                        "lengths and quartiles"}},
      },
      {{{"-a", "--accumulators", "NAMES", "only these summarizers", OptionKind::list},
        [](SummaryOptions& o, const std::string& v) { o.chosen = parse_summarizers(v, true); }},
       {{"-x", "--exclude", "NAMES", "every summarizer but these", OptionKind::list},
        [](SummaryOptions& o, const std::string& v) { o.chosen = parse_summarizers(v, false); }},
       {{"", "--all", "", "every summarizer", OptionKind::flag},
        [](SummaryOptions& o, const std::string&) { o.chosen.assign(summarizers().size(), true); }},
       {{"", "--transpose", "", "a record per summarizer, a column per field", OptionKind::flag},
        sets<&SummaryOptions::transpose>}},
      [](const SummaryOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        return std::make_unique<Summary>(o.chosen, o.transpose);
      });
}

}  // namespace weir
