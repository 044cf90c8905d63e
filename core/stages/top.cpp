// top -n N -f F [-g G] [-a] [--min]: the N largest (or smallest) values of
// fields, per group, as Miller's top prints them. Each group keeps, per
// field, its N best values in a short sorted array: a value that does not
// beat the worst kept one costs one comparison. Memory is groups x N values
// (x N records with -a).

#include <charconv>
#include <memory>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/errors/error.hpp"
#include "core/record/exact_number.hpp"
#include "core/record/owned_record.hpp"
#include "core/stages/fold_spares.hpp"
#include "core/stages/group_table.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/univariate.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

struct TopOptions {
  std::size_t n = 1;
  std::vector<std::string> fields;  // -f (required: empty when not given)
  std::vector<std::string> group_by;
  bool all_fields = false;  // -a
  bool max = true;          // not --min
  std::string index_name = "top_idx";
};

/// A number and its wide_part(): what orders equal doubles past 2^53.
struct Ranked {
  double value = 0;
  std::int64_t wide = 0;
};

Ranked ranked(double value, const Field& field) { return {value, wide_part(value, field.value)}; }

struct Kept {
  Ranked value;
  std::string text;  // the value as it was written
  ValueKind kind = ValueKind::text;
  OwnedRecord record;  // with -a
};

class Top final : public Stage {
 public:
  explicit Top(TopOptions options)
      : options_(std::move(options)), values_(options_.fields), group_fields_(options_.group_by) {
    for (const auto& f : options_.fields) top_names_.push_back(f + "_top");
  }

  // (-a's records are whole: OwnedRecord makes them from a projected row's text)
  std::optional<FieldUse> field_use() const override {
    FieldUse use{options_.fields, false};
    for (const std::string& g : options_.group_by) use.reads.push_back(g);
    return use;
  }

  bool push(Batch& batch) override {
    inputs_.see(batch);
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      auto values = values_.locate(record, batch);
      if (!all_found(values)) continue;
      std::optional<std::size_t> group = group_of(groups_, record, batch);
      if (!group) continue;
      const std::size_t g = *group;
      if (g == kept_.size()) kept_.emplace_back(options_.fields.size());
      for (std::size_t f = 0; f < values.size(); ++f) {
        // Miller ranks text above numbers; here a value that is no number is not ranked
        if (auto v = miller_number_of(*values[f])) offer(kept_[g][f], ranked(*v, *values[f]), *values[f], record);
      }
    }
    return true;
  }

  // The engine folds batches on several threads: there each value is
  // offered to the fold's own top N, and the values that got in are the
  // only ones that may get into this stage's (a value with N better ones
  // in its batch has N better ones before it). merge() offers them here in
  // input order, so equal values land where -j 1 puts them.
  struct Found final : Partial {
    struct Candidate {
      std::uint32_t record;
      std::uint32_t group;  // the fold's own group number
      std::uint32_t field;
      Ranked value;
    };
    GroupTable groups;
    std::vector<std::vector<Ranked>> best;  // group * fields + field: the fold's top N, best first
    std::size_t group_count = 0;            // the groups seen (best has room for at least these)
    std::vector<Candidate> candidates;

    void clear() {
      groups.clear();
      for (std::vector<Ranked>& kept : best) kept.clear();
      group_count = 0;
      candidates.clear();
    }
  };
  void follow(Stage& original) override { spares_ = static_cast<Top&>(original).spares_; }

  bool folds() const override { return true; }
  std::unique_ptr<Partial> fold(Batch& batch) override {
    std::unique_ptr<Found> found = spares_->take([] { return std::make_unique<Found>(); });
    const std::size_t width = options_.fields.size();
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      auto values = values_.locate(record, batch);
      if (!all_found(values)) continue;
      std::optional<std::size_t> group = group_of(found->groups, record, batch);
      if (!group) continue;
      const std::size_t g = *group;
      if (g >= found->group_count) {
        found->group_count = g + 1;
        if (found->best.size() < (g + 1) * width) found->best.resize((g + 1) * width);
      }
      for (std::size_t f = 0; f < values.size(); ++f) {
        auto number = miller_number_of(*values[f]);
        if (!number) continue;
        const Ranked v = ranked(*number, *values[f]);
        std::vector<Ranked>& best = found->best[g * width + f];
        std::size_t at = place(best, v);
        if (at >= options_.n) continue;
        if (best.size() == options_.n) best.pop_back();
        best.insert(best.begin() + static_cast<std::ptrdiff_t>(at), v);
        found->candidates.push_back({static_cast<std::uint32_t>(r), static_cast<std::uint32_t>(g),
                                     static_cast<std::uint32_t>(f), v});
      }
    }
    return found;
  }
  void merge(Partial& partial, Batch& batch) override {
    inputs_.see(batch);
    auto& found = static_cast<Found&>(partial);
    // the fold's groups in the order it met them, also those without a
    // number (they get empty rows): the order -j 1 finds them in
    group_map_.resize(found.groups.size());
    for (std::size_t g = 0; g < found.groups.size(); ++g) {
      group_map_[g] = groups_.find_or_add(found.groups, g);
      if (group_map_[g] == kept_.size()) kept_.emplace_back(options_.fields.size());
    }
    for (const Found::Candidate& c : found.candidates) {
      RecordRef record = batch[c.record];
      offer(kept_[group_map_[c.group]][c.field], c.value, *values_.locate(record, batch)[c.field], record);
    }
    spares_->keep(found);
  }

  void finish() override {
    Batch out;
    inputs_.name(out);
    for (std::size_t g = 0; g < kept_.size(); ++g) {
      if (options_.all_fields) {
        for (const Kept& k : kept_[g][0]) k.record.append_to(out);
        continue;
      }
      // Miller writes N rows per group, the missing values empty
      for (std::size_t i = 0; i < options_.n; ++i) {
        out.begin_record(Provenance{});
        for (std::size_t k = 0; k < options_.group_by.size(); ++k) {
          out.add_field(Field(options_.group_by[k], groups_.values(g)[k], groups_.kinds(g)[k]));
        }
        char digits[24];
        auto end = std::to_chars(digits, digits + sizeof digits, i + 1).ptr;
        out.add_field(Field(options_.index_name,
                            out.store(std::string_view(digits, static_cast<std::size_t>(end - digits))),
                            ValueKind::json));
        for (std::size_t f = 0; f < options_.fields.size(); ++f) {
          const std::vector<Kept>& kept = kept_[g][f];
          out.add_field(i < kept.size() ? Field(top_names_[f], kept[i].text, kept[i].kind) : Field::placeholder(top_names_[f]));
        }
      }
    }
    if (!out.empty()) emit(out);
    next_->finish();
  }

 private:
  // The record's group in `groups`; nullopt when it lacks a group field.
  // Without -g every record is group 0, and no key is looked up per record.
  std::optional<std::size_t> group_of(GroupTable& groups, const RecordRef& record, Batch& batch) {
    if (options_.group_by.empty()) {
      if (groups.size() == 0) groups.find_or_add(group_fields_.locate(record, batch));
      return 0;
    }
    auto keys = group_fields_.locate(record, batch);
    if (!all_found(keys)) return std::nullopt;
    return groups.find_or_add(keys);
  }

  // Puts the value in its place among the kept ones, if it has one. Where
  // values are equal the place is the one Miller's binary search finds, so
  // that -a picks the same records as Miller's top.
  void offer(std::vector<Kept>& kept, Ranked v, const Field& field, const RecordRef& record) {
    if (options_.n == 0) return;
    std::size_t at = place(kept, v);
    if (at >= options_.n) return;
    if (kept.size() == options_.n) kept.pop_back();
    Kept& k = *kept.emplace(kept.begin() + static_cast<std::ptrdiff_t>(at));
    k.value = v;
    k.text.assign(field.value);
    k.kind = field.kind;
    if (options_.all_fields) k.record.assign(record);
  }

  // Miller's search: better than the first goes first, worse than the last
  // goes last; between, a halving search that stops at an equal value.
  static Ranked rank_of(const Kept& k) { return k.value; }
  static Ranked rank_of(Ranked r) { return r; }
  template <class Item>
  std::size_t place(const std::vector<Item>& kept, Ranked v) const {
    auto better = [this](Ranked a, Ranked b) {
      const int c = compare_exact(a.value, a.wide, b.value, b.wide);
      return options_.max ? c > 0 : c < 0;
    };
    if (kept.empty() || better(v, rank_of(kept.front()))) return 0;
    if (better(rank_of(kept.back()), v)) return kept.size();
    std::size_t lo = 0;
    std::size_t hi = kept.size() - 1;
    std::size_t mid = (lo + hi) / 2;
    while (lo < hi) {
      const Ranked at = rank_of(kept[mid]);
      if (compare_exact(v.value, v.wide, at.value, at.wide) == 0) return mid;
      if (better(v, at)) hi = mid;
      else lo = mid;
      std::size_t next = (lo + hi) / 2;
      if (next == mid) {
        if (!better(rank_of(kept[lo]), v)) return lo;
        if (!better(rank_of(kept[hi]), v)) return hi;
        return hi + 1;
      }
      mid = next;
    }
    return lo;
  }

  TopOptions options_;
  FieldLocator values_;
  FieldLocator group_fields_;
  GroupTable groups_;
  std::vector<std::vector<std::vector<Kept>>> kept_;  // group, field -> best first
  std::vector<std::string> top_names_;                // "x_top"
  std::vector<std::size_t> group_map_;                // merge()'s, kept for its memory
  InputNames inputs_;
  std::shared_ptr<FoldSpares<Found>> spares_ = std::make_shared<FoldSpares<Found>>();  // the original's, on a copy
};

}  // namespace

StageInfo top_stage_info() {
  return with_options<TopOptions>(
      {
          .name = "top",
          .summary = "the N largest (or smallest) values of fields, per group; -a: their records",
          .usage = "top [-n N] -f FIELDS [-g FIELDS] [-a] [--min] [-o NAME] [-F]",
          .description =
              "As Miller's top: for each group (in order of first appearance; records lacking a -f or -g "
              "field are left out), N records of the group fields, top_idx (1..N) and FIELD_top for each "
              "-f field, largest first; a group with fewer than N values gets empty ones. With -a (one -f "
              "field), the whole records holding the top values instead. Values that are not numbers are "
              "not ranked (Miller ranks them above every number). Equal values: the later record first, "
              "as in Miller.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir top -n 3 -f latency_ms examples/access.csv", "the three slowest latencies"},
                       {"weir top -n 1 -f latency_ms -g method -a examples/access.csv",
                        "the slowest request of each method, whole"}},
      },
      {{{"-n", "--count", "N", "how many values per group (default 1)", OptionKind::count},
        [](TopOptions& o, const std::string& v) { o.n = static_cast<std::size_t>(count_value(v)); }},
       {{"-f", "--fields", "FIELDS", "the fields whose values are ranked", OptionKind::fields},
        sets<&TopOptions::fields>},
       {{"-g", "--group-by", "FIELDS", "rank within each distinct value of these fields", OptionKind::fields},
        sets<&TopOptions::group_by>},
       {{"-a", "--all-fields", "", "print the whole records (one -f field only)", OptionKind::flag},
        sets<&TopOptions::all_fields>},
       // (the last of --min and --max wins)
       {{"", "--min", "", "the smallest values instead", OptionKind::flag},
        [](TopOptions& o, const std::string&) { o.max = false; }},
       {{"", "--max", "", "the largest values (the default)", OptionKind::flag},
        [](TopOptions& o, const std::string&) { o.max = true; }},
       {{"-o", "--index-name", "NAME", "name of the rank field (default top_idx)", OptionKind::text},
        sets<&TopOptions::index_name>},
       // (Miller 6 writes the values as read with or without it, and so does weir)
       {{"-F", "--keep-floats", "", "Miller's -F: accepted; values are written as read with or without it",
         OptionKind::flag},
        [](TopOptions&, const std::string&) {}}},
      [](const TopOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        if (o.fields.empty()) throw UsageError("top: -f FIELDS is required (the fields to rank)");
        if (o.all_fields && o.fields.size() > 1) {
          throw UsageError(fmt::format("top: -a takes one -f field, got {}", fmt::join(o.fields, ",")));
        }
        return std::make_unique<Top>(o);
      });
}

}  // namespace weir
