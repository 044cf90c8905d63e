// fill-empty [-v V] [-S] [--only-if-blank]: every empty value becomes V
// (default N/A), as Miller's fill-empty. JSON null counts as empty unless
// --only-if-blank (then only empty text is filled, as Miller does).

#include "core/record/column_types.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class FillEmpty final : public Stage {
 public:
  FillEmpty(std::string value, ValueKind kind, bool only_blank)
      : value_(std::move(value)), kind_(kind), only_blank_(only_blank) {}

  bool per_record() const override { return true; }

  bool push(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      for (Field& f : batch[r].fields()) {
        // (JSON null is an empty value of kind json)
        if (only_blank_ ? f.value.empty() && f.kind != ValueKind::json : f.is_null()) f.set_value(value_, kind_);
      }
    }
    return emit(batch);
  }

 private:
  std::string value_;
  ValueKind kind_;
  bool only_blank_;
};

struct FillEmptyOptions {
  std::string value = "N/A";
  bool as_string = false;  // -S
  bool only_if_blank = false;
};

}  // namespace

StageInfo fill_empty_stage_info() {
  return with_options<FillEmptyOptions>(
      {
          .name = "fill-empty",
          .summary = "replace empty values with a fill value (default N/A)",
          .usage = "fill-empty [-v V] [-S] [--only-if-blank]",
          .description = "Every empty value (and JSON null) becomes V, N/A unless -v says otherwise, as "
                         "Miller's fill-empty. In JSON output V is a number when it looks like one, unless -S, "
                         "and text otherwise, also in a number column (N/A is not read as a missing mark there). "
                         "--only-if-blank fills empty text only and leaves JSON null as it is (Miller's "
                         "fill-empty does that always; it has no such option).",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir fill-empty -v none examples/access.csv", "an empty note reads none"}},
      },
      {{{"-v", "--value", "V", "the fill value (default N/A)", OptionKind::text},
        sets<&FillEmptyOptions::value>},
       {{"-S", "--string", "", "the fill value is text, even if it looks like a number", OptionKind::flag},
        sets<&FillEmptyOptions::as_string>},
       {{"", "--only-if-blank", "", "fill empty text only, not JSON null", OptionKind::flag},
        sets<&FillEmptyOptions::only_if_blank>}},
      [](const FillEmptyOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        // A fill value that is no number is text as given: in a number
        // column it is not a missing mark for JSON output to write as null
        // (N/A, the default, came out as null, as if nothing was filled).
        // A number spelled as JSON spells one is a number in JSON output
        // whatever its column (as in Miller: -v 0 in a text column is 0).
        const bool number = Field(std::string_view(), o.value, ValueKind::text).number().has_value();
        const ValueKind kind = o.as_string || !number ? ValueKind::string
                               : is_json_number(o.value) ? ValueKind::json
                                                         : ValueKind::text;
        return std::make_unique<FillEmpty>(o.value, kind, o.only_if_blank);
      });
}

}  // namespace weir
