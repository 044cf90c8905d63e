// having-fields: passes the records whose field names meet one condition,
// as Miller's having-fields: --at-least, --which-are, --at-most NAMES;
// --all-defined, --any-defined NAMES (Miller 5's: present and not empty);
// --all-matching, --any-matching, --none-matching REGEX ("..."i: any case).

#include <algorithm>
#include <atomic>

#include <fmt/format.h>
#include <re2/re2.h>

#include "core/errors/error.hpp"
#include "core/stages/first_header.hpp"
#include "core/stages/name_regex.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

enum class Having { at_least, which_are, at_most, all_defined, any_defined, all_matching, any_matching, none_matching };

class HavingFields final : public Stage {
 public:
  HavingFields(Having how, std::vector<std::string> names, std::unique_ptr<re2::RE2> regex)
      : how_(how), names_(std::move(names)), regex_(std::move(regex)) {}

  void hand_back() override {
    if (original_) original_->result_.merge(result_);
  }

  // Copies run on other threads once this stage has seen the run's first
  // records, so that the header of an empty result is the first one, as -j 1.
  bool per_record() const override { return true; }
  void follow(Stage& original) override { original_ = &static_cast<HavingFields&>(original); }
  bool ready() override { return original_->started_.load(std::memory_order_acquire); }

  bool push(Batch& batch) override {
    keep_.assign(batch.size(), false);
    bool all = true;
    for (std::size_t r = 0; r < batch.size(); ++r) {
      keep_[r] = passes(batch[r]);
      all = all && keep_[r];
    }
    result_.see(batch);
    if (!batch.empty() && !original_) started_.store(true, std::memory_order_release);
    if (!all) batch.keep_if(keep_);
    // (a header-only input: its header goes on, for writers with header lines)
    return !result_.goes_on(batch) || emit(batch);
  }

  void finish() override {
    // nothing kept: the header still goes out, so the output has its columns
    Batch out;
    if (result_.bare(out)) emit(out);
    next_->finish();
  }

 private:
  bool named(std::string_view name) const { return std::find(names_.begin(), names_.end(), name) != names_.end(); }

  // how many of the names the record has (each name once), and how many with a value
  std::pair<std::size_t, std::size_t> found(const RecordRef& record) const {
    std::size_t present = 0, defined = 0;
    for (const std::string& name : names_) {
      if (const Field* f = record.find(name)) {
        ++present;
        defined += !f->value.empty();
      }
    }
    return {present, defined};
  }

  bool passes(const RecordRef& record) const {
    auto fields = record.fields();
    switch (how_) {
      case Having::at_least: return found(record).first == names_.size();
      case Having::which_are:
        return record.size() == names_.size() &&
               std::all_of(fields.begin(), fields.end(), [&](const Field& f) { return named(f.name); });
      case Having::at_most:
        return std::all_of(fields.begin(), fields.end(), [&](const Field& f) { return named(f.name); });
      case Having::all_defined: return found(record).second == names_.size();
      case Having::any_defined: return found(record).second > 0;
      case Having::all_matching:
        return std::all_of(fields.begin(), fields.end(), [&](const Field& f) { return name_matches(*regex_, f.name); });
      case Having::any_matching:
        return std::any_of(fields.begin(), fields.end(), [&](const Field& f) { return name_matches(*regex_, f.name); });
      case Having::none_matching:
        return std::none_of(fields.begin(), fields.end(), [&](const Field& f) { return name_matches(*regex_, f.name); });
    }
    return false;
  }

  Having how_;
  std::vector<std::string> names_;
  std::unique_ptr<re2::RE2> regex_;
  std::vector<bool> keep_;
  EmptyResult result_;  // the header of an empty result
  HavingFields* original_ = nullptr;  // on a copy: the stage it copies
  std::atomic<bool> started_{false};  // it has seen a record: copies may run
};

struct HavingFieldsOptions {
  std::optional<Having> how;
  std::string value;  // its NAMES or REGEX
};

// Each condition's setter: the last one given wins, as in Miller (the
// value is read by make, so that an earlier condition's is not read at all).
template <Having how>
void sets_condition(HavingFieldsOptions& o, const std::string& value) {
  o.how = how;
  o.value = value;
}

std::unique_ptr<Stage> make_having_fields(const HavingFieldsOptions& o, const StageSpec&) {
  if (!o.how) {
    throw UsageError("having-fields: one of --at-least, --which-are, --at-most, --all-defined, --any-defined "
                     "(NAMES) or --all-matching, --any-matching, --none-matching (REGEX) is required");
  }
  if (*o.how >= Having::all_matching) {
    return std::make_unique<HavingFields>(*o.how, std::vector<std::string>{},
                                          compile_name_regex("having-fields", o.value));
  }
  return std::make_unique<HavingFields>(*o.how, parse_field_list("having-fields", o.value), nullptr);
}

}  // namespace

StageInfo having_fields_stage_info() {
  return with_options<HavingFieldsOptions>(
      {
          .name = "having-fields",
          .summary = "keep records by their field names: at least, exactly, at most these; or matching a regex",
          .usage = "having-fields (--at-least|--which-are|--at-most|--all-defined|--any-defined NAMES | "
                   "--all-matching|--any-matching|--none-matching REGEX)",
          .description =
              "As Miller's having-fields: passes the records whose field names meet the condition: --at-least "
              "(has all of NAMES), --which-are (has exactly NAMES, in any order), --at-most (has no field "
              "outside NAMES), --all-defined (has all of NAMES with a value that is not empty), --any-defined "
              "(has one of NAMES with a value), --all-matching, --any-matching, --none-matching (every, some, "
              "no field name matches the RE2 regex; \"...\"i for any case). The last condition given wins.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir having-fields --all-defined note,status examples/access.csv",
                        "records with a note"},
                       {"weir having-fields --any-matching '^lat' examples/access.csv",
                        "records with a field whose name starts with lat"}},
      },
      {{{"", "--at-least", "NAMES", "has all of these fields", OptionKind::fields},
        sets_condition<Having::at_least>},
       {{"", "--which-are", "NAMES", "has exactly these fields", OptionKind::fields},
        sets_condition<Having::which_are>},
       {{"", "--at-most", "NAMES", "has no other fields", OptionKind::fields},
        sets_condition<Having::at_most>},
       {{"", "--all-defined", "NAMES", "has all of these, none empty", OptionKind::fields},
        sets_condition<Having::all_defined>},
       {{"", "--any-defined", "NAMES", "has one of these, not empty", OptionKind::fields},
        sets_condition<Having::any_defined>},
       {{"", "--all-matching", "REGEX", "every field name matches", OptionKind::text},
        sets_condition<Having::all_matching>},
       {{"", "--any-matching", "REGEX", "some field name matches", OptionKind::text},
        sets_condition<Having::any_matching>},
       {{"", "--none-matching", "REGEX", "no field name matches", OptionKind::text},
        sets_condition<Having::none_matching>}},
      make_having_fields);
}

}  // namespace weir
