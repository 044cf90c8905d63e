// JSON Lines writer: one compact object per record, keys in record order.
// Values from JSON keep their type and text; untyped text (csv, tsv, ...)
// is written as its column's type says (core/record/column_types.hpp), the
// same type a Python hook and `import weir` see.

#include "core/formats/format.hpp"
#include "core/formats/json_text.hpp"

namespace weir {

namespace {

class JsonlWriter final : public Writer {
 public:
  JsonlWriter(Sink& sink, const WriteOptions& options) : sink_(sink), types_(options.types) {}

  void write(Batch& batch) override {
    types_.learn(batch);
    for (std::size_t r = 0; r < batch.size(); ++r) {
      write_json_record(sink_, batch[r], &types_);
      sink_.put('\n');
      sink_.maybe_flush();
    }
  }

 private:
  Sink& sink_;
  ColumnTypes types_;
};

}  // namespace

std::unique_ptr<Writer> make_jsonl_writer(Sink& sink, const WriteOptions& options) {
  return std::make_unique<JsonlWriter>(sink, options);
}

}  // namespace weir
