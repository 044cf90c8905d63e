// rename: old=new,old2=new2 (or Miller's old,new,old2,new2) -- renames
// fields in place, keeping their order; -r and -g, as Miller's: each old is a
// regex whose first (-g: every) match in a name is replaced by new (\1 for a
// group). Renaming onto a name the record already has replaces that field
// in its place, as in Miller, so a record never holds a name twice.

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <memory>
#include <map>

#include "core/errors/error.hpp"
#include "core/record/header.hpp"
#include "core/stages/name_regex.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

enum class RenameBy : std::uint8_t { name, first_match, every_match };

class Rename final : public Stage {
 public:
  Rename(std::vector<std::pair<std::string, std::string>> pairs, RenameBy by) : pairs_(std::move(pairs)), by_(by) {
    if (by_ == RenameBy::name) return;
    for (const auto& [from, to] : pairs_) {
      // ("a" and "^a$"i quoted, as Miller takes them)
      std::unique_ptr<re2::RE2> re = compile_name_regex("rename", from);
      std::string why;
      if (!re->CheckRewriteString(to, &why)) throw UsageError(fmt::format("rename: bad replacement '{}': {}", to, why));
      regexes_.push_back(std::move(re));
    }
    renamed_.resize(pairs_.size());
  }

  bool per_record() const override { return true; }
  bool push_bare(Batch& batch) override { return push(batch); }  // (push renames the bare header)

  bool push(Batch& batch) override {
    if (batch.bare_header) rename_header(batch);
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      scratch_.assign(record.fields().begin(), record.fields().end());
      if (rename(scratch_)) batch.replace_fields(r, scratch_);
    }
    return emit(batch);
  }

 private:
  // Renames in `fields`; false when nothing changed.
  bool rename(std::vector<Field>& fields) {
    if (by_ == RenameBy::name) return rename_by_name(fields);
    bool renamed = false;
    for (std::size_t p = 0; p < pairs_.size(); ++p) {
      for (std::size_t i = 0; i < fields.size();) {
        const std::string& name = regex_renamed(p, fields[i].name);
        if (name == fields[i].name) {
          ++i;
          continue;
        }
        // (renamed in place: on to the next; moved onto another field of
        // its new name, earlier or later: field i is gone, the next is at i)
        if (rename_at(fields, i, name) == i) ++i;
        renamed = true;
      }
    }
    return renamed;
  }

  // As Miller renames by name: each field of the record once, in order; a
  // field a pair names (the last pair naming it) takes its new name, and
  // where another field has that name, that one takes the value in its
  // place and this one goes. So `rename a,b,b,c` makes a field a into b,
  // not c, unless the record's own b comes after it.
  bool rename_by_name(std::vector<Field>& fields) {
    bool renamed = false;
    for (std::size_t i = 0; i < fields.size();) {
      const std::string* to = new_name(fields[i].name);
      if (!to || *to == fields[i].name) {
        ++i;
        continue;
      }
      renamed = true;
      const std::string_view name = *to;  // (clang 14 cannot capture a structured binding: the fuzz build)
      auto other = std::find_if(fields.begin(), fields.end(), [name](const Field& f) { return f.name == name; });
      if (other == fields.end()) {
        fields[i++].name = name;
        continue;
      }
      // (the other field, before or after, takes the value; the next field
      // is then at i, and one after i is still to be seen, as in Miller)
      *other = fields[i];
      other->name = name;
      fields.erase(fields.begin() + static_cast<std::ptrdiff_t>(i));
    }
    return renamed;
  }

  // The name the last pair naming `name` gives it, or nullptr.
  const std::string* new_name(std::string_view name) const {
    for (auto it = pairs_.rbegin(); it != pairs_.rend(); ++it) {
      if (it->first == name) return &it->second;
    }
    return nullptr;
  }

  // What pair p's regex makes of `name` (the name itself when it does not
  // match), worked out once per name: records repeat their names. The batch's
  // fields then point into the map, whose entries stay where they are.
  const std::string& regex_renamed(std::size_t p, std::string_view name) {
    auto& known = renamed_[p];
    if (auto it = known.find(name); it != known.end()) return it->second;
    std::string out(name);
    if (by_ == RenameBy::first_match) re2::RE2::Replace(&out, *regexes_[p], pairs_[p].second);
    else re2::RE2::GlobalReplace(&out, *regexes_[p], pairs_[p].second);
    return known.emplace(std::string(name), std::move(out)).first->second;
  }

  // fields[at] is called `to`: when another field has that name, the
  // renamed one takes its place (and value), as in Miller. Returns the
  // renamed field's index.
  static std::size_t rename_at(std::vector<Field>& fields, std::size_t at, std::string_view to) {
    fields[at].name = to;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i == at || fields[i].name != to) continue;
      fields[i] = fields[at];
      fields.erase(fields.begin() + static_cast<std::ptrdiff_t>(at));
      return i < at ? i : i - 1;
    }
    return at;
  }

  // A header-only input: its header, renamed the same way.
  void rename_header(Batch& batch) {
    std::vector<Field> fields;
    for (const auto& name : batch.bare_header->names) fields.emplace_back(name, std::string_view());
    if (!rename(fields)) return;
    std::vector<std::string> names;
    for (const Field& f : fields) names.emplace_back(f.name);
    auto header = std::make_shared<const Header>(std::move(names));
    batch.keep(header);
    batch.bare_header = header.get();
  }

  std::vector<std::pair<std::string, std::string>> pairs_;
  RenameBy by_;
  std::vector<std::unique_ptr<re2::RE2>> regexes_;  // by pair, with -r or -g
  std::vector<std::map<std::string, std::string, std::less<>>> renamed_;  // by pair: name -> new name
  std::vector<Field> scratch_;
};

// The comma-separated items of `text`, empty ones too.
std::vector<std::string> comma_items(const std::string& text) {
  std::vector<std::string> items;
  for (std::size_t start = 0;;) {
    const std::size_t comma = text.find(',', start);
    items.push_back(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) return items;
    start = comma + 1;
  }
}

std::vector<std::pair<std::string, std::string>> parse_pairs(const std::string& text, bool regex) {
  std::vector<std::pair<std::string, std::string>> pairs;
  const std::vector<std::string> items = comma_items(text);
  // Miller's form, old,new[,old2,new2]: no '=' anywhere, an even count; any
  // item may be empty, as in Miller (rename -g -r '[aeiou],' drops vowels;
  // an empty regex matches every name, at its start; ,x renames a field
  // whose name is empty)
  const bool miller = regex || (items.size() % 2 == 0 && std::none_of(items.begin(), items.end(), [](const std::string& i) {
                                  return i.find('=') != std::string::npos;
                                }));
  if (miller) {
    if (items.size() % 2 != 0) throw UsageError(fmt::format("rename: expected pairs REGEX,NEW[,REGEX,NEW...], got '{}'", text));
    for (std::size_t i = 0; i < items.size(); i += 2) pairs.emplace_back(items[i], items[i + 1]);
    return pairs;
  }
  for (const auto& item : parse_field_list("rename", text)) {
    auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size()) {
      throw UsageError(fmt::format("rename: expected OLD=NEW (or Miller's OLD,NEW), got '{}'", item));
    }
    pairs.emplace_back(item.substr(0, eq), item.substr(eq + 1));
  }
  return pairs;
}

struct RenameOptions {
  bool regex = false;  // -r: each OLD's first match
  bool gsub = false;   // -g: every match (whether or not -r is given)
};

}  // namespace

StageInfo rename_stage_info() {
  return with_options<RenameOptions>(
      {
          .name = "rename",
          .summary = "rename fields: OLD=NEW[,OLD=NEW...] (or Miller's OLD,NEW,...; -r/-g: regexes)",
          .usage = "rename [-r|-g] OLD=NEW[,OLD=NEW...]",
          .description = "Renames fields, keeping their position. When the new name is already "
                         "taken, the renamed field replaces that one, in its place (as Miller does). Each field is "
                         "renamed once, the record's fields taken in order, as Miller does it: rename a=b,b=c turns a "
                         "into b (and into c only when the record's own b came after it). Miller's form "
                         "OLD,NEW[,OLD2,NEW2] works too. With -r each OLD is a regex (RE2) and its first match in a field's name is "
                         "replaced by NEW (\\1 for a group), with -g every match, as Miller's rename -r "
                         "and -g (pairs given as REGEX,NEW).",
          .min_args = 1,
          .max_args = 1,
          .arg_kind = OptionKind::pairs,
          .examples = {{"weir rename latency_ms=ms,user_agent=ua examples/access.csv", "shorter names"},
                       {"weir rename -r '^(.*)_ms$,\\1' examples/access.csv", "latency_ms is latency"}},
      },
      {{{"-r", "--regex", "", "OLD is a regex: its first match in each name is replaced by NEW", OptionKind::flag},
        sets<&RenameOptions::regex>},
       {{"-g", "--gsub", "", "OLD is a regex: every match in each name is replaced by NEW", OptionKind::flag},
        sets<&RenameOptions::gsub>}},
      [](const RenameOptions& o, const StageSpec& spec) -> std::unique_ptr<Stage> {
        const bool regex = o.gsub || o.regex;
        const RenameBy by = !regex ? RenameBy::name : o.gsub ? RenameBy::every_match : RenameBy::first_match;
        return std::make_unique<Rename>(parse_pairs(spec.args.at(0), regex), by);
      });
}

}  // namespace weir
