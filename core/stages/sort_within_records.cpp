// sort-within-records [-r]: each record's fields sorted by name (byte order),
// as Miller's sort-within-records; -r also sorts the keys of JSON objects
// held in fields, and of objects inside those (as Miller, not inside arrays).
// Values are kept as written: only the order of keys changes.

#include <algorithm>

#include <simdjson.h>

#include "core/errors/error.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

namespace od = simdjson::ondemand;

class SortWithinRecords final : public Stage {
 public:
  explicit SortWithinRecords(bool recursive) : recursive_(recursive) {}

  bool per_record() const override { return true; }

  bool push(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      scratch_.assign(record.fields().begin(), record.fields().end());
      std::stable_sort(scratch_.begin(), scratch_.end(),
                       [](const Field& a, const Field& b) { return a.name < b.name; });
      if (recursive_) {
        for (Field& f : scratch_) {
          if (f.kind != ValueKind::json || f.value.empty() || f.value.front() != '{') continue;
          text_.clear();
          if (sorted_object(f.value, text_)) f.set_value(batch.store(text_), ValueKind::json);
        }
      }
      batch.replace_fields(r, scratch_);
    }
    return emit(batch);
  }

 private:
  // JSON text of one value starting at text[i] (a value the reader already
  // checked): the index just past it.
  static std::size_t skip_value(std::string_view text, std::size_t i) {
    int depth = 0;
    for (; i < text.size(); ++i) {
      char c = text[i];
      if (c == '"') {
        for (++i; i < text.size() && text[i] != '"'; ++i) {
          if (text[i] == '\\') ++i;
        }
        if (depth == 0) return i + 1;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (depth == 0) return i;  // the end of the enclosing object
        if (--depth == 0) return i + 1;
      } else if (depth == 0 && (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
        return i;
      }
    }
    return i;
  }

  static std::size_t skip_space(std::string_view text, std::size_t i) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
    return i;
  }

  // A key's text without its escapes, for the order (\uXXXX as UTF-8).
  static std::string unescaped(std::string_view raw) {
    if (raw.find('\\') == std::string_view::npos) return std::string(raw);
    std::string quoted;
    quoted.reserve(raw.size() + 2);
    quoted.push_back('"');
    quoted.append(raw);
    quoted.push_back('"');
    simdjson::padded_string text(quoted);
    od::parser parser;
    od::document doc;
    std::string_view key;
    if (parser.iterate(text).get(doc) || doc.get_string().get(key)) return std::string(raw);
    return std::string(key);
  }

  // `json` (an object) with its keys sorted, appended to `out`, objects in
  // it sorted too; false when it is not an object.
  static bool sorted_object(std::string_view json, std::string& out) {
    struct Member {
      std::string key;           // unescaped, for the order
      std::string_view raw_key;  // as written
      std::string value;
    };
    std::vector<Member> members;
    std::size_t i = skip_space(json, 0);
    if (i >= json.size() || json[i] != '{') return false;
    i = skip_space(json, i + 1);
    while (i < json.size() && json[i] != '}') {
      if (json[i] != '"') return false;
      std::size_t key_end = skip_value(json, i);
      Member m;
      m.raw_key = json.substr(i + 1, key_end - i - 2);
      m.key = unescaped(m.raw_key);
      i = skip_space(json, key_end);
      if (i >= json.size() || json[i] != ':') return false;
      i = skip_space(json, i + 1);
      std::size_t value_end = skip_value(json, i);
      std::string_view value = json.substr(i, value_end - i);
      if (value.empty()) return false;
      if (value.front() != '{' || !sorted_object(value, m.value)) m.value.assign(value);
      members.push_back(std::move(m));
      i = skip_space(json, value_end);
      if (i < json.size() && json[i] == ',') i = skip_space(json, i + 1);
    }
    std::stable_sort(members.begin(), members.end(), [](const Member& a, const Member& b) { return a.key < b.key; });
    out += '{';
    for (std::size_t k = 0; k < members.size(); ++k) {
      if (k) out += ',';
      out += '"';
      out += members[k].raw_key;
      out += "\":";
      out += members[k].value;
    }
    out += '}';
    return true;
  }

  bool recursive_;
  std::vector<Field> scratch_;
  std::string text_;
};

struct SortWithinRecordsOptions {
  bool recursive = false;
};

}  // namespace

StageInfo sort_within_records_stage_info() {
  return with_options<SortWithinRecordsOptions>(
      {
          .name = "sort-within-records",
          .summary = "sort each record's fields by name",
          .usage = "sort-within-records [-r]",
          .description = "Puts each record's fields in ascending order of their names (byte order), as "
                         "Miller's sort-within-records does. With -r the keys of JSON objects in fields are "
                         "sorted too, and those of objects inside them (not inside arrays, as in Miller); "
                         "values are kept as written.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir sort-within-records examples/access.csv", "fields in alphabetical order"},
                       {"weir sort-within-records -r examples/haproxy.json", "nested keys in order too"}},
      },
      {{{"-r", "--recursive", "", "also sort the keys of nested JSON objects", OptionKind::flag},
        sets<&SortWithinRecordsOptions::recursive>}},
      [](const SortWithinRecordsOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        return std::make_unique<SortWithinRecords>(o.recursive);
      });
}

}  // namespace weir
