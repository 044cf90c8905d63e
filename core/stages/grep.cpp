// grep [-v] [-i] [-F] PATTERN: keeps the records where a value matches.

#include <re2/re2.h>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/stages/field_locator.hpp"
#include "core/stages/stage.hpp"

namespace weir {

namespace {

class Grep final : public Stage {
 public:
  Grep(std::unique_ptr<re2::RE2> regex, bool invert, std::vector<std::string> fields)
      : regex_(std::move(regex)), invert_(invert), locator_(std::move(fields)) {}

  bool per_record() const override { return true; }

  bool push(Batch& batch) override {
    keep_.resize(batch.size());
    for (std::size_t r = 0; r < batch.size(); ++r) keep_[r] = matches(batch[r], batch) != invert_;
    batch.keep_if(keep_);
    return (batch.empty() && !batch.bare_header) || emit(batch);  // (an empty result's columns go on)
  }

 private:
  bool match(std::string_view text) const {
    return re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *regex_);
  }

  bool matches(const RecordRef& record, Batch& batch) {
    if (locator_.names().empty()) {
      for (const Field& f : record.fields()) {
        if (match(f.value)) return true;
      }
      return false;
    }
    for (const Field* f : locator_.locate(record, batch)) {
      if (f && match(f->value)) return true;
    }
    return false;
  }

  std::unique_ptr<re2::RE2> regex_;
  bool invert_;
  FieldLocator locator_;
  std::vector<bool> keep_;
};

}  // namespace

StageInfo grep_stage_info() {
  return {
      .name = "grep",
      .summary = "keep the records where a value matches a regex (RE2)",
      .usage = "grep [-v] [-i] [-F] [-f FIELDS] PATTERN",
      .description = "Keeps the records in which some value (or some value of the -f fields) "
                     "matches PATTERN, an RE2 regular expression (linear time: no pattern can "
                     "hang a run). The match may be anywhere in the value; anchor it with ^ and $.",
      .options = {{"-v", "--invert", "", "keep the records that do not match", OptionKind::flag},
                  {"-i", "--ignore-case", "", "match regardless of case", OptionKind::flag},
                  {"-F", "--fixed", "", "PATTERN is plain text, not a regex", OptionKind::flag},
                  {"-f", "--fields", "FIELDS", "look only in these fields", OptionKind::fields}},
      .min_args = 1,
      .max_args = 1,
      .arg_kind = OptionKind::text,
      .examples = {{"weir grep -i bot examples/access.csv", "requests whose values mention a bot"},
                   {"weir grep -f path '^/admin/' examples/access.csv", "admin pages"}},
      .make = [](const StageSpec& spec) -> std::unique_ptr<Stage> {
        re2::RE2::Options options(re2::RE2::Quiet);
        options.set_case_sensitive(!spec.flag("ignore-case"));
        options.set_literal(spec.flag("fixed"));
        auto regex = std::make_unique<re2::RE2>(spec.args.at(0), options);
        if (!regex->ok()) {
          throw UsageError(fmt::format("grep: invalid regular expression '{}': {}", spec.args.at(0), regex->error()));
        }
        const std::string* f = spec.option("fields");
        return std::make_unique<Grep>(std::move(regex), spec.flag("invert"),
                                      f ? parse_field_list("grep", *f) : std::vector<std::string>{});
      },
  };
}

}  // namespace weir
