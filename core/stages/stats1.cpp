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
//  - a percentile, and the min or max of one value, is the value as written;
//  - --fr/--fx (--gr/--gx) take the value (group) fields by name regexes:
//    a record's fields whose names match (or, inverted, do not), in the
//    record's order; a record matching no group field is of the one group
//    with none.

#include <algorithm>
#include <span>
#include <unordered_map>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/stages/field_locator.hpp"
#include "core/stages/group_table.hpp"
#include "core/stages/name_regex.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/univariate.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

/// Field names picked by regexes (Miller's --fr, --fx, --gr, --gx): any of
/// them matches, or with `inverted`, none does.
struct NamesMatching {
  std::vector<std::shared_ptr<const re2::RE2>> regexes;
  bool inverted = false;

  bool operator()(std::string_view name) const {
    auto matches = [&](const auto& re) { return name_matches(*re, name); };
    return std::any_of(regexes.begin(), regexes.end(), matches) != inverted;
  }
};

/// The positions of a record's fields whose names `matching` takes, in the
/// record's order; one regex test a name of each header, not of each record.
class MatchedFields {
 public:
  explicit MatchedFields(NamesMatching matching) : matching_(std::move(matching)) {}

  std::span<const std::size_t> of(const RecordRef& record) {
    auto fields = record.fields();
    const Header* header = record.header();
    if (header && header->id == header_id_ && fields.size() == count_ && names_agree(fields)) {
      return positions_;
    }
    positions_.clear();
    names_.clear();
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (!matching_(fields[i].name)) continue;
      positions_.push_back(i);
      names_.emplace_back(fields[i].name);
    }
    header_id_ = header ? header->id : 0;
    count_ = fields.size();
    return positions_;
  }

 private:
  bool names_agree(std::span<const Field> fields) const {
    for (std::size_t k = 0; k < positions_.size(); ++k) {
      if (fields[positions_[k]].name != names_[k]) return false;
    }
    return true;
  }

  NamesMatching matching_;
  std::uint64_t header_id_ = 0;  // (0: no header's; ids start at 1)
  std::size_t count_ = 0;
  std::vector<std::size_t> positions_;
  std::vector<std::string> names_;
};

class Stats1 final : public Stage {
 public:
  Stats1(std::vector<UnivariateSpec> accumulators, std::vector<std::string> fields,
         std::vector<std::string> group_by, bool interpolate, std::optional<NamesMatching> value_names,
         std::optional<NamesMatching> group_names, bool iterative)
      : accumulators_(std::move(accumulators)),
        fields_(std::move(fields)),
        group_by_(std::move(group_by)),
        interpolate_(interpolate),
        values_(fields_),
        group_fields_(group_by_) {
    if (value_names) value_matches_.emplace(std::move(*value_names));
    if (group_names) group_matches_.emplace(std::move(*group_names));
    iterative_ = iterative;
    for (const auto& a : accumulators_) {
      keep_values_ |= a.kind == UnivariateKind::percentile;
      distinct_ |= a.kind == UnivariateKind::distinct_count || a.kind == UnivariateKind::mode ||
                   a.kind == UnivariateKind::antimode;
    }
  }

  std::optional<FieldUse> field_use() const override {
    // (any field may match; -s hands on the records whole)
    if (value_matches_ || group_matches_ || iterative_) return std::nullopt;
    FieldUse use{fields_, false};
    use.reads.insert(use.reads.end(), group_by_.begin(), group_by_.end());
    return use;
  }

  bool push(Batch& batch) override {
    inputs_.see(batch);
    if (iterative_) grouped_.assign(batch.size(), false);
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      std::size_t g = 0;
      if (group_matches_) {
        g = group_by_names(record);
      } else if (!group_by_.empty()) {
        auto keys = group_fields_.locate(record, batch);
        if (!all_found(keys)) continue;  // no group: left out, as in Miller
        g = groups_.find_or_add(keys);
      }
      if (g == groups_seen_.size()) groups_seen_.emplace_back();
      std::vector<Column>& columns = groups_seen_[g];
      if (value_matches_) {
        auto fields = record.fields();
        for (std::size_t i : value_matches_->of(record)) add(columns, field_named(fields[i].name), fields[i]);
      } else {
        auto values = values_.locate(record, batch);
        for (std::size_t f = 0; f < values.size(); ++f) {
          if (values[f]) add(columns, f, *values[f]);
        }
      }
      if (iterative_) {
        grouped_[r] = true;
        with_statistics(batch, r, columns);
      }
    }
    if (!iterative_) return true;
    batch.keep_if(grouped_);
    return batch.empty() || emit(batch);
  }

  void finish() override {
    if (iterative_) {
      next_->finish();  // (each record had its statistics: no summary, as in Miller)
      return;
    }
    Batch out;
    inputs_.name(out);
    for (std::size_t g = 0; g < groups_seen_.size(); ++g) {
      if (group_by_.empty() && groups_seen_[g].empty()) continue;  // (Miller writes an empty record)
      out.begin_record(Provenance{});
      const std::vector<std::string>& group_names = group_matches_ ? group_names_[g] : group_by_;
      for (std::size_t k = 0; k < group_names.size(); ++k) {
        out.add_field(Field(group_names[k], groups_.values(g)[k], groups_.kinds(g)[k]));
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
    std::size_t field;  // in fields_
    Univariate acc;
  };

  void add(std::vector<Column>& columns, std::size_t f, const Field& value) {
    Column* column = nullptr;
    for (Column& c : columns) {
      if (c.field == f) column = &c;
    }
    if (!column) column = &columns.emplace_back(f, keep_values_, distinct_);
    if (value.value.empty() && value.kind != ValueKind::json) column->acc.add_empty();
    else column->acc.add(value);
  }

  // -s: record r of `batch` with its group's statistics so far after its fields
  void with_statistics(Batch& batch, std::size_t r, std::vector<Column>& columns) {
    auto own = batch[r].fields();
    fields_out_.assign(own.begin(), own.end());
    for (Column& column : columns) {
      for (const UnivariateSpec& a : accumulators_) {
        Field f = column.acc.result(a, interpolate_, batch);
        f.name = batch.store(fields_[column.field] + "_" + a.name);
        // (a field of that name already: its value is replaced, as in Miller)
        auto named = [&](const Field& o) { return o.name == f.name; };
        auto same = std::find_if(fields_out_.begin(), fields_out_.end(), named);
        if (same != fields_out_.end()) *same = f;
        else fields_out_.push_back(f);
      }
    }
    batch.replace_fields(r, fields_out_);
  }

  // --fr/--fx: the index in fields_ of a value field's name, added when new
  std::size_t field_named(std::string_view name) {
    auto [at, added] = field_index_.try_emplace(std::string(name), fields_.size());
    if (added) fields_.emplace_back(name);
    return at->second;
  }

  // --gr/--gx: the group of a record's fields so named (their values, as
  // Miller keys them), its names kept from its first record
  std::size_t group_by_names(const RecordRef& record) {
    auto fields = record.fields();
    keys_.clear();
    for (std::size_t i : group_matches_->of(record)) keys_.push_back(&fields[i]);
    const std::size_t g = groups_.find_or_add(keys_);
    if (g == group_names_.size()) {
      std::vector<std::string>& names = group_names_.emplace_back();
      for (const Field* key : keys_) names.emplace_back(key->name);
    }
    return g;
  }

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
  std::optional<MatchedFields> value_matches_;
  std::optional<MatchedFields> group_matches_;
  std::unordered_map<std::string, std::size_t> field_index_;  // (--fr/--fx)
  std::vector<std::vector<std::string>> group_names_;         // (--gr/--gx) per group
  std::vector<const Field*> keys_;
  bool iterative_ = false;       // -s
  std::vector<bool> grouped_;    // (-s: the batch's records that had a group)
  std::vector<Field> fields_out_;
};

struct Stats1Options {
  std::optional<std::vector<UnivariateSpec>> accumulators;
  // -f, or --fr/--fx (the last given)
  std::optional<std::vector<std::string>> fields;
  std::optional<NamesMatching> field_regexes;
  // -g, or --gr/--gx (the last given)
  std::vector<std::string> group_by;
  std::optional<NamesMatching> group_regexes;
  bool interpolate = false;
  bool iterative = false;  // -s

  void value_fields_named(NamesMatching matching) {
    field_regexes = std::move(matching);
    fields.reset();
  }
  void group_fields_named(NamesMatching matching) {
    group_regexes = std::move(matching);
    group_by.clear();
  }
};

// --fr REGEXES and the like: comma-separated, each as Miller's name regexes
NamesMatching names_matching(std::string_view option, const std::string& text, bool inverted) {
  NamesMatching matching{{}, inverted};
  for (const std::string& regex : parse_field_list("", text)) {
    matching.regexes.push_back(compile_name_regex(option, regex));
  }
  return matching;
}

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
  if (!o.fields && !o.field_regexes) {
    throw UsageError(
        "stats1: -f FIELDS (or --fr/--fx REGEX) is required (the fields to compute statistics of)");
  }
  std::vector<std::string> fields = o.fields ? distinct_names(*o.fields) : std::vector<std::string>{};
  return std::make_unique<Stats1>(*o.accumulators, std::move(fields), o.group_by, o.interpolate,
                                  o.field_regexes, o.group_regexes, o.iterative);
}

}  // namespace

StageInfo stats1_stage_info() {
  return with_options<Stats1Options>(
      {
          .name = "stats1",
          .summary = "Miller's stats1: count, mode, sum, mean, var, min, max, percentiles, ... per field and group",
          .usage = "stats1 -a ACCUMULATORS -f FIELDS [-g FIELDS] [-i] [-s] [--fr|--fx|--gr|--gx|--grfx REGEXES]",
          .description =
              "As Miller's stats1, for commands brought from Miller: statistics of each -f field over all "
              "records or per distinct combination of the -g fields (in order of first appearance), named "
              "FIELD_ACC. Accumulators: count, null_count, distinct_count, mode, antimode, sum, mean, var, "
              "stddev, meaneb, skewness, kurtosis, min, max, minlen, maxlen, median and pNN such as p10, p25.2 "
              "(the value at index int(NN/100 * n) of the sorted values; -i interpolates, as R's type 7). "
              "Miller's rules: an empty value counts for null_count only; sum, mean and the moments read "
              "numbers only; count, mode, min, max and percentiles see every value, numbers before text; a "
              "percentile, and the min or max of a single value, is the value as written (3.10). A group's "
              "fields come in the order it first had them, and a field it never had gets no outputs. --fr "
              "and --fx (--gr and --gx) take the fields (group fields) by name instead: those of each "
              "record whose names match one of the comma-separated regexes (or none), in the record's "
              "order. -s writes each record with its group's statistics so far instead. Numbers "
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
        [](Stats1Options& o, const std::string& v) {
          o.fields = parse_field_list("", v);
          o.field_regexes.reset();
        }},
       {{"", "--fr", "REGEXES", "the fields whose names match a regex, in each record's order", OptionKind::list},
        [](Stats1Options& o, const std::string& v) { o.value_fields_named(names_matching("--fr", v, false)); }},
       {{"", "--fx", "REGEXES", "the fields whose names match none of the regexes", OptionKind::list},
        [](Stats1Options& o, const std::string& v) { o.value_fields_named(names_matching("--fx", v, true)); }},
       {{"-g", "--group-by", "FIELDS", "per distinct value of these fields", OptionKind::fields},
        [](Stats1Options& o, const std::string& v) {
          o.group_by = parse_field_list("", v);
          o.group_regexes.reset();
        }},
       {{"", "--gr", "REGEXES", "group by the fields whose names match a regex", OptionKind::list},
        [](Stats1Options& o, const std::string& v) { o.group_fields_named(names_matching("--gr", v, false)); }},
       {{"", "--gx", "REGEXES", "group by the fields whose names match none of the regexes", OptionKind::list},
        [](Stats1Options& o, const std::string& v) { o.group_fields_named(names_matching("--gx", v, true)); }},
       {{"", "--grfx", "REGEXES",
         "group by the fields whose names match, statistics of the others (--gr and --fx at once)", OptionKind::list},
        [](Stats1Options& o, const std::string& v) {
          o.group_fields_named(names_matching("--grfx", v, false));
          o.value_fields_named(names_matching("--grfx", v, true));
        }},
       {{"-i", "--interpolate", "", "interpolated percentiles (R's type 7)", OptionKind::flag},
        sets<&Stats1Options::interpolate>},
       {{"-s", "--iterative", "", "each record with its group's statistics so far (no summary at the end)",
         OptionKind::flag},
        sets<&Stats1Options::iterative>}},
      make_stats1);
}

}  // namespace weir
