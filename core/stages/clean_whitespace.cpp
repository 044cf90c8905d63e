// clean-whitespace [-k | -v]: in each record's names and text values, runs
// of whitespace become one space and none is left at either end, as
// Miller's clean-whitespace (its DSL's clean_whitespace on each).

#include "core/stages/stage.hpp"
#include "core/stages/text_rewrite.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

// Miller's clean_whitespace: each run of \s (space, \t, \n, \f, \r) is one
// space, then a space at either end goes. False when `text` stays as it is.
bool cleaned(std::string_view text, std::string& out) {
  out.clear();
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out != text;
}

class CleanWhitespace final : public Stage {
 public:
  CleanWhitespace(bool names, bool values) : rewrite_(names, values) {}

  bool per_record() const override { return true; }

  bool push(Batch& batch) override {
    rewrite_.apply(batch, cleaned);
    return emit(batch);
  }

 private:
  TextRewrite rewrite_;
};

struct CleanWhitespaceOptions {
  bool names = true;
  bool values = true;
};

}  // namespace

StageInfo clean_whitespace_stage_info() {
  return with_options<CleanWhitespaceOptions>(
      {
          .name = "clean-whitespace",
          .summary = "collapse runs of whitespace and trim it at both ends, in names and values",
          .usage = "clean-whitespace [-k | -v]",
          .description = "As Miller's clean-whitespace: in each field name and each text value, every run of "
                         "whitespace (space, tab, CR, LF, form feed) becomes one space, and whitespace at "
                         "either end is removed. JSON numbers, booleans, objects and arrays are left as they "
                         "are; a value cleaned is a string in JSON output (\" 12 \" becomes \"12\"). Two names "
                         "cleaned into one make one field, in the first one's place with the last one's "
                         "value. -k cleans the names alone, -v the values alone; given both, the last one "
                         "counts, as in Miller.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir clean-whitespace examples/access.csv", "names and values without stray spaces"},
                       {"weir clean-whitespace -k examples/access.csv", "the names alone"}},
      },
      {{{"-k", "--keys-only", "", "clean the names alone, not the values", OptionKind::flag},
        [](CleanWhitespaceOptions& o, const std::string&) { o = {.names = true, .values = false}; }},
       {{"-v", "--values-only", "", "clean the values alone, not the names", OptionKind::flag},
        [](CleanWhitespaceOptions& o, const std::string&) { o = {.names = false, .values = true}; }}},
      [](const CleanWhitespaceOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        return std::make_unique<CleanWhitespace>(o.names, o.values);
      });
}

}  // namespace weir
