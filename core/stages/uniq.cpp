// uniq FIELDS (or Miller's -g/-f FIELDS): the distinct combinations of the
// fields, in order of first appearance (-c with their counts, -n only how
// many there are, -o the count's name). uniq -a: distinct whole records, as
// Miller's (-c: each with its count first; -n: how many).

#include "core/errors/error.hpp"
#include "core/record/owned_record.hpp"
#include "core/stages/first_header.hpp"
#include "core/stages/fold_spares.hpp"
#include "core/stages/group_table.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class Uniq final : public Stage {
 public:
  Uniq(std::vector<std::string> fields, bool counts, bool only_number, std::string count_name, bool folds)
      : folds_(folds),
        columns_(fields),
        groups_(std::move(fields)),
        counts_wanted_(counts),
        only_number_(only_number),
        count_name_(std::move(count_name)) {
    if (counts_wanted_) columns_.push_back(count_name_);
  }

  // the engine finds the values of batches on several threads and merges them
  struct Found final : Partial {
    explicit Found(std::vector<std::string> keys) : groups(std::move(keys)) {}
    GroupCounts groups;

    void clear() { groups.clear(); }
  };
  void follow(Stage& original) override { spares_ = static_cast<Uniq&>(original).spares_; }
  // (StageContext::counts_fold)
  bool folds() const override { return folds_; }
  std::unique_ptr<Partial> fold(Batch& batch) override {
    std::unique_ptr<Found> found = spares_->take([&] { return std::make_unique<Found>(groups_.keys()); });
    found->groups.add(batch);
    return found;
  }
  void merge(Partial& partial, Batch& batch) override {
    inputs_.see(batch);
    header_.see(const_cast<Batch&>(batch), columns_);
    groups_.merge(static_cast<Found&>(partial).groups);
    spares_->keep(static_cast<Found&>(partial));
  }

  std::optional<FieldUse> field_use() const override { return FieldUse{groups_.keys(), false}; }

  bool push(Batch& batch) override {
    inputs_.see(batch);
    header_.see(batch, columns_);
    groups_.add(batch);
    return true;
  }

  void finish() override {
    Batch out;
    inputs_.name(out);
    if (only_number_) {
      groups_.write_number(out, count_name_);
    } else {
      groups_.write(out, counts_wanted_, count_name_);
    }
    // no combination (a header-only input): the header line of uniq's columns still
    if (!out.empty() || header_.bare(out)) emit(out);
    next_->finish();
  }

 private:
  bool folds_;                        // see folds()
  std::vector<std::string> columns_;  // the output's: the fields, and count with -c
  FirstHeader header_;
  GroupCounts groups_;
  bool counts_wanted_;
  bool only_number_;
  std::string count_name_;
  InputNames inputs_;  // the input the records came from, named on the batches made here
  std::shared_ptr<FoldSpares<Found>> spares_ = std::make_shared<FoldSpares<Found>>();  // the original's, on a copy
};

// uniq -a -c / -a -n: whole records counted (uniq -a alone is dedupe's job)
class UniqRecords final : public Stage {
 public:
  UniqRecords(bool only_number, std::string count_name)
      : only_number_(only_number), count_name_(std::move(count_name)) {}

  bool push(Batch& batch) override {
    inputs_.see(batch);
    for (std::size_t r = 0; r < batch.size(); ++r) {
      std::size_t g = groups_.find_or_add(whole_.of(batch[r]));
      if (g == counts_.size()) {
        counts_.push_back(0);
        if (!only_number_) firsts_.emplace_back().assign(batch[r]);
      }
      ++counts_[g];
    }
    return true;
  }

  void finish() override {
    Batch out;
    inputs_.name(out);
    if (only_number_) {
      out.begin_record(Provenance{});
      out.add_field(GroupCounts::count_field(out, static_cast<std::int64_t>(counts_.size()), count_name_));
    } else {
      for (std::size_t g = 0; g < firsts_.size(); ++g) {
        const OwnedRecord& record = firsts_[g];
        out.begin_record(record.where);
        out.add_field(GroupCounts::count_field(out, counts_[g], count_name_));
        for (std::size_t i = 0; i < record.names.size(); ++i) {
          out.add_field(Field(record.names[i], record.values[i], record.kinds[i]));
        }
      }
    }
    if (!out.empty()) emit(out);
    next_->finish();
  }

 private:
  bool only_number_;
  std::string count_name_;
  GroupTable groups_;
  WholeRecordKey whole_;
  std::vector<OwnedRecord> firsts_;
  std::vector<std::int64_t> counts_;
  InputNames inputs_;
};

struct UniqOptions {
  bool count = false;                                // -c
  bool number = false;                               // -n
  std::optional<std::vector<std::string>> group_by;  // -g
  std::optional<std::vector<std::string>> fields;    // -f: -g's synonym (-g wins)
  std::string count_name = "count";                  // -o
  bool all = false;                                  // -a
};

}  // namespace

StageInfo uniq_stage_info() {
  return with_options<UniqOptions>(
      {
          .name = "uniq",
          .summary = "distinct values of fields (-c with counts, -n how many; -a whole records)",
          .usage = "uniq [-c|-n] [-o NAME] FIELD[,FIELD...] | uniq -g FIELDS [-c|-n] | uniq -a [-c|-n]",
          .description = "Prints each distinct combination of the named fields once, in order of first "
                         "appearance. Records lacking one of the fields are left out. The fields may be "
                         "given as Miller does, with -g (or -f). -a takes whole records (every name and "
                         "value): alone it passes the first of each, as dedupe; with -c each distinct "
                         "record comes with its count first; with -n only how many there are.",
          .min_args = 1,
          .max_args = 1,
          .arg_kind = OptionKind::fields,
          .examples = {{"weir uniq country examples/access.csv", "the countries seen"},
                       {"weir uniq -c method,status examples/access.csv", "each method and status with its count"},
                       {"weir uniq -g method -c -o requests examples/access.csv", "Miller's spelling, count renamed"},
                       {"weir uniq -a -c examples/access.csv", "each distinct record with how many times it came"}},
          .arg_options = {"group-by", "fields", "all"},
      },
      {{{"-c", "--count", "", "add a field count: how many records had the combination", OptionKind::flag},
        sets<&UniqOptions::count>},
       {{"-n", "--number", "", "print only how many distinct combinations there are", OptionKind::flag},
        sets<&UniqOptions::number>},
       {{"-g", "--group-by", "FIELDS", "the fields (Miller's -g; FIELD,...)", OptionKind::fields},
        sets<&UniqOptions::group_by>},
       {{"-f", "--fields", "FIELDS", "the same as -g (Miller's synonym)", OptionKind::fields},
        sets<&UniqOptions::fields>},
       {{"-o", "--count-name", "NAME", "name of the count field of -c, and of -a -n (default count)", OptionKind::text},
        sets<&UniqOptions::count_name>},
       {{"-a", "--all", "", "whole records: every name and value", OptionKind::flag},
        sets<&UniqOptions::all>}},
      [](const UniqOptions& o, const StageSpec& spec) -> std::unique_ptr<Stage> {
        // the fields by -g, else by -f, else the argument
        const std::optional<std::vector<std::string>>& named = o.group_by ? o.group_by : o.fields;
        if (o.all) {
          if (named || !spec.args.empty()) {
            throw UsageError("uniq: -a takes whole records: no fields with it (-g, -f or FIELDS)");
          }
          // (as Miller: -a refuses -c with -n; with fields, -n wins over -c)
          if (o.count && o.number) throw UsageError("uniq: -a with -c and -n do not go together");
          if (!o.count && !o.number) {
            return find_stage("dedupe")->make(StageSpec{"dedupe", {}, {}, spec.context});
          }
          return std::make_unique<UniqRecords>(o.number, o.count_name);
        }
        std::vector<std::string> fields;
        if (named) fields = *named;
        else if (!spec.args.empty()) fields = parse_field_list("uniq", spec.args.front());
        else throw UsageError("uniq: missing argument; usage: weir uniq [-c|-n] FIELD[,FIELD...]");
        // (as Miller: the number of distinct values of fields is named count, whatever -o says)
        return std::make_unique<Uniq>(std::move(fields), o.count, o.number, o.number ? "count" : o.count_name,
                                      spec.context && spec.context->counts_fold());
      });
}

}  // namespace weir
