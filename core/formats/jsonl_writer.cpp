// JSON Lines writer: one compact object per record, keys in record order.
// Values from JSON keep their type and text; untyped text (csv, tsv, ...)
// that is exactly a JSON number is written as a number, the rest as strings.

#include "core/formats/format.hpp"
#include "core/formats/json_text.hpp"

namespace weir {

namespace {

class JsonlWriter final : public Writer {
 public:
  explicit JsonlWriter(Sink& sink) : sink_(sink) {}

  void write(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      write_json_record(sink_, batch[r]);
      sink_.put('\n');
      sink_.maybe_flush();
    }
  }

 private:
  Sink& sink_;
};

}  // namespace

std::unique_ptr<Writer> make_jsonl_writer(Sink& sink, const WriteOptions&) {
  return std::make_unique<JsonlWriter>(sink);
}

}  // namespace weir
