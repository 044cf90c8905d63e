// fraction -f FIELDS [-g FIELDS] [-p] [-c]: each value as a fraction of its
// field's sum over the records of its group, as Miller's fraction. Two
// passes: the input is held (whole batches) while the sums are made.

#include <deque>

#include "core/errors/error.hpp"
#include "core/stages/field_appender.hpp"
#include "core/stages/group_table.hpp"
#include "core/stages/number_field.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/univariate.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

std::vector<std::string> fraction_names(const std::vector<std::string>& fields, bool percent, bool cumulative) {
  std::vector<std::string> names;
  for (const auto& f : fields) {
    names.push_back(f + (cumulative ? "_cumulative" : "") + (percent ? "_percent" : "_fraction"));
  }
  return names;
}

class Fraction final : public Stage {
 public:
  Fraction(std::vector<std::string> fields, std::vector<std::string> group_by, bool percent, bool cumulative)
      : values_(fields),
        group_fields_(std::move(group_by)),
        appender_(fraction_names(fields, percent, cumulative)),
        multiplier_(percent ? 100 : 1),
        cumulative_(cumulative) {}

  bool push(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      std::optional<std::size_t> g = group_of(batch, r);
      if (!g) continue;
      auto values = values_.locate(batch[r], batch);
      for (std::size_t f = 0; f < values.size(); ++f) {
        if (values[f]) {
          if (auto v = miller_number_of(*values[f])) sums_[*g][f] += *v;
        }
      }
    }
    if (!batch.empty()) held_.push_back(std::move(batch));
    return true;
  }

  void finish() override {
    std::vector<std::vector<double>> running(sums_.size(), std::vector<double>(values_.names().size(), 0.0));
    std::vector<Field> out(values_.names().size());
    std::vector<bool> present(out.size());
    bool more = true;
    for (Batch& batch : held_) {
      if (!more) break;
      for (std::size_t r = 0; r < batch.size(); ++r) {
        std::optional<std::size_t> g = group_of(batch, r);
        if (!g) continue;
        auto values = values_.locate(batch[r], batch);
        bool any = false;
        for (std::size_t f = 0; f < values.size(); ++f) {
          present[f] = values[f] != nullptr;
          if (!values[f]) continue;
          any = true;
          std::optional<double> v = miller_number_of(*values[f]);
          if (!v) {
            out[f] = Field({}, {});  // not a number: an empty fraction, the table keeps its shape
            continue;
          }
          double numerator = *v;
          if (cumulative_) numerator = running[*g][f] += *v;
          out[f] = number_field(numerator / sums_[*g][f] * multiplier_, batch);
        }
        if (any) appender_.apply(batch, r, out, present);
      }
      more = emit(batch);
    }
    held_.clear();
    next_->finish();
  }

  // (a key no record has: the order, groups or counts would be off without a word)
  void notes(std::vector<std::string>& out) const override {
    values_.notes("fraction", out);
    group_fields_.notes("fraction", out);
  }

 private:
  // the record's group; nullopt when it lacks a group field (it passes as it is)
  std::optional<std::size_t> group_of(Batch& batch, std::size_t r) {
    if (group_fields_.names().empty()) {
      if (sums_.empty()) sums_.emplace_back(values_.names().size(), 0.0);
      return 0;
    }
    auto keys = group_fields_.locate(batch[r], batch);
    if (!all_found(keys)) return std::nullopt;
    std::size_t g = groups_.find_or_add(keys);
    if (g == sums_.size()) sums_.emplace_back(values_.names().size(), 0.0);
    return g;
  }

  FieldLocator values_;
  FieldLocator group_fields_;
  GroupTable groups_;
  FieldAppender appender_;
  double multiplier_;
  bool cumulative_;
  std::vector<std::vector<double>> sums_;  // group, field
  std::deque<Batch> held_;
};

struct FractionOptions {
  std::optional<std::vector<std::string>> fields;
  std::vector<std::string> group_by;
  bool percent = false;
  bool cumulative = false;
};

}  // namespace

StageInfo fraction_stage_info() {
  return with_options<FractionOptions>(
      {
          .name = "fraction",
          .summary = "each value as a fraction (or percent) of its field's sum, per group",
          .usage = "fraction -f FIELDS [-g FIELDS] [-p] [-c]",
          .description = "As Miller's fraction: puts FIELD_fraction on each record, its value divided by the "
                         "sum of the field over the records of its group; -p gives percents (FIELD_percent), "
                         "-c running sums (FIELD_cumulative_fraction). The input is held in memory until its "
                         "end. A value that is not a number gets an empty fraction (Miller stops with an error).",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir fraction -f bytes -g method then head -n 3 examples/access.csv",
                        "each request's share of its method's bytes"}},
      },
      {{{"-f", "--fields", "FIELDS", "the fields", OptionKind::fields}, sets<&FractionOptions::fields>},
       {{"-g", "--group-by", "FIELDS", "sums per distinct value of these fields", OptionKind::fields},
        sets<&FractionOptions::group_by>},
       {{"-p", "--percent", "", "percents, not fractions", OptionKind::flag},
        sets<&FractionOptions::percent>},
       {{"-c", "--cumulative", "", "cumulative: the running sum's fraction", OptionKind::flag},
        sets<&FractionOptions::cumulative>}},
      [](const FractionOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        if (!o.fields) throw UsageError("fraction: -f FIELDS is required");
        return std::make_unique<Fraction>(*o.fields, o.group_by, o.percent, o.cumulative);
      });
}

}  // namespace weir
