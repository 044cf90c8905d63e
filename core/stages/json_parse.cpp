// json-parse [-f FIELDS]: values holding JSON text become JSON values
// ("[1,2]" -> [1,2], "\"q\"" -> q), as Miller's json-parse; without -f,
// every field. A value that is not JSON is left as it is (Miller writes
// "(error)" there).

#include <algorithm>

#include <simdjson.h>

#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class JsonParse final : public Stage {
 public:
  explicit JsonParse(std::vector<std::string> fields) : fields_(std::move(fields)) {}

  bool per_record() const override { return true; }
  bool push(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      for (Field& f : batch[r].fields()) {
        if (!fields_.empty() && std::find(fields_.begin(), fields_.end(), f.name) == fields_.end()) continue;
        if (f.kind == ValueKind::json) continue;  // already JSON
        parse(f, batch);
      }
    }
    return emit(batch);
  }

 private:
  void parse(Field& f, Batch& batch) {
    simdjson::dom::element root;
    if (parser_.parse(simdjson::padded_string(f.value)).get(root)) return;
    switch (root.type()) {
      case simdjson::dom::element_type::STRING: {
        std::string_view text;
        if (!root.get_string().get(text)) f.set_value(batch.store(text), ValueKind::string);
        break;
      }
      case simdjson::dom::element_type::ARRAY:
      case simdjson::dom::element_type::OBJECT: {
        // the text without the spaces between its tokens: numbers as written
        // (2.50 stays 2.50, as in Miller), where the parsed value's minify wrote 2.5
        char* out = batch.allocate(f.value.size());
        std::size_t length = 0;
        if (simdjson::minify(f.value.data(), f.value.size(), out, length) != simdjson::SUCCESS) {
          batch.give_back(f.value.size());
          f.set_value(batch.store(simdjson::minify(root)), ValueKind::json);
          break;
        }
        batch.give_back(f.value.size() - length);
        f.set_value(std::string_view(out, length), ValueKind::json);
        break;
      }
      default: {
        // a number, true, false, null: its own text, without the spaces around
        std::string_view text = f.value;
        while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n' || text.front() == '\r')) text.remove_prefix(1);
        while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
        f.set_value(text, ValueKind::json);
      }
    }
  }

  std::vector<std::string> fields_;
  simdjson::dom::parser parser_;
};

struct JsonParseOptions {
  std::vector<std::string> fields;  // empty: every field
};

}  // namespace

StageInfo json_parse_stage_info() {
  return with_options<JsonParseOptions>(
      {
          .name = "json-parse",
          .summary = "turn values holding JSON text into JSON values",
          .usage = "json-parse [-f FIELDS]",
          .description = "As Miller's json-parse: a value holding JSON text becomes that JSON value (an "
                         "object, an array, a number, a string without its quotes), so JSON output nests "
                         "it and names like a.b reach into it. Without -f, every field. A value that is not "
                         "JSON is left as it is.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir --to jsonl json-parse -f status then head -n 1 examples/access.csv",
                        "status as a JSON number"}},
      },
      {{{"-f", "--fields", "FIELDS", "the fields to parse (default: all)", OptionKind::fields},
        sets<&JsonParseOptions::fields>}},
      [](const JsonParseOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        return std::make_unique<JsonParse>(o.fields);
      });
}

}  // namespace weir
