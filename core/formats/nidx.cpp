// nidx: Miller's implicitly indexed format, values split by a separator and
// named by their positions (1, 2, ...): `mlr --inidx --ifs ' '` over the
// output of ls or ps. By default the separator is a space and a run of
// them counts as one (so "  x   y  " is "", x, y, ""); a separator given
// with -d / --ifs counts each time, as in Miller. Written, the values are
// joined by the separator (--ofs, a space by default), without names.

#include "core/formats/format.hpp"
#include "core/formats/line_parser.hpp"
#include "core/formats/miller_line_writer.hpp"
#include "core/formats/positional_names.hpp"
#include "core/io/transcode.hpp"

namespace weir {

namespace {

class NidxReader final : public LineParser {
 public:
  NidxReader(std::unique_ptr<Source> source, const ReadOptions& options, ErrorPolicy& errors)
      : LineParser(std::move(source), options, errors),
        separator_(options.delimiter ? options.delimiter : ' '),
        runs_(options.delimiter == '\0') {}

 protected:
  std::unique_ptr<BlockParser> fork() const override { return std::unique_ptr<BlockParser>(new NidxReader(*this)); }

  void parse_line(const char* begin, const char* end, Batch& batch) override {
    if (begin == end) return;  // a blank line holds no record
    batch.begin_record(Provenance{line_, offset_of(begin)});
    std::size_t position = 0;
    for (const char* p = begin;;) {
      const char* stop = p;
      while (stop < end && *stop != separator_) ++stop;
      if (position == options_.max_fields) {
        batch.abort_record();
        too_many_fields(begin, p);
        return;
      }
      ++position;
      batch.add_field(positions_.name(position, batch), std::string_view(p, static_cast<std::size_t>(stop - p)), 0);
      if (stop == end) break;
      p = stop + 1;
      if (runs_) {
        while (p < end && *p == separator_) ++p;  // (a run of spaces is one separator)
      }
    }
  }

 private:
  char separator_;
  bool runs_;
  PositionalNames positions_;
};

}  // namespace

std::unique_ptr<Reader> make_nidx_reader(std::unique_ptr<Source> source, const ReadOptions& options,
                                         ErrorPolicy& errors) {
  return std::make_unique<NidxReader>(detect_encoding(std::move(source), options.encoding), options, errors);
}

std::unique_ptr<Writer> make_nidx_writer(Sink& sink, const WriteOptions& options) {
  return std::make_unique<MillerLineWriter>(sink, options, ' ', false);
}

}  // namespace weir
