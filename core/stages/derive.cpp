// derive NAME=EXPR...: sets each NAME to the value of its EXPR, left to
// right (a later EXPR sees the fields set before it). A new name is added
// at the end of the record; an existing one is replaced in place.

#include <algorithm>
#include <cctype>
#include <atomic>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/record/number_text.hpp"
#include "core/stages/number_field.hpp"
#include "core/expr/expression.hpp"
#include "core/expr/field_watch.hpp"
#include "core/record/header.hpp"
#include "core/stages/stage.hpp"

namespace weir {

expr::Expression compile_for(std::string_view verb, const std::string& source);

namespace {

struct Assignment {
  std::string name;
  expr::Expression expression;
  expr::FieldWatch watch;  // fields it reads that no record has
  bool from_put = false;  // put's: named in notes; its expression has Miller's absent rules
};

// The '=' that ends NAME in NAME=EXPR (not part of ==, <=, >=, != or =~).
std::size_t assignment_equals(std::string_view arg) {
  for (std::size_t i = 0; i < arg.size(); ++i) {
    if (arg[i] != '=') continue;
    bool operator_before = i > 0 && (arg[i - 1] == '!' || arg[i - 1] == '<' || arg[i - 1] == '>' || arg[i - 1] == '=');
    bool operator_after = i + 1 < arg.size() && (arg[i + 1] == '=' || arg[i + 1] == '~');
    if (!operator_before && !operator_after) return i;
    if (operator_after) ++i;
  }
  return std::string_view::npos;
}

// NAME of NAME=EXPR without the spaces around it, and without Miller's $
// ($name, ${name with spaces}).
std::string assigned_name(std::string_view name) {
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
  if (name.starts_with("${") && name.ends_with('}')) return std::string(name.substr(2, name.size() - 3));
  if (name.starts_with('$')) name.remove_prefix(1);
  return std::string(name);
}

// put's left side: $name (letters, digits, _ and .) or ${any name}, as Miller takes it.
bool put_target(std::string_view side) {
  while (!side.empty() && side.back() == ' ') side.remove_suffix(1);
  while (!side.empty() && side.front() == ' ') side.remove_prefix(1);
  if (side.starts_with("${")) return side.size() > 3 && side.ends_with('}') && side.find('}') == side.size() - 1;
  if (side.size() < 2 || side.front() != '$') return false;
  return std::all_of(side.begin() + 1, side.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || (c & 0x80);
  });
}

// Miller's put: its statements, split at ';' and line breaks outside quotes
// (where a backslash escapes the next character) and outside ${name}.
std::vector<std::string> statements(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  char quote = '\0';  // or '}' inside ${...}
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote) {
      if (c == '\\' && quote != '}' && i + 1 < text.size()) {
        current += c;
        current += text[++i];
        continue;
      }
      if (c == quote) quote = '\0';
    } else if (c == '\'' || c == '"' || c == '`') {
      quote = c;
    } else if (c == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      quote = '}';
    } else if (c == ';' || c == '\n') {
      if (current.find_first_not_of(" \t\r") != std::string::npos) out.push_back(current);
      current.clear();
      continue;
    }
    current += c;
  }
  if (current.find_first_not_of(" \t\r") != std::string::npos) out.push_back(current);
  return out;
}

class Derive final : public Stage {
 public:
  Derive(std::vector<Assignment> assignments, const DeclaredTypes& types) : assignments_(std::move(assignments)) {
    for (auto& a : assignments_) {
      a.expression.use_types(types);
      a.watch = expr::FieldWatch(a.expression);
    }
  }

  void hand_back() override {
    if (!original_) return;
    for (std::size_t i = 0; i < assignments_.size(); ++i) original_->assignments_[i].watch.merge(assignments_[i].watch);
  }

  // Copies run on other threads once this stage has seen the run's first
  // record and decided the column types, as filter's do.
  bool per_record() const override { return true; }
  bool push_bare(Batch& batch) override { return push(batch); }  // (push renames the bare header)

  void follow(Stage& original) override {
    original_ = &static_cast<Derive&>(original);
    for (std::size_t i = 0; i < assignments_.size(); ++i) {
      original_->assignments_[i].expression.share_types(assignments_[i].expression);
      assignments_[i].watch.watch_as_copy();
    }
  }

  bool ready() override {
    if (!original_->started_.load(std::memory_order_acquire)) return false;
    return std::all_of(assignments_.begin(), assignments_.end(),
                       [](Assignment& a) { return a.expression.types_ready(); });
  }

  bool push(Batch& batch) override {
    for (auto& a : assignments_) a.expression.prepare(batch);
    if (!batch.empty() && !original_) started_.store(true, std::memory_order_release);
    // a header-only input: its header, with the new names
    if (batch.bare_header) {
      const Header* bare = batch.bare_header;
      std::uint64_t added = 0;
      for (std::size_t i = 0; i < assignments_.size(); ++i) {
        if (std::find(bare->names.begin(), bare->names.end(), assignments_[i].name) == bare->names.end()) {
          added |= std::uint64_t{1} << i;
        }
      }
      batch.bare_header = extended(bare, added, batch);
    }
    bool roomy = false;  // make_room() once the batch's first new field comes
    for (std::size_t r = 0; r < batch.size(); ++r) {
      const Header* header = batch[r].header();  // the names the record came with
      std::uint64_t added = 0;  // bit i: assignment i appended its field
      for (std::size_t i = 0; i < assignments_.size(); ++i) {
        Assignment& a = assignments_[i];
        RecordRef record = batch[r];
        a.watch.see(record);
        expr::Value v = a.expression.evaluate(record, batch);
        if (v.absent) continue;  // (put: Miller's absent is assigned nowhere)
        Field value = to_field(v, a.name, batch);
        if (Field* existing = record.find(a.name)) {
          *existing = value;
          continue;
        }
        if (!roomy) {
          batch.make_room(assignments_.size());
          roomy = true;
        }
        batch.grow(r, value, nullptr);  // (its header is set once the record is done)
        added |= std::uint64_t{1} << i;
      }
      if (added) batch.set_header(r, extended(header, added, batch));
    }
    return emit(batch);
  }

  // a new name goes in the room after the record (Batch::make_room)
  std::size_t fields_added() const override { return assignments_.size(); }

  void notes(std::vector<std::string>& out) const override {
    // (put's assignments are its own: a note names put)
    const char* verb = !assignments_.empty() && assignments_.front().from_put ? "put" : "derive";
    for (const auto& a : assignments_) a.watch.notes(verb, a.expression.source(), out);
  }

 private:
  Field to_field(const expr::Value& v, std::string_view name, Batch& batch) {
    Field f;
    f.name = name;
    switch (v.type) {
      case expr::Type::null:
        f.kind = ValueKind::json;  // an empty JSON value: null (empty in csv)
        break;
      case expr::Type::boolean:
        f.value = v.boolean ? "true" : "false";
        f.kind = ValueKind::json;
        break;
      case expr::Type::number: {
        if (v.field) {  // a JSON number as it is written (1.50, 1e3, past 2^64)
          f.value = v.field->value;
          f.kind = v.field->kind;
          break;
        }
        char buffer[kNumberTextMost];
        std::string_view text = expr::text_of(v, buffer, sizeof buffer);
        f.value = batch.store(text);
        f.kind = number_kind(v.number);
        break;
      }
      case expr::Type::string:
        // a field's text already lives in the batch; a made string does not
        f.value = v.field ? v.text : batch.store(v.text);
        f.kind = v.kind;  // a field's kind, or text; JSON for a made array (splitax)
        break;
    }
    return f;
  }

  // The header of a record that came with `header` and had the fields of
  // the assignments in `added` (bit i: assignment i) appended, in order:
  // put assigns nowhere what is absent, so records of one input header may
  // get different names. Shared by all records alike (so writers keep their
  // fast path).
  const Header* extended(const Header* header, std::uint64_t added, Batch& batch) {
    if (!header) return nullptr;
    if (!last_ || last_key_ != std::pair(header->id, added)) {  // the records of a batch are mostly alike
      HeaderPtr& out = extended_[{header->id, added}];
      if (!out) {
        std::vector<std::string> names = header->names;
        for (std::size_t i = 0; i < assignments_.size(); ++i) {
          if (added & (std::uint64_t{1} << i)) names.push_back(assignments_[i].name);
        }
        out = std::make_shared<const Header>(std::move(names));
      }
      last_key_ = {header->id, added};
      last_ = &out;
    }
    if (!batch.keeps_last(last_->get())) batch.keep(*last_);  // (no shared_ptr copy per record)
    return last_->get();
  }

  std::vector<Assignment> assignments_;
  // (node-based: last_ stays valid) by (input header's id, the added bits)
  std::map<std::pair<std::uint64_t, std::uint64_t>, HeaderPtr> extended_;
  std::pair<std::uint64_t, std::uint64_t> last_key_{0, 0};
  const HeaderPtr* last_ = nullptr;
  Derive* original_ = nullptr;        // on a copy: the stage it copies
  std::atomic<bool> started_{false};  // it has seen a record: copies may run
};

// A Derive of `texts`, each NAME=EXPR.
std::unique_ptr<Stage> make_derive(std::string_view verb, const std::vector<std::string>& texts, const StageSpec& spec) {
  // (a record's new names are one bit per assignment: Derive::extended)
  if (texts.size() > 64) {
    throw UsageError(fmt::format("{}: {} assignments; at most 64 at once (split them: ... then {} ...)", verb,
                                 texts.size(), verb));
  }
  std::vector<Assignment> assignments;
  for (const auto& arg : texts) {
    std::size_t eq = assignment_equals(arg);
    std::string name = eq == std::string::npos ? std::string() : assigned_name(std::string_view(arg).substr(0, eq));
    if (verb == "put" && !name.empty() && !put_target(std::string_view(arg).substr(0, eq))) name.clear();
    if (name.empty()) {
      if (verb == "put") {
        throw UsageError(fmt::format("put: expected $NAME = EXPR, got '{}' (weir's put runs assignments; to keep "
                                     "records, use filter)", arg));
      }
      throw UsageError(fmt::format("derive: expected NAME=EXPR, got '{}'", arg));
    }
    std::string_view expression = std::string_view(arg).substr(eq + 1);
    if (expression.find_first_not_of(" \t") == std::string_view::npos) {
      throw UsageError(fmt::format("{}: '{}' has no expression after '=' ({} {}=EXPR)", verb, arg, verb, name));
    }
    assignments.push_back({name, compile_for(verb, std::string(expression)), {}, verb == "put"});
    if (verb == "put") assignments.back().expression.use_absent_rules();
  }
  return std::make_unique<Derive>(std::move(assignments), spec.context ? spec.context->types : DeclaredTypes{});
}

}  // namespace

StageInfo derive_stage_info() {
  return {
      .name = "derive",
      .summary = "add or replace fields: NAME=EXPR ...",
      .usage = "derive NAME=EXPR [NAME=EXPR...]",
      .description = "Sets each NAME to the value of its expression, left to right, so a later "
                     "expression sees the fields set before it. A new field goes at the end of the "
                     "record; an existing one is replaced where it is. Numbers are written without "
                     "a fraction when they are whole. A field that no record has gets a note on stderr, "
                     "with the nearest name. See weir help expressions and EXPRESSIONS in weir(1).",
      .options = {},
      .min_args = 1,
      .max_args = 64,
      .arg_kind = OptionKind::pairs,
      .examples = {{"weir derive 'api=split(path, \"/\", 2)' 'slow=latency_ms > 100' examples/access.csv",
                    "the second path segment, and a flag for slow requests"},
                   {"weir derive 'kb=round(bytes / 1024, 1)' then select id,bytes,kb examples/access.csv",
                    "kilobytes with one decimal"},
                   {"weir derive 'size=latency_ms > 100 ? \"slow\" : \"fast\"' 'day=sec2gmt(epoch(ts))[1:10]' "
                    "then select id,size,day examples/access.csv",
                    "a label by a condition, and the date of a timestamp"}},
      .make = [](const StageSpec& spec) -> std::unique_ptr<Stage> { return make_derive("derive", spec.args, spec); },
      .accepts_arg = [](std::string_view arg) { return assignment_equals(arg) != std::string_view::npos; },
  };
}

StageInfo put_stage_info() {
  return {
      .name = "put",
      .summary = "Miller's put: assignments '$NAME = EXPR; ...', as derive sets them",
      .usage = "put '$NAME = EXPR[; $NAME = EXPR...]'",
      .description = "Miller's put, for its assignments: each statement (separated by ';' or a line break) "
                     "is $NAME = EXPR, run as derive runs NAME=EXPR. Miller's other statements (if, unset, "
                     "emit, filter) are not taken: use filter and the other verbs. $name, ${name with "
                     "spaces}, &&, || and ! are weir's expressions too (weir help expressions). As in "
                     "Miller, a field the record does not have is absent, not null: $c = $a + $b is $a "
                     "where there is no b (absent + x is x, also for - * and .), and $y = $b assigns "
                     "nothing where there is no b.",
      .options = {},
      .min_args = 1,
      .max_args = 1,
      .arg_kind = OptionKind::expression,
      .examples = {{"weir put '$kb = bytes / 1024; $slow = $latency_ms > 100' then head -n 2 examples/access.csv",
                    "Miller's put, as a Miller user writes it"}},
      .make = [](const StageSpec& spec) -> std::unique_ptr<Stage> {
        return make_derive("put", statements(spec.args.front()), spec);
      },
      .accepts_arg = nullptr,
  };
}

}  // namespace weir
