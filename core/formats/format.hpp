#pragma once
/// Readers turn bytes into Batches; writers turn Batches into bytes.
/// The format registry (one table, formats.cpp) names every format, its
/// file extensions and its factories; the CLI, help and man page read it.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors/policy.hpp"
#include "core/formats/csv/dialect.hpp"
#include "core/io/block_reader.hpp"
#include "core/io/sink.hpp"
#include "core/io/source.hpp"
#include "core/io/transcode.hpp"
#include "core/record/batch.hpp"
#include "core/record/column_types.hpp"

namespace weir {

/// How an input is read. For csv and tsv, what is left unset is sniffed
/// from the input's first bytes (csv/sniffer.hpp), unless `strict`.
struct ReadOptions {
  char delimiter = '\0';            ///< '\0': sniffed (strict: ',' for csv, tab for tsv)
  std::optional<char> quote;        ///< '\0': no quoting; unset: sniffed (strict: '"')
  std::optional<Escape> escape;     ///< unset: sniffed (strict: doubled)
  std::optional<bool> header;       ///< false: fields are named 1..N; unset: sniffed (strict: true)
  std::optional<char> comment;      ///< csv: lines starting with it are skipped ('\0': none; unset: sniffed, '#' or none)
  std::optional<std::int64_t> skip_lines;  ///< csv: lines above the table; unset: sniffed (strict: 0)
  std::optional<int> header_rows;   ///< csv: header rows merged with a space; unset: sniffed
  std::optional<Ragged> ragged;     ///< rows of another width; unset: keep (strict: error)
  bool strict = false;              ///< RFC 4180 only: nothing sniffed or repaired
  bool trim = false;    ///< csv: spaces around values are dropped
  bool keep_blank_lines = false;  ///< csv: a blank line is a record with one empty field
  std::optional<Encoding> encoding;  ///< unset: UTF-8, or UTF-16 by its byte order mark
  std::size_t max_record_size = std::size_t{64} << 20;  ///< a longer record is an error (too-large)
  std::size_t max_fields = 1000000;  ///< a record with more fields is an error (too-large)
  std::uint64_t max_ratio = kDefaultMaxRatio;  ///< gzip/zstd expanding more is an error (0: no limit)
  std::size_t block_size = BlockReader::kDefaultBlockSize;
};

struct WriteOptions {
  char delimiter = '\0';
  char quote = '"';
  bool header = true;  ///< false: csv/tsv/table print no header line
  /// csv/tsv: a header line also for names that are positions (1,2,3 of an
  /// input read without a header), as Miller's --implicit-csv-header writes it
  bool positional_header = false;
  /// Column types fixed by --types or the config (typed writers: jsonl).
  DeclaredTypes types;
};

/// The columns a run reads (Execution works it out from the stages'
/// Stage::field_use): a reader may leave the others out of its records,
/// giving records of a Header whose `whole` is set.
struct Projection {
  std::vector<std::string> fields;
  /// When not 0, records of a projected header go on to a writer that
  /// writes them as their row's text, for rows of unquoted fields split at
  /// this delimiter (CsvWriter, Writer::writes_plain_rows).
  char plain_rows = 0;
};

class Reader {
 public:
  virtual ~Reader() = default;
  /// Asks for only the `projection`'s fields, before the first read(). A
  /// reader that cannot (most) gives every field, as before.
  virtual void project(const Projection& /*projection*/) {}
  /// Clears `batch` and fills it with the next records. Returns false at the
  /// end of the input (the batch is then empty). A header-only input gives,
  /// once, an empty batch whose bare_header is set. Malformed records go to
  /// the ErrorPolicy given at construction.
  virtual bool read(Batch& batch) = 0;
  /// True when the records read() just gave end where the input paused (a
  /// pipe with nothing more to read yet), not at a full block.
  virtual bool paused() const { return false; }
};

class Writer {
 public:
  virtual ~Writer() = default;
  virtual void write(Batch& batch) = 0;
  /// After the last batch (the table writer prints here).
  virtual void finish() {}

  /// The parallel engine (-j N) has the reading threads make the output
  /// text of their batches, where a writer's text for a record depends on
  /// the record alone once its header line is out. render() appends the
  /// text of every record of `batch` to `text` and returns the header they
  /// all share, or nullptr (nothing appended) when it cannot: records of
  /// several headers or none, a writer that renders nothing. It is called
  /// on several threads at once.
  virtual const Header* render(const Batch& /*batch*/, TextBuffer& /*text*/) const { return nullptr; }
  /// Writes text render() made for records of `header`, in input order,
  /// when the writer stands where write() would have written it as it is
  /// (that header's line out); false, nothing written, when it does not:
  /// write() must then take the batch.
  virtual bool write_rendered(const Header* /*header*/, std::string_view /*text*/) { return false; }
  /// True when write() and render() make the text of fields of numbers
  /// whose text is not made yet (Field::defer_number) as they write them,
  /// with no pass of their own over the batch (complete_numbers).
  virtual bool writes_deferred_numbers() const { return false; }
  /// The delimiter of rows whose text this writer writes as it is for a
  /// record of a projected header (Header::whole): that text is what it
  /// writes for the whole record. 0 when it writes none so.
  virtual char writes_plain_rows() const { return 0; }
  /// Notes for stderr after the run (how the writer wrote what the input
  /// left open).
  virtual void notes(std::vector<std::string>& /*out*/) const {}
};

using ReaderFactory = std::unique_ptr<Reader> (*)(std::unique_ptr<Source>, const ReadOptions&,
                                                   ErrorPolicy&);
using WriterFactory = std::unique_ptr<Writer> (*)(Sink&, const WriteOptions&);

struct FormatInfo {
  std::string_view name;
  std::string_view summary;
  std::vector<std::string_view> extensions;  ///< without the dot
  ReaderFactory make_reader;                 ///< nullptr: write-only
  WriterFactory make_writer;                 ///< nullptr: read-only
};

/// Every format, in the order help lists them.
const std::vector<FormatInfo>& formats();
/// The format called `name`; throws UsageError with a did-you-mean when none.
const FormatInfo& format_named(std::string_view name);
/// The format of that name or alias, or nullptr.
const FormatInfo* find_format(std::string_view name);
/// The format a path's extension names (".gz"/".zst" looked through), if any.
const FormatInfo* format_for_path(std::string_view path);

// Factories, defined beside each format.
std::unique_ptr<Reader> make_csv_reader(std::unique_ptr<Source>, const ReadOptions&, ErrorPolicy&);
std::unique_ptr<Writer> make_csv_writer(Sink&, const WriteOptions&);
std::unique_ptr<Reader> make_tsv_reader(std::unique_ptr<Source>, const ReadOptions&, ErrorPolicy&);
/// How make_tsv_reader reads a TSV file with `options` (weir sniff says
/// so): with backslash escapes (\t \n \r \\, \N null), or as CSV with tabs;
/// and the note on stderr where its first bytes (read here, and put back
/// into `source`) leave that open.
struct TsvEscapes {
  bool escapes = false;
  std::optional<std::string> note;
};
TsvEscapes tsv_escapes(std::unique_ptr<Source>& source, const ReadOptions& options);
std::unique_ptr<Writer> make_tsv_writer(Sink&, const WriteOptions&);
/// The simdjson kernel the JSON Lines reader runs on ("haswell (Intel/AMD AVX2)", chosen by
/// -march), and the one simdjson picks at run time when another, for --version.
std::string simd_implementation();
std::unique_ptr<Reader> make_jsonl_reader(std::unique_ptr<Source>, const ReadOptions&, ErrorPolicy&);
std::unique_ptr<Writer> make_jsonl_writer(Sink&, const WriteOptions&);
std::unique_ptr<Writer> make_json_writer(Sink&, const WriteOptions&);
std::unique_ptr<Reader> make_logfmt_reader(std::unique_ptr<Source>, const ReadOptions&, ErrorPolicy&);
std::unique_ptr<Writer> make_logfmt_writer(Sink&, const WriteOptions&);
std::unique_ptr<Reader> make_dkvp_reader(std::unique_ptr<Source>, const ReadOptions&, ErrorPolicy&);
std::unique_ptr<Writer> make_dkvp_writer(Sink&, const WriteOptions&);
std::unique_ptr<Reader> make_nidx_reader(std::unique_ptr<Source>, const ReadOptions&, ErrorPolicy&);
std::unique_ptr<Writer> make_nidx_writer(Sink&, const WriteOptions&);
std::unique_ptr<Reader> make_lines_reader(std::unique_ptr<Source>, const ReadOptions&, ErrorPolicy&);
std::unique_ptr<Writer> make_lines_writer(Sink&, const WriteOptions&);
std::unique_ptr<Writer> make_table_writer(Sink&, const WriteOptions&);
std::unique_ptr<Writer> make_pprint_writer(Sink&, const WriteOptions&);
std::unique_ptr<Writer> make_xtab_writer(Sink&, const WriteOptions&);
std::unique_ptr<Writer> make_markdown_writer(Sink&, const WriteOptions&);

}  // namespace weir
