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

namespace weir {

namespace {

enum class NestMode : std::uint8_t { explode_values_records, explode_values_fields, explode_pairs_records,
                                     explode_pairs_fields, implode_values_records, implode_values_fields };

struct NestOptions {
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
  explicit NestExplode(NestOptions options) : o_(std::move(options)) {}

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

  NestOptions o_;
  std::vector<std::string_view> pieces_;
  std::vector<Field> original_;
  std::vector<Field> scratch_;
  std::vector<std::uint32_t> order_;
  std::deque<std::string> numbered_;
};

/// --implode --values --across-fields: x_1, x_2... back into x, where x_1 was.
class NestImplodeFields final : public Stage {
 public:
  explicit NestImplodeFields(NestOptions options) : o_(std::move(options)), prefix_(o_.field + "_") {}

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
  NestOptions o_;
  std::string prefix_;
  std::vector<Field> scratch_;
  std::string joined_;
};

/// --implode --values --across-records: records equal but for the field
/// become the first of them, the field's values joined. Records without the
/// field pass at once; the others come out at the end, in order of first sight.
class NestImplodeRecords final : public Stage {
 public:
  explicit NestImplodeRecords(NestOptions options) : o_(std::move(options)) {}

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

  NestOptions o_;
  std::vector<bool> keep_;
  std::string key_;
  std::unordered_map<std::string, std::size_t> index_;
  std::deque<Group> groups_;
  InputNames inputs_;
};

// Miller's names for separators
std::string separator(const std::string& text) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kNames = {
      {"semicolon", ";"}, {"comma", ","}, {"pipe", "|"},  {"tab", "\t"},   {"space", " "},
      {"colon", ":"},     {"equals", "="}, {"newline", "\n"}, {"slash", "/"}};
  for (const auto& [name, sep] : kNames) {
    if (text == name) return std::string(sep);
  }
  if (text.empty()) throw UsageError("nest: a separator cannot be empty");
  return text;
}

std::unique_ptr<Stage> make_nest(const StageSpec& spec) {
  NestOptions o;
  int explode = -1, values = -1, records = -1;  // -1: not given
  for (const auto& [name, value] : spec.options) {
    if (name == "explode") explode = 1;
    else if (name == "implode") explode = 0;
    else if (name == "values") values = 1;
    else if (name == "pairs") values = 0;
    else if (name == "across-records") records = 1;
    else if (name == "across-fields") records = 0;
    else if (name == "nested-fs") o.fs = separator(value);
    else if (name == "nested-ps") o.ps = separator(value);
    else if (name == "evar" || name == "ivar") {
      explode = name == "evar";
      values = 1;
      records = 1;
      o.fs = separator(value);
    }
  }
  const std::string* f = spec.option("field");
  if (!f) throw UsageError("nest: -f FIELD is required (the field to explode or implode)");
  o.field = *f;
  if (explode < 0) throw UsageError("nest: give --explode or --implode");
  if (values < 0) throw UsageError("nest: give --values or --pairs");
  if (records < 0) throw UsageError("nest: give --across-records or --across-fields");
  if (!explode && !values) throw UsageError("nest: --implode goes with --values only (--pairs lost the field's name)");
  if (explode) {
    o.mode = values ? (records ? NestMode::explode_values_records : NestMode::explode_values_fields)
                    : (records ? NestMode::explode_pairs_records : NestMode::explode_pairs_fields);
    return std::make_unique<NestExplode>(std::move(o));
  }
  if (records) return std::make_unique<NestImplodeRecords>(std::move(o));
  return std::make_unique<NestImplodeFields>(std::move(o));
}

}  // namespace

StageInfo nest_stage_info() {
  return {
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
      .options = {{"", "--explode", "", "split the value", OptionKind::flag},
                  {"", "--implode", "", "join values back", OptionKind::flag},
                  {"", "--values", "", "the pieces are values", OptionKind::flag},
                  {"", "--pairs", "", "the pieces are NAME:VALUE pairs", OptionKind::flag},
                  {"", "--across-records", "", "one record per piece", OptionKind::flag},
                  {"", "--across-fields", "", "one field per piece", OptionKind::flag},
                  {"-f", "--field", "FIELD", "the field", OptionKind::fields},
                  {"", "--nested-fs", "S", "the separator between pieces (default ;)", OptionKind::text},
                  {"", "--nested-ps", "S", "the separator within a pair (default :)", OptionKind::text},
                  {"", "--evar", "S", "short for --explode --values --across-records --nested-fs S", OptionKind::text},
                  {"", "--ivar", "S", "short for --implode --values --across-records --nested-fs S", OptionKind::text}},
      .min_args = 0,
      .max_args = 0,
      .examples = {{"weir nest --evar '/' -f path then count -g path examples/access.csv",
                    "how often each path segment appears"},
                   {"weir nest --explode --values --across-fields --nested-fs '/' -f path examples/access.csv",
                    "path_1, path_2... for the segments"}},
      .make = make_nest,
  };
}

}  // namespace weir
