// Stage::push_bare: the header line of an empty result, through a stage
// that changes names record by record.

#include "core/record/header.hpp"
#include "core/stages/stage.hpp"

namespace weir {

namespace {

/// Takes the names of the first record pushed to it.
class NamesOf final : public Stage {
 public:
  bool push(Batch& batch) override {
    if (!batch.empty() && !names) {
      names.emplace();
      for (const Field& f : batch[0].fields()) names->emplace_back(f.name);
    }
    return true;
  }
  void finish() override {}
  std::optional<std::vector<std::string>> names;
};

}  // namespace

bool Stage::push_bare(Batch& batch) {
  // a record of the header's names and empty values, through this stage alone
  Batch probe;
  probe.begin_record(Provenance{}, batch.bare_header);
  for (const std::string& name : batch.bare_header->names) probe.add_field(name, {}, 0);
  NamesOf names;
  Stage* next = std::exchange(next_, &names);
  try {
    push(probe);
  } catch (...) {
    names.names.reset();  // (the header goes on as it is)
  }
  next_ = next;
  // (no record out, a filter's: the columns stay those of the input)
  if (names.names && *names.names != batch.bare_header->names) {
    auto header = std::make_shared<const Header>(std::move(*names.names));
    batch.keep(header);
    batch.bare_header = header.get();
  }
  return push(batch);
}

}  // namespace weir
