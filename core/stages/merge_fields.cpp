// merge-fields -a ACCUMULATORS (-f FIELDS | -r REGEXES | -c SUBSTRINGS) [-o NAME] [-k] [-i]:
// statistics across fields of each record, as Miller's merge-fields. -f and
// -r put NAME_ACC on the record for the fields named or matched; -c groups
// the matched fields by their names with the match taken out (a_in_x and
// a_out_x with -c in_,out_ both go to a_x) and puts a_x_ACC per group. The
// fields merged leave the record unless -k; an empty value is not counted (JSON null is, as in Miller).

#include <algorithm>

#include <fmt/format.h>
#include <re2/re2.h>

#include "core/errors/error.hpp"
#include "core/stages/name_regex.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/univariate.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

enum class MergeBy { names, regexes, collapse };

struct MergeFieldsOptions {
  std::vector<std::string> accumulators;  // -a (required: empty when not given)
  // the last of -f, -r and -c wins, as in Miller (one is required: names is empty when none is given)
  MergeBy by = MergeBy::names;
  std::vector<std::string> names;  // its fields, regexes or substrings
  std::string output;              // -o
  bool keep = false;               // -k
  bool interpolate = false;        // -i
};

// The setter of -f, -r or -c.
template <MergeBy by>
void merges_by(MergeFieldsOptions& o, const std::string& names) {
  o.by = by;
  o.names = parse_field_list("", names);
}

// What the stage computes, from the options.
struct MergePlan {
  std::vector<UnivariateSpec> accumulators;
  MergeBy by = MergeBy::names;
  std::vector<std::string> names;  // -f, or the regexes' text
  std::vector<std::unique_ptr<re2::RE2>> regexes;
  std::string output;  // -o
  bool keep = false;   // -k
  bool interpolate = false;
};

class MergeFields final : public Stage {
 public:
  explicit MergeFields(MergePlan plan) : o_(std::move(plan)) {
    bool values = false, distinct = false;
    for (const auto& a : o_.accumulators) {
      values |= a.kind == UnivariateKind::percentile;
      distinct |= a.kind == UnivariateKind::distinct_count || a.kind == UnivariateKind::mode ||
                  a.kind == UnivariateKind::antimode;
      output_names_.push_back(o_.output + "_" + a.name);
    }
    values_ = values;
    distinct_ = distinct;
  }

  bool per_record() const override { return true; }
  bool push(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      kept_.clear();
      groups_used_ = 0;
      if (o_.by == MergeBy::names) merge_named(record);
      else merge_matched(record);
      for (std::size_t g = 0; g < groups_used_; ++g) {
        for (std::size_t a = 0; a < o_.accumulators.size(); ++a) {
          Field f = groups_[g].acc.result(o_.accumulators[a], o_.interpolate, batch);
          f.name = o_.by == MergeBy::collapse ? batch.store(groups_[g].name + "_" + o_.accumulators[a].name)
                                              : std::string_view(output_names_[a]);
          put(f);
        }
      }
      batch.replace_fields(r, kept_);
    }
    return emit(batch);
  }

 private:
  struct Group {
    std::string name;
    Univariate acc;
  };

  Univariate& group(std::string_view name) {
    for (std::size_t g = 0; g < groups_used_; ++g) {
      if (groups_[g].name == name) return groups_[g].acc;
    }
    if (groups_used_ == groups_.size()) groups_.push_back(Group{std::string(name), Univariate(values_, distinct_)});
    Group& g = groups_[groups_used_++];
    g.name.assign(name);
    g.acc.reset();
    return g.acc;
  }

  // -f: the fields in the order named
  void merge_named(const RecordRef& record) {
    Univariate& acc = group("");
    std::vector<bool> merged(record.size(), false);
    for (const std::string& name : o_.names) {
      for (std::size_t i = 0; i < record.size(); ++i) {
        if (record[i].name != name) continue;
        merged[i] = true;
        if (miller_type(record[i]) != MillerType::empty) acc.add(record[i]);
        break;
      }
    }
    for (std::size_t i = 0; i < record.size(); ++i) {
      if (!merged[i] || o_.keep) kept_.push_back(record[i]);
    }
  }

  // -r and -c: the fields in the record's order
  void merge_matched(const RecordRef& record) {
    if (o_.by == MergeBy::regexes) group("");
    for (std::size_t i = 0; i < record.size(); ++i) {
      const Field& f = record[i];
      const re2::RE2* matched = nullptr;
      for (const auto& re : o_.regexes) {
        if (name_matches(*re, f.name)) {
          matched = re.get();
          break;
        }
      }
      if (!matched) {
        kept_.push_back(f);
        continue;
      }
      Univariate* acc = nullptr;
      if (o_.by == MergeBy::collapse) {
        std::string short_name(f.name);
        re2::RE2::Replace(&short_name, *matched, "");
        acc = &group(short_name);
      } else {
        acc = &groups_[0].acc;  // -r: the one group made above
      }
      if (miller_type(f) != MillerType::empty) acc->add(f);
      if (o_.keep) kept_.push_back(f);
    }
  }

  // Miller's assignment: a name the record has takes the value in place
  void put(const Field& f) {
    for (Field& old : kept_) {
      if (old.name == f.name) {
        old = f;
        return;
      }
    }
    kept_.push_back(f);
  }

  MergePlan o_;
  bool values_ = false;
  bool distinct_ = false;
  std::vector<std::string> output_names_;
  std::vector<Group> groups_;  // reused from record to record
  std::size_t groups_used_ = 0;
  std::vector<Field> kept_;
};

std::unique_ptr<Stage> make_merge_fields(const MergeFieldsOptions& options, const StageSpec&) {
  if (options.accumulators.empty()) {
    throw UsageError("merge-fields: -a ACCUMULATORS is required (for example -a sum,count)");
  }
  MergePlan o;
  for (const std::string& name : options.accumulators) {
    auto parsed = parse_univariate(name);
    if (!parsed) {
      throw UsageError(fmt::format("merge-fields: unknown accumulator '{}'{}; known: {}", name,
                                   did_you_mean(name, univariate_names()),
                                   "count, null_count, distinct_count, mode, antimode, sum, mean, var, stddev, "
                                   "meaneb, skewness, kurtosis, min, max, minlen, maxlen, median, pNN"));
    }
    o.accumulators.push_back(std::move(*parsed));
  }
  if (options.names.empty()) {
    throw UsageError("merge-fields: one of -f FIELDS, -r REGEXES or -c SUBSTRINGS is required");
  }
  o.by = options.by;
  o.names = options.names;
  if (o.by != MergeBy::names) {
    for (const auto& text : o.names) o.regexes.push_back(compile_name_regex("merge-fields", text));
  }
  o.output = options.output;
  if (o.by != MergeBy::collapse && o.output.empty()) {
    throw UsageError("merge-fields: -o NAME is required with -f and -r (the outputs are NAME_sum, NAME_count, ...)");
  }
  o.keep = options.keep;
  o.interpolate = options.interpolate;
  return std::make_unique<MergeFields>(std::move(o));
}

}  // namespace

StageInfo merge_fields_stage_info() {
  return with_options<MergeFieldsOptions>(
      {
          .name = "merge-fields",
          .summary = "statistics across fields of each record (sum, count, mean, ... of a_in, a_out)",
          .usage = "merge-fields -a ACCUMULATORS (-f FIELDS | -r REGEXES | -c SUBSTRINGS) [-o NAME] [-k] [-i]",
          .description =
              "As Miller's merge-fields: for each record, statistics over several of its fields. With -f (the "
              "fields named) or -r (fields whose names match a regex) the results go to NAME_ACC (-o NAME); "
              "with -c, fields whose names match are grouped by their names with the match taken out "
              "(a_in_x and a_out_x with -c in_,out_ are both a_x) and each group gets a_x_ACC. Accumulators: "
              "count, null_count, distinct_count, mode, antimode, sum, mean, var, stddev, meaneb, skewness, "
              "kurtosis, min, max, minlen, maxlen, median and pNN (percentiles; -i interpolates). sum, mean "
              "and the moments read numbers only; an empty value is not counted. The merged fields leave "
              "the record unless -k.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir merge-fields -a sum,max -f bytes,latency_ms -o cost examples/access.csv",
                        "cost_sum and cost_max per record"},
                       {"weir merge-fields -k -a count,mean -r '^(status|bytes)$' -o m examples/access.csv",
                        "m_count and m_mean over status and bytes, which stay"}},
      },
      {{{"-a", "--accumulators", "ACCUMULATORS", "what to compute, comma-separated", OptionKind::list},
        sets<&MergeFieldsOptions::accumulators>},
       {{"-f", "--fields", "FIELDS", "the fields to merge (needs -o)", OptionKind::fields},
        merges_by<MergeBy::names>},
       {{"-r", "--regexes", "REGEXES", "merge fields whose names match (needs -o)", OptionKind::list},
        merges_by<MergeBy::regexes>},
       {{"-c", "--collapse", "SUBSTRINGS", "merge fields per name with the match taken out", OptionKind::list},
        merges_by<MergeBy::collapse>},
       {{"-o", "--output", "NAME", "the outputs' base name for -f and -r", OptionKind::text},
        sets<&MergeFieldsOptions::output>},
       {{"-k", "--keep", "", "keep the merged fields", OptionKind::flag}, sets<&MergeFieldsOptions::keep>},
       {{"-i", "--interpolate", "", "interpolated percentiles (R's type 7)", OptionKind::flag},
        sets<&MergeFieldsOptions::interpolate>}},
      make_merge_fields);
}

}  // namespace weir
