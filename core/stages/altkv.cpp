// altkv: a record's values taken two by two as name and value, as Miller's
// altkv: a,b,c,d,e becomes a=b,c=d and, for the odd last value, 3=e.

#include <string>

#include "core/stages/put_field.hpp"
#include "core/stages/stage.hpp"

namespace weir {

namespace {

class Altkv final : public Stage {
 public:
  bool per_record() const override { return true; }
  // (a header-only input: no record, so no names to give the columns)
  bool push_bare(Batch&) override { return true; }

  bool push(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      scratch_.clear();
      for (std::size_t i = 0; i < record.size(); i += 2) {
        if (i + 1 < record.size()) {
          Field pair = record[i + 1];
          pair.name = record[i].is_json_null() ? "null" : record[i].value;
          pair.flags &= static_cast<std::uint8_t>(~kFieldExtra);  // (named now, not by its position)
          put_field(scratch_, pair);
        } else {  // the odd last value: named by its pair's number
          Field last = record[i];
          last.name = batch.store(std::to_string(i / 2 + 1));
          last.flags &= static_cast<std::uint8_t>(~kFieldExtra);
          put_field(scratch_, last);
        }
      }
      batch.replace_fields(r, scratch_);
    }
    return emit(batch);
  }

 private:
  std::vector<Field> scratch_;
};

}  // namespace

StageInfo altkv_stage_info() {
  return {
      .name = "altkv",
      .summary = "take each record's values two by two as names and values",
      .usage = "altkv",
      .description = "As Miller's altkv: the values a,b,c,d of a record become the fields a=b and c=d; an "
                     "odd last value is named by its pair's number (a,b,c gives a=b,2=c). A name given "
                     "twice makes one field, in the first one's place with the last one's value. The "
                     "input's field names are not used: read a file of bare values with --no-header or as "
                     "nidx.",
      .min_args = 0,
      .max_args = 0,
      .examples = {{"weir --no-header head -n 3 then altkv examples/access.csv",
                    "each row's first value names its second, and so on"}},
      .make = [](const StageSpec&) -> std::unique_ptr<Stage> { return std::make_unique<Altkv>(); },
  };
}

}  // namespace weir
