// xtab and markdown: two of Miller's output formats, written as Miller
// writes them (--oxtab, --omd), for a Miller user's command line.
//
//   xtab: a record a block of "name value" lines, names padded to the
//   record's longest; a blank line between records.
//   markdown: a table, "| a | b |" over "| --- | --- |", a row a record ('|'
//   in a value escaped as "\|"); a new table, after a blank line, when the
//   names change.

#include <algorithm>

#include "core/formats/format.hpp"
#include "core/formats/header_tracker.hpp"
#include "core/formats/utf8.hpp"

namespace weir {

namespace {

// A value as text: JSON null is "null", as Miller writes it.
std::string_view text_of(const Field& f) { return f.is_json_null() ? std::string_view("null") : f.value; }

class XtabWriter final : public Writer {
 public:
  explicit XtabWriter(Sink& sink) : sink_(sink) {}

  void write(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      if (records_++ > 0) sink_.put('\n');
      std::size_t width = 0;
      for (const Field& f : record.fields()) width = std::max(width, utf8_characters(f.name));
      for (const Field& f : record.fields()) {
        sink_.write(f.name);
        for (std::size_t pad = utf8_characters(f.name); pad <= width; ++pad) sink_.put(' ');
        sink_.write(text_of(f));
        sink_.put('\n');
      }
      sink_.maybe_flush();
    }
  }

 private:
  Sink& sink_;
  std::size_t records_ = 0;
};

class MarkdownWriter final : public Writer {
 public:
  explicit MarkdownWriter(Sink& sink) : sink_(sink) {}

  void write(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      if (tracker_.changed(record)) {
        if (tables_++ > 0) sink_.put('\n');
        sink_.put('|');
        for (const auto& name : tracker_.names()) {
          sink_.put(' ');
          sink_.write(name);  // (Miller escapes '|' in values alone)
          sink_.write(" |");
        }
        sink_.write("\n|");
        for (std::size_t i = 0; i < tracker_.names().size(); ++i) sink_.write(" --- |");
        sink_.put('\n');
      }
      sink_.put('|');
      for (const Field& f : record.fields()) {
        sink_.put(' ');
        put_escaped(text_of(f));
        sink_.write(" |");
      }
      sink_.put('\n');
      sink_.maybe_flush();
    }
  }

 private:
  void put_escaped(std::string_view text) {
    for (std::size_t bar; (bar = text.find('|')) != std::string_view::npos; text.remove_prefix(bar + 1)) {
      sink_.write(text.substr(0, bar));
      sink_.write("\\|");
    }
    sink_.write(text);
  }

  Sink& sink_;
  HeaderTracker tracker_;
  int tables_ = 0;
};

}  // namespace

std::unique_ptr<Writer> make_xtab_writer(Sink& sink, const WriteOptions&) { return std::make_unique<XtabWriter>(sink); }

std::unique_ptr<Writer> make_markdown_writer(Sink& sink, const WriteOptions&) {
  return std::make_unique<MarkdownWriter>(sink);
}

}  // namespace weir
