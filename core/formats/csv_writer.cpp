// CSV writer: quotes a field only when it must (delimiter, quote, CR or LF
// inside, or a lone empty field that would read back as a blank line), so
// minimal-quoted input is reproduced byte for byte.
//
// When the field names change between records (several files with different
// headers, or heterogeneous JSON), a blank line and a new header start a new
// block, as Miller's csvlite does: no value is dropped or misaligned.

#include <array>
#include <cstdint>
#include <cstring>
#include <span>

#include "core/formats/format.hpp"
#include "core/formats/header_tracker.hpp"
#include "core/record/number_text.hpp"

namespace weir {

namespace {

/// memcpy for a field's few bytes, inline: a dozen bytes is the usual
/// field, and a call to memcpy per field cost more than the copy. Two
/// overlapping loads of a power of two cover any n below 16 and read no
/// byte outside [src, src + n).
template <typename Word>
inline void copy_two_words(char* out, const char* src, std::size_t n) {
  Word a, b;
  std::memcpy(&a, src, sizeof a);
  std::memcpy(&b, src + n - sizeof b, sizeof b);
  std::memcpy(out, &a, sizeof a);
  std::memcpy(out + n - sizeof b, &b, sizeof b);
}

inline char* copy_field(char* out, const char* src, std::size_t n) {
  if (n >= 16) {
    std::memcpy(out, src, n);
  } else if (n >= 8) {
    copy_two_words<std::uint64_t>(out, src, n);
  } else if (n >= 4) {
    copy_two_words<std::uint32_t>(out, src, n);
  } else if (n > 0) {
    out[0] = src[0];
    out[n / 2] = src[n / 2];
    out[n - 1] = src[n - 1];
  }
  return out + n;
}

class CsvWriter final : public Writer {
 public:
  CsvWriter(Sink& sink, const WriteOptions& options)
      : sink_(sink),
        delimiter_(options.delimiter ? options.delimiter : ','),
        quote_(options.quote),
        header_(options.header),
        positional_header_(options.positional_header) {
    special_.fill(false);
    special_[static_cast<unsigned char>(delimiter_)] = true;
    special_[static_cast<unsigned char>(quote_)] = true;
    special_['\n'] = true;
    special_['\r'] = true;
  }

  void write(Batch& batch) override {
    const bool trust_plain = batch.plain_delimiter == delimiter_;
    if (batch.bare_header && !tracker_.seen() && header_ && blocks_++ == 0) {
      write_names(batch.bare_header->names);
      tracker_.wrote(*batch.bare_header);  // (the same header in the next file writes none)
    }
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      if (record.size() == 0 && !(record.header() && record.header()->whole)) {
        // an empty record (gap's) is a blank line, as Miller writes it, and
        // the next record starts a block with its header line
        if (!after_blank_) sink_.put('\n');
        after_blank_ = true;
        tracker_.forget();
        continue;
      }
      if (tracker_.changed(record) && header_ && (positional_header_ || !tracker_.positional())) {
        if (blocks_++ > 0 && !after_blank_) sink_.put('\n');
        write_names(tracker_.names());
      }
      after_blank_ = false;
      if (const Header* h = record.header(); h && h->whole) {
        sink_.advance(put_row(sink_.reserve(row_bound(record.text())), record.text(), h->delimiter));
      } else {
        auto fields = record.fields();
        sink_.advance(put_record(sink_.reserve(record_bound(fields)), fields, trust_plain));
      }
      sink_.maybe_flush();
    }
  }

  // Records that all share their reader's header, as write() would write
  // them once that header's line is out.
  // (Records of a projected header count as their whole header's.)
  const Header* render(const Batch& batch, TextBuffer& text) const override {
    if (batch.empty() || batch.bare_header) return nullptr;
    const Header* header = nullptr;
    std::size_t bound = 0;
    for (std::size_t r = 0; r < batch.size(); ++r) {
      const Header* h = batch.header_of(r);
      const Header* whole = h && h->whole ? h->whole.get() : h;
      if (!whole || whole->positional || (header && whole != header)) return nullptr;
      header = whole;
      bound += h->whole ? row_bound(batch.text_of(r)) : record_bound(batch.fields_of(r));
    }
    char* out = text.room(bound);
    const bool trust_plain = batch.plain_delimiter == delimiter_;
    for (std::size_t r = 0; r < batch.size(); ++r) {
      const Header* h = batch.header_of(r);
      out = h->whole ? put_row(out, batch.text_of(r), h->delimiter) : put_record(out, batch.fields_of(r), trust_plain);
    }
    text.end_at(out);
    return header;
  }

  char writes_plain_rows() const override { return quote_ == '"' ? delimiter_ : 0; }

  bool write_rendered(const Header* header, std::string_view text) override {
    return tracker_.write_rendered(sink_, *header, text);
  }

  bool writes_deferred_numbers() const override { return true; }

 private:
  static std::size_t record_bound(std::span<const Field> fields) {
    std::size_t bound = fields.size() + 3;
    for (const Field& f : fields) bound += 2 * f.value.size() + 2 + (f.flags & kFieldDeferred ? kNumberTextMost : 0);
    return bound;
  }

  static std::size_t row_bound(std::string_view text) { return 2 * text.size() + 3; }

  // A record of a projected header (Header::whole): its row's text, whose
  // unquoted fields are split at `delimiter`, and its line end. Written as
  // it is under this writer's delimiter, else field by field.
  char* put_row(char* out, std::string_view text, char delimiter) const {
    if (delimiter == delimiter_) {
      out = copy_field(out, text.data(), text.size());
    } else {
      for (std::size_t start = 0;;) {
        std::size_t end = text.find(delimiter, start);
        std::string_view v = text.substr(start, end == std::string_view::npos ? end : end - start);
        out = needs_quotes(v) ? put_quoted(out, v) : copy_field(out, v.data(), v.size());
        if (end == std::string_view::npos) break;
        *out++ = delimiter_;
        start = end + 1;
      }
    }
    *out++ = '\n';
    return out;
  }

  // One record and its line end at `out`, which has room for
  // record_bound(fields) bytes; returns the end of what was written.
  char* put_record(char* out, std::span<const Field> fields, bool trust_plain) const {
    if (fields.size() == 1 && fields[0].value.empty() && !(fields[0].flags & kFieldDeferred)) {
      // alone on its line, an empty value would read back as a blank line
      *out++ = quote_;
      *out++ = quote_;
    } else {
      out = put_fields(out, fields, trust_plain);
    }
    *out++ = '\n';
    return out;
  }

  char* put_fields(char* out, std::span<const Field> fields, bool trust_plain) const {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i) *out++ = delimiter_;
      std::string_view v = fields[i].value;
      if (fields[i].flags & kFieldDeferred) {
        // a computed number (step's): its text made here, straight into the
        // output (record_bound left kNumberTextMost bytes for it)
        v = number_text(*fields[i].number(), out);
        if ((trust_plain && (fields[i].flags & kFieldPlain)) || !needs_quotes(v)) {
          out += v.size();
        } else {
          const std::string text(v);  // (a delimiter a number holds: -d .)
          out = put_quoted(out, text);
        }
        continue;
      }
      if ((trust_plain && (fields[i].flags & kFieldPlain)) || !needs_quotes(v)) {
        out = copy_field(out, v.data(), v.size());  // (an empty view may be null: not read)
        continue;
      }
      out = put_quoted(out, v);
    }
    return out;
  }

  char* put_quoted(char* out, std::string_view v) const {
    *out++ = quote_;
    for (char c : v) {
      *out++ = c;
      if (c == quote_) *out++ = quote_;
    }
    *out++ = quote_;
    return out;
  }

  bool needs_quotes(std::string_view value) const {
    for (unsigned char c : value) {
      if (special_[c]) return true;
    }
    return false;
  }

  void write_names(const std::vector<std::string>& names) {
    if (names.size() == 1 && names[0].empty()) {
      // like a lone empty value: a blank line would not read back as a header
      sink_.put(quote_);
      sink_.put(quote_);
      sink_.put('\n');
      return;
    }
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (i) sink_.put(delimiter_);
      write_value(names[i]);
    }
    sink_.put('\n');
  }

  void write_value(std::string_view value) {
    if (!needs_quotes(value)) {
      sink_.write(value);
      return;
    }
    sink_.put(quote_);
    std::size_t start = 0;
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (value[i] == quote_) {
        sink_.write(value.substr(start, i + 1 - start));
        sink_.put(quote_);
        start = i + 1;
      }
    }
    sink_.write(value.substr(start));
    sink_.put(quote_);
  }

  Sink& sink_;
  char delimiter_;
  char quote_;
  bool header_;
  bool positional_header_;  // (WriteOptions::positional_header)
  std::array<bool, 256> special_;
  HeaderTracker tracker_;
  bool after_blank_ = false;  // the last line written is an empty record's
  int blocks_ = 0;
};

}  // namespace

std::unique_ptr<Writer> make_csv_writer(Sink& sink, const WriteOptions& options) {
  return std::make_unique<CsvWriter>(sink, options);
}

}  // namespace weir
