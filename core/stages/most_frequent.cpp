// most-frequent -f FIELDS [-n N] [-b] [-o NAME], and least-frequent: the
// distinct values of the fields with how many records have each, the most
// (least) counted first, at most N (default 10), as Miller's verbs of these
// names. Records without one of the fields are left out.

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/stages/group_table.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

struct FrequentOptions {
  std::optional<std::vector<std::string>> fields;
  std::int64_t max = 10;
  bool brief = false;
  std::string count_name = "count";
};

class Frequent final : public Stage {
 public:
  /// (-f given); `most`: the most counted first, else the least.
  Frequent(FrequentOptions options, bool most)
      : options_(std::move(options)), most_(most), counts_(*options_.fields) {}

  bool push(Batch& batch) override {
    inputs_.see(batch);
    counts_.add(batch);
    return true;
  }

  void finish() override {
    Batch out;
    inputs_.name(out);
    counts_.write_by_count(out, !options_.brief, options_.count_name, most_,
                           static_cast<std::size_t>(options_.max));
    if (!out.empty()) emit(out);
    next_->finish();
  }

 private:
  FrequentOptions options_;
  bool most_;
  GroupCounts counts_;
  InputNames inputs_;
};

template <bool most>
std::unique_ptr<Stage> make_frequent(const FrequentOptions& o, const StageSpec&) {
  if (!o.fields) {
    throw UsageError(fmt::format("{}: -f FIELDS is required (the fields whose values are counted)",
                                 most ? "most-frequent" : "least-frequent"));
  }
  return std::make_unique<Frequent>(o, most);
}

StageInfo frequent_stage_info(bool most) {
  const std::string_view name = most ? "most-frequent" : "least-frequent";
  return with_options<FrequentOptions>(
      {
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
          .min_args = 0,
          .max_args = 0,
          .examples = {{most ? "weir most-frequent -f path -n 3 examples/access.csv"
                             : "weir least-frequent -f country -n 3 examples/access.csv",
                        most ? "the three most requested paths" : "the three rarest countries"}},
      },
      {{{"-f", "--fields", "FIELDS", "the fields whose values are counted", OptionKind::fields},
        sets<&FrequentOptions::fields>},
       {{"-n", "--max", "N", "at most N values (default 10)", OptionKind::count},
        sets<&FrequentOptions::max>},
       {{"-b", "--brief", "", "the values alone, without their counts", OptionKind::flag},
        sets<&FrequentOptions::brief>},
       {{"-o", "--count-name", "NAME", "name of the count field (default count)", OptionKind::text},
        sets<&FrequentOptions::count_name>}},
      most ? make_frequent<true> : make_frequent<false>);
}

}  // namespace

StageInfo most_frequent_stage_info() { return frequent_stage_info(true); }
StageInfo least_frequent_stage_info() { return frequent_stage_info(false); }

}  // namespace weir
