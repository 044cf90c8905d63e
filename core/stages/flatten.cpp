// flatten [-f FIELDS] [-s SEP]: nested JSON values become fields of their
// own, named by their path ({"a":{"b":1,"c":[5]}} -> a.b=1, a.c.1=5; arrays
// count from 1), as Miller's flatten. An empty object or array becomes the
// text {} or []. unflatten reverses it.

#include <algorithm>

#include <simdjson.h>

#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

namespace od = simdjson::ondemand;

std::string_view trim_json(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

class Flatten final : public Stage {
 public:
  Flatten(std::vector<std::string> fields, std::string sep) : fields_(std::move(fields)), sep_(std::move(sep)) {}

  bool per_record() const override { return true; }
  bool push(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      bool nested = false;
      for (const Field& f : record.fields()) nested = nested || wanted(f);
      if (!nested) continue;
      original_.assign(record.fields().begin(), record.fields().end());
      out_.clear();
      for (const Field& f : original_) {
        std::size_t before = out_.size();
        if (!wanted(f) || !flatten_field(f, batch)) {
          out_.resize(before);
          out_.push_back(f);
        }
      }
      batch.replace_fields(r, out_);
    }
    return emit(batch);
  }

 private:
  bool wanted(const Field& f) const {
    if (f.kind != ValueKind::json || f.value.empty() || (f.value[0] != '{' && f.value[0] != '[')) return false;
    return fields_.empty() || std::find(fields_.begin(), fields_.end(), f.name) != fields_.end();
  }

  bool flatten_field(const Field& f, Batch& batch) {
    simdjson::padded_string text(f.value);
    od::document doc;
    if (parser_.iterate(text).get(doc)) return false;
    od::value root;
    if (doc.get_value().get(root)) return false;
    path_.assign(f.name);
    return !flatten(root, batch);
  }

  simdjson::error_code flatten(od::value value, Batch& batch) {
    od::json_type type;
    if (auto e = value.type().get(type)) return e;
    const std::size_t length = path_.size();
    switch (type) {
      case od::json_type::object: {
        od::object object;
        if (auto e = value.get_object().get(object)) return e;
        std::size_t count = 0;
        for (auto member : object) {
          std::string_view key;
          if (auto e = member.unescaped_key().get(key)) return e;
          path_ += sep_;
          path_ += key;
          od::value child;
          if (auto e = member.value().get(child)) return e;
          if (auto e = flatten(child, batch)) return e;
          path_.resize(length);
          ++count;
        }
        if (count == 0) out_.push_back(Field(batch.store(path_), "{}"));
        return simdjson::SUCCESS;
      }
      case od::json_type::array: {
        od::array array;
        if (auto e = value.get_array().get(array)) return e;
        std::size_t count = 0;
        for (auto element : array) {
          od::value child;
          if (auto e = element.get(child)) return e;
          path_ += sep_;
          path_ += std::to_string(++count);
          if (auto e = flatten(child, batch)) return e;
          path_.resize(length);
        }
        if (count == 0) out_.push_back(Field(batch.store(path_), "[]"));
        return simdjson::SUCCESS;
      }
      case od::json_type::string: {
        std::string_view s;
        if (auto e = value.get_string().get(s)) return e;
        out_.push_back(Field(batch.store(path_), batch.store(s), ValueKind::string));
        return simdjson::SUCCESS;
      }
      default:
        out_.push_back(Field(batch.store(path_), batch.store(trim_json(value.raw_json_token())), ValueKind::json));
        return simdjson::SUCCESS;
    }
  }

  std::vector<std::string> fields_;
  std::string sep_;
  od::parser parser_;
  std::string path_;
  std::vector<Field> original_;
  std::vector<Field> out_;
};

struct FlattenOptions {
  std::vector<std::string> fields;  // empty: every field
  std::string separator = ".";
};

}  // namespace

StageInfo flatten_stage_info() {
  return with_options<FlattenOptions>(
      {
          .name = "flatten",
          .summary = "nested JSON values to fields named by their path (a.b, a.c.1)",
          .usage = "flatten [-f FIELDS] [-s SEP]",
          .description = "As Miller's flatten: each field holding a JSON object or array becomes one field per "
                         "value inside, named by its path joined with SEP (default .): {\"a\":{\"b\":1,\"c\":[5]}} "
                         "gives a.b=1 and a.c.1=5 (arrays count from 1). An empty object or array becomes the "
                         "text {} or []. Without -f, every field. unflatten reverses it.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir --from jsonl --to csv flatten examples/access.jsonl.gz", "nested JSON as flat CSV columns"}},
      },
      {{{"-f", "--fields", "FIELDS", "only these fields", OptionKind::fields}, sets<&FlattenOptions::fields>},
       {{"-s", "--separator", "SEP", "the path separator (default .)", OptionKind::text},
        sets<&FlattenOptions::separator>}},
      [](const FlattenOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        return std::make_unique<Flatten>(o.fields, o.separator);
      });
}

}  // namespace weir
