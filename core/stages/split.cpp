// split (-g FIELDS | -n N | -m M) [--prefix P] [--suffix S]: the records go
// to files instead of downstream, as Miller's split: one file per group
// (P_VALUES.S, the values URL-escaped), files of N records each (P_1.S, P_2.S...), or M files
// dealt round-robin. Each file is written atomically, as -o is.

#include <map>
#include <optional>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/formats/format.hpp"
#include "core/stages/group_table.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

enum class SplitBy : std::uint8_t { group, size, count };

struct SplitOptions {
  std::optional<std::vector<std::string>> group_by;  // -g
  std::optional<std::int64_t> records;               // -n
  std::optional<std::int64_t> files;                 // -m
  std::string prefix = "split";
  std::optional<std::string> suffix;  // default: -o's extension, else the output format's
  std::optional<std::string> format;  // -o (default: the run's output format)
  bool pass = false;                  // -v
};

// The options as the stage reads them: how the records are dealt, and the suffix.
struct SplitPlan {
  SplitBy by = SplitBy::group;
  std::vector<std::string> group_by;
  std::int64_t n = 0;
  std::string prefix = "split";
  std::string suffix;
  std::optional<std::string> format;
  bool pass_on = false;  // -v
};

class Split final : public Stage {
 public:
  Split(SplitPlan plan, const StageContext& context)
      : o_(std::move(plan)), locator_(o_.group_by), open_writer_(context.open_writer) {}

  bool push(Batch& batch) override {
    for (auto& [file, part] : parts_) part.clear();
    for (std::size_t r = 0; r < batch.size(); ++r) {
      std::size_t file = 0;
      if (o_.by == SplitBy::group) {
        auto keys = locator_.locate(batch[r], batch);
        if (!all_found(keys)) {
          // no group: P_ungrouped.S, as Miller names it (never no file: a record is not lost)
          if (!ungrouped_) ungrouped_ = open(fmt::format("{}_ungrouped.{}", o_.prefix, o_.suffix));
          file = *ungrouped_;
        } else {
          const std::size_t group = groups_.find_or_add(keys);
          if (group == file_of_group_.size()) file_of_group_.push_back(open(name_for_group(group)));
          file = file_of_group_[group];
        }
      } else {
        std::int64_t i = seen_++;
        file = static_cast<std::size_t>(o_.by == SplitBy::size ? i / o_.n : i % o_.n);
        while (file >= files_.size()) open(fmt::format("{}_{}.{}", o_.prefix, files_.size() + 1, o_.suffix));
      }
      Batch& part = parts_[file];
      if (part.empty()) {
        part.plain_delimiter = batch.plain_delimiter;
        part.set_source(batch.source_ptr());
      }
      RecordRef record = batch[r];
      part.begin_record(record.where(), record.header());
      for (const Field& f : record.fields()) part.add_field(f);
    }
    for (auto& [file, part] : parts_) {
      if (part.empty()) continue;
      files_[file].writer->write(part);
      files_[file].sink->maybe_flush();
    }
    if (o_.pass_on) return emit(batch);
    return true;
  }

  void finish() override {
    for (File& f : files_) {
      f.writer->finish();
      f.sink->commit();
    }
    next_->finish();
  }

 private:
  struct File {
    std::unique_ptr<Sink> sink;
    std::unique_ptr<Writer> writer;
  };

  // P_VALUE1_VALUE2.S, each value escaped as Miller does (Go's
  // url.QueryEscape): letters, digits and "-_.~" as they are, a space as
  // '+', any other byte as %XX ("a/b" names split_a%2Fb.csv, not a folder)
  std::string name_for_group(std::size_t g) const {
    std::string name = o_.prefix;
    for (const std::string& value : groups_.values(g)) {
      name += '_';
      for (char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        const bool ascii_alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (ascii_alnum || c == '-' || c == '_' || c == '.' || c == '~') {
          name += c;
        } else if (c == ' ') {
          name += '+';
        } else {
          name += fmt::format("%{:02X}", byte);
        }
      }
    }
    return name + "." + o_.suffix;
  }

  // The file at `path`: groups whose names come out the same ("a_b" + "c"
  // and "a" + "b_c") share one, as in Miller, rather than one writing over
  // the other's.
  std::size_t open(const std::string& path) {
    auto [at, added] = file_named_.try_emplace(path, files_.size());
    if (!added) return at->second;
    File f;
    f.sink = file_sink(path);
    f.writer = open_writer_(*f.sink, path, o_.format ? &*o_.format : nullptr);
    files_.push_back(std::move(f));
    return at->second;
  }

  SplitPlan o_;
  FieldLocator locator_;
  GroupTable groups_;
  std::function<std::unique_ptr<Writer>(Sink&, const std::string&, const std::string*)> open_writer_;
  std::vector<File> files_;
  std::map<std::string, std::size_t> file_named_;  // files_ by path
  std::vector<std::size_t> file_of_group_;          // files_ by group
  std::optional<std::size_t> ungrouped_;             // files_: the records lacking a group field
  std::map<std::size_t, Batch> parts_;  // this batch's records, per file
  std::int64_t seen_ = 0;
};

}  // namespace

StageInfo split_stage_info() {
  return with_options<SplitOptions>(
      {
          .name = "split",
          .summary = "write the records to files: one per group (-g), N records each (-n), or M files (-m)",
          .usage = "split (-g FIELDS | -n N | -m M) [--prefix P] [--suffix S] [-o FORMAT] [-v]",
          .description =
              "As Miller's split: the records go to files, not downstream (-v: both). -g writes a file "
              "P_VALUES.S per distinct combination of the group fields' values, each escaped as Miller "
              "does (letters, digits and -_.~ kept, a space as +, any other byte as %XX: a/b is a%2Fb; "
              "groups whose names agree share the file; records lacking a group field go to P_ungrouped.S, as in Miller); -n N writes P_1.S, P_2.S... of N records "
              "each; -m M deals the records round-robin into M files. P is split unless --prefix says "
              "(it may hold a folder); S is the format's extension unless --suffix says. The files are in "
              "the output format, or -o's (Miller's --ojson and the like after split say it too); --suffix "
              "names them only. Each file is written atomically, as -o is: files appear only when the run "
              "succeeds.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir split -g method --prefix /tmp/by-method examples/access.csv",
                        "/tmp/by-method_GET.csv, /tmp/by-method_POST.csv..."}},
      },
      {{{"-g", "--group-by", "FIELDS", "one file per distinct value of these fields", OptionKind::fields},
        sets<&SplitOptions::group_by>},
       {{"-n", "--records", "N", "files of N records each", OptionKind::count, {}, 1},
        sets<&SplitOptions::records>},
       {{"-m", "--files", "M", "M files, round-robin", OptionKind::count, {}, 1}, sets<&SplitOptions::files>},
       {{"", "--prefix", "P", "file name prefix (default split)", OptionKind::file},
        sets<&SplitOptions::prefix>},
       {{"", "--suffix", "S", "file name suffix (default: the output format's extension)", OptionKind::text},
        sets<&SplitOptions::suffix>},
       {{"-o", "--format", "FORMAT", "the files' format (default: the output format; Miller's -o)", OptionKind::format},
        sets<&SplitOptions::format>},
       // (Miller's --ojson and the like after split are --to json: the files' format, not the run's)
       {{"", "--to", "FORMAT", "the same as -o (Miller's --ojson, --ocsv ... after split)", OptionKind::format},
        sets<&SplitOptions::format>},
       {{"-v", "--pass", "", "pass the records on as well", OptionKind::flag}, sets<&SplitOptions::pass>}},
      [](const SplitOptions& o, const StageSpec& spec) -> std::unique_ptr<Stage> {
        WEIR_ASSERT(spec.context != nullptr);
        if (!spec.context->open_writer) throw SetupError("split: cannot write files here");
        if (o.group_by.has_value() + o.records.has_value() + o.files.has_value() != 1) {
          throw UsageError("split: give one of -g FIELDS, -n N and -m M");
        }
        SplitPlan plan;
        if (o.group_by) plan.group_by = *o.group_by;
        if (o.records) plan.by = SplitBy::size, plan.n = *o.records;
        if (o.files) plan.by = SplitBy::count, plan.n = *o.files;
        plan.prefix = o.prefix;
        // (as Miller: --suffix names the files, the format is -o's or the run's)
        plan.suffix = spec.context->output_extension;
        plan.format = spec.context->output_format;
        if (o.format) {
          plan.format = o.format;
          const FormatInfo& format = format_named(*o.format);
          if (!format.extensions.empty()) plan.suffix = std::string(format.extensions.front());
        }
        if (o.suffix) plan.suffix = *o.suffix;
        plan.pass_on = o.pass;
        return std::make_unique<Split>(std::move(plan), *spec.context);
      });
}

}  // namespace weir
