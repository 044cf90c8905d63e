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
      auto fields = batch[r].fields();
      sink_.put('{');
      for (std::size_t i = 0; i < fields.size(); ++i) {
        const Field& f = fields[i];
        if (i) sink_.put(',');
        write_json_string(sink_, f.name);
        sink_.put(':');
        switch (f.kind) {
          // an empty raw value (a stage's doing) would not be JSON: it is null
          case ValueKind::json: sink_.write(f.value.empty() ? std::string_view("null") : f.value); break;
          case ValueKind::string: write_json_string(sink_, f.value); break;
          case ValueKind::text:
            if (is_json_number(f.value)) {
              sink_.write(f.value);
            } else {
              write_json_string(sink_, f.value);
            }
            break;
        }
      }
      sink_.write("}\n");
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
