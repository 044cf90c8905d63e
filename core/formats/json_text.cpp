#include "core/formats/json_text.hpp"

#include <array>
#include <cstdint>
#include <string>

#include <fmt/format.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <simdjson.h>

#include "core/formats/utf8.hpp"

namespace weir {

namespace {

// Bytes the fast loop stops at: those JSON needs escaped, and every byte of
// a multi-byte UTF-8 sequence (checked, since JSON text must be UTF-8).
constexpr std::array<bool, 256> make_stop_table() {
  std::array<bool, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = true;
  for (int c = 0x80; c < 0x100; ++c) table[c] = true;
  table['"'] = true;
  table['\\'] = true;
  return table;
}
constexpr std::array<bool, 256> kStop = make_stop_table();

// The first byte at or after `i` that kStop holds, or n: 16 bytes at a
// time, where a string value is mostly plain ASCII (the byte loop was a
// third of writing JSON Lines).
inline std::size_t next_stop(const unsigned char* bytes, std::size_t i, std::size_t n) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(0x20);
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + i));
    // as signed bytes, 0x80-0xFF are below 0 and so below 0x20 with the controls
    const __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                      _mm_cmplt_epi8(v, space));
    if (const int mask = _mm_movemask_epi8(stop)) return i + static_cast<std::size_t>(__builtin_ctz(mask));
  }
#endif
  while (i < n && !kStop[bytes[i]]) ++i;
  return i;
}


}  // namespace

void write_json_string(Sink& sink, std::string_view text) {
  sink.put('"');
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t start = 0;
  for (std::size_t i = next_stop(bytes, 0, n); i < n; i = next_stop(bytes, i + 1, n)) {
    unsigned char c = bytes[i];
    if (c >= 0x80) {
      if (std::size_t length = utf8_length(bytes + i, text.size() - i)) {
        i += length - 1;
        continue;
      }
    }
    sink.write(text.substr(start, i - start));
    start = i + 1;
    switch (c) {
      case '"': sink.write("\\\""); break;
      case '\\': sink.write("\\\\"); break;
      case '\n': sink.write("\\n"); break;
      case '\r': sink.write("\\r"); break;
      case '\t': sink.write("\\t"); break;
      case '\b': sink.write("\\b"); break;
      case '\f': sink.write("\\f"); break;
      default: {
        if (c >= 0x80) {
          // not UTF-8 (Latin-1 text, a cut sequence): the replacement
          // character, as encoding/json does, so the output stays valid JSON
          sink.write("\\ufffd");
          break;
        }
        static const char* hex = "0123456789abcdef";
        char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
        sink.write(std::string_view(u, 6));
      }
    }
  }
  sink.write(text.substr(start));
  sink.put('"');
}

namespace {

// An untyped value in a column of type `type` (column_types.hpp).
void write_typed_text(Sink& sink, std::string_view text, ColumnType type) {
  switch (read_as(type, text)) {
    case Reading::missing:
      sink.write("null");
      return;
    case Reading::misfit:
      write_json_string(sink, text);
      return;
    case Reading::value:
      break;
  }
  switch (type) {
    case ColumnType::integer:
    case ColumnType::real:
      sink.write(text);
      return;
    case ColumnType::boolean:
      sink.write(*parse_bool_text(text) ? "true" : "false");
      return;
    case ColumnType::unknown:
    case ColumnType::str:
      write_json_string(sink, text);
      return;
  }
}

}  // namespace

void write_json_record(Sink& sink, const RecordRef& record, const ColumnTypes* types) {
  write_json_record(sink, record.fields(), record.header(), types);
}

namespace {

// JSON text without the white space between its tokens (simdjson's minify):
// a value that came over several lines goes on one, as JSON Lines must.
void write_compact_json(Sink& sink, std::string_view json) {
  thread_local std::string compact;
  compact.resize(json.size());
  std::size_t length = 0;
  if (simdjson::minify(json.data(), json.size(), compact.data(), length) != simdjson::SUCCESS) {
    sink.write(json);  // (not JSON after all: as it is)
    return;
  }
  sink.write(std::string_view(compact.data(), length));
}

}  // namespace

void write_json_value(Sink& sink, const Field& f, std::size_t index, const Header* header, const ColumnTypes* types) {
  switch (f.kind) {
    // an empty raw value (a stage's doing) would not be JSON: it is null
    case ValueKind::json:
      if (f.value.empty()) sink.write("null");
      else if (f.value.find_first_of("\n\r") == std::string_view::npos) sink.write(f.value);
      else write_compact_json(sink, f.value);  // (nested JSON read from pretty-printed input)
      break;
    case ValueKind::string: write_json_string(sink, f.value); break;
    case ValueKind::text:
      if (f.value.empty() && (f.flags & kFieldEmptyString)) {
        sink.write("\"\"");  // (a verb's placeholder, as Miller writes it)
      } else if (types) {
        write_typed_text(sink, f.value, types->type_of(header, index, f.name));
      } else if (is_json_number(f.value)) {
        sink.write(f.value);
      } else {
        write_json_string(sink, f.value);
      }
      break;
  }
}

void write_json_record(Sink& sink, std::span<const Field> fields, const Header* header, const ColumnTypes* types) {
  sink.put('{');
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const Field& f = fields[i];
    if (i) sink.put(',');
    write_json_string(sink, f.name);
    sink.put(':');
    write_json_value(sink, f, i, header, types);
  }
  sink.put('}');
}

void write_spaced_json(Sink& sink, std::string_view json) {
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      sink.put(c);
      if (c == '\\' && i + 1 < json.size()) sink.put(json[++i]);
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    sink.put(c);
    if (c == '"') in_string = true;
    else if (c == ',' || c == ':') sink.put(' ');
  }
}

}  // namespace weir
