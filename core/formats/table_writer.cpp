// table: aligned columns for a terminal. Rows are held until the field names
// change (or the input ends), then printed with each column as wide as its
// widest value; an empty value shows as '-'. Memory grows with the rows held:
// use it for the end of a pipeline (head, count), not for a whole big file.
// pprint is the same with one space between columns and JSON null as null,
// as Miller's --opprint.

#include <algorithm>

#include "core/formats/format.hpp"
#include "core/formats/header_tracker.hpp"
#include "core/formats/utf8.hpp"

namespace weir {

namespace {

std::size_t display_width(std::string_view s) { return utf8_characters(s); }

class TableWriter final : public Writer {
 public:
  TableWriter(Sink& sink, const WriteOptions& options, std::size_t gap)
      : sink_(sink), header_(options.header), gap_(gap) {}

  void write(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      if (record.size() == 0) {
        // an empty record (gap's) ends the block: one blank line, as Miller's
        flush_rows();
        tracker_.forget();
        continue;
      }
      if (tracker_.changed(record)) {
        flush_rows();
        names_.clear();
        for (const auto& name : tracker_.names()) names_.push_back(printable(name));
      }
      std::vector<std::string> row;
      row.reserve(record.size());
      for (const Field& f : record.fields()) {
        // (Miller's pprint writes JSON null as null; weir's table, as empty: -)
        row.emplace_back(gap_ == 1 && f.is_json_null() ? std::string("null") : printable(f.value));
      }
      rows_.push_back(std::move(row));
    }
  }

  void finish() override { flush_rows(); }

 private:
  // One line per row, and nothing the terminal would act on: line breaks and
  // tabs become spaces, other control characters (ESC starts colour and
  // cursor sequences) a '.', as in error excerpts.
  static std::string printable(std::string_view v) {
    if (v.empty()) return "-";
    std::string out;
    out.reserve(v.size());
    for (unsigned char c : v) {
      if (c == '\n' || c == '\r' || c == '\t') {
        out += ' ';
      } else if (c < 0x20 || c == 0x7F) {
        out += '.';
      } else {
        out += static_cast<char>(c);
      }
    }
    return out;
  }

  void flush_rows() {
    if (rows_.empty()) return;
    // (a row with extra values, kept under the header before, is wider than it)
    std::size_t columns = names_.size();
    for (const auto& row : rows_) columns = std::max(columns, row.size());
    std::vector<std::size_t> widths(columns, 0);
    if (header_) {
      for (std::size_t i = 0; i < names_.size(); ++i) widths[i] = display_width(names_[i]);
    }
    for (const auto& row : rows_) {
      for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], display_width(row[i]));
    }
    if (blocks_++ > 0) sink_.put('\n');
    if (header_) print_row(names_, widths);
    for (const auto& row : rows_) print_row(row, widths);
    rows_.clear();
  }

  void print_row(const std::vector<std::string>& cells, const std::vector<std::size_t>& widths) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      sink_.write(cells[i]);
      if (i + 1 < cells.size()) {
        std::size_t pad = widths[i] - display_width(cells[i]) + gap_;
        for (std::size_t k = 0; k < pad; ++k) sink_.put(' ');
      }
    }
    sink_.put('\n');
    sink_.maybe_flush();
  }

  Sink& sink_;
  bool header_;
  std::size_t gap_;  // spaces between columns
  HeaderTracker tracker_;
  std::vector<std::string> names_;
  std::vector<std::vector<std::string>> rows_;
  int blocks_ = 0;
};

}  // namespace

std::unique_ptr<Writer> make_table_writer(Sink& sink, const WriteOptions& options) {
  return std::make_unique<TableWriter>(sink, options, 2);
}

std::unique_ptr<Writer> make_pprint_writer(Sink& sink, const WriteOptions& options) {
  return std::make_unique<TableWriter>(sink, options, 1);
}

}  // namespace weir
