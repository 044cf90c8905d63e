// TSV: one record a line, fields split on TAB, header line first. Inside a
// value, \t \n \r and \\ stand for TAB, LF, CR and a backslash (the
// IANA/Miller convention), so any text survives a round trip.

#include <fmt/format.h>

#include "core/formats/format.hpp"
#include "core/formats/header_tracker.hpp"
#include "core/formats/line_parser.hpp"
#include "core/record/header.hpp"

namespace weir {

namespace {

class TsvReader final : public LineParser {
 public:
  TsvReader(std::unique_ptr<Source> source, const ReadOptions& options, ErrorPolicy& errors)
      : LineParser(std::move(source), options, errors),
        delimiter_(options.delimiter ? options.delimiter : '\t') {
    if (!options.header) header_ = make_header({});
  }

 protected:
  void parse_line(const char* begin, const char* end, Batch& batch) override {
    if (begin == end) return;  // blank line
    if (header_) batch.keep(header_);
    values_.clear();
    const char* p = begin;
    for (;;) {
      const char* tab = static_cast<const char*>(std::memchr(p, delimiter_, static_cast<std::size_t>(end - p)));
      const char* field_end = tab ? tab : end;
      values_.emplace_back(p, static_cast<std::size_t>(field_end - p));
      if (!tab) break;
      p = tab + 1;
    }
    if (!header_) {
      std::vector<std::string> names;
      for (auto v : values_) names.push_back(unescape_to_string(v));
      header_ = make_header(std::move(names));
      batch.keep(header_);
      return;
    }
    if (!options_.header) {
      if (values_.size() > header_->names.size()) {
        std::vector<std::string> names = header_->names;
        while (names.size() < values_.size()) names.push_back(std::to_string(names.size() + 1));
        header_ = std::make_shared<const Header>(std::move(names));
        batch.keep(header_);
      }
    } else if (values_.size() != header_->names.size()) {
      const char* at = end;
      if (values_.size() > header_->names.size()) at = values_[header_->names.size()].data();
      report_line(begin, at,
                  fmt::format("ragged row: {} field{} where the header has {}", values_.size(),
                              values_.size() == 1 ? "" : "s", header_->names.size()));
      return;
    }
    batch.begin_record(Provenance{line_, offset_of(begin)},
                       values_.size() == header_->names.size() ? header_.get() : nullptr);
    for (std::size_t i = 0; i < values_.size(); ++i) {
      Field f;
      f.name = header_->names[i];
      f.value = unescape(values_[i], batch);
      batch.add_field(f);
    }
  }

 private:
  static bool has_escape(std::string_view v) { return v.find('\\') != std::string_view::npos; }

  static std::string unescape_to_string(std::string_view v) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i] == '\\' && i + 1 < v.size()) {
        char c = v[i + 1];
        char r = c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c == '\\' ? '\\' : '\0';
        if (r) {
          out += r;
          ++i;
          continue;
        }
      }
      out += v[i];
    }
    return out;
  }

  std::string_view unescape(std::string_view v, Batch& batch) {
    if (!has_escape(v)) return v;
    return batch.store(unescape_to_string(v));
  }

  char delimiter_;
  HeaderPtr header_;
  std::vector<std::string_view> values_;
};

class TsvWriter final : public Writer {
 public:
  TsvWriter(Sink& sink, const WriteOptions& options)
      : sink_(sink), delimiter_(options.delimiter ? options.delimiter : '\t'), header_(options.header) {}

  void write(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      if (tracker_.changed(record) && header_) {
        if (blocks_++ > 0) sink_.put('\n');
        const auto& names = tracker_.names();
        for (std::size_t i = 0; i < names.size(); ++i) {
          if (i) sink_.put(delimiter_);
          write_value(names[i]);
        }
        sink_.put('\n');
      }
      auto fields = record.fields();
      for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) sink_.put(delimiter_);
        write_value(fields[i].value);
      }
      sink_.put('\n');
      sink_.maybe_flush();
    }
  }

 private:
  void write_value(std::string_view v) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
      char c = v[i];
      const char* escape = c == '\t' ? "\\t" : c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\\' ? "\\\\" : nullptr;
      if (c == delimiter_ && !escape) escape = "\\t";
      if (escape) {
        sink_.write(v.substr(start, i - start));
        sink_.write(escape);
        start = i + 1;
      }
    }
    sink_.write(v.substr(start));
  }

  Sink& sink_;
  char delimiter_;
  bool header_;
  HeaderTracker tracker_;
  int blocks_ = 0;
};

}  // namespace

std::unique_ptr<Reader> make_tsv_reader(std::unique_ptr<Source> source, const ReadOptions& options,
                                        ErrorPolicy& errors) {
  return std::make_unique<TsvReader>(std::move(source), options, errors);
}

std::unique_ptr<Writer> make_tsv_writer(Sink& sink, const WriteOptions& options) {
  return std::make_unique<TsvWriter>(sink, options);
}

}  // namespace weir
