// step -a STEPPERS -f FIELDS [-g FIELDS]: values computed from the records
// before, per group, as Miller's step: delta, shift (shift_lag), from-first,
// ratio, counter, rsum and ewma. For each field and stepper, in that order,
// a field FIELD_STEPPER is put on the record (FIELD_ewma_ALPHA for ewma).
// A record without the field passes as it is; a value that is not a number
// (empty, N/A) gets empty results and leaves the running state alone.

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/stages/field_appender.hpp"
#include "core/stages/group_table.hpp"
#include "core/stages/number_field.hpp"
#include "core/stages/stage.hpp"

namespace weir {

namespace {

enum class Stepper : std::uint8_t { delta, shift_lag, from_first, ratio, counter, rsum, ewma };

struct StepOptions {
  std::vector<Stepper> steppers;
  std::vector<std::string> stepper_names;  // as Miller spells them in output names
  std::vector<std::string> fields;
  std::vector<std::string> group_by;
  std::vector<double> alphas;          // -d
  std::vector<std::string> suffixes;   // -o, else -d as written
};

/// The running state of one field in one group.
struct FieldState {
  bool seen = false;
  double previous = 0;
  std::string previous_text;
  ValueKind previous_kind = ValueKind::text;
  double first = 0;
  std::int64_t count = 0;
  double sum = 0;
  std::vector<double> ewma;
};

std::vector<std::string> output_names(const StepOptions& o) {
  std::vector<std::string> names;
  for (const auto& field : o.fields) {
    for (std::size_t s = 0; s < o.steppers.size(); ++s) {
      if (o.steppers[s] == Stepper::ewma) {
        for (const auto& suffix : o.suffixes) names.push_back(field + "_ewma_" + suffix);
      } else {
        names.push_back(field + "_" + o.stepper_names[s]);
      }
    }
  }
  return names;
}

class Step final : public Stage {
 public:
  explicit Step(StepOptions options)
      : options_(std::move(options)),
        values_(options_.fields),
        group_fields_(options_.group_by),
        appender_(output_names(options_)) {
    per_field_ = appender_.names().size() / options_.fields.size();
  }

  bool push(Batch& batch) override {
    out_.resize(appender_.names().size());
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      std::size_t g = 0;
      if (!options_.group_by.empty()) {
        auto keys = group_fields_.locate(record, batch);
        if (!all_found(keys)) continue;  // no group: passed as it is
        g = groups_.find_or_add(keys);
      }
      if (g == states_.size()) states_.emplace_back(options_.fields.size());
      auto values = values_.locate(record, batch);
      present_.assign(out_.size(), true);
      bool any = false;
      for (std::size_t f = 0; f < values.size(); ++f) {
        Field* slots = out_.data() + f * per_field_;
        if (!values[f]) {
          for (std::size_t k = 0; k < per_field_; ++k) present_[f * per_field_ + k] = false;
          continue;
        }
        any = true;
        step(states_[g][f], *values[f], slots, batch);
      }
      if (!any) continue;
      appender_.apply(batch, r, out_, present_);
    }
    return emit(batch);
  }

 private:
  // slots := the stepper outputs for this value; the state moves on.
  void step(FieldState& s, const Field& value, Field* slots, Batch& batch) {
    std::optional<double> v = value.number();
    if (!v) {
      for (std::size_t k = 0; k < per_field_; ++k) slots[k] = Field({}, {});
      return;
    }
    const double x = *v;
    if (!s.seen) {
      s.seen = true;
      s.first = x;
      s.previous = x;  // Miller: the first delta is 0, the first ratio 1
      s.ewma.assign(options_.alphas.size(), x);
    }
    ++s.count;
    s.sum += x;
    std::size_t k = 0;
    for (Stepper stepper : options_.steppers) {
      switch (stepper) {
        case Stepper::delta: slots[k++] = number(x - s.previous, batch); break;
        case Stepper::shift_lag:
          slots[k++] = s.count == 1 ? Field({}, {}) : Field({}, batch.store(s.previous_text), s.previous_kind);
          break;
        case Stepper::from_first: slots[k++] = number(x - s.first, batch); break;
        case Stepper::ratio: slots[k++] = number(x / s.previous, batch); break;
        case Stepper::counter: slots[k++] = number(static_cast<double>(s.count), batch); break;
        case Stepper::rsum: slots[k++] = number(s.sum, batch); break;
        case Stepper::ewma:
          for (std::size_t a = 0; a < options_.alphas.size(); ++a) {
            if (s.count > 1) s.ewma[a] = options_.alphas[a] * x + (1 - options_.alphas[a]) * s.ewma[a];
            slots[k++] = number(s.ewma[a], batch);
          }
          break;
      }
    }
    s.previous = x;
    s.previous_text.assign(value.value);
    s.previous_kind = value.kind;
  }

  static Field number(double x, Batch& batch) { return number_field(x, batch); }

  StepOptions options_;
  FieldLocator values_;
  FieldLocator group_fields_;
  GroupTable groups_;
  FieldAppender appender_;
  std::size_t per_field_ = 0;
  std::vector<std::vector<FieldState>> states_;  // group, field
  std::vector<Field> out_;
  std::vector<bool> present_;
};

std::unique_ptr<Stage> make_step(const StageSpec& spec) {
  StepOptions o;
  const std::string* a = spec.option("steppers");
  const std::string* f = spec.option("fields");
  if (!a) throw UsageError("step: -a STEPPERS is required (delta, shift, shift_lag, from-first, ratio, counter, rsum, ewma)");
  if (!f) throw UsageError("step: -f FIELDS is required (the fields to step over)");
  static const std::vector<std::pair<std::string_view, Stepper>> kSteppers = {
      {"delta", Stepper::delta},   {"shift", Stepper::shift_lag}, {"shift_lag", Stepper::shift_lag},
      {"from-first", Stepper::from_first}, {"ratio", Stepper::ratio},   {"counter", Stepper::counter},
      {"rsum", Stepper::rsum},     {"ewma", Stepper::ewma}};
  for (const std::string& name : parse_field_list("step", *a)) {
    auto it = std::find_if(kSteppers.begin(), kSteppers.end(), [&](const auto& s) { return s.first == name; });
    if (it == kSteppers.end()) {
      std::vector<std::string> names;
      for (const auto& s : kSteppers) names.emplace_back(s.first);
      if (name == "shift_lead" || name.starts_with("slwin")) {
        throw UsageError(fmt::format("step: stepper '{}' is not built yet", name));
      }
      throw UsageError(fmt::format("step: unknown stepper '{}'{}", name, did_you_mean(name, names)));
    }
    o.steppers.push_back(it->second);
    // Miller's names: shift stays shift, from-first becomes from_first
    o.stepper_names.push_back(name == "from-first" ? "from_first" : name);
  }
  o.fields = parse_field_list("step", *f);
  if (const std::string* g = spec.option("group-by")) o.group_by = parse_field_list("step", *g);
  std::vector<std::string> alphas = {"0.5"};
  if (const std::string* d = spec.option("alphas")) alphas = parse_field_list("step", *d);
  for (const auto& text : alphas) {
    double alpha = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), alpha);
    if (ec != std::errc() || ptr != text.data() + text.size() || !(alpha > 0 && alpha <= 1)) {
      throw UsageError(fmt::format("step: -d expects weights between 0 and 1, got '{}'", text));
    }
    o.alphas.push_back(alpha);
  }
  o.suffixes = alphas;
  if (const std::string* suffixes = spec.option("ewma-suffixes")) {
    o.suffixes = parse_field_list("step", *suffixes);
    if (o.suffixes.size() != o.alphas.size()) {
      throw UsageError(fmt::format("step: -o needs as many suffixes as -d has weights ({}), got {}",
                                   o.alphas.size(), o.suffixes.size()));
    }
  }
  return std::make_unique<Step>(std::move(o));
}

}  // namespace

StageInfo step_stage_info() {
  return {
      .name = "step",
      .summary = "running values per group: delta, shift, from-first, ratio, counter, rsum, ewma",
      .usage = "step -a STEPPERS -f FIELDS [-g FIELDS] [-d ALPHAS] [-o SUFFIXES]",
      .description =
          "As Miller's step: for each -f field and each stepper, in that order, puts a field "
          "FIELD_STEPPER on the record, computed from the earlier records of its group: delta (the "
          "change since the previous value, 0 at first), shift or shift_lag (the previous value), "
          "from-first (the change since the first), ratio (value / previous, 1 at first), counter "
          "(values so far), rsum (running sum), ewma (exponentially weighted average, one field "
          "FIELD_ewma_ALPHA per -d weight). A record without the field, or without a group field, "
          "passes as it is; a value that is not a number gets empty results and does not move the state.",
      .options = {{"-a", "--steppers", "STEPPERS", "which values to compute, comma-separated"},
                  {"-f", "--fields", "FIELDS", "the fields to step over"},
                  {"-g", "--group-by", "FIELDS", "step within each distinct value of these fields"},
                  {"-d", "--alphas", "ALPHAS", "ewma weights of the new value, in (0, 1] (default 0.5)"},
                  {"-o", "--ewma-suffixes", "SUFFIXES", "ewma field suffixes instead of the weights"}},
      .min_args = 0,
      .max_args = 0,
      .examples = {{"weir step -a delta,rsum -f bytes examples/access.csv", "change and running total of bytes"},
                   {"weir step -a ewma -d 0.1,0.9 -f latency_ms -g method examples/access.csv",
                    "smoothed latency per method"}},
      .make = make_step,
  };
}

}  // namespace weir
