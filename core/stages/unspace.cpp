// unspace [-f FILLER] [-k | -v]: every space in names and text values
// becomes FILLER (default _), as Miller's unspace, for PPRINT output.

#include "core/stages/stage.hpp"
#include "core/stages/text_rewrite.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class Unspace final : public Stage {
 public:
  Unspace(std::string filler, bool names, bool values) : filler_(std::move(filler)), rewrite_(names, values) {}

  bool per_record() const override { return true; }

  bool push(Batch& batch) override {
    rewrite_.apply(batch, [this](std::string_view text, std::string& out) {
      if (text.find(' ') == std::string_view::npos) return false;
      out.clear();
      for (char c : text) {
        if (c == ' ') out += filler_;
        else out += c;
      }
      return out != text;
    });
    return emit(batch);
  }

 private:
  std::string filler_;
  TextRewrite rewrite_;
};

struct UnspaceOptions {
  std::string filler = "_";
  bool names = true;
  bool values = true;
};

}  // namespace

StageInfo unspace_stage_info() {
  return with_options<UnspaceOptions>(
      {
          .name = "unspace",
          .summary = "replace spaces in names and values with _ (or -f FILLER)",
          .usage = "unspace [-f FILLER] [-k | -v]",
          .description = "As Miller's unspace: every space in field names and text values becomes _, or the "
                         "text given by -f (any length, even empty), which helps PPRINT output. JSON "
                         "numbers, booleans, objects and arrays are left as they are; a value changed is a "
                         "string in JSON output. Two names that become one make one field, in the first "
                         "one's place with the last one's value. -k changes the names alone, -v the values "
                         "alone; given both, the last one counts, as in Miller.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir unspace examples/access.csv", "spaces in values become _"},
                       {"weir unspace -f . -v examples/access.csv", "spaces in values become dots"}},
      },
      {{{"-f", "--filler", "FILLER", "what replaces each space (default _)", OptionKind::text},
        sets<&UnspaceOptions::filler>},
       {{"-k", "--keys-only", "", "change the names alone, not the values", OptionKind::flag},
        [](UnspaceOptions& o, const std::string&) {
          o.names = true;
          o.values = false;
        }},
       {{"-v", "--values-only", "", "change the values alone, not the names", OptionKind::flag},
        [](UnspaceOptions& o, const std::string&) {
          o.names = false;
          o.values = true;
        }}},
      [](const UnspaceOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        return std::make_unique<Unspace>(o.filler, o.names, o.values);
      });
}

}  // namespace weir
