// grep [-v] [-i] [-F] [-f FIELDS] PATTERN: keeps the records whose line
// k1=v1,k2=v2,... matches, as Miller's grep (or, with -f, a value of FIELDS).

#include <re2/re2.h>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/stages/field_locator.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

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
      // the record as Miller's grep sees it: the line k1=v1,k2=v2 (so that
      // 'method=POST' and ^id=1, matches, and a field's name)
      line_.clear();
      for (const Field& f : record.fields()) {
        if (!line_.empty()) line_ += ',';
        line_.append(f.name);
        line_ += '=';
        line_.append(f.is_json_null() ? std::string_view("null") : std::string_view(f.value));  // (as Miller writes it)
      }
      return match(line_);
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
  std::string line_;
};

struct GrepOptions {
  bool invert = false;
  bool ignore_case = false;
  bool fixed = false;
  // as given: make splits it once PATTERN compiles, so that a bad pattern
  // is the error reported first
  std::optional<std::string> fields;
};

}  // namespace

StageInfo grep_stage_info() {
  return with_options<GrepOptions>(
      {
          .name = "grep",
          .summary = "keep the records that match a regex (RE2), as the line k1=v1,k2=v2,... (Miller's)",
          .usage = "grep [-v] [-i] [-F] [-f FIELDS] PATTERN",
          .description = "Keeps the records that match PATTERN, an RE2 regular expression (linear time: no "
                         "pattern can hang a run), as Miller's grep: each record is matched as the line "
                         "NAME=VALUE,NAME=VALUE,... (grep method=POST; ^ and $ anchor the line). With -f, "
                         "a value of those fields is matched instead, each on its own (^ and $ anchor the value).",
          .min_args = 1,
          .max_args = 1,
          .arg_kind = OptionKind::text,
          .examples = {{"weir grep -i bot examples/access.csv", "requests that mention a bot"},
                       {"weir grep method=POST examples/access.csv", "a name and its value, as Miller's grep matches them"},
                       {"weir grep -f path '^/admin/' examples/access.csv", "admin pages"}},
      },
      {{{"-v", "--invert", "", "keep the records that do not match", OptionKind::flag},
        sets<&GrepOptions::invert>},
       {{"-i", "--ignore-case", "", "match regardless of case", OptionKind::flag},
        sets<&GrepOptions::ignore_case>},
       {{"-F", "--fixed", "", "PATTERN is plain text, not a regex", OptionKind::flag},
        sets<&GrepOptions::fixed>},
       {{"-f", "--fields", "FIELDS", "match each value of these fields instead of the record's line", OptionKind::fields},
        sets<&GrepOptions::fields>}},
      [](const GrepOptions& o, const StageSpec& spec) -> std::unique_ptr<Stage> {
        re2::RE2::Options options(re2::RE2::Quiet);
        options.set_case_sensitive(!o.ignore_case);
        options.set_literal(o.fixed);
        auto regex = std::make_unique<re2::RE2>(spec.args.at(0), options);
        if (!regex->ok()) {
          throw UsageError(fmt::format("grep: invalid regular expression '{}': {}", spec.args.at(0), regex->error()));
        }
        std::vector<std::string> fields;  // none: the record's line is matched
        if (o.fields) fields = parse_field_list("grep", *o.fields);
        return std::make_unique<Grep>(std::move(regex), o.invert, std::move(fields));
      });
}

}  // namespace weir
