// cut -f FIELDS [-o] [-x] [-r]: Miller's cut. Keeps the named fields in the
// order the record has them (-o: in the order named), or drops them (-x);
// with -r the names are RE2 regexes matched anywhere in a field's name
// ("abc"i: quoted, case-insensitive). Which positions to keep is worked out
// once per input Header.

#include <algorithm>

#include <fmt/format.h>
#include <re2/re2.h>

#include "core/errors/error.hpp"
#include "core/stages/name_regex.hpp"
#include "core/stages/rebuilt_header.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class Cut final : public Stage {
 public:
  Cut(std::vector<std::string> names, std::vector<std::unique_ptr<re2::RE2>> regexes, bool in_given_order,
      bool exclude)
      : names_(std::move(names)), regexes_(std::move(regexes)), ordered_(in_given_order), exclude_(exclude) {}

  bool per_record() const override { return true; }
  bool push(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      const Header* header = record.header();
      if (!header || header->id != cached_id_ || header->names.size() != record.size()) {
        plan(record);
        rebuilt_.plan(record, positions_);
        cached_id_ = header && header->names.size() == record.size() ? header->id : 0;
      }
      scratch_.clear();
      for (std::size_t i : positions_) scratch_.push_back(record[i]);
      batch.replace_fields(r, scratch_, rebuilt_.of(record, batch));
    }
    return emit(batch);
  }

 private:
  bool wanted(std::string_view name) const {
    if (!regexes_.empty()) {
      return std::any_of(regexes_.begin(), regexes_.end(), [&](const auto& re) {
        return re2::RE2::PartialMatch(re2::StringPiece(name.data(), name.size()), *re);
      });
    }
    return std::find(names_.begin(), names_.end(), name) != names_.end();
  }

  // positions_ := the record's fields to keep, in output order
  void plan(const RecordRef& record) {
    positions_.clear();
    if (ordered_ && !exclude_ && regexes_.empty()) {
      for (const auto& name : names_) {
        for (std::size_t i = 0; i < record.size(); ++i) {
          if (record[i].name == name) {
            positions_.push_back(i);
            break;
          }
        }
      }
      return;
    }
    for (std::size_t i = 0; i < record.size(); ++i) {
      if (wanted(record[i].name) != exclude_) positions_.push_back(i);
    }
  }

  std::vector<std::string> names_;
  std::vector<std::unique_ptr<re2::RE2>> regexes_;
  bool ordered_;
  bool exclude_;
  std::uint64_t cached_id_ = 0;
  std::vector<std::size_t> positions_;
  RebuiltHeader rebuilt_;
  std::vector<Field> scratch_;
};

struct CutOptions {
  std::optional<std::vector<std::string>> fields;
  bool order = false;
  bool complement = false;
  bool regex = false;
};

}  // namespace

StageInfo cut_stage_info() {
  return with_options<CutOptions>(
      {
          .name = "cut",
          .summary = "keep (or -x drop) fields, in the record's order (-o: as named); -r: names are regexes",
          .usage = "cut [-o] [-x] [-r] -f FIELDS",
          .description =
              "Miller's cut. Keeps the fields named by -f in the order the record has them, or with -o "
              "in the order named; -x drops them instead. With -r the names are RE2 regexes, matched "
              "anywhere in a field's name (anchor with ^ and $; \"abc\"i ignores case); -o is then "
              "ignored. A record without a named field simply lacks it in the output. (select keeps "
              "fields in the order named and reaches into nested JSON.)",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir cut -f status,id examples/access.csv", "id then status, as in the file"},
                       {"weir cut -r -f '^(id|st)' examples/access.csv", "fields whose names start with id or st"}},
      },
      {{{"-f", "--fields", "FIELDS", "the fields (or, with -r, regexes) separated by commas", OptionKind::fields},
        sets<&CutOptions::fields>},
       {{"-o", "--order", "", "keep the order named, not the record's", OptionKind::flag},
        sets<&CutOptions::order>},
       {{"-x", "--complement", "", "drop the fields instead", OptionKind::flag},
        sets<&CutOptions::complement>},
       {{"-r", "--regex", "", "the names are regexes", OptionKind::flag}, sets<&CutOptions::regex>}},
      [](const CutOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        if (!o.fields) throw UsageError("cut: -f FIELDS is required (the fields to keep or, with -x, drop)");
        std::vector<std::string> names = distinct_names(*o.fields);
        std::vector<std::unique_ptr<re2::RE2>> regexes;
        if (o.regex) {
          for (const auto& name : names) regexes.push_back(compile_name_regex("cut", name));
        }
        return std::make_unique<Cut>(std::move(names), std::move(regexes), o.order, o.complement);
      });
}

}  // namespace weir
