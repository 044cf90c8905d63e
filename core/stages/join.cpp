// join -j F -f LEFT: a hash join of the input (the right side) against the
// records of the file LEFT, as Miller's `join` does (unsorted mode):
//
//   LEFT --read once--> buckets by join values (GroupTable) --+
//   input record --locate join fields--> bucket? --> paired records (default)
//                                          none  --> unpaired right (--ur)
//   end of input --> left records never paired (--ul), bucket by bucket
//
// A paired record is the join fields (named as -j, with the left's values),
// the left's other fields, then the right's other fields; a name seen twice
// keeps its first place and takes the later value. The left file's batches
// are kept whole and the output's fields view them: nothing is copied.

#include <algorithm>
#include <map>
#include <unordered_set>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/formats/delimiter_name.hpp"
#include "core/formats/format.hpp"
#include "core/record/owned_record.hpp"
#include "core/stages/group_table.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

// (the join-field lists are empty when not given; make_join fills them in)
struct JoinOptions {
  std::vector<std::string> output_names;   // -j
  std::vector<std::string> left_names;     // -l (default -j)
  std::vector<std::string> right_names;    // -r (default -j)
  std::optional<std::string> left_file;    // -f (required)
  std::optional<std::string> left_format;  // -i
  char left_delimiter = '\0';              // --ifs
  std::optional<bool> left_header;         // --implicit-csv-header (false), --no-implicit-csv-header
  std::vector<std::string> left_keep;      // --lk (empty: every field)
  std::string left_prefix;                 // --lp
  std::string right_prefix;                // --rp
  bool pairs = true;                       // not --np
  bool left_unpaired = false;              // --ul
  bool right_unpaired = false;             // --ur
  bool sorted_input = false;               // -s
};

/// The left file, read once: its batches (kept whole) and its records by
/// join values. Output batches keep it alive, since their fields view it.
struct LeftSide {
  struct Ref {
    std::uint32_t batch;
    std::uint32_t record;
  };
  std::vector<Batch> batches;
  GroupTable groups;
  std::vector<std::vector<Ref>> buckets;  // per group
  std::vector<bool> paired;               // per group
  std::vector<Ref> keyless;               // records lacking a join field
  std::shared_ptr<const std::string> source;

  RecordRef record(Ref ref) { return batches[ref.batch][ref.record]; }
};

std::unique_ptr<Reader> open_left(const JoinOptions& o, const StageContext& context) {
  if (!context.open_reader) throw SetupError("join: cannot read a left file here");
  StageContext::OtherInput how;
  if (o.left_format) how.format = &*o.left_format;
  how.delimiter = o.left_delimiter;
  how.header = o.left_header;
  return context.open_reader(*o.left_file, how);
}

// --lk: the left records' fields named there or joined on, in their order
void keep_left_fields(Batch& batch, const JoinOptions& o) {
  auto kept = [&](std::string_view name) {
    return std::find(o.left_keep.begin(), o.left_keep.end(), name) != o.left_keep.end() ||
           std::find(o.left_names.begin(), o.left_names.end(), name) != o.left_names.end();
  };
  std::vector<Field> fields;
  for (std::size_t r = 0; r < batch.size(); ++r) {
    fields.clear();
    for (const Field& f : batch[r].fields()) {
      if (kept(f.name)) fields.push_back(f);
    }
    batch.replace_fields(r, fields);
  }
}

std::shared_ptr<LeftSide> read_left(const JoinOptions& o, const StageContext& context) {
  std::unique_ptr<Reader> reader = open_left(o, context);
  auto left = std::make_shared<LeftSide>();
  FieldLocator locator(o.left_names);
  Batch batch;
  while (reader->read(batch)) {
    if (batch.empty()) continue;
    if (!o.left_keep.empty()) keep_left_fields(batch, o);
    auto b = static_cast<std::uint32_t>(left->batches.size());
    for (std::size_t r = 0; r < batch.size(); ++r) {
      LeftSide::Ref ref{b, static_cast<std::uint32_t>(r)};
      auto keys = locator.locate(batch[r], batch);
      if (!all_found(keys)) {
        left->keyless.push_back(ref);
        continue;
      }
      std::size_t g = left->groups.find_or_add(keys);
      if (g == left->buckets.size()) left->buckets.emplace_back();
      left->buckets[g].push_back(ref);
    }
    if (!left->source) left->source = batch.source_ptr();
    left->batches.push_back(std::move(batch));
    batch = Batch();
  }
  left->paired.assign(left->buckets.size(), false);
  return left;
}

/// Where each field of a paired record comes from, for one pair of input
/// headers: the output header and, per output field, its source.
struct PairPlan {
  enum class From : std::uint8_t { key, left, right };
  struct Source {
    From from;
    std::uint32_t index;  // key number or field position
  };
  HeaderPtr header;  // null when a side has no header (names are then per record)
  std::vector<Source> sources;
  std::vector<std::string> names;  // when there is no header
};

class Join final : public Stage {
 public:
  Join(JoinOptions options, std::shared_ptr<LeftSide> left)
      : options_(std::move(options)),
        left_(std::move(left)),
        right_locator_(options_.right_names),
        left_join_(options_.left_names.begin(), options_.left_names.end()),
        right_join_(options_.right_names.begin(), options_.right_names.end()) {}

  bool push(Batch& batch) override {
    batch.keep(left_);
    order_.clear();
    const std::size_t n = batch.size();
    const char delimiter = batch.plain_delimiter;
    for (std::size_t r = 0; r < n; ++r) {
      RecordRef record = batch[r];
      auto keys = right_locator_.locate(record, batch);
      std::optional<std::size_t> group;
      if (all_found(keys)) group = left_->groups.find(keys);
      if (!group) {
        if (options_.right_unpaired) order_.push_back(static_cast<std::uint32_t>(r));
        continue;
      }
      left_->paired[*group] = true;
      if (!options_.pairs) continue;
      right_.assign(record.fields().begin(), record.fields().end());
      const Provenance where = record.where();
      const Header* right_header = record.header();
      bool first = true;
      for (LeftSide::Ref ref : left_->buckets[*group]) {
        const Batch& left_batch = left_->batches[ref.batch];
        RecordRef left = left_->record(ref);
        const PairPlan& plan = plan_for(left, right_header);
        pair_fields(plan, *group, left, left_batch.plain_delimiter == delimiter);
        if (first) {
          batch.replace_fields(r, out_, plan.header.get());
          order_.push_back(static_cast<std::uint32_t>(r));
          first = false;
        } else {
          batch.begin_record(where, plan.header.get());
          for (const Field& f : out_) batch.add_field(f);
          order_.push_back(static_cast<std::uint32_t>(batch.size() - 1));
        }
      }
    }
    batch.reorder(order_);
    if (batch.empty()) return true;
    return emit(batch);
  }

  void finish() override {
    if (options_.left_unpaired) emit_left_unpaired();
    next_->finish();
  }

 private:
  // The plan for a left record and a right record's header, cached per
  // pair of headers (one, usually).
  const PairPlan& plan_for(const RecordRef& left, const Header* right_header) {
    const Header* left_header = left.header();
    if (left_header && right_header) {
      auto key = std::make_pair(left_header->id, right_header->id);
      auto it = plans_.find(key);
      if (it != plans_.end()) return it->second;
      PairPlan plan = make_plan(left, right_);
      plan.header = std::make_shared<const Header>(plan.names);  // the names as they are: no repeats
      return plans_.emplace(key, std::move(plan)).first->second;
    }
    scratch_plan_ = make_plan(left, right_);
    return scratch_plan_;
  }

  PairPlan make_plan(const RecordRef& left, const std::vector<Field>& right) const {
    PairPlan plan;
    auto put = [&plan](std::string name, PairPlan::Source source) {
      for (std::size_t i = 0; i < plan.names.size(); ++i) {
        if (plan.names[i] == name) {
          plan.sources[i] = source;
          return;
        }
      }
      plan.names.push_back(std::move(name));
      plan.sources.push_back(source);
    };
    for (std::size_t k = 0; k < options_.output_names.size(); ++k) {
      put(options_.output_names[k], {PairPlan::From::key, static_cast<std::uint32_t>(k)});
    }
    for (std::size_t i = 0; i < left.size(); ++i) {
      std::string_view name = left[i].name;
      if (left_join_.contains(name)) continue;
      put(options_.left_prefix + std::string(name), {PairPlan::From::left, static_cast<std::uint32_t>(i)});
    }
    for (std::size_t i = 0; i < right.size(); ++i) {
      std::string_view name = right[i].name;
      if (right_join_.contains(name)) continue;
      put(options_.right_prefix + std::string(name), {PairPlan::From::right, static_cast<std::uint32_t>(i)});
    }
    return plan;
  }

  // out_ := the paired record's fields. A left field keeps its plain flag
  // only when the left file had the same delimiter as this batch.
  void pair_fields(const PairPlan& plan, std::size_t group, const RecordRef& left, bool same_delimiter) {
    out_.clear();
    const std::vector<std::string>& names = plan.header ? plan.header->names : plan.names;
    for (std::size_t i = 0; i < plan.sources.size(); ++i) {
      const PairPlan::Source s = plan.sources[i];
      Field f;
      if (s.from == PairPlan::From::key) {
        f = Field(names[i], left_->groups.values(group)[s.index], left_->groups.kinds(group)[s.index]);
      } else {
        const Field& from = s.from == PairPlan::From::left ? left[s.index] : right_[s.index];
        f = from;
        f.name = names[i];
        f.flags = (s.from == PairPlan::From::right || same_delimiter) ? (from.flags & kFieldPlain) : 0;
      }
      out_.push_back(f);
    }
    if (!plan.header) {
      // names of a plan made for this record only: stored with the record
      for (std::size_t i = 0; i < out_.size(); ++i) out_[i].name = *kept_names_.emplace(names[i]).first;
    }
  }

  void emit_left_unpaired() {
    Batch out;
    out.keep(left_);
    if (left_->source) out.set_source(left_->source);
    if (!left_->batches.empty()) out.plain_delimiter = left_->batches.front().plain_delimiter;
    auto add = [&](LeftSide::Ref ref) {
      const bool plain = left_->batches[ref.batch].plain_delimiter == out.plain_delimiter;
      RecordRef record = left_->record(ref);
      out.begin_record(record.where(), record.header());
      for (const Field& f : record.fields()) {
        Field copy = f;
        if (!plain) copy.flags &= static_cast<std::uint8_t>(~kFieldPlain);
        out.add_field(copy);
      }
    };
    for (std::size_t g = 0; g < left_->buckets.size(); ++g) {
      if (left_->paired[g]) continue;
      for (LeftSide::Ref ref : left_->buckets[g]) add(ref);
    }
    for (LeftSide::Ref ref : left_->keyless) add(ref);
    if (!out.empty()) emit(out);
  }

  JoinOptions options_;
  std::shared_ptr<LeftSide> left_;
  FieldLocator right_locator_;
  std::unordered_set<std::string_view> left_join_;   // views of options_
  std::unordered_set<std::string_view> right_join_;
  std::map<std::pair<std::uint64_t, std::uint64_t>, PairPlan> plans_;
  PairPlan scratch_plan_;
  std::unordered_set<std::string> kept_names_;  // names of records without a header (node-stable)
  std::vector<Field> right_;
  std::vector<Field> out_;
  std::vector<std::uint32_t> order_;
};

/// join -s: both inputs sorted by the join values (as text, ascending): a
/// merge join holding one left bucket (the left records of one join value)
/// at a time, as Miller's join -s. Left records that pair with nothing come
/// out (--ul) where the merge passes them.
class SortedJoin final : public Stage {
 public:
  SortedJoin(JoinOptions options, std::unique_ptr<Reader> reader)
      : options_(std::move(options)),
        reader_(std::move(reader)),
        left_locator_(options_.left_names),
        right_locator_(options_.right_names),
        left_join_(options_.left_names.begin(), options_.left_names.end()),
        right_join_(options_.right_names.begin(), options_.right_names.end()) {}

  bool push(Batch& batch) override {
    auto in = std::make_shared<Batch>(std::move(batch));
    Batch out;
    out.keep(in);
    out.set_source(in->source_ptr());
    if (!started_) {
      started_ = true;
      advance_bucket(out);
    }
    for (std::size_t r = 0; r < in->size(); ++r) {
      RecordRef record = (*in)[r];
      auto keys = right_locator_.locate(record, *in);
      bool paired = false;
      if (all_found(keys)) {
        right_key_.clear();
        for (const Field* f : keys) right_key_.emplace_back(f->value);
        while (have_bucket_ && compare(bucket_key_, right_key_) < 0) {
          if (options_.left_unpaired && !bucket_paired_) emit_bucket(out);
          advance_bucket(out);
        }
        paired = have_bucket_ && compare(bucket_key_, right_key_) == 0;
      }
      if (!paired) {
        if (options_.right_unpaired) append(out, record);
        continue;
      }
      bucket_paired_ = true;
      if (!options_.pairs) continue;
      for (const OwnedRecord& left : bucket_) pair(out, left, record);
    }
    return out.empty() || emit(out);
  }

  void finish() override {
    if (options_.left_unpaired) {
      Batch out;
      if (!started_) {
        started_ = true;
        advance_bucket(out);
      }
      while (have_bucket_) {
        if (!bucket_paired_) emit_bucket(out);
        advance_bucket(out);
      }
      if (!out.empty()) emit(out);
    }
    next_->finish();
  }

 private:
  static int compare(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      int c = a[i].compare(b[i]);
      if (c != 0) return c;
    }
    return 0;
  }

  // the next left record that has the join fields (its key in `key`);
  // those lacking one go out unpaired (--ul) as they are met
  bool next_keyed(OwnedRecord& record, std::vector<std::string>& key, Batch& out) {
    for (;;) {
      if (left_at_ == left_.size()) {
        left_at_ = 0;
        if (!reader_ || !reader_->read(left_)) {
          reader_.reset();
          left_.clear();
          return false;
        }
        if (left_.empty()) continue;
        if (!options_.left_keep.empty()) keep_left_fields(left_, options_);
      }
      RecordRef left = left_[left_at_++];
      auto keys = left_locator_.locate(left, left_);
      if (!all_found(keys)) {
        if (options_.left_unpaired) append(out, left);
        continue;
      }
      record.assign(left);
      key.clear();
      for (const Field* f : keys) key.emplace_back(f->value);
      return true;
    }
  }

  // bucket_ := the next run of left records with one key
  void advance_bucket(Batch& out) {
    bucket_.clear();
    bucket_paired_ = false;
    if (!have_pending_ && !next_keyed(pending_, pending_key_, out)) {
      have_bucket_ = false;
      return;
    }
    have_pending_ = false;
    bucket_key_ = pending_key_;
    bucket_.push_back(pending_);
    while (next_keyed(pending_, pending_key_, out)) {
      if (compare(pending_key_, bucket_key_) != 0) {
        have_pending_ = true;
        break;
      }
      bucket_.push_back(pending_);
    }
    have_bucket_ = true;
  }

  void emit_bucket(Batch& out) {
    for (const OwnedRecord& left : bucket_) left.append_to(out, true);
  }

  static void append(Batch& out, const RecordRef& record) {
    out.begin_record(record.where());
    for (const Field& f : record.fields()) {
      Field copy(out.store(f.name), out.store(f.value), f.kind);
      out.add_field(copy);
    }
  }

  // the paired record (as in the hash join): join fields, left's, right's
  void pair(Batch& out, const OwnedRecord& left, const RecordRef& right) {
    fields_.clear();
    auto put = [this](std::string_view name, std::string_view value, ValueKind kind) {
      for (Field& f : fields_) {
        if (f.name == name) {
          f.set_value(value, kind);
          return;
        }
      }
      fields_.push_back(Field(name, value, kind));
    };
    for (std::size_t k = 0; k < options_.output_names.size(); ++k) {
      put(options_.output_names[k], out.store(bucket_key_[k]), ValueKind::text);
      for (std::size_t i = 0; i < left.names.size(); ++i) {
        if (left.names[i] == options_.left_names[k]) fields_.back().kind = left.kinds[i];
      }
    }
    for (std::size_t i = 0; i < left.names.size(); ++i) {
      if (left_join_.contains(left.names[i])) continue;
      put(out.store(options_.left_prefix + left.names[i]), out.store(left.values[i]), left.kinds[i]);
    }
    for (const Field& f : right.fields()) {
      if (right_join_.contains(f.name)) continue;
      put(options_.right_prefix.empty() ? f.name : out.store(options_.right_prefix + std::string(f.name)), f.value,
          f.kind);
    }
    out.begin_record(right.where());
    for (const Field& f : fields_) out.add_field(f);
  }

  JoinOptions options_;
  std::unique_ptr<Reader> reader_;
  FieldLocator left_locator_;
  FieldLocator right_locator_;
  std::unordered_set<std::string_view> left_join_;
  std::unordered_set<std::string_view> right_join_;
  Batch left_;
  std::size_t left_at_ = 0;
  bool started_ = false;
  std::vector<OwnedRecord> bucket_;
  std::vector<std::string> bucket_key_;
  bool have_bucket_ = false;
  bool bucket_paired_ = false;
  OwnedRecord pending_;
  std::vector<std::string> pending_key_;
  bool have_pending_ = false;
  std::vector<std::string> right_key_;
  std::vector<Field> fields_;
};

std::unique_ptr<Stage> make_join(const JoinOptions& options, const StageSpec& spec) {
  JoinOptions o = options;
  if (o.output_names.empty() && o.left_names.empty() && o.right_names.empty()) {
    throw UsageError("join: -j FIELDS is required (the fields to join on)");
  }
  // Miller: -j names the output fields; -l and -r default to it, and it to -l
  if (o.output_names.empty()) o.output_names = !o.left_names.empty() ? o.left_names : o.right_names;
  if (o.left_names.empty()) o.left_names = o.output_names;
  if (o.right_names.empty()) o.right_names = o.output_names;
  if (o.left_names.size() != o.output_names.size() || o.right_names.size() != o.output_names.size()) {
    throw UsageError(fmt::format("join: -j, -l and -r must name as many fields each; got {}, {} and {}",
                                 o.output_names.size(), o.left_names.size(), o.right_names.size()));
  }
  if (!o.left_file) throw UsageError("join: -f LEFT is required (the file to join the input with)");
  if (!o.pairs && !o.left_unpaired && !o.right_unpaired) {
    throw UsageError("join: --np without --ul or --ur leaves nothing to output");
  }
  WEIR_ASSERT(spec.context != nullptr);
  if (o.sorted_input) {
    auto reader = open_left(o, *spec.context);
    return std::make_unique<SortedJoin>(std::move(o), std::move(reader));
  }
  auto left = read_left(o, *spec.context);
  return std::make_unique<Join>(std::move(o), std::move(left));
}

}  // namespace

StageInfo join_stage_info() {
  return with_options<JoinOptions>(
      {
          .name = "join",
          .summary = "join the input with the records of a file, on equal values of some fields",
          .usage = "join -j FIELDS -f LEFT [-l FIELDS -r FIELDS] [--np] [--ul] [--ur] [--lp P] [--rp P] [--lk FIELDS] [-s]",
          .description =
              "Joins the input (the right side) with the records of the file LEFT, read into memory first, "
              "as Miller's join does: each input record whose join values (compared as text) equal a left "
              "record's makes one output record per such left record, in input order: the join fields "
              "(named as -j, with the left's values), the left record's other fields, then the input "
              "record's other fields (a name both have keeps the left's place and takes the input's value). "
              "--ur passes input records that pair with nothing, where they come; --ul writes the left "
              "records that paired with nothing at the end; --np leaves the pairs out. LEFT may be of any "
              "format (from its extension, else -i, else the run's); the input may be another. With -s, "
              "both inputs must be sorted by the join values (as text, ascending): join then merges them "
              "holding one left join value's records at a time, and unpaired left records come out where "
              "the merge passes them (Miller's join -s). As in Miller, --ifs and --implicit-csv-header after "
              "join are how LEFT is read, not the input.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir join -j country -f examples/countries.csv then count -g continent examples/access.csv",
                        "requests per continent, from a table of countries"},
                       {"weir join --np --ul -j country -f examples/countries.csv examples/access.csv",
                        "the countries no request came from"}},
      },
      {{{"-j", "--join-fields", "FIELDS", "the fields to join on, as named in the output", OptionKind::fields},
        sets<&JoinOptions::output_names>},
       {{"-l", "--left-fields", "FIELDS", "the join fields as named in LEFT (default: -j)", OptionKind::fields},
        sets<&JoinOptions::left_names>},
       {{"-r", "--right-fields", "FIELDS", "the join fields as named in the input (default: -j)", OptionKind::fields},
        sets<&JoinOptions::right_names>},
       {{"-f", "--left-file", "LEFT", "the file to join with (read into memory)", OptionKind::file},
        sets<&JoinOptions::left_file>},
       {{"-i", "--left-format", "FORMAT", "LEFT's format (default: its extension, else the run's)", OptionKind::format},
        sets<&JoinOptions::left_format>},
       // (Miller's: the options of the left file's reading, after join)
       {{"", "--ifs", "CHAR", "LEFT's field delimiter, csv/tsv (default: the run's)", OptionKind::text},
        [](JoinOptions& o, const std::string& v) {
          std::optional<char> c = delimiter_named(v);
          if (!c) {
            throw UsageError(
                fmt::format("--ifs expects one character (or tab, comma, semicolon, pipe, space), got '{}'", v));
          }
          o.left_delimiter = *c;
        }},
       {{"", "--implicit-csv-header", "", "LEFT has no header line: its fields are named 1, 2, 3, ...", OptionKind::flag},
        [](JoinOptions& o, const std::string&) { o.left_header = false; }},
       {{"", "--no-implicit-csv-header", "", "LEFT's first line is its header (where the run's input has none)",
         OptionKind::flag},
        [](JoinOptions& o, const std::string&) { o.left_header = true; }},
       {{"", "--lk", "FIELDS", "keep only these fields of LEFT's records (and the join fields)", OptionKind::fields},
        sets<&JoinOptions::left_keep>},
       {{"", "--left-keep-field-names", "FIELDS", "the same as --lk", OptionKind::fields},
        sets<&JoinOptions::left_keep>},
       {{"", "--np", "", "no paired records", OptionKind::flag},
        [](JoinOptions& o, const std::string&) { o.pairs = false; }},
       {{"", "--ul", "", "also the left records that pair with nothing (at the end)", OptionKind::flag},
        sets<&JoinOptions::left_unpaired>},
       {{"", "--ur", "", "also the input records that pair with nothing (in place)", OptionKind::flag},
        sets<&JoinOptions::right_unpaired>},
       {{"", "--lp", "PREFIX", "prefix for the left's non-join field names", OptionKind::text},
        sets<&JoinOptions::left_prefix>},
       {{"", "--rp", "PREFIX", "prefix for the input's non-join field names", OptionKind::text},
        sets<&JoinOptions::right_prefix>},
       // (-u is the default already: accepted for Miller's commands, it changes nothing)
       {{"-u", "--unsorted", "", "inputs need not be sorted (the default; for Miller's commands)", OptionKind::flag},
        [](JoinOptions&, const std::string&) {}},
       {{"-s", "--sorted-input", "", "both inputs are sorted by the join fields: a merge join in bounded memory", OptionKind::flag},
        sets<&JoinOptions::sorted_input>}},
      make_join);
}

}  // namespace weir
