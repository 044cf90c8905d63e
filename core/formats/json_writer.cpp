// JSON writer: the records as one JSON array, laid out as Miller's --ojson
// writes it, so that a .json file is JSON (JSON Lines is not) and a Miller
// user's `--ojson` gives the same bytes:
//
//   [
//   {
//     "a": 1,
//     "b": {
//       "c": [1, 2]
//     }
//   },
//   ...
//   ]
//
// A field a line, indented by two spaces a level; an object or an array
// holding objects or arrays over several lines, an array of plain values on
// one. Values are what the JSON Lines writer writes (json_text.hpp); nested
// JSON keeps its numbers and strings as they were written. No records:
// "[", "]".

#include <string_view>

#include "core/formats/format.hpp"
#include "core/formats/json_text.hpp"

namespace weir {

namespace {

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::size_t skip_json_space(std::string_view text, std::size_t at) {
  while (at < text.size() && is_json_space(text[at])) ++at;
  return at;
}

// The end of the scalar at `at` (a string, number, true, false or null).
std::size_t json_scalar_end(std::string_view text, std::size_t at) {
  if (at < text.size() && text[at] == '"') {
    for (++at; at < text.size(); ++at) {
      if (text[at] == '\\') ++at;
      else if (text[at] == '"') return at + 1;
    }
    return text.size();
  }
  while (at < text.size() && !is_json_space(text[at]) && text[at] != ',' && text[at] != '}' && text[at] != ']') ++at;
  return at;
}

void json_indent(Sink& sink, int level) {
  for (int i = 0; i < level; ++i) sink.write("  ");
}

// Whether the array at `at` ('[') holds no object or array.
bool plain_json_array(std::string_view text, std::size_t at) {
  at = skip_json_space(text, at + 1);
  while (at < text.size() && text[at] != ']') {
    if (text[at] == '{' || text[at] == '[') return false;
    const std::size_t element = at;
    at = skip_json_space(text, json_scalar_end(text, at));
    if (at < text.size() && text[at] == ',') at = skip_json_space(text, at + 1);
    if (at == element) return false;  // (not JSON: laid out over lines, as written)
  }
  return true;
}

// Writes the JSON value at `at` of `text` (valid JSON: a reader or a stage
// made it) at nesting `level`, its first line already indented; returns
// where the value ends.
std::size_t write_nested(Sink& sink, std::string_view text, std::size_t at, int level) {
  at = skip_json_space(text, at);
  if (at >= text.size()) return at;
  const char open = text[at];
  if (open != '{' && open != '[') {
    const std::size_t end = json_scalar_end(text, at);
    sink.write(text.substr(at, end - at));
    return end;
  }
  const char close = open == '{' ? '}' : ']';
  std::size_t next = skip_json_space(text, at + 1);
  if (next < text.size() && text[next] == close) {
    sink.put(open);
    sink.put(close);
    return next + 1;
  }
  const bool one_line = open == '[' && plain_json_array(text, at);
  sink.put(open);
  if (!one_line) sink.put('\n');
  for (bool first = true; next < text.size() && text[next] != close; first = false) {
    const std::size_t element = next;
    if (!first) sink.write(one_line ? ", " : ",\n");
    if (!one_line) json_indent(sink, level + 1);
    if (open == '{') {
      const std::size_t key_end = json_scalar_end(text, next);
      sink.write(text.substr(next, key_end - next));
      sink.write(": ");
      next = skip_json_space(text, key_end) + 1;  // past ':'
    }
    next = skip_json_space(text, write_nested(sink, text, next, level + 1));
    if (next < text.size() && text[next] == ',') next = skip_json_space(text, next + 1);
    if (next == element) break;  // (not JSON: nothing was read; never loop)
  }
  if (!one_line) {
    sink.put('\n');
    json_indent(sink, level);
  }
  sink.put(close);
  return next + 1;
}

class JsonWriter final : public Writer {
 public:
  JsonWriter(Sink& sink, const WriteOptions& options) : sink_(sink), types_(options.types) {}

  // (columns written as text, then null: ColumnTypes::late_types)
  void notes(std::vector<std::string>& out) const override {
    for (std::string& note : types_.late_type_notes("written", "null")) out.push_back(std::move(note));
  }

  void write(Batch& batch) override {
    types_.learn(batch);
    for (std::size_t r = 0; r < batch.size(); ++r) {
      std::span<const Field> fields = batch.fields_of(r);
      const Header* header = batch.header_of(r);
      sink_.write(records_++ == 0 ? std::string_view("[\n") : std::string_view(",\n"));
      if (fields.empty()) {
        sink_.write("{}");  // (as Miller writes a record without fields)
        continue;
      }
      sink_.write("{\n");
      for (std::size_t i = 0; i < fields.size(); ++i) {
        const Field& f = fields[i];
        if (i) sink_.write(",\n");
        sink_.write("  ");
        write_json_string(sink_, f.name);
        sink_.write(": ");
        if (f.kind == ValueKind::json && !f.value.empty() && (f.value.front() == '{' || f.value.front() == '[')) {
          write_nested(sink_, f.value, 0, 1);
        } else {
          write_json_value(sink_, f, i, header, &types_);
        }
      }
      sink_.write("\n}");
      sink_.maybe_flush();
    }
  }

  void finish() override { sink_.write(records_ == 0 ? std::string_view("[\n]\n") : std::string_view("\n]\n")); }

 private:
  Sink& sink_;
  ColumnTypes types_;
  std::size_t records_ = 0;
};

}  // namespace

std::unique_ptr<Writer> make_json_writer(Sink& sink, const WriteOptions& options) {
  return std::make_unique<JsonWriter>(sink, options);
}

void write_stacked_json(Sink& sink, std::string_view json) { write_nested(sink, json, 0, 0); }

}  // namespace weir
