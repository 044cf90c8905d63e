// logfmt: `key=value key2="quoted value" flag` -- one record a line.
// A bare key has an empty value. Inside quotes, \" \\ \n \t \r and \uXXXX are
// escapes; a backslash before anything else is kept (C:\dir, \d+), as text.
// Written back, a value is quoted when it holds a space, '=', a quote, a
// backslash or a control character; a key, which cannot be quoted, has its
// spaces, '=' and control characters replaced by '_'. A key repeated in a line is suffixed
// (a, a_2) on reading.

#include <charconv>

#include <fmt/format.h>

#include "core/formats/format.hpp"
#include "core/formats/key_value_line.hpp"
#include "core/formats/utf8.hpp"
#include "core/io/transcode.hpp"

namespace weir {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

// The escape at p (a backslash) onto `value`; past it. An unknown escape,
// or a \u not followed by 4 hex digits of a code point that is not half a
// surrogate pair, is kept as written: no byte of the input is dropped.
const char* unescape(const char* p, const char* end, std::string& value) {
  const char c = p[1];
  switch (c) {
    case '"': value += '"'; return p + 2;
    case '\\': value += '\\'; return p + 2;
    case 'n': value += '\n'; return p + 2;
    case 't': value += '\t'; return p + 2;
    case 'r': value += '\r'; return p + 2;
    case 'u': {
      unsigned code = 0;
      if (end - p >= 6 && std::from_chars(p + 2, p + 6, code, 16).ptr == p + 6 && (code < 0xD800 || code > 0xDFFF)) {
        append_utf8(code, value);
        return p + 6;
      }
      break;
    }
    default: break;
  }
  value += '\\';
  return p + 1;
}

class LogfmtReader final : public KeyValueLineParser {
 public:
  using KeyValueLineParser::KeyValueLineParser;

 protected:
  std::unique_ptr<BlockParser> fork() const override { return std::unique_ptr<BlockParser>(new LogfmtReader(*this)); }

  void parse_line(const char* begin, const char* end, Batch& batch) override {
    const char* p = begin;
    while (p < end && is_space(*p)) ++p;
    if (p == end) return;  // blank line
    batch.begin_record(Provenance{line_, offset_of(begin)});
    while (p < end) {
      const char* key = p;
      while (p < end && !is_space(*p) && *p != '=') ++p;
      if (p == key) {
        batch.abort_record();
        report_line(begin, p, "expected a key before '='");
        return;
      }
      Field field;
      field.name = unique_name(std::string_view(key, static_cast<std::size_t>(p - key)), batch);
      if (p < end && *p == '=') {
        ++p;
        if (p < end && *p == '"') {
          const char* open = p++;
          std::string value;
          bool escaped = false;
          const char* start = p;
          while (p < end && *p != '"') {
            if (*p == '\\' && p + 1 < end) {
              escaped = true;
              p = unescape(p, end, value);
              continue;
            }
            value += *p++;
          }
          if (p == end) {
            batch.abort_record();
            report_line(begin, open, fmt::format("unterminated quoted value of key '{}'", field.name));
            return;
          }
          field.value = escaped ? batch.store(value)
                                : std::string_view(start, static_cast<std::size_t>(p - start));
          ++p;
        } else {
          const char* start = p;
          while (p < end && !is_space(*p)) ++p;
          field.value = std::string_view(start, static_cast<std::size_t>(p - start));
        }
      }
      batch.add_field(field);
      while (p < end && is_space(*p)) ++p;
      if (p < end && batch.last_slot().count == options_.max_fields) {
        batch.abort_record();
        too_many_fields(begin, p);
        return;
      }
    }
  }
};

class LogfmtWriter final : public Writer {
 public:
  explicit LogfmtWriter(Sink& sink) : sink_(sink) {}
  void write(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      auto fields = batch[r].fields();
      for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) sink_.put(' ');
        write_key(fields[i].name);
        sink_.put('=');
        write_value(fields[i].value);
      }
      sink_.put('\n');
      sink_.maybe_flush();
    }
  }

 private:
  // logfmt has no quoting for keys: a space, '=' or a control character in
  // one would split the pair on reading, so it becomes '_'.
  void write_key(std::string_view key) {
    if (key.empty()) {
      sink_.put('_');
      return;
    }
    for (unsigned char c : key) {
      sink_.put(c <= ' ' || c == '=' || c == 0x7F ? '_' : static_cast<char>(c));
    }
  }

  void write_value(std::string_view v) {
    bool quote = false;
    for (unsigned char c : v) {
      if (c <= ' ' || c == '=' || c == '"' || c == '\\' || c == 0x7F) {
        quote = true;
        break;
      }
    }
    if (!quote) {
      sink_.write(v);
      return;
    }
    sink_.put('"');
    for (char c : v) {
      switch (c) {
        case '"': sink_.write("\\\""); break;
        case '\\': sink_.write("\\\\"); break;
        case '\n': sink_.write("\\n"); break;
        case '\r': sink_.write("\\r"); break;
        case '\t': sink_.write("\\t"); break;
        default: sink_.put(c);
      }
    }
    sink_.put('"');
  }

  Sink& sink_;
};

}  // namespace

std::unique_ptr<Reader> make_logfmt_reader(std::unique_ptr<Source> source, const ReadOptions& options,
                                           ErrorPolicy& errors) {
  return std::make_unique<LogfmtReader>(detect_encoding(std::move(source), options.encoding), options, errors);
}

std::unique_ptr<Writer> make_logfmt_writer(Sink& sink, const WriteOptions&) {
  return std::make_unique<LogfmtWriter>(sink);
}

}  // namespace weir
