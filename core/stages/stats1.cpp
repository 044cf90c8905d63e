// stats1 -a ACCUMULATORS -f FIELDS [-g FIELDS] [-i]: Miller's stats1, with
// its accumulators, rules and output, for commands brought from Miller.
// weir's own `stats` is the faster verb for numbers (it runs on every core
// and leaves text out of min and max); stats1 follows Miller where the two
// differ:
//  - every accumulator of Miller's (count, null_count, distinct_count,
//    mode, antimode, sum, mean, var, stddev, meaneb, skewness, kurtosis,
//    min, max, minlen, maxlen, median, pNN), on Univariate;
//  - an empty value counts for null_count only; text counts for count,
//    mode, min, max (numbers < text) and percentiles;
//  - a group's fields come in the order the group first had them, and a
//    field the group never had gets no outputs;
//  - a percentile, and the min or max of one value, is the value as written.

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/stages/field_locator.hpp"
#include "core/stages/group_table.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/univariate.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class Stats1 final : public Stage {
 public:
  Stats1(std::vector<UnivariateSpec> accumulators, std::vector<std::string> fields,
         std::vector<std::string> group_by, bool interpolate)
      : accumulators_(std::move(accumulators)),
        fields_(std::move(fields)),
        group_by_(std::move(group_by)),
        interpolate_(interpolate),
        values_(fields_),
        group_fields_(group_by_) {
    for (const auto& a : accumulators_) {
      keep_values_ |= a.kind == UnivariateKind::percentile;
      distinct_ |= a.kind == UnivariateKind::distinct_count || a.kind == UnivariateKind::mode ||
                   a.kind == UnivariateKind::antimode;
    }
  }

  std::optional<FieldUse> field_use() const override {
    FieldUse use{fields_, false};
    use.reads.insert(use.reads.end(), group_by_.begin(), group_by_.end());
    return use;
  }

  bool push(Batch& batch) override {
    inputs_.see(batch);
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      std::size_t g = 0;
      if (!group_by_.empty()) {
        auto keys = group_fields_.locate(record, batch);
        if (!all_found(keys)) continue;  // no group: left out, as in Miller
        g = groups_.find_or_add(keys);
      }
      if (g == groups_seen_.size()) groups_seen_.emplace_back();
      std::vector<Column>& columns = groups_seen_[g];
      auto values = values_.locate(record, batch);
      for (std::size_t f = 0; f < values.size(); ++f) {
        if (!values[f]) continue;
        Column* column = nullptr;
        for (Column& c : columns) {
          if (c.field == f) column = &c;
        }
        if (!column) column = &columns.emplace_back(f, keep_values_, distinct_);
        if (values[f]->value.empty() && values[f]->kind != ValueKind::json) column->acc.add_empty();
        else column->acc.add(*values[f]);
      }
    }
    return true;
  }

  void finish() override {
    Batch out;
    inputs_.name(out);
    for (std::size_t g = 0; g < groups_seen_.size(); ++g) {
      if (group_by_.empty() && groups_seen_[g].empty()) continue;  // (Miller writes an empty record)
      out.begin_record(Provenance{});
      for (std::size_t k = 0; k < group_by_.size(); ++k) {
        out.add_field(Field(group_by_[k], groups_.values(g)[k], groups_.kinds(g)[k]));
      }
      for (Column& column : groups_seen_[g]) {
        for (const UnivariateSpec& a : accumulators_) {
          Field f = column.acc.result(a, interpolate_, out);
          f.name = out.store(fields_[column.field] + "_" + a.name);
          out.add_field(f);
        }
      }
    }
    if (!out.empty()) emit(out);
    next_->finish();
  }

  void notes(std::vector<std::string>& out) const override {
    values_.notes("stats1", out);
    group_fields_.notes("stats1", out);
  }

 private:
  struct Column {
    Column(std::size_t index, bool values, bool distinct) : field(index), acc(values, distinct) {}
    std::size_t field;  // in -f
    Univariate acc;
  };

  std::vector<UnivariateSpec> accumulators_;
  std::vector<std::string> fields_;
  std::vector<std::string> group_by_;
  bool interpolate_;
  FieldLocator values_;
  FieldLocator group_fields_;
  GroupTable groups_;
  std::vector<std::vector<Column>> groups_seen_;  // per group, its fields in the order it had them
  bool keep_values_ = false;
  bool distinct_ = false;
  InputNames inputs_;
};

struct Stats1Options {
  std::optional<std::vector<UnivariateSpec>> accumulators;
  std::optional<std::vector<std::string>> fields;
  std::vector<std::string> group_by;
  bool interpolate = false;
};

// -a's accumulators, each once (-a's setter: its messages do not name the verb)
std::vector<UnivariateSpec> accumulators_named(const std::string& text) {
  std::vector<UnivariateSpec> accumulators;
  for (const std::string& name : distinct_names(parse_field_list("", text))) {
    std::optional<UnivariateSpec> spec_of = parse_univariate(name);
    if (!spec_of) {
      throw UsageError(fmt::format("unknown accumulator '{}'{}; known: {}, pNN", name,
                                   did_you_mean(name, univariate_names()),
                                   fmt::join(univariate_names(), ", ")));
    }
    accumulators.push_back(std::move(*spec_of));
  }
  return accumulators;
}

std::unique_ptr<Stage> make_stats1(const Stats1Options& o, const StageSpec&) {
  if (!o.accumulators) {
    throw UsageError("stats1: -a ACCUMULATORS is required (for example -a count,mean,p50)");
  }
  if (!o.fields) throw UsageError("stats1: -f FIELDS is required (the fields to compute statistics of)");
  return std::make_unique<Stats1>(*o.accumulators, distinct_names(*o.fields), o.group_by, o.interpolate);
}

}  // namespace

StageInfo stats1_stage_info() {
  return with_options<Stats1Options>(
      {
          .name = "stats1",
          .summary = "Miller's stats1: count, mode, sum, mean, var, min, max, percentiles, ... per field and group",
          .usage = "stats1 -a ACCUMULATORS -f FIELDS [-g FIELDS] [-i]",
          .description =
              "As Miller's stats1, for commands brought from Miller: statistics of each -f field over all "
              "records or per distinct combination of the -g fields (in order of first appearance), named "
              "FIELD_ACC. Accumulators: count, null_count, distinct_count, mode, antimode, sum, mean, var, "
              "stddev, meaneb, skewness, kurtosis, min, max, minlen, maxlen, median and pNN such as p10, p25.2 "
              "(the value at index int(NN/100 * n) of the sorted values; -i interpolates, as R's type 7). "
              "Miller's rules: an empty value counts for null_count only; sum, mean and the moments read "
              "numbers only; count, mode, min, max and percentiles see every value, numbers before text; a "
              "percentile, and the min or max of a single value, is the value as written (3.10). A group's "
              "fields come in the order it first had them, and a field it never had gets no outputs. Numbers "
              "are Miller 6's: 0x1F, 0b101 and 0o17 are integers; +5, 007 and integers past 64 bits are text. "
              "`weir stats` is the faster verb for numbers: it runs on every core.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir stats1 -a count,mode,p50 -f method,latency_ms examples/access.csv",
                        "the commonest method and the median latency"},
                       {"weir stats1 -a mean,var,p25,p75 -f latency_ms -g status examples/access.csv",
                        "spread of latency per status"}},
      },
      {{{"-a", "--accumulators", "ACCUMULATORS", "what to compute, comma-separated", OptionKind::list},
        [](Stats1Options& o, const std::string& v) { o.accumulators = accumulators_named(v); }},
       {{"-f", "--fields", "FIELDS", "the fields to compute statistics of", OptionKind::fields},
        sets<&Stats1Options::fields>},
       {{"-g", "--group-by", "FIELDS", "per distinct value of these fields", OptionKind::fields},
        sets<&Stats1Options::group_by>},
       {{"-i", "--interpolate", "", "interpolated percentiles (R's type 7)", OptionKind::flag},
        sets<&Stats1Options::interpolate>}},
      make_stats1);
}

}  // namespace weir
