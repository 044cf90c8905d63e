// dkvp: Miller's default format, `key=value,key2=value2`, one record a
// line. Fields are split at the field separator (',', or -d / --ifs) and
// each at its first '='; a field without '=' is named by its position (1,
// 2, ...), an empty one is skipped, as Miller reads them. There is no
// quoting: a value holding the separator cannot be written back as one
// (Miller's dkvp has the same limit; csv, tsv and logfmt quote). A key
// repeated in a line is suffixed (a, a_2).

#include "core/formats/format.hpp"
#include "core/formats/key_value_line.hpp"
#include "core/formats/miller_line_writer.hpp"
#include "core/formats/positional_names.hpp"
#include "core/io/transcode.hpp"

namespace weir {

namespace {

class DkvpReader final : public KeyValueLineParser {
 public:
  DkvpReader(std::unique_ptr<Source> source, const ReadOptions& options, ErrorPolicy& errors)
      : KeyValueLineParser(std::move(source), options, errors),
        separator_(options.delimiter ? options.delimiter : ',') {}

 protected:
  std::unique_ptr<BlockParser> fork() const override { return std::unique_ptr<BlockParser>(new DkvpReader(*this)); }

  void parse_line(const char* begin, const char* end, Batch& batch) override {
    if (begin == end) return;  // a blank line holds no record
    batch.begin_record(Provenance{line_, offset_of(begin)});
    std::size_t position = 0;
    for (const char* p = begin; p <= end;) {
      const char* stop = p;
      while (stop < end && *stop != separator_) ++stop;
      ++position;
      if (stop > p) {
        if (batch.last_slot().count == options_.max_fields) {
          batch.abort_record();
          too_many_fields(begin, p);
          return;
        }
        const char* equals = p;
        while (equals < stop && *equals != '=') ++equals;
        Field field;
        if (equals < stop) {
          field.name = unique_name(std::string_view(p, static_cast<std::size_t>(equals - p)), batch);
          field.value = std::string_view(equals + 1, static_cast<std::size_t>(stop - equals - 1));
        } else {
          field.name = unique_name(positions_.name(position, batch), batch);
          field.value = std::string_view(p, static_cast<std::size_t>(stop - p));
        }
        batch.add_field(field);
      }
      p = stop + 1;
    }
  }

 private:
  char separator_;
  PositionalNames positions_;
};

}  // namespace

std::unique_ptr<Reader> make_dkvp_reader(std::unique_ptr<Source> source, const ReadOptions& options,
                                         ErrorPolicy& errors) {
  return std::make_unique<DkvpReader>(detect_encoding(std::move(source), options.encoding), options, errors);
}

std::unique_ptr<Writer> make_dkvp_writer(Sink& sink, const WriteOptions& options) {
  return std::make_unique<MillerLineWriter>(sink, options, ',', true);
}

}  // namespace weir
