// step -a STEPPERS -f FIELDS [-g FIELDS]: values computed from the records
// around, per group, as Miller's step: delta, shift (shift_lag), shift_lead,
// from-first, ratio, counter, rsum, ewma and sliding averages slwin_B_F. For
// each field and stepper, in that order, a field FIELD_STEPPER is put on the
// record (FIELD_ewma_ALPHA for ewma, FIELD_B_F for slwin_B_F). A record
// without the field passes as it is; a value that is not a number (empty,
// N/A) gets empty results and leaves the running state alone.
//
// Steppers that look ahead (shift_lead, slwin_B_F with F > 0) hold each
// record until F more records of its group came, as Miller does: a record
// goes out when its group's window moves past it, so with -g the output
// order is Miller's (not the input's), and at the end the records still held
// go out in input order.

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <deque>
#include <list>
#include <memory>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/record/exact_number.hpp"
#include "core/record/owned_record.hpp"
#include "core/stages/field_appender.hpp"
#include "core/stages/group_table.hpp"
#include "core/stages/number_field.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/univariate.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

enum class Stepper : std::uint8_t { delta, shift_lag, shift_lead, from_first, ratio, counter, rsum, ewma, slwin };

struct StepOptions {
  std::vector<std::string> steppers;                      // -a (required: empty when not given)
  std::vector<std::string> fields;                        // -f (required: empty when not given)
  std::vector<std::string> group_by;                      // -g
  std::vector<std::string> alphas = {"0.5"};              // -d, as written
  std::optional<std::vector<std::string>> ewma_suffixes;  // -o
};

// What the stage computes, from the options.
struct StepPlan {
  std::vector<Stepper> steppers;
  std::vector<std::string> stepper_names;  // as Miller spells them in output names
  std::vector<std::pair<int, int>> windows;  // per stepper: records back and ahead (slwin, shift_lead)
  std::vector<std::string> fields;
  std::vector<std::string> group_by;
  std::vector<double> alphas;          // -d
  std::vector<std::string> suffixes;   // -o, else -d as written
};

/// The running state of one field in one group.
/// The numbers are doubles until an integer past 2^53 comes (an ID such as
/// 1600000000000000003), or the sum gets there: from then on they are kept
/// as Miller's arithmetic keeps them (ExactNumber), so that deltas and sums
/// of such integers are exact.
struct FieldState {
  bool seen = false;
  bool wide = false;  // the *_exact numbers are the ones kept
  bool sum_real = false;  // a number with a fraction was added: the sum is a double, as in Miller
  double previous = 0;
  double first = 0;
  double sum = 0;
  ExactNumber previous_exact, first_exact, sum_exact;
  std::string previous_text;
  ValueKind previous_kind = ValueKind::text;
  std::int64_t count = 0;
  std::vector<double> ewma;
};

std::vector<std::string> output_names(const StepPlan& o) {
  std::vector<std::string> names;
  for (const auto& field : o.fields) {
    for (std::size_t s = 0; s < o.steppers.size(); ++s) {
      if (o.steppers[s] == Stepper::ewma) {
        for (const auto& suffix : o.suffixes) names.push_back(field + "_ewma_" + suffix);
      } else if (o.steppers[s] == Stepper::slwin) {
        names.push_back(fmt::format("{}_{}_{}", field, o.windows[s].first, o.windows[s].second));
      } else {
        names.push_back(field + "_" + o.stepper_names[s]);
      }
    }
  }
  return names;
}

class Step final : public Stage {
 public:
  explicit Step(StepPlan plan)
      : options_(std::move(plan)),
        values_(options_.fields),
        group_fields_(options_.group_by),
        appender_(output_names(options_)) {
    per_field_ = appender_.names().size() / options_.fields.size();
    std::size_t k = 0;
    for (std::size_t s = 0; s < options_.steppers.size(); ++s) {
      first_slot_.push_back(k);
      k += options_.steppers[s] == Stepper::ewma ? options_.alphas.size() : 1;
      back_ = std::max(back_, options_.windows[s].first);
      ahead_ = std::max(ahead_, options_.windows[s].second);
      windowed_ |= options_.steppers[s] == Stepper::shift_lead || options_.steppers[s] == Stepper::slwin;
      shifts_ |= options_.steppers[s] == Stepper::shift_lag;
    }
  }

  std::size_t fields_added() const override { return windowed_ ? 0 : appender_.names().size(); }
  // (the records held in windows are copies of its own, which it frees)
  bool hands_on_own_batches() const override { return !windowed_; }

  bool push(Batch& batch) override {
    if (batch.bare_header) name_bare_header(batch);
    if (windowed_) return push_windowed(batch);
    number_flags_ = number_flags(batch);
    // the writer makes the numbers' text, on a reading thread (-j)
    defer_ = next_->takes_deferred_numbers();
    out_.resize(appender_.names().size());
    appender_.begin(batch);
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
      if (std::all_of(values.begin(), values.end(), [](const Field* v) { return v != nullptr; })) {
        // (the values first: the new fields may move nothing, but are past them)
        if (Field* slots = appender_.append_in_place(batch, r)) {
          for (std::size_t f = 0; f < values.size(); ++f) step(states_[g][f], *values[f], slots + f * per_field_, batch);
          continue;
        }
      }
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
    appender_.end();
    return emit(batch);
  }

  void finish() override {
    if (windowed_) {
      // the records still held, in input order, as their windows move past the end
      Batch out;
      if (source_) out.set_source(source_);
      // (each move brings the first record held closer to its window's
      // middle; Miller 6.6 moves each group once per record held and so
      // drops the records of a group shorter than the window: weir does not)
      while (!log_.empty()) advance(log_.front()->group, nullptr, out);
      if (!out.empty()) emit(out);
    }
    next_->finish();
  }

  // (a field no record has: nothing stepped, or no groups, without a word;
  // with windows the values are found another way)
  void notes(std::vector<std::string>& out) const override {
    if (!windowed_) values_.notes("step", out);
    group_fields_.notes("step", out);
  }

 private:
  // -------- with steppers that look ahead: records held in windows per group
  struct Entry {
    OwnedRecord record;
    std::size_t group = 0;
    std::list<std::shared_ptr<Entry>>::iterator in_log;
  };

  bool push_windowed(Batch& batch) {
    if (batch.empty() && batch.bare_header) return emit(batch);  // (an empty result's columns)
    source_ = batch.source_ptr();
    Batch out;
    out.set_source(source_);
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      std::size_t g = 0;
      if (!options_.group_by.empty()) {
        auto keys = group_fields_.locate(record, batch);
        if (!all_found(keys)) {  // no group: passed as it is, now
          copy_.assign(record);
          copy_.append_to(out, true);
          continue;
        }
        g = groups_.find_or_add(keys);
      }
      if (g == states_.size()) {
        states_.emplace_back(options_.fields.size());
        windows_.emplace_back(static_cast<std::size_t>(back_ + 1 + ahead_));
      }
      auto e = std::make_shared<Entry>();
      e->record.assign(record);
      e->group = g;
      log_.push_back(e);
      e->in_log = std::prev(log_.end());
      advance(g, std::move(e), out);
    }
    return out.empty() || emit(out);
  }

  // Moves group g's window on by `next` (null at the end); the record that
  // reaches the middle gets its values and goes to `out`. False when none did.
  bool advance(std::size_t g, std::shared_ptr<Entry> next, Batch& out) {
    auto& window = windows_[g];  // window[back_ + i] is the record i places on
    window.pop_front();
    window.push_back(std::move(next));
    Entry* current = window[static_cast<std::size_t>(back_)].get();
    if (!current) return false;
    compute(*current, window);
    current->record.append_to(out, true);
    log_.erase(current->in_log);
    return true;
  }

  const Field* value_of(const Entry* e, std::size_t f, Field& scratch) const {
    return e ? e->record.find(options_.fields[f], scratch) : nullptr;
  }

  void compute(Entry& current, const std::deque<std::shared_ptr<Entry>>& window) {
    out_.resize(appender_.names().size());
    scratch_batch_.clear();
    OwnedRecord& record = current.record;
    for (std::size_t f = 0; f < options_.fields.size(); ++f) {
      Field value_scratch;
      const Field* value = value_of(&current, f, value_scratch);
      if (!value) continue;
      Field* slots = out_.data() + f * per_field_;
      Field v = *value;  // a copy: record's strings may move as outputs are added
      step(states_[current.group][f], v, slots, scratch_batch_);
      std::vector<bool> present(per_field_, true);
      for (std::size_t s = 0; s < options_.steppers.size(); ++s) {
        const std::size_t k = first_slot_[s];
        if (options_.steppers[s] == Stepper::shift_lead) {
          const Entry* next = window[static_cast<std::size_t>(back_ + 1)].get();
          Field next_scratch;
          const Field* lead = value_of(next, f, next_scratch);
          if (next && !lead) present[k] = false;  // Miller: nothing when the next record lacks the field
          slots[k] = lead ? Field({}, scratch_batch_.store(lead->value), lead->kind) : Field::placeholder();
        } else if (options_.steppers[s] == Stepper::slwin) {
          double sum = 0;
          std::int64_t count = 0;
          for (int i = -options_.windows[s].first; i <= options_.windows[s].second; ++i) {
            Field around_scratch;
            const Field* around = value_of(window[static_cast<std::size_t>(back_ + i)].get(), f, around_scratch);
            if (!around || around->value.empty()) continue;
            if (std::optional<double> x = miller_number_of(*around)) {
              sum += *x;
              ++count;
            }
          }
          slots[k] = count == 0 ? Field::placeholder() : number(sum / static_cast<double>(count), scratch_batch_);
        }
      }
      // the outputs onto the record: a name it has takes the value in place
      for (std::size_t k = 0; k < per_field_; ++k) {
        if (!present[k]) continue;
        const std::string& name = appender_.names()[f * per_field_ + k];
        auto it = std::find(record.names.begin(), record.names.end(), name);
        std::size_t i = static_cast<std::size_t>(it - record.names.begin());
        if (it == record.names.end()) {
          record.names.push_back(name);
          record.values.emplace_back();
          record.kinds.push_back(ValueKind::text);
        }
        record.flags.resize(record.names.size());
        record.values[i].assign(slots[k].value);
        record.kinds[i] = slots[k].kind;
        record.flags[i] = slots[k].flags & kFieldEmptyString;
      }
    }
  }

  // slots := the stepper outputs for this value; the state moves on.
  // Gives slots[0..per_field_) their values, in place (their names stay).
  void step(FieldState& s, const Field& value, Field* slots, Batch& batch) {
    std::optional<double> v = miller_number_of(value);
    if (!v) {
      for (std::size_t k = 0; k < per_field_; ++k) slots[k].set_value({});
      return;
    }
    const double x = *v;
    ExactNumber exact;
    if (s.wide || std::fabs(x) >= kExactIntegerLimit || std::fabs(s.sum + x) >= kExactIntegerLimit) {
      exact = ExactNumber::of(x, value.value);
      if (!s.wide) {
        s.wide = true;  // (the doubles so far are below 2^53: exact)
        s.previous_exact = ExactNumber::of(s.previous, {});
        s.first_exact = ExactNumber::of(s.first, {});
        s.sum_exact = s.sum_real ? ExactNumber::real(s.sum) : ExactNumber::of(s.sum, {});
      }
    }
    if (!s.seen) {
      s.seen = true;
      s.first = s.previous = x;  // Miller: the first delta is 0, the first ratio 1
      if (s.wide) s.first_exact = s.previous_exact = exact;  // (else made from the doubles when needed)
      s.ewma.assign(options_.alphas.size(), x);
    }
    ++s.count;
    if (s.wide) {
      s.sum_exact = s.sum_exact.plus(exact);
    } else {
      s.sum += x;
      s.sum_real = s.sum_real || x != std::trunc(x);
    }
    Field* slot = slots;
    for (Stepper stepper : options_.steppers) {
      switch (stepper) {
        case Stepper::delta:
          if (s.wide) put(*slot++, exact.minus(s.previous_exact), batch);
          else put(*slot++, x - s.previous, batch);
          break;
        case Stepper::shift_lag:
          if (s.count == 1) (slot++)->set_placeholder();
          else (slot++)->set_value(batch.store(s.previous_text), s.previous_kind);
          break;
        case Stepper::from_first:
          if (s.wide) put(*slot++, exact.minus(s.first_exact), batch);
          else put(*slot++, x - s.first, batch);
          break;
        case Stepper::ratio: put(*slot++, x / s.previous, batch); break;
        case Stepper::counter: put(*slot++, static_cast<double>(s.count), batch); break;
        case Stepper::rsum:
          if (s.wide) put(*slot++, s.sum_exact, batch);
          else put(*slot++, s.sum, batch);
          break;
        case Stepper::shift_lead:
        case Stepper::slwin: (slot++)->set_value({}); break;  // from the window (compute)
        case Stepper::ewma:
          for (std::size_t a = 0; a < options_.alphas.size(); ++a) {
            if (s.count > 1) s.ewma[a] = options_.alphas[a] * x + (1 - options_.alphas[a]) * s.ewma[a];
            put(*slot++, s.ewma[a], batch);
          }
          break;
      }
    }
    s.previous = x;
    if (s.wide) s.previous_exact = exact;
    if (shifts_) {
      s.previous_text.assign(value.value);
      s.previous_kind = value.kind;
    }
  }

  Field number(double x, Batch& batch) const {
    return defer_ ? deferred_number_field(x, batch, number_flags_) : number_field(x, batch, {}, number_flags_);
  }
  // The number x as the value of `slot`, in place (its name stays).
  void put(Field& slot, double x, Batch& batch) const {
    if (defer_) {
      slot.defer_number(x, number_flags_);
      ++batch.deferred;
      return;
    }
    slot = number_field(x, batch, slot.name, number_flags_);
  }
  void put(Field& slot, const ExactNumber& x, Batch& batch) const {
    if (x.wide()) slot = integer_field(x.i, batch, slot.name, number_flags_);
    else put(slot, x.value(), batch);
  }

  // An empty result's columns, with the new ones of the fields it has (a
  // record without the field gets none).
  void name_bare_header(Batch& batch) const {
    const std::vector<std::string>& have = batch.bare_header->names;
    std::vector<std::string> names;
    for (std::size_t f = 0; f < options_.fields.size(); ++f) {
      if (std::find(have.begin(), have.end(), options_.fields[f]) == have.end()) continue;
      for (std::size_t k = 0; k < per_field_; ++k) names.push_back(appender_.names()[f * per_field_ + k]);
    }
    if (!names.empty()) FieldAppender(std::move(names)).apply_to_bare(batch);
  }

  StepPlan options_;
  FieldLocator values_;
  FieldLocator group_fields_;
  GroupTable groups_;
  FieldAppender appender_;
  std::size_t per_field_ = 0;
  std::uint8_t number_flags_ = 0;  // for the numbers made into the batch being pushed
  bool defer_ = false;             // their text is the writer's to make (Field::defer_number)
  std::vector<std::vector<FieldState>> states_;  // group, field
  std::vector<Field> out_;
  std::vector<bool> present_;
  std::vector<std::size_t> first_slot_;  // per stepper: its first output among a field's
  // with steppers that look ahead
  bool windowed_ = false;
  bool shifts_ = false;  // shift_lag: each value's text is kept for the next record
  int back_ = 0;
  int ahead_ = 0;
  std::vector<std::deque<std::shared_ptr<Entry>>> windows_;  // per group
  std::list<std::shared_ptr<Entry>> log_;  // records held, in input order
  std::shared_ptr<const std::string> source_;
  OwnedRecord copy_;
  Batch scratch_batch_;
};

std::unique_ptr<Stage> make_step(const StepOptions& options, const StageSpec&) {
  if (options.steppers.empty()) {
    throw UsageError(
        "step: -a STEPPERS is required (delta, shift, shift_lag, shift_lead, from-first, ratio, counter, "
        "rsum, ewma, slwin_B_F)");
  }
  if (options.fields.empty()) throw UsageError("step: -f FIELDS is required (the fields to step over)");
  StepPlan o;
  static const std::vector<std::pair<std::string_view, Stepper>> kSteppers = {
      {"delta", Stepper::delta},   {"shift", Stepper::shift_lag}, {"shift_lag", Stepper::shift_lag},
      {"shift_lead", Stepper::shift_lead}, {"from-first", Stepper::from_first}, {"ratio", Stepper::ratio},
      {"counter", Stepper::counter}, {"rsum", Stepper::rsum},     {"ewma", Stepper::ewma}};
  for (const std::string& name : options.steppers) {
    if (name.starts_with("slwin")) {
      // slwin_B_F: the average over B records back, this one and F ahead
      int back = -1, ahead = -1;
      if (std::sscanf(name.c_str(), "slwin_%d_%d", &back, &ahead) != 2 || back < 0 || ahead < 0 ||
          name != fmt::format("slwin_{}_{}", back, ahead)) {
        throw UsageError(fmt::format("step: '{}' is not a sliding window; write slwin_B_F, B records back "
                                     "and F ahead (slwin_2_2)", name));
      }
      o.steppers.push_back(Stepper::slwin);
      o.stepper_names.push_back(name);
      o.windows.emplace_back(back, ahead);
      continue;
    }
    auto it = std::find_if(kSteppers.begin(), kSteppers.end(), [&](const auto& s) { return s.first == name; });
    if (it == kSteppers.end()) {
      std::vector<std::string> names;
      for (const auto& s : kSteppers) names.emplace_back(s.first);
      throw UsageError(fmt::format("step: unknown stepper '{}'{}", name, did_you_mean(name, names)));
    }
    o.steppers.push_back(it->second);
    o.windows.emplace_back(0, it->second == Stepper::shift_lead ? 1 : 0);
    // Miller's names: shift stays shift, from-first becomes from_first
    o.stepper_names.push_back(name == "from-first" ? "from_first" : name);
  }
  o.fields = options.fields;
  o.group_by = options.group_by;
  for (const auto& text : options.alphas) {
    double alpha = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), alpha);
    if (ec != std::errc() || ptr != text.data() + text.size() || !(alpha > 0 && alpha <= 1)) {
      throw UsageError(fmt::format("step: -d expects weights between 0 and 1, got '{}'", text));
    }
    o.alphas.push_back(alpha);
  }
  o.suffixes = options.alphas;
  if (options.ewma_suffixes) {
    o.suffixes = *options.ewma_suffixes;
    if (o.suffixes.size() != o.alphas.size()) {
      throw UsageError(fmt::format("step: -o needs as many suffixes as -d has weights ({}), got {}",
                                   o.alphas.size(), o.suffixes.size()));
    }
  }
  return std::make_unique<Step>(std::move(o));
}

}  // namespace

StageInfo step_stage_info() {
  return with_options<StepOptions>(
      {
          .name = "step",
          .summary = "running values per group: delta, shift, shift_lead, ratio, counter, rsum, ewma, slwin_B_F",
          .usage = "step -a STEPPERS -f FIELDS [-g FIELDS] [-d ALPHAS] [-o SUFFIXES]",
          .description =
              "As Miller's step: for each -f field and each stepper, in that order, puts a field "
              "FIELD_STEPPER on the record, computed from the earlier records of its group: delta (the "
              "change since the previous value, 0 at first), shift or shift_lag (the previous value), "
              "from-first (the change since the first), ratio (value / previous, 1 at first), counter "
              "(values so far), rsum (running sum), ewma (exponentially weighted average, one field "
              "FIELD_ewma_ALPHA per -d weight); and from the records after: shift_lead (the next value, "
              "empty for the last) and slwin_B_F (the average of the numbers from B records back to F "
              "ahead, as FIELD_B_F). A record without the field, or without a group field, "
              "passes as it is; a value that is not a number gets empty results and does not move the "
              "state. With shift_lead or slwin, a record is held until F more of its group came, so with "
              "-g records go out in Miller's order: each when its group's window moves past it, and "
              "those still held at the end in input order.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir step -a delta,rsum -f bytes examples/access.csv", "change and running total of bytes"},
                       {"weir step -a ewma -d 0.1,0.9 -f latency_ms -g method examples/access.csv",
                        "smoothed latency per method"},
                       {"weir step -a shift_lead,slwin_2_2 -f latency_ms examples/access.csv",
                        "the next latency, and the average of five around each"}},
      },
      {{{"-a", "--steppers", "STEPPERS", "which values to compute, comma-separated", OptionKind::list},
        sets<&StepOptions::steppers>},
       {{"-f", "--fields", "FIELDS", "the fields to step over", OptionKind::fields},
        sets<&StepOptions::fields>},
       {{"-g", "--group-by", "FIELDS", "step within each distinct value of these fields", OptionKind::fields},
        sets<&StepOptions::group_by>},
       {{"-d", "--alphas", "ALPHAS", "ewma weights of the new value, in (0, 1] (default 0.5)", OptionKind::list},
        sets<&StepOptions::alphas>},
       {{"-o", "--ewma-suffixes", "SUFFIXES", "ewma field suffixes instead of the weights", OptionKind::list},
        sets<&StepOptions::ewma_suffixes>},
       // (Miller 6 writes counter and sums as it reads them with or without it, and so does weir)
       {{"-F", "--floats", "", "Miller's -F: accepted; its output is the same", OptionKind::flag},
        [](StepOptions&, const std::string&) {}}},
      make_step);
}

}  // namespace weir
