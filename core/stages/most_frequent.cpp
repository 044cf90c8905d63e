// most-frequent -f FIELDS [-n N] [-b] [-o NAME], and least-frequent: the
// distinct values of the fields with how many records have each, the most
// (least) counted first, at most N (default 10), as Miller's verbs of these
// names. Records without one of the fields are left out.

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/stages/group_table.hpp"
#include "core/stages/stage.hpp"

namespace weir {

namespace {

struct FrequentOptions {
  std::vector<std::string> fields;
  std::size_t limit = 10;
  bool counts = true;  // not -b
  std::string count_name = "count";
  bool most = true;
};

class Frequent final : public Stage {
 public:
  explicit Frequent(FrequentOptions options) : options_(std::move(options)), counts_(options_.fields) {}

  bool push(Batch& batch) override {
    inputs_.see(batch);
    counts_.add(batch);
    return true;
  }

  void finish() override {
    Batch out;
    inputs_.name(out);
    counts_.write_by_count(out, options_.counts, options_.count_name, options_.most, options_.limit);
    if (!out.empty()) emit(out);
    next_->finish();
  }

 private:
  FrequentOptions options_;
  GroupCounts counts_;
  InputNames inputs_;
};

std::unique_ptr<Stage> make(const StageSpec& spec, bool most) {
  const char* verb = most ? "most-frequent" : "least-frequent";
  FrequentOptions o;
  o.most = most;
  const std::string* fields = spec.option("fields");
  if (!fields) throw UsageError(fmt::format("{}: -f FIELDS is required (the fields whose values are counted)", verb));
  o.fields = parse_field_list(verb, *fields);
  if (auto n = spec.count("max")) o.limit = static_cast<std::size_t>(*n);
  o.counts = !spec.flag("brief");
  if (const std::string* name = spec.option("count-name")) o.count_name = *name;
  return std::make_unique<Frequent>(std::move(o));
}

StageInfo frequent_stage_info(bool most) {
  const std::string_view name = most ? "most-frequent" : "least-frequent";
  return {
      .name = name,
      .summary = most ? "the most frequent values of fields, with their counts (Miller's)"
                      : "the least frequent values of fields, with their counts (Miller's)",
      .usage = most ? "most-frequent -f FIELDS [-n N] [-b] [-o NAME]" : "least-frequent -f FIELDS [-n N] [-b] [-o NAME]",
      .description = most ? "As Miller's most-frequent: the distinct values of the fields (together), each with "
                            "the number of records that have it, the most counted first (equal counts in order of "
                            "first sight), at most N of them. Records without one of the fields are left out."
                          : "As Miller's least-frequent: the distinct values of the fields (together), each with "
                            "the number of records that have it, the least counted first (equal counts in order of "
                            "first sight), at most N of them. Records without one of the fields are left out.",
      .options = {{"-f", "--fields", "FIELDS", "the fields whose values are counted", OptionKind::fields},
                  {"-n", "--max", "N", "at most N values (default 10)", OptionKind::count},
                  {"-b", "--brief", "", "the values alone, without their counts", OptionKind::flag},
                  {"-o", "--count-name", "NAME", "name of the count field (default count)", OptionKind::text}},
      .min_args = 0,
      .max_args = 0,
      .examples = {{most ? "weir most-frequent -f path -n 3 examples/access.csv"
                         : "weir least-frequent -f country -n 3 examples/access.csv",
                    most ? "the three most requested paths" : "the three rarest countries"}},
      .make = most ? [](const StageSpec& spec) -> std::unique_ptr<Stage> { return make(spec, true); }
                   : [](const StageSpec& spec) -> std::unique_ptr<Stage> { return make(spec, false); },
  };
}

}  // namespace

StageInfo most_frequent_stage_info() { return frequent_stage_info(true); }
StageInfo least_frequent_stage_info() { return frequent_stage_info(false); }

}  // namespace weir
