// nest: Miller's nest. Splits a field's value at --nested-fs into several
// records or fields (--explode), or joins them back (--implode):
//
//   --explode --values --across-records  x=a;b   -> x=a | x=b
//   --explode --values --across-fields   x=a;b   -> x_1=a,x_2=b
//   --explode --pairs  --across-records  x=a:1;b:2 -> a=1 | b=2
//   --explode --pairs  --across-fields   x=a:1;b:2 -> a=1,b=2
//   --implode --values --across-records  the reverse: records equal but for x
//                                        become one (held to the input's end)
//   --implode --values --across-fields   x_1,x_2 -> x
//
// Exploded values are views into the original text: nothing is copied.

#include <deque>
#include <unordered_map>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/record/owned_record.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

enum class NestMode : std::uint8_t { explode_values_records, explode_values_fields, explode_pairs_records,
                                     explode_pairs_fields, implode_values_records, implode_values_fields };

// What the stage does, from the options.
struct NestPlan {
  NestMode mode;
  std::string field;
  std::string fs = ";";
  std::string ps = ":";
};

// Splits `text` at `sep` (a text with no separator is one piece).
void split(std::string_view text, std::string_view sep, std::vector<std::string_view>& pieces) {
  pieces.clear();
  for (;;) {
    std::size_t at = text.find(sep);
    pieces.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return;
    text.remove_prefix(at + sep.size());
  }
}

class NestExplode final : public Stage {
 public:
  explicit NestExplode(NestPlan plan) : o_(std::move(plan)) {}

  bool per_record() const override { return true; }
  // (the columns an explode makes depend on the values: an empty result's
  // header goes on as it is, not guessed from an empty value as x_1)
  bool push_bare(Batch& batch) override { return push(batch); }
  bool push(Batch& batch) override {
    order_.clear();
    const std::size_t n = batch.size();
    for (std::size_t r = 0; r < n; ++r) {
      RecordRef record = batch[r];
      std::size_t at = record.size();
      for (std::size_t i = 0; i < record.size(); ++i) {
        if (record[i].name == o_.field) {
          at = i;
          break;
        }
      }
      if (at == record.size()) {
        order_.push_back(static_cast<std::uint32_t>(r));  // no such field: as it is
        continue;
      }
      original_.assign(record.fields().begin(), record.fields().end());
      split(original_[at].value, o_.fs, pieces_);
      const bool records = o_.mode == NestMode::explode_values_records || o_.mode == NestMode::explode_pairs_records;
      const std::size_t outputs = records ? pieces_.size() : 1;
      for (std::size_t k = 0; k < outputs; ++k) {
        // the fields before, the piece(s), the fields after; a name met
        // again takes the later value in its first place (Miller's put)
        scratch_.assign(original_.begin(), original_.begin() + static_cast<std::ptrdiff_t>(at));
        if (records) {
          put(piece_field(pieces_[k]));
        } else {
          for (std::size_t p = 0; p < pieces_.size(); ++p) {
            put(o_.mode == NestMode::explode_values_fields ? Field(numbered_name(p + 1), pieces_[p])
                                                           : piece_field(pieces_[p]));
          }
        }
        for (std::size_t i = at + 1; i < original_.size(); ++i) put(original_[i]);
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
  // A piece as a field: for --values named as the field; for --pairs the
  // text before --nested-ps names it (no separator: the field's name).
  Field piece_field(std::string_view piece) const {
    if (o_.mode == NestMode::explode_pairs_records || o_.mode == NestMode::explode_pairs_fields) {
      std::size_t at = piece.find(o_.ps);
      if (at != std::string_view::npos) return Field(piece.substr(0, at), piece.substr(at + o_.ps.size()));
    }
    return Field(o_.field, piece);
  }

  void put(const Field& f) {
    for (Field& old : scratch_) {
      if (old.name == f.name) {
        old.set_value(f.value, f.kind);
        return;
      }
    }
    scratch_.push_back(f);
  }

  // "x_1", "x_2"...: made once, kept (node-stable) for every batch after
  std::string_view numbered_name(std::size_t k) {
    while (numbered_.size() < k) numbered_.push_back(fmt::format("{}_{}", o_.field, numbered_.size() + 1));
    return numbered_[k - 1];
  }

  NestPlan o_;
  std::vector<std::string_view> pieces_;
  std::vector<Field> original_;
  std::vector<Field> scratch_;
  std::vector<std::uint32_t> order_;
  std::deque<std::string> numbered_;
};

/// --implode --values --across-fields: x_1, x_2... back into x, where x_1 was.
class NestImplodeFields final : public Stage {
 public:
  explicit NestImplodeFields(NestPlan plan) : o_(std::move(plan)), prefix_(o_.field + "_") {}

  bool per_record() const override { return true; }
  bool push(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      scratch_.clear();
      joined_.clear();
      std::size_t at = SIZE_MAX;
      for (const Field& f : record.fields()) {
        if (f.name.starts_with(prefix_)) {
          if (at == SIZE_MAX) {
            at = scratch_.size();
            scratch_.push_back(Field(o_.field, {}));
          } else {
            joined_.append(o_.fs);
          }
          joined_.append(f.value);
        } else {
          scratch_.push_back(f);
        }
      }
      if (at == SIZE_MAX) continue;
      scratch_[at].value = batch.store(joined_);
      batch.replace_fields(r, scratch_);
    }
    return emit(batch);
  }

 private:
  NestPlan o_;
  std::string prefix_;
  std::vector<Field> scratch_;
  std::string joined_;
};

/// --implode --values --across-records: records equal but for the field
/// become the first of them, the field's values joined. Records without the
/// field pass at once; the others come out at the end, in order of first sight.
class NestImplodeRecords final : public Stage {
 public:
  explicit NestImplodeRecords(NestPlan plan) : o_(std::move(plan)) {}

  bool push(Batch& batch) override {
    inputs_.see(batch);
    keep_.assign(batch.size(), false);
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      const Field* value = record.find(o_.field);
      if (!value) {
        keep_[r] = true;
        continue;
      }
      key_.clear();
      for (const Field& f : record.fields()) {
        if (&f == value) continue;
        key_.append(f.name);
        key_.push_back('\x1f');
        key_.append(f.value);
        key_.push_back('\x1e');
      }
      auto [it, added] = index_.try_emplace(key_, groups_.size());
      if (added) {
        groups_.emplace_back();
        groups_.back().first.assign(record);
      } else {
        groups_[it->second].joined.append(o_.fs);
      }
      groups_[it->second].joined.append(value->value);
    }
    batch.keep_if(keep_);
    return batch.empty() || emit(batch);
  }

  void finish() override {
    Batch out;
    inputs_.name(out);
    for (Group& g : groups_) {
      for (std::size_t i = 0; i < g.first.names.size(); ++i) {
        if (g.first.names[i] == o_.field) {
          g.first.values[i] = g.joined;
          g.first.kinds[i] = ValueKind::text;
          break;
        }
      }
      g.first.append_to(out);
    }
    if (!out.empty()) emit(out);
    next_->finish();
  }

 private:
  struct Group {
    OwnedRecord first;
    std::string joined;
  };

  NestPlan o_;
  std::vector<bool> keep_;
  std::string key_;
  std::unordered_map<std::string, std::size_t> index_;
  std::deque<Group> groups_;
  InputNames inputs_;
};

struct NestOptions {
  std::optional<bool> explode;         // --explode, --implode
  std::optional<bool> values;          // --values, --pairs
  std::optional<bool> across_records;  // --across-records, --across-fields
  std::optional<std::string> field;    // -f (required)
  std::string fs = ";";                // --nested-fs
  std::string ps = ":";                // --nested-ps
};

// Miller's names for separators
std::string separator(const std::string& text) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kNames = {
      {"semicolon", ";"}, {"comma", ","}, {"pipe", "|"},  {"tab", "\t"},   {"space", " "},
      {"colon", ":"},     {"equals", "="}, {"newline", "\n"}, {"slash", "/"}};
  for (const auto& [name, sep] : kNames) {
    if (text == name) return std::string(sep);
  }
  if (text.empty()) throw UsageError("a separator cannot be empty");
  return text;
}

// --evar S and --ivar S: short for --explode or --implode --values --across-records --nested-fs S
template <bool explode>
void sets_var(NestOptions& o, const std::string& fs) {
  o.explode = explode;
  o.values = true;
  o.across_records = true;
  o.fs = separator(fs);
}

std::unique_ptr<Stage> make_nest(const NestOptions& o, const StageSpec&) {
  if (!o.field) throw UsageError("nest: -f FIELD is required (the field to explode or implode)");
  if (!o.explode) throw UsageError("nest: give --explode or --implode");
  if (!o.values) throw UsageError("nest: give --values or --pairs");
  if (!o.across_records) throw UsageError("nest: give --across-records or --across-fields");
  const bool explode = *o.explode, values = *o.values, records = *o.across_records;
  if (!explode && !values) throw UsageError("nest: --implode goes with --values only (--pairs lost the field's name)");
  const NestMode mode =
      !explode ? (records ? NestMode::implode_values_records : NestMode::implode_values_fields)
      : values ? (records ? NestMode::explode_values_records : NestMode::explode_values_fields)
               : (records ? NestMode::explode_pairs_records : NestMode::explode_pairs_fields);
  NestPlan plan{mode, *o.field, o.fs, o.ps};
  if (explode) return std::make_unique<NestExplode>(std::move(plan));
  if (records) return std::make_unique<NestImplodeRecords>(std::move(plan));
  return std::make_unique<NestImplodeFields>(std::move(plan));
}

}  // namespace

StageInfo nest_stage_info() {
  return with_options<NestOptions>(
      {
          .name = "nest",
          .summary = "split a field's value into records or fields (--explode), or join them (--implode)",
          .usage = "nest (--explode|--implode) (--values|--pairs) (--across-records|--across-fields) -f FIELD "
                   "[--nested-fs S] [--nested-ps S]",
          .description =
              "Miller's nest. --explode splits the field's value at --nested-fs (default ;): --values "
              "--across-records makes one record per piece; --values --across-fields makes fields FIELD_1, "
              "FIELD_2...; --pairs splits each piece at --nested-ps (default :) into a name and a value, "
              "across records or fields. --implode --values reverses: --across-fields joins FIELD_1, "
              "FIELD_2... into FIELD; --across-records joins the field's values of records equal in every "
              "other field (held to the end of the input; records without the field pass at once). "
              "--evar S and --ivar S are short for --explode/--implode --values --across-records --nested-fs S. "
              "Separators may be named: semicolon, comma, pipe, tab, space, colon, equals, slash.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir nest --evar '/' -f path then count -g path examples/access.csv",
                        "how often each path segment appears"},
                       {"weir nest --explode --values --across-fields --nested-fs '/' -f path examples/access.csv",
                        "path_1, path_2... for the segments"}},
      },
      {{{"", "--explode", "", "split the value", OptionKind::flag},
        [](NestOptions& o, const std::string&) { o.explode = true; }},
       {{"", "--implode", "", "join values back", OptionKind::flag},
        [](NestOptions& o, const std::string&) { o.explode = false; }},
       {{"", "--values", "", "the pieces are values", OptionKind::flag},
        [](NestOptions& o, const std::string&) { o.values = true; }},
       {{"", "--pairs", "", "the pieces are NAME:VALUE pairs", OptionKind::flag},
        [](NestOptions& o, const std::string&) { o.values = false; }},
       {{"", "--across-records", "", "one record per piece", OptionKind::flag},
        [](NestOptions& o, const std::string&) { o.across_records = true; }},
       {{"", "--across-fields", "", "one field per piece", OptionKind::flag},
        [](NestOptions& o, const std::string&) { o.across_records = false; }},
       // (one name, as given: a comma is part of it)
       {{"-f", "--field", "FIELD", "the field", OptionKind::fields}, sets<&NestOptions::field>},
       {{"", "--nested-fs", "S", "the separator between pieces (default ;)", OptionKind::text},
        [](NestOptions& o, const std::string& v) { o.fs = separator(v); }},
       {{"", "--nested-ps", "S", "the separator within a pair (default :)", OptionKind::text},
        [](NestOptions& o, const std::string& v) { o.ps = separator(v); }},
       {{"", "--evar", "S", "short for --explode --values --across-records --nested-fs S", OptionKind::text},
        sets_var<true>},
       {{"", "--ivar", "S", "short for --implode --values --across-records --nested-fs S", OptionKind::text},
        sets_var<false>}},
      make_nest);
}

}  // namespace weir
