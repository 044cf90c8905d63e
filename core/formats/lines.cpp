// lines: every line of text is a record with one field, `line`. Written
// back, a record's values are joined by a space (one field: just its value).
// The format has no escapes: a value holding a line break, or ending in CR
// (taken for half of a CRLF when read), does not read back as it was.

#include "core/formats/format.hpp"
#include "core/formats/line_parser.hpp"
#include "core/io/transcode.hpp"

namespace weir {

namespace {

constexpr std::string_view kLineField = "line";

class LinesReader final : public LineParser {
 public:
  using LineParser::LineParser;

 protected:
  std::unique_ptr<BlockParser> fork() const override { return std::unique_ptr<BlockParser>(new LinesReader(*this)); }

  void parse_line(const char* begin, const char* end, Batch& batch) override {
    batch.begin_record(Provenance{line_, offset_of(begin)});
    Field field;
    field.name = kLineField;
    field.value = std::string_view(begin, static_cast<std::size_t>(end - begin));
    batch.add_field(field);
  }
};

class LinesWriter final : public Writer {
 public:
  explicit LinesWriter(Sink& sink) : sink_(sink) {}
  void write(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      auto fields = batch[r].fields();
      for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) sink_.put(' ');
        sink_.write(fields[i].value);
      }
      sink_.put('\n');
      sink_.maybe_flush();
    }
  }

 private:
  Sink& sink_;
};

}  // namespace

std::unique_ptr<Reader> make_lines_reader(std::unique_ptr<Source> source, const ReadOptions& options,
                                          ErrorPolicy& errors) {
  return std::make_unique<LinesReader>(detect_encoding(std::move(source), options.encoding), options, errors);
}

std::unique_ptr<Writer> make_lines_writer(Sink& sink, const WriteOptions&) {
  return std::make_unique<LinesWriter>(sink);
}

}  // namespace weir
