// template -f FIELDS [--fill-with V]: every record gets exactly the named
// fields, in that order: a field it lacks is added with V (default empty),
// a field not named is dropped, as Miller's template. -t FILE takes the names
// from the first line of a CSV file.

#include <fstream>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class Template final : public Stage {
 public:
  Template(std::vector<std::string> names, std::string fill)
      : names_(std::move(names)), fill_(std::move(fill)), header_(std::make_shared<const Header>(names_)) {}

  bool per_record() const override { return true; }
  bool push(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      scratch_.clear();
      for (const auto& name : names_) {
        const Field* f = record.find(name);
        // an empty fill is the empty string (JSON ""), as in Miller, not null
        scratch_.push_back(f ? *f : Field(name, fill_, fill_.empty() ? ValueKind::string : ValueKind::text));
      }
      batch.replace_fields(r, scratch_, header_.get());
    }
    // (every record has the names: writers tell them by the header's id)
    if (!batch.empty() && !batch.keeps_last(header_.get())) batch.keep(header_);
    return emit(batch);
  }

 private:
  std::vector<std::string> names_;
  std::string fill_;
  HeaderPtr header_;
  std::vector<Field> scratch_;
};

std::vector<std::string> names_from_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw SetupError(fmt::format("template: {}: cannot open", path));
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) throw UsageError(fmt::format("template: {}: the first line names no fields", path));
  return parse_field_list("template", line);
}

struct TemplateOptions {
  std::optional<std::vector<std::string>> fields;
  std::optional<std::string> template_file;  // (-f wins)
  std::string fill_with;
};

}  // namespace

StageInfo template_stage_info() {
  return with_options<TemplateOptions>(
      {
          .name = "template",
          .summary = "give every record exactly the named fields, in that order",
          .usage = "template (-f FIELDS | -t FILE) [--fill-with V]",
          .description = "Gives every record exactly the named fields, in the order named: a field the "
                         "record lacks is added with the fill value (default empty), a field not named is "
                         "dropped. As Miller's template; -t FILE takes the names from the first line of "
                         "FILE (a CSV header).",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir template -f id,status,region examples/access.csv",
                        "id, status and an empty region, nothing else"}},
      },
      {{{"-f", "--fields", "FIELDS", "the fields, in output order", OptionKind::fields},
        sets<&TemplateOptions::fields>},
       {{"-t", "--template-file", "FILE", "take the fields from the first line of FILE", OptionKind::file},
        sets<&TemplateOptions::template_file>},
       {{"", "--fill-with", "V", "the value of added fields (default empty)", OptionKind::text},
        sets<&TemplateOptions::fill_with>}},
      [](const TemplateOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        if (!o.fields && !o.template_file) throw UsageError("template: -f FIELDS or -t FILE is required");
        return std::make_unique<Template>(o.fields ? *o.fields : names_from_file(*o.template_file),
                                          o.fill_with);
      });
}

}  // namespace weir
