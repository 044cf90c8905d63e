// stats -a AGGREGATES -f FIELDS [-g FIELDS]: aggregates per field, per group.
//
// count, sum, mean, min, max and stddev (sample, n - 1) run in constant
// memory per group (Welford's update). Percentiles (p50, p90, p99, median,
// or any pNN) are exact: the field's numbers are kept (8 bytes each) and
// picked with nth_element: the value at index floor(NN/100 * n) of the sorted
// values, as Miller does, given back as the input wrote it (3.10, 007: the
// texts of numbers written otherwise than weir writes them are kept once
// per value). distinct keeps each distinct text once.
// Values that are not numbers count for count and distinct only.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <unordered_set>

#include <fmt/format.h>
#include <oneapi/tbb/parallel_for.h>

#include "core/errors/error.hpp"
#include "core/record/column_types.hpp"
#include "core/record/exact_number.hpp"
#include "core/record/number_text.hpp"
#include "core/expr/expression.hpp"
#include "core/stages/field_locator.hpp"
#include "core/stages/fold_spares.hpp"
#include "core/stages/group_table.hpp"
#include "core/stages/number_field.hpp"
#include "core/stages/number_log.hpp"
#include "core/stages/on_threads.hpp"
#include "core/stages/number_spellings.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

enum class Agg { count, sum, mean, min, max, stddev, percentile, distinct };

struct AggSpec {
  Agg kind;
  double percent = 0;  // for percentile
  std::string label;   // "mean", "p90"
};

struct Accumulator {
  std::int64_t count = 0;  // non-null values
  std::int64_t numbers = 0;
  double sum = 0;
  // the sum as Miller's arithmetic keeps it (an integer while integers add
  // without overflow), once an integer past 2^53 came or the sum reached it
  bool exact = false;
  bool fractions = false;  // a number with a fraction was added
  ExactNumber sum_exact;
  double mean = 0;  // Welford's, for stddev (mean is sum / numbers)
  double m2 = 0;
  double min = INFINITY;
  double max = -INFINITY;
  std::int64_t min_wide = 0;  // their wide_part(): an integer past 2^53 exactly
  std::int64_t max_wide = 0;
  NumberLog values;                          // only when a percentile is asked
  std::vector<double> picked;                // the percentiles' numbers (by aggregate), at the end
  std::vector<std::int64_t> wides;           // with values: the wide_part() of those past 2^53
  std::unordered_set<std::string> distinct;  // only when distinct is asked
  // A percentile, and the min or max of a single number, is the number as
  // the input wrote it (3.10), as in Miller: how `values` were written, and
  // the first number's text when weir would write it otherwise.
  NumberSpellings spellings;
  std::string first_spelled;
};

// -a's aggregates, each once (-a's setter: its messages do not name the verb)
std::vector<AggSpec> parse_aggregates(const std::string& text) {
  std::vector<AggSpec> out;
  static const std::vector<std::string> known = {"count", "sum", "mean", "min", "max", "stddev",
                                                 "median", "p50", "p90", "p99", "distinct"};
  for (const auto& name : distinct_names(parse_field_list("", text))) {
    AggSpec spec{Agg::count, 0, name};
    if (name == "count") spec.kind = Agg::count;
    else if (name == "sum") spec.kind = Agg::sum;
    else if (name == "mean") spec.kind = Agg::mean;
    else if (name == "min") spec.kind = Agg::min;
    else if (name == "max") spec.kind = Agg::max;
    else if (name == "stddev") spec.kind = Agg::stddev;
    else if (name == "distinct") spec.kind = Agg::distinct;
    else if (name == "median") spec = {Agg::percentile, 50, name};
    else if (name.size() > 1 && name[0] == 'p' && name.find_first_not_of("0123456789.", 1) == std::string::npos) {
      spec = {Agg::percentile, std::strtod(name.c_str() + 1, nullptr), name};
      if (spec.percent > 100) throw UsageError(fmt::format("{} is past p100", name));
    } else {
      throw UsageError(fmt::format("unknown aggregate '{}'{}; known: count, sum, mean, min, max, "
                                   "stddev, median, pNN (p50, p90, p99, ...), distinct",
                                   name, did_you_mean(name, known)));
    }
    out.push_back(spec);
  }
  return out;
}

// What a value is to the numeric aggregates.
struct Reading {
  enum Kind : std::uint8_t {
    number,
    missing,  // a missing mark (NA, N/A, ...): left out without a note
    other,    // not a number: counted by count and distinct, and noted
  };
  Kind kind = missing;
  double x = 0;
  int places = -1;  // of a number: plain_decimal_places() of its text
};

// Values of a field that are not numbers, for the note.
struct NonNumeric {
  std::int64_t count = 0;
  std::string example;  // the first such value, cut at 40 bytes
  std::string where;    // file:line
};

class Stats final : public Stage {
 public:
  Stats(std::vector<AggSpec> aggs, std::vector<std::string> fields, std::vector<std::string> group_by,
        int threads)
      : aggs_(std::move(aggs)),
        fields_(std::move(fields)),
        values_(fields_),
        groups_locator_(std::move(group_by)),
        threads_(threads) {
    for (const auto& a : aggs_) {
      keep_values_ |= a.kind == Agg::percentile;
      keep_distinct_ |= a.kind == Agg::distinct;
      keep_spread_ |= a.kind == Agg::stddev;
      numeric_aggregates_ |= a.kind != Agg::count && a.kind != Agg::distinct;
    }
  }

  std::optional<FieldUse> field_use() const override {
    FieldUse use{fields_, false};
    for (const std::string& g : groups_locator_.names()) use.reads.push_back(g);
    return use;
  }

  bool push(Batch& batch) override {
    inputs_.see(batch);
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      std::size_t g = 0;
      if (!groups_locator_.names().empty()) {
        auto keys = groups_locator_.locate(record, batch);
        if (!all_found(keys)) continue;  // (an empty value is a group)
        g = groups_.find_or_add(keys);
      }
      std::size_t base = start_record(g);
      auto values = values_.locate(record, batch);
      for (std::size_t f = 0; f < fields_.size(); ++f) {
        const Field* field = values[f];
        if (!field || field->is_null()) continue;
        Reading reading = read(*field);
        add(accumulators_[base + f], *field, reading);
        if (reading.kind == Reading::other) not_a_number(non_numeric_, f, *field, record, batch);
      }
    }
    return true;
  }

  // The engine folds batches on several threads: there each record's group
  // is found and each value read, and kept per group and field in input
  // order; merge() adds them here, a fold after another in input order, so
  // that sums and means are -j 1's to the last bit. A fold hands over 8
  // bytes a number, not each value's record (merge runs on one thread).
  struct Found final : Partial {
    struct Column {
      std::int64_t count = 0;                // non-null values
      std::vector<double> numbers;           // in input order
      struct Wide {
        std::size_t index;  // in numbers
        std::int64_t wide;  // its wide_part()
        bool spelled;       // the text spells that integer (not 1e16, not 9007199254740993.5)
      };
      std::vector<Wide> wides;  // of the numbers past 2^53
      // What merge() needs of the numbers that does not depend on their
      // order, while none is past 2^53: with these it adds them in a
      // plain loop (see merge_in_order).
      double min = INFINITY;
      double max = -INFINITY;
      double magnitude = 0;  // the sum of their absolute values
      bool fractions = false;
      std::vector<std::string_view> texts;   // for distinct: in the folded batch, which merge() is given
      NumberSpellings spellings;          // of `numbers`, when a percentile is asked
      std::string_view first_spelled;     // (Accumulator's)

      // empty again, its vectors keeping their room
      void clear() {
        count = 0;
        numbers.clear();
        wides.clear();
        min = INFINITY;
        max = -INFINITY;
        magnitude = 0;
        fractions = false;
        texts.clear();
        spellings = NumberSpellings();
        first_spelled = {};
      }
    };
    GroupTable groups;                 // by first appearance in the batch
    std::size_t group_count = 0;       // the groups seen (1 when not grouped: once a record was)
    std::vector<Column> columns;       // group * fields + field; at least group_count * fields
    std::vector<NonNumeric> non_numeric;

    void clear() {
      groups.clear();
      group_count = 0;
      for (Column& column : columns) column.clear();
      non_numeric.clear();
    }
  };
  void follow(Stage& original) override { spares_ = static_cast<Stats&>(original).spares_; }

  bool folds() const override { return true; }
  std::unique_ptr<Partial> fold(Batch& batch) override {
    std::unique_ptr<Found> found = spares_->take([] { return std::make_unique<Found>(); });
    const std::size_t width = fields_.size();
    const bool grouped = !groups_locator_.names().empty();
    const std::size_t rows = batch.size();
    for (std::size_t r = 0; r < rows; ++r) {
      RecordRef record = batch[r];
      std::size_t g = 0;
      if (grouped) {
        auto keys = groups_locator_.locate(record, batch);
        if (!all_found(keys)) continue;  // (an empty value is a group)
        g = found->groups.find_or_add(keys);
      }
      if (g >= found->group_count) {
        found->group_count = g + 1;
        if (found->columns.size() < (g + 1) * width) found->columns.resize((g + 1) * width);
      }
      Found::Column* columns = found->columns.data() + g * width;
      auto values = values_.locate(record, batch);
      for (std::size_t f = 0; f < width; ++f) {
        const Field* field = values[f];
        if (!field || field->is_null()) continue;
        Found::Column& column = columns[f];
        ++column.count;
        if (keep_distinct_) column.texts.push_back(field->value);
        Reading reading = read(*field);
        if (reading.kind == Reading::number) {
          if (column.numbers.empty() && !spelled_as_number_text(field->value, reading.places)) {
            column.first_spelled = field->value;
          }
          if (keep_values_) {
            column.spellings.note(field->value, reading.x, reading.places, column.numbers.data(),
                                  column.numbers.size());
          }
          const double x = reading.x;
          if (std::fabs(x) >= kExactIntegerLimit) {
            column.wides.push_back({column.numbers.size(), wide_part(x, field->value),
                                    decimal_integer(field->value).has_value()});
          }
          column.numbers.push_back(x);
          if (x < column.min) column.min = x;
          if (x > column.max) column.max = x;
          column.magnitude += std::fabs(x);
          column.fractions = column.fractions || x != std::trunc(x);
        }
        if (reading.kind == Reading::other) not_a_number(found->non_numeric, f, *field, record, batch);
      }
    }
    return found;
  }
  void merge(Partial& partial, Batch& batch) override {
    inputs_.see(batch);
    auto& found = static_cast<Found&>(partial);
    const std::size_t groups = found.group_count;
    for (std::size_t local = 0; local < groups; ++local) {
      std::size_t g = groups_locator_.names().empty() ? 0 : groups_.find_or_add(found.groups, local);
      std::size_t base = start_record(g);
      for (std::size_t f = 0; f < fields_.size(); ++f) {
        const Found::Column& column = found.columns[local * fields_.size() + f];
        Accumulator& acc = accumulators_[base + f];
        acc.count += column.count;
        for (std::string_view text : column.texts) acc.distinct.emplace(text);
        if (acc.numbers == 0 && !column.numbers.empty()) acc.first_spelled = column.first_spelled;
        if (keep_values_) {
          acc.spellings.merge(column.spellings, column.numbers.data(), column.numbers.size(), acc.values.begin(),
                              acc.values.size());
        }
        if (!merge_in_order(acc, column)) {
          auto wide = column.wides.begin();
          for (std::size_t i = 0; i < column.numbers.size(); ++i) {
            const bool past = wide != column.wides.end() && wide->index == i;
            if (past && keep_values_) acc.wides.push_back(wide->wide);
            add_number(acc, column.numbers[i], past ? wide->wide : 0, past && wide->spelled);
            if (past) ++wide;
          }
        }
        if (keep_values_) acc.values.append(column.numbers.data(), column.numbers.size());
      }
    }
    // the first value that is not a number is the earliest fold's
    if (!found.non_numeric.empty() && non_numeric_.empty()) non_numeric_.resize(fields_.size());
    for (std::size_t f = 0; f < found.non_numeric.size(); ++f) {
      NonNumeric& theirs = found.non_numeric[f];
      if (theirs.count == 0) continue;
      if (non_numeric_[f].count == 0) non_numeric_[f] = std::move(theirs);
      else non_numeric_[f].count += theirs.count;
    }
    spares_->keep(found);
  }

  void finish() override {
    Batch out;
    inputs_.name(out);
    std::size_t group_count = groups_locator_.names().empty() ? (seen_any_ ? 1 : 0) : groups_.size();
    pick_percentiles(group_count * fields_.size());
    names_.clear();
    for (const auto& field : fields_) {
      for (const auto& a : aggs_) names_.push_back(field + "_" + a.label);
    }
    for (std::size_t g = 0; g < group_count; ++g) {
      out.begin_record(Provenance{});
      for (std::size_t k = 0; k < groups_locator_.names().size(); ++k) {
        out.add_field(Field(groups_locator_.names()[k], groups_.values(g)[k], groups_.kinds(g)[k]));
      }
      std::size_t n = 0;
      for (std::size_t f = 0; f < fields_.size(); ++f) {
        Accumulator& acc = accumulators_[g * fields_.size() + f];
        for (std::size_t i = 0; i < aggs_.size(); ++i) {
          // no numbers at all: an empty value, not a number
          Field value = result(acc, i, out);
          value.name = names_[n++];
          out.add_field(value);
        }
      }
    }
    if (!out.empty()) emit(out);
    next_->finish();
  }

 private:
  static Reading read(const Field& field) {
    // (most numbers, value and places in one pass)
    if (PlainDecimal plain; field.kind != ValueKind::string && read_plain_decimal(field.value, plain)) {
      return {Reading::number, plain.value, plain.places};
    }
    std::optional<double> x = field.number();
    if (!x && field.kind == ValueKind::string) x = Field(std::string_view(), field.value).number();
    if (x) return {Reading::number, *x, plain_decimal_places(field.value)};
    bool missing = field.kind != ValueKind::string && is_missing_mark(field.value);
    return {missing ? Reading::missing : Reading::other, 0};
  }

  // A record of group g: its accumulators start at the index returned.
  std::size_t start_record(std::size_t g) {
    seen_any_ = true;
    std::size_t needed = (g + 1) * fields_.size();
    if (accumulators_.size() < needed) accumulators_.resize(needed);
    return g * fields_.size();
  }

  void add(Accumulator& acc, const Field& field, const Reading& reading) {
    ++acc.count;
    if (keep_distinct_) acc.distinct.emplace(field.value);
    if (reading.kind != Reading::number) return;
    if (acc.numbers == 0 && !spelled_as_number_text(field.value, reading.places)) acc.first_spelled = field.value;
    if (keep_values_) acc.spellings.note(field.value, reading.x, reading.places, acc.values.begin(), acc.values.size());
    const bool past = std::fabs(reading.x) >= kExactIntegerLimit;
    const std::int64_t wide = past ? wide_part(reading.x, field.value) : 0;
    if (wide != 0 && keep_values_) acc.wides.push_back(wide);
    add_number(acc, reading.x, wide, past && decimal_integer(field.value).has_value());
    if (keep_values_) acc.values.push_back(reading.x);
  }

  // (the values for percentiles are kept by the caller)
  // (spelled: x's text spells the integer `wide`, past 2^53)
  void add_number(Accumulator& acc, double x, std::int64_t wide, bool spelled) const {
    ++acc.numbers;
    if (acc.exact || wide != 0 || std::fabs(acc.sum + x) >= kExactIntegerLimit) add_exact(acc, x, wide, spelled);
    acc.sum += x;
    acc.fractions = acc.fractions || x != std::trunc(x);
    if (x < acc.min || (x == acc.min && wide < acc.min_wide)) acc.min = x, acc.min_wide = wide;
    if (x > acc.max || (x == acc.max && wide > acc.max_wide)) acc.max = x, acc.max_wide = wide;
    if (!keep_spread_) return;
    double delta = x - acc.mean;  // Welford's update, for stddev alone
    acc.mean += delta / static_cast<double>(acc.numbers);
    acc.m2 += delta * (x - acc.mean);
  }

  // add_number() for each of a fold's numbers, when all that depends on
  // their order is the sum: none past 2^53, no sum that could reach it (the
  // sum of their magnitudes says), no stddev. The sum is added in the same
  // order, to the same bits; min, max and fractions are the fold's. False,
  // nothing added, otherwise.
  bool merge_in_order(Accumulator& acc, const Found::Column& column) const {
    if (keep_spread_ || acc.exact || !column.wides.empty() ||
        !(std::fabs(acc.sum) + column.magnitude < kExactIntegerLimit / 2)) {
      return false;
    }
    double sum = acc.sum;
    for (const double x : column.numbers) sum += x;
    acc.sum = sum;
    acc.numbers += static_cast<std::int64_t>(column.numbers.size());
    acc.fractions = acc.fractions || column.fractions;
    // (the first of equal values stays, as one by one; none is past 2^53,
    // so none equals a min or max that was)
    if (column.min < acc.min) acc.min = column.min, acc.min_wide = 0;
    if (column.max > acc.max) acc.max = column.max, acc.max_wide = 0;
    return true;
  }

  static void add_exact(Accumulator& acc, double x, std::int64_t wide, bool spelled) {
    if (!acc.exact) {
      // (the sum so far is below 2^53: exact as a double)
      acc.exact = true;
      acc.sum_exact = acc.fractions ? ExactNumber::real(acc.sum) : ExactNumber::integer(static_cast<std::int64_t>(acc.sum));
    }
    // (a number past 2^53 whose text is no integer, 1e16, adds as a double, as in Miller)
    acc.sum_exact = acc.sum_exact.plus(spelled                                    ? ExactNumber::integer(wide)
                                       : std::fabs(x) >= kExactIntegerLimit ? ExactNumber::real(x)
                                                                            : ExactNumber::of(x, {}));
  }
  static double sum_of(const Accumulator& acc) { return acc.exact ? acc.sum_exact.value() : acc.sum; }

  // Counts in `out` a value of field f that numeric aggregates leave out;
  // the first is named in the note.
  void not_a_number(std::vector<NonNumeric>& out, std::size_t f, const Field& field, const RecordRef& record,
                    const Batch& batch) const {
    if (!numeric_aggregates_) return;
    if (out.empty()) out.resize(fields_.size());
    NonNumeric& bad = out[f];
    if (bad.count++ == 0) {
      bad.example = std::string(clipped(field.value));
      bad.where = fmt::format("{}:{}", batch.source(), record.where().line);
    }
  }

 public:
  void notes(std::vector<std::string>& out) const override {
    for (std::size_t f = 0; f < non_numeric_.size(); ++f) {
      const NonNumeric& bad = non_numeric_[f];
      if (bad.count == 0) continue;
      const bool one = bad.count == 1;
      out.push_back(fmt::format("stats: {} value{} of {} {} (the first, at {}: '{}'); sum, mean, min, max, stddev "
                                "and percentiles leave {} out",
                                bad.count, one ? "" : "s", fields_[f], one ? "is not a number" : "are not numbers",
                                bad.where, bad.example, one ? "it" : "them"));
    }
  }

 private:

  // The value of aggregate `a`: a number written by weir (JSON), a number
  // as the input wrote it (text, which writers quote where it is no JSON
  // number: 007), or empty when there were no numbers.
  Field result(Accumulator& acc, std::size_t agg, Batch& out) {
    const AggSpec& a = aggs_[agg];
    auto number = [&](double x) {
      char buffer[kNumberTextMost];
      return Field({}, out.store(expr::format_number(x, buffer, sizeof buffer)), number_kind(x));
    };
    // (an integer past 2^53 by its digits: the double is only near it)
    // (the integer the text spelled, also where its double rounds to 2^63:
    // 9223372036854775806 stays so; not a clamped 1e19)
    auto extreme = [&](double x, std::int64_t wide) {
      return wide != 0 && static_cast<double>(wide) == x ? integer_field(wide, out) : number(x);
    };
    switch (a.kind) {
      case Agg::count: return number(static_cast<double>(acc.count));
      case Agg::distinct: return number(static_cast<double>(acc.distinct.size()));
      // values but not one number: no sum (a 0 would pass for one)
      case Agg::sum:
        if (acc.exact && acc.sum_exact.wide()) return integer_field(acc.sum_exact.i, out);
        return acc.numbers || !acc.count ? number(sum_of(acc)) : Field();
      case Agg::mean:
        // (an exact sum past 2^53 that the count divides: that integer, as Miller's division gives)
        if (acc.numbers && acc.exact && acc.sum_exact.wide() && acc.sum_exact.i % acc.numbers == 0) {
          return integer_field(acc.sum_exact.i / acc.numbers, out);
        }
        return acc.numbers ? number(sum_of(acc) / static_cast<double>(acc.numbers)) : Field();
      // (of one number, the number as written; Miller computes the min of two)
      case Agg::min: return acc.numbers == 1 ? first_number(acc, out) : acc.numbers ? extreme(acc.min, acc.min_wide) : Field();
      case Agg::max: return acc.numbers == 1 ? first_number(acc, out) : acc.numbers ? extreme(acc.max, acc.max_wide) : Field();
      case Agg::stddev:
        return acc.numbers > 1 ? number(std::sqrt(acc.m2 / static_cast<double>(acc.numbers - 1))) : Field();
      case Agg::percentile: {
        if (acc.values.empty()) return {};
        const double x = acc.picked[agg];
        if (std::optional<std::int64_t> wide = wide_kth(acc, x, percentile_index(a, acc))) {
          return integer_field(*wide, out);
        }
        char buffer[kNumberTextMost];
        return as_written(acc.spellings.text(x, buffer), out);
      }
    }
    return {};
  }

  // The index of percentile `a` in acc's numbers in order.
  static std::size_t percentile_index(const AggSpec& a, const Accumulator& acc) {
    auto index = static_cast<std::size_t>(a.percent / 100.0 * static_cast<double>(acc.values.size()));
    return std::min(index, acc.values.size() - 1);
  }

  // Picks each percentile's number from the first `n` accumulators' numbers
  // (acc.picked): with -j N and many numbers, on the threads, an
  // accumulator a task (picking one reorders its numbers).
  void pick_percentiles(std::size_t n) {
    if (!keep_values_) return;
    auto pick = [this](Accumulator& acc) {
      acc.picked.assign(aggs_.size(), 0);
      if (acc.values.empty()) return;
      for (std::size_t i = 0; i < aggs_.size(); ++i) {
        if (aggs_[i].kind == Agg::percentile) acc.picked[i] = acc.values.kth(percentile_index(aggs_[i], acc));
      }
    };
    std::size_t numbers = 0;
    for (std::size_t i = 0; i < n; ++i) numbers += accumulators_[i].values.size();
    if (threads_ > 1 && n > 1 && numbers >= kParallelPickSize) {
      on_threads(threads_, [&] {
        tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) { pick(accumulators_[i]); });
      });
      return;
    }
    for (std::size_t i = 0; i < n; ++i) pick(accumulators_[i]);
  }

  // When x, the index-th of acc's numbers in order, is past 2^53, where
  // several integers read as x: the index-th of them exactly.
  static std::optional<std::int64_t> wide_kth(Accumulator& acc, double x, std::size_t index) {
    if (std::fabs(x) < kExactIntegerLimit || acc.wides.empty()) return std::nullopt;
    std::size_t below = 0;
    for (double y : acc.values) below += y < x;
    std::vector<std::int64_t> same;
    for (std::int64_t w : acc.wides) {
      if (static_cast<double>(w) == x) same.push_back(w);
    }
    if (index < below || index - below >= same.size()) return std::nullopt;
    auto at = same.begin() + static_cast<std::ptrdiff_t>(index - below);
    std::nth_element(same.begin(), at, same.end());
    return *at;
  }

  // The only number of `acc`, as the input wrote it.
  static Field first_number(const Accumulator& acc, Batch& out) {
    if (!acc.first_spelled.empty()) return as_written(acc.first_spelled, out);
    char buffer[kNumberTextMost];
    return as_written(number_text(acc.min, buffer), out);
  }

  // A number as the input wrote it: JSON when it is a JSON number, else
  // text (007), which writers quote where needed.
  static Field as_written(std::string_view text, Batch& out) {
    return Field({}, out.store(text), is_json_number(text) ? ValueKind::json : ValueKind::text);
  }
  std::vector<AggSpec> aggs_;
  std::vector<std::string> fields_;
  FieldLocator values_;
  FieldLocator groups_locator_;
  GroupTable groups_;
  std::vector<Accumulator> accumulators_;  // group * fields + field
  int threads_;  // -j N
  // numbers past which -j N picks percentiles on its threads
  static constexpr std::size_t kParallelPickSize = 1 << 16;
  std::vector<std::string> names_;
  std::vector<NonNumeric> non_numeric_;  // per field, when a numeric aggregate is asked
  bool numeric_aggregates_ = false;
  bool keep_values_ = false;
  bool keep_distinct_ = false;
  bool keep_spread_ = false;  // stddev: Welford's mean and m2
  bool seen_any_ = false;
  InputNames inputs_;  // the input the records came from, named on the batches made here
  std::shared_ptr<FoldSpares<Found>> spares_ = std::make_shared<FoldSpares<Found>>();  // the original's, on a copy
};

struct StatsOptions {
  std::optional<std::vector<AggSpec>> aggregates;
  std::optional<std::vector<std::string>> fields;
  std::vector<std::string> group_by;
};

}  // namespace

StageInfo stats_stage_info() {
  return with_options<StatsOptions>(
      {
          .name = "stats",
          .summary = "count, sum, mean, min, max, stddev, percentiles, distinct per field and group",
          .usage = "stats -a AGG[,AGG...] -f FIELD[,FIELD...] [-g FIELD[,FIELD...]]",
          .description = "Aggregates each -f field, over all records or per distinct combination of the -g "
                         "fields (in order of first appearance). Output fields are named FIELD_AGG "
                         "(latency_ms_mean). Aggregates: count (non-empty values), sum (of integers exact past "
                         "2^53, as Miller adds them), mean, min, max, "
                         "stddev (sample), median, pNN such as p50, p90, p99 (exact: the value at index "
                         "floor(NN/100 * n) of the sorted values, which are all kept, 8 bytes each, and "
                         "written as the input wrote it: 3.10 stays 3.10, as in Miller), and "
                         "distinct (how many different values). For Miller's stats1 and its other accumulators "
                         "(mode, var, minlen, ...) see stats1. Values that are not numbers count only "
                         "for count and distinct: a note on stderr says how many there were and where "
                         "the first was, and a field with values but no number has an empty sum (not 0). "
                         "The missing marks NA, N/A, null, ... are left out without a note.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir stats -a count,mean,p90 -f latency_ms -g status examples/access.csv",
                        "latency per status"},
                       {"weir stats -a min,max,distinct -f bytes,country examples/access.csv",
                        "spread of two fields"}},
      },
      {{{"-a", "--aggregates", "AGGS", "the aggregates, comma-separated", OptionKind::list},
        [](StatsOptions& o, const std::string& v) { o.aggregates = parse_aggregates(v); }},
       {{"-f", "--fields", "FIELDS", "the fields to aggregate", OptionKind::fields},
        sets<&StatsOptions::fields>},
       {{"-g", "--group-by", "FIELDS", "aggregate per distinct value of these fields", OptionKind::fields},
        sets<&StatsOptions::group_by>}},
      [](const StatsOptions& o, const StageSpec& spec) -> std::unique_ptr<Stage> {
        if (!o.aggregates) throw UsageError("stats: -a AGGREGATES is required (for example -a count,mean)");
        if (!o.fields) throw UsageError("stats: -f FIELDS is required (the fields to aggregate)");
        return std::make_unique<Stats>(*o.aggregates, distinct_names(*o.fields), o.group_by,
                                       spec.context ? spec.context->threads : 1);
      });
}

}  // namespace weir
