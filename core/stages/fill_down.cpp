// fill-down -f FIELDS | --all: a missing value takes the last value seen for
// its field, as Miller's fill-down. Missing is absent or empty by default;
// absent only with -a (then an empty value is the last value seen, as in
// Miller); empty only with --only-if-blank (weir's: Miller 6 has no such
// flag). --all works on the fields each record has, so it fills empty
// values only.

#include <map>

#include "core/errors/error.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

struct FillDownOptions {
  std::optional<std::vector<std::string>> fields;
  bool all = false;
  bool only_if_absent = false;
  bool only_if_blank = false;
};

class FillDown final : public Stage {
 public:
  /// `fields`: the -f fields (none with `all`: every field of each record).
  FillDown(std::vector<std::string> fields, bool all, bool fill_absent, bool fill_empty)
      : fields_(std::move(fields)),
        all_(all),
        fill_absent_(fill_absent),
        fill_empty_(fill_empty),
        last_(fields_.size()) {}

  bool push(Batch& batch) override {
    // (--all -a: a record's own fields are never absent, so nothing is filled, as in Miller)
    if (all_ && !fill_empty_) return emit(batch);
    for (std::size_t r = 0; r < batch.size(); ++r) {
      if (all_) fill_all(batch, r);
      else fill_named(batch, r);
    }
    return emit(batch);
  }

 private:
  struct Last {
    bool seen = false;
    std::string value;
    ValueKind kind = ValueKind::text;
  };

  // An empty text: JSON null is a value, kept and given on, as in Miller.
  static bool blank(const Field& f) { return f.value.empty() && !f.is_json_null(); }

  void fill_named(Batch& batch, std::size_t r) {
    RecordRef record = batch[r];
    bool changed = false;
    scratch_.assign(record.fields().begin(), record.fields().end());
    for (std::size_t k = 0; k < fields_.size(); ++k) {
      Last& last = last_[k];
      Field* f = nullptr;
      for (Field& candidate : scratch_) {
        if (candidate.name == fields_[k]) {
          f = &candidate;
          break;
        }
      }
      // with -a an empty value is a value: it is kept and given on, as in Miller
      if (f && (!blank(*f) || !fill_empty_)) {
        last.seen = true;
        last.value.assign(f->value);
        last.kind = f->kind;
      } else if (last.seen && (f ? fill_empty_ : fill_absent_)) {
        Field filled(fields_[k], batch.store(last.value), last.kind);
        if (f) *f = filled;
        else scratch_.push_back(filled);
        changed = true;
      }
    }
    if (changed) batch.replace_fields(r, scratch_);
  }

  void fill_all(Batch& batch, std::size_t r) {
    RecordRef record = batch[r];
    for (Field& f : record.fields()) {
      auto it = last_by_name_.find(f.name);
      if (!blank(f)) {
        if (it == last_by_name_.end()) it = last_by_name_.emplace(std::string(f.name), Last{}).first;
        it->second.seen = true;
        it->second.value.assign(f.value);
        it->second.kind = f.kind;
      } else if (it != last_by_name_.end()) {
        f.set_value(batch.store(it->second.value), it->second.kind);
      }
    }
  }

  std::vector<std::string> fields_;
  bool all_;
  bool fill_absent_;
  bool fill_empty_;
  std::vector<Last> last_;  // per -f field
  std::map<std::string, Last, std::less<>> last_by_name_;  // --all
  std::vector<Field> scratch_;
};

}  // namespace

StageInfo fill_down_stage_info() {
  return with_options<FillDownOptions>(
      {
          .name = "fill-down",
          .summary = "fill missing values from the last record that had one",
          .usage = "fill-down (-f FIELDS | --all) [-a | --only-if-blank]",
          .description = "A field whose value is missing takes the last value seen for it, as Miller's "
                         "fill-down does. Missing means absent or empty; with -a (--only-if-absent) "
                         "only absent (an empty value is then a value, and is given on), with "
                         "--only-if-blank (weir's own) only empty. An absent field is added at the "
                         "end of the record. --all works on every field of each record (so it fills empty "
                         "values only, and with -a nothing, as in Miller). JSON null is a value: it is not filled, and is given on.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir fill-down -f note examples/access.csv", "an empty note repeats the one above"}},
      },
      {{{"-f", "--fields", "FIELDS", "the fields to fill", OptionKind::fields},
        sets<&FillDownOptions::fields>},
       {{"", "--all", "", "every field (empty values)", OptionKind::flag}, sets<&FillDownOptions::all>},
       {{"-a", "--only-if-absent", "", "fill absent fields only, not empty ones", OptionKind::flag},
        sets<&FillDownOptions::only_if_absent>},
       {{"", "--only-if-blank", "", "fill empty values only, not absent fields", OptionKind::flag},
        sets<&FillDownOptions::only_if_blank>}},
      [](const FillDownOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        if (!o.fields && !o.all) throw UsageError("fill-down: -f FIELDS or --all is required");
        if (o.fields && o.all) throw UsageError("fill-down: give -f FIELDS or --all, not both");
        if (o.only_if_absent && o.only_if_blank) {
          throw UsageError("fill-down: -a fills absent fields only, --only-if-blank empty ones only: give one");
        }
        return std::make_unique<FillDown>(o.fields.value_or(std::vector<std::string>{}), o.all,
                                          !o.only_if_blank, !o.only_if_absent);
      });
}

}  // namespace weir
