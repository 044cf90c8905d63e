// rename: old=new,old2=new2 -- renames fields in place, keeping their order.
// Renaming onto a name the record already has replaces that field (the
// renamed one keeps its position), so a record never holds a name twice.

#include <fmt/format.h>

#include <algorithm>

#include "core/errors/error.hpp"
#include "core/record/header.hpp"
#include "core/stages/stage.hpp"

namespace weir {

namespace {

class Rename final : public Stage {
 public:
  explicit Rename(std::vector<std::pair<std::string, std::string>> pairs) : pairs_(std::move(pairs)) {}

  bool per_record() const override { return true; }

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
  bool rename(std::vector<Field>& fields) const {
    bool renamed = false;
    for (const auto& [from, to] : pairs_) {
      const std::string_view name = from;  // (clang 14 cannot capture a structured binding: the fuzz build)
      auto it = std::find_if(fields.begin(), fields.end(), [name](const Field& f) { return f.name == name; });
      if (it == fields.end() || from == to) continue;
      renamed = true;
      it->name = to;
      std::size_t keep = static_cast<std::size_t>(it - fields.begin());
      for (std::size_t i = fields.size(); i-- > 0;) {
        if (i != keep && fields[i].name == to) {
          fields.erase(fields.begin() + static_cast<std::ptrdiff_t>(i));
          if (i < keep) --keep;
        }
      }
    }
    return renamed;
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
  std::vector<Field> scratch_;
};

std::vector<std::pair<std::string, std::string>> parse_pairs(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& item : parse_field_list("rename", text)) {
    auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size()) {
      throw UsageError(fmt::format("rename: expected OLD=NEW, got '{}'", item));
    }
    pairs.emplace_back(item.substr(0, eq), item.substr(eq + 1));
  }
  return pairs;
}

}  // namespace

StageInfo rename_stage_info() {
  return {
      .name = "rename",
      .summary = "rename fields: OLD=NEW[,OLD=NEW...]",
      .usage = "rename OLD=NEW[,OLD=NEW...]",
      .description = "Renames fields, keeping their position. When the new name is already "
                     "taken, the renamed field replaces that one.",
      .options = {},
      .min_args = 1,
      .max_args = 1,
      .arg_kind = OptionKind::pairs,
      .examples = {{"weir rename latency_ms=ms,user_agent=ua examples/access.csv", "shorter names"}},
      .make = [](const StageSpec& spec) -> std::unique_ptr<Stage> {
        return std::make_unique<Rename>(parse_pairs(spec.args.at(0)));
      },
  };
}

}  // namespace weir
