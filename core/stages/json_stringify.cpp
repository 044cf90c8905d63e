// json-stringify [-f FIELDS] [--jvstack]: values become the text of their
// JSON on one line ({"a":1} -> "{\"a\": 1}", x -> "\"x\""), or over lines
// with --jvstack, as Miller's json-stringify; without -f, every field. The
// reverse of json-parse.

#include <algorithm>

#include "core/formats/json_text.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/univariate.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class JsonStringify final : public Stage {
 public:
  JsonStringify(std::vector<std::string> fields, bool stacked)
      : fields_(std::move(fields)), stacked_(stacked), sink_(string_sink(text_)) {}

  bool per_record() const override { return true; }
  bool push(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      for (Field& f : batch[r].fields()) {
        if (!fields_.empty() && std::find(fields_.begin(), fields_.end(), f.name) == fields_.end()) continue;
        // numbers are their own text, other JSON values their text on one
        // line as Miller writes it ({"a": 1}); other text is quoted
        // (0x1F and the like too: numbers as Miller reads them from data)
        const auto number = [&] {
          if (is_json_number(f.value)) return true;
          const MillerType type = miller_type(f);
          return type == MillerType::int_ || type == MillerType::float_;
        };
        if ((f.kind == ValueKind::json || f.kind == ValueKind::text) && number()) {
          f.set_value(f.value, ValueKind::string);
          continue;
        }
        text_.clear();
        if (f.kind != ValueKind::json) write_json_string(*sink_, f.value);
        else if (f.value.empty()) sink_->write("null");
        else if (stacked_) write_stacked_json(*sink_, f.value);
        else write_spaced_json(*sink_, f.value);
        sink_->flush();
        f.set_value(batch.store(text_), ValueKind::string);
      }
    }
    return emit(batch);
  }

 private:
  std::vector<std::string> fields_;
  bool stacked_;
  std::string text_;
  std::unique_ptr<Sink> sink_;
};

struct JsonStringifyOptions {
  std::vector<std::string> fields;  // empty: every field
  bool stacked = false;
};

}  // namespace

StageInfo json_stringify_stage_info() {
  return with_options<JsonStringifyOptions>(
      {
          .name = "json-stringify",
          .summary = "turn values into the text of their JSON",
          .usage = "json-stringify [-f FIELDS] [--jvstack]",
          .description = "As Miller's json-stringify: each value becomes the text of its JSON on one line, "
                         "as Miller writes it, as a string: an object {\"a\":1} the string \"{\\\"a\\\": 1}\", the text x the string \"\\\"x\\\"\", "
                         "a number its digits. --jvstack lays an object or array out over lines, as Miller's --ojson "
                         "does. Without -f, every field. json-parse reverses it.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir --to jsonl json-stringify -f path then head -n 1 examples/access.csv",
                        "path as quoted JSON text"}},
      },
      {{{"-f", "--fields", "FIELDS", "the fields (default: all)", OptionKind::fields},
        sets<&JsonStringifyOptions::fields>},
       // (the last of --jvstack and --no-jvstack wins)
       {{"", "--jvstack", "", "objects and arrays over lines", OptionKind::flag},
        [](JsonStringifyOptions& o, const std::string&) { o.stacked = true; }},
       {{"", "--no-jvstack", "", "on one line (the default)", OptionKind::flag},
        [](JsonStringifyOptions& o, const std::string&) { o.stacked = false; }}},
      [](const JsonStringifyOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        return std::make_unique<JsonStringify>(o.fields, o.stacked);
      });
}

}  // namespace weir
