// reshape: Miller's reshape, between a wide table and a long one.
//
//   wide to long, -i X,Y -o item,value (or -r REGEX for the input fields):
//     time=1,X=3,Y=4  ->  time=1,item=X,value=3 | time=1,item=Y,value=4
//   long to wide, -s item,value: the reverse; records equal in their other
//     fields become one, held to the end of the input.
//
// A record without the input fields (or, long to wide, without the key or
// the value field) passes as it is, as in Miller.

#include <algorithm>
#include <memory>

#include <fmt/format.h>
#include <re2/re2.h>

#include "core/errors/error.hpp"
#include "core/record/owned_record.hpp"
#include "core/stages/group_table.hpp"
#include "core/stages/name_regex.hpp"
#include "core/stages/put_field.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class WideToLong final : public Stage {
 public:
  WideToLong(std::vector<std::string> inputs, std::vector<std::unique_ptr<re2::RE2>> regexes, std::string key,
             std::string value)
      : inputs_(std::move(inputs)), regexes_(std::move(regexes)), key_(std::move(key)), value_(std::move(value)) {}

  bool per_record() const override { return true; }
  void follow(Stage& original) override { original_ = &static_cast<WideToLong&>(original); }
  void hand_back() override {
    if (!original_) return;
    original_->seen_ = original_->seen_ || seen_;
    original_->split_ = original_->split_ || split_;
  }

  // (-i misspelt, or a config's regexes joined by commas: the input would pass without a word)
  void notes(std::vector<std::string>& out) const override {
    if (!seen_ || split_) return;
    out.push_back(regexes_.empty()
                      ? fmt::format("reshape: no record has any of the fields {}", fmt::join(inputs_, ","))
                      : "reshape: no field name matches a regex of -r");
  }

  bool push(Batch& batch) override {
    seen_ = seen_ || !batch.empty();
    order_.clear();
    const std::size_t n = batch.size();
    for (std::size_t r = 0; r < n; ++r) {
      // the pairs: with -i in the order of the names, with -r in the record's
      pairs_.clear();
      others_.clear();
      RecordRef record = batch[r];
      if (regexes_.empty()) {
        for (const std::string& name : inputs_) {
          if (const Field* f = record.find(name)) pairs_.push_back(*f);
        }
        for (const Field& f : record.fields()) {
          if (std::find(inputs_.begin(), inputs_.end(), f.name) == inputs_.end()) others_.push_back(f);
        }
      } else {
        for (const Field& f : record.fields()) (matches(f.name) ? pairs_ : others_).push_back(f);
      }
      if (pairs_.empty()) {
        order_.push_back(static_cast<std::uint32_t>(r));  // none of the input fields: as it is
        continue;
      }
      split_ = true;
      for (std::size_t k = 0; k < pairs_.size(); ++k) {
        scratch_ = others_;
        put_field(scratch_, Field(key_, pairs_[k].name, ValueKind::string));  // (a name is text, 1 too, as in Miller)
        Field value = pairs_[k];
        value.name = value_;
        put_field(scratch_, value);
        if (k == 0) {
          batch.replace_fields(r, scratch_);
          order_.push_back(static_cast<std::uint32_t>(r));
        } else {
          batch.begin_record(batch[r].where());
          for (const Field& f : scratch_) batch.add_field(f);
          order_.push_back(static_cast<std::uint32_t>(batch.size() - 1));
        }
      }
    }
    batch.reorder(order_);
    return emit(batch);
  }

 private:
  bool matches(std::string_view name) const {
    return std::any_of(regexes_.begin(), regexes_.end(), [&](const auto& re) { return name_matches(*re, name); });
  }

  std::vector<std::string> inputs_;
  std::vector<std::unique_ptr<re2::RE2>> regexes_;
  std::string key_;
  std::string value_;
  std::vector<Field> pairs_;
  std::vector<Field> others_;
  std::vector<Field> scratch_;
  std::vector<std::uint32_t> order_;
  WideToLong* original_ = nullptr;  // (on a copy for another thread)
  bool seen_ = false;               // a record came
  bool split_ = false;              // one had input fields
};

/// -s KEY,VALUE: the records with both fields, grouped by their other fields
/// (names, then values: Miller's order), each group one record: the first's
/// other fields, then a field per key, holding the key's last value.
class LongToWide final : public Stage {
 public:
  LongToWide(std::string key, std::string value) : key_(std::move(key)), value_(std::move(value)) {}

  // (-s misspelt: the input would pass without a word)
  void notes(std::vector<std::string>& out) const override {
    if (seen_ && wide_.empty()) out.push_back(fmt::format("reshape: no record has both fields {} and {}", key_, value_));
  }

  bool push(Batch& batch) override {
    inputs_.see(batch);
    seen_ = seen_ || !batch.empty();
    if (batch.bare_header && !bare_) bare_ = without_pair(*batch.bare_header);
    keep_.assign(batch.size(), false);
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      const Field* key = record.find(key_);
      const Field* value = record.find(value_);
      if (!key || !value) {
        keep_[r] = true;  // passes at once, as in Miller
        continue;
      }
      put(group_of(record, key, value), key->value, *value);
    }
    batch.keep_if(keep_);
    return batch.empty() || emit(batch);
  }

  void finish() override {
    Batch out;
    inputs_.name(out);
    for (const std::vector<std::size_t>& like : by_names_) {
      for (std::size_t g : like) wide_[g].append_to(out);
    }
    if (!out.empty()) {
      emit(out);
    } else if (bare_) {  // a header-only input: its other columns
      out.keep(bare_);
      out.bare_header = bare_.get();
      emit(out);
    }
    next_->finish();
  }

 private:
  // The wide record of the record's other fields, made from them if new.
  OwnedRecord& group_of(const RecordRef& record, const Field* key, const Field* value) {
    names_.clear();
    for (const Field& f : record.fields()) {
      if (&f != key && &f != value) names_.emplace_back(std::string_view(), f.name);
    }
    name_keys_.clear();
    all_keys_.clear();
    std::size_t i = 0;
    for (const Field& f : record.fields()) {
      if (&f == key || &f == value) continue;
      name_keys_.push_back(&names_[i]);
      all_keys_.push_back(&names_[i++]);
      all_keys_.push_back(&f);
    }
    const std::size_t like = names_table_.find_or_add(name_keys_);
    if (like == by_names_.size()) by_names_.emplace_back();
    const std::size_t g = groups_.find_or_add(all_keys_);
    if (g == wide_.size()) {
      by_names_[like].push_back(g);
      OwnedRecord& wide = wide_.emplace_back();
      wide.where = record.where();
      for (const Field& f : record.fields()) {
        if (&f != key && &f != value) put(wide, f.name, f);
      }
    }
    return wide_[g];
  }

  // Field `name` of `record` takes `value`'s value: in its place when the
  // record has one, else at the end (Miller's put).
  static void put(OwnedRecord& record, std::string_view name, const Field& value) {
    const auto at = static_cast<std::size_t>(std::find(record.names.begin(), record.names.end(), name) -
                                             record.names.begin());
    if (at == record.names.size()) {
      record.names.emplace_back(name);
      record.values.emplace_back();
      record.kinds.emplace_back();
      record.flags.emplace_back();
    }
    record.values[at].assign(value.value);
    record.kinds[at] = value.kind;
    record.flags[at] = value.flags & kFieldEmptyString;
  }

  // A header-only input's columns out: without the key and the value (with
  // both; a header lacking one passes as it is, as its records would).
  std::shared_ptr<const Header> without_pair(const Header& header) const {
    std::vector<std::string> names = header.names;
    const auto has = [&](const std::string& name) { return std::find(names.begin(), names.end(), name) != names.end(); };
    if (has(key_) && has(value_)) std::erase_if(names, [&](const std::string& name) { return name == key_ || name == value_; });
    return std::make_shared<const Header>(std::move(names));
  }

  std::string key_;
  std::string value_;
  std::vector<bool> keep_;
  GroupTable names_table_;                         // the other fields' names
  GroupTable groups_;                              // their names and values
  std::vector<std::vector<std::size_t>> by_names_;  // the groups of each names_table_ entry
  std::vector<OwnedRecord> wide_;                  // by group
  std::vector<Field> names_;                       // the other names as key values
  std::vector<const Field*> name_keys_;
  std::vector<const Field*> all_keys_;
  InputNames inputs_;
  std::shared_ptr<const Header> bare_;
  bool seen_ = false;  // a record came
};

struct ReshapeOptions {
  std::optional<std::vector<std::string>> inputs;  // -i
  std::vector<std::string> regexes;                 // -r, one regex each
  std::optional<std::vector<std::string>> outputs;  // -o KEY,VALUE
  std::optional<std::vector<std::string>> split;    // -s KEY,VALUE
};

// The two names of -o or -s.
const std::vector<std::string>& pair_of(std::string_view flag, const std::vector<std::string>& names) {
  if (names.size() != 2) {
    throw UsageError(fmt::format("reshape: {} takes two names, KEY,VALUE, got {}", flag, fmt::join(names, ",")));
  }
  return names;
}

std::unique_ptr<Stage> make_reshape(const ReshapeOptions& o, const StageSpec&) {
  const bool wide_to_long = o.inputs || !o.regexes.empty();
  if (o.split) {
    if (wide_to_long || o.outputs) throw UsageError("reshape: -s (long to wide) goes without -i, -r and -o");
    const auto& names = pair_of("-s", *o.split);
    return std::make_unique<LongToWide>(names[0], names[1]);
  }
  if (!wide_to_long) {
    throw UsageError("reshape: give -i FIELDS or -r REGEX with -o KEY,VALUE (wide to long), or -s KEY,VALUE "
                     "(long to wide)");
  }
  if (o.inputs && !o.regexes.empty()) throw UsageError("reshape: give -i or -r, not both");
  if (!o.outputs) throw UsageError("reshape: -o KEY,VALUE is required with -i and -r (the new fields' names)");
  const auto& names = pair_of("-o", *o.outputs);
  std::vector<std::unique_ptr<re2::RE2>> regexes;
  for (const std::string& text : o.regexes) regexes.push_back(compile_name_regex("reshape", text));
  return std::make_unique<WideToLong>(distinct_names(o.inputs.value_or(std::vector<std::string>{})),
                                      std::move(regexes), names[0], names[1]);
}

}  // namespace

StageInfo reshape_stage_info() {
  return with_options<ReshapeOptions>(
      {
          .name = "reshape",
          .summary = "turn fields into records (wide to long, -i/-r and -o), or back (long to wide, -s)",
          .usage = "reshape ((-i FIELDS | -r REGEX...) -o KEY,VALUE | -s KEY,VALUE)",
          .description =
              "As Miller's reshape. Wide to long: each record gives one record per input field (-i names "
              "them, in that order; -r takes the fields whose names match a regex, in the record's order, "
              "and may be given again; \"abc\"i ignores case): its other fields, then KEY holding the "
              "field's name and VALUE its value. Long to wide: records equal in every field but KEY and "
              "VALUE become one, the first's fields with, at the end, a field named by each KEY holding "
              "its VALUE; they come out at the end of the input (it is held in memory), grouped by their "
              "field names, then by their values, in order of first appearance. A record lacking the "
              "fields (all the input fields; KEY or VALUE) passes as it is, at once (a note says so when no "
              "record had them).",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir reshape -i status,bytes -o field,value then head -n 4 examples/access.csv",
                        "one record per request and field"},
                       {"weir cut -f country,method,status then reshape -s method,status then unsparsify "
                        "then head -n 3 examples/access.csv",
                        "per country, the last status of each method (unsparsify: in one table)"}},
      },
      {{{"-i", "--input", "FIELDS", "the fields to turn into records (wide to long)", OptionKind::fields},
        sets<&ReshapeOptions::inputs>},
       {{"-r", "--regex", "REGEX", "the fields whose names match, instead (may be given again)", OptionKind::text},
        [](ReshapeOptions& o, const std::string& regex) { o.regexes.push_back(regex); }},
       {{"-o", "--output", "KEY,VALUE", "the new fields' names (wide to long)", OptionKind::fields},
        sets<&ReshapeOptions::outputs>},
       {{"-s", "--split", "KEY,VALUE", "long to wide: a field named by KEY, holding VALUE", OptionKind::fields},
        sets<&ReshapeOptions::split>}},
      make_reshape);
}

}  // namespace weir
