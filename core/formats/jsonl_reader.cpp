// JSON Lines reader (simdjson On Demand, after a hand-written fast path).
//
// Usually a record is one line holding one object. The fastest path scans
// such a line by hand (jsonl_flat.cpp) and gives up on anything it cannot
// prove good; then the line goes to simdjson as it is. When that fails,
// scan_value_end() finds where the value really ends (a value may span
// lines, as in pretty-printed JSON, or a line may hold several values) and
// the parse is retried on that span; a value that still fails is malformed
// and reported with its line and column.
//
// Every value is walked in full, so every byte is validated (simdjson checks
// UTF-8 for the whole span, the fast path for every string). Strings become views into the block when they
// hold no escapes; numbers, literals and nested objects/arrays keep their
// JSON text (ValueKind::json), so `12.300` is written back as `12.300`.
//
// A top-level array is a list of records; a top-level value that is not an
// object becomes a record with one field, `value`.

#include <algorithm>
#include <cstring>
#include <unordered_set>

#include <fmt/format.h>
#include <simdjson.h>

#include "core/formats/block_parser.hpp"
#include "core/formats/json_text.hpp"
#include "core/formats/jsonl_flat.hpp"
#include "core/io/transcode.hpp"
#include "core/record/header.hpp"

namespace weir {

namespace {

namespace od = simdjson::ondemand;

constexpr std::string_view kValueField = "value";

// On Demand checks nesting only in debug builds (an assertion at its
// DEFAULT_MAX_DEPTH, 1024); a release build would walk on, and validate()
// recurses once a level. Refuse deeper values first, as simdjson's DOM does.
constexpr std::int32_t kMaxDepth = 1000;

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_structural(char c) {
  return c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':' || c == '"';
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && is_ws(s.back())) s.remove_suffix(1);
  return s;
}

/// The end of the JSON value starting at p: past the bracket that closes it,
/// past a string's closing quote, or at the whitespace after a scalar.
/// nullptr when the input ends first and more may follow. A value still open
/// when a line starts with '{' or '[' is cut there (for an object, not in a
/// top-level array, where records at column 1 are usual): that is almost always a
/// broken record followed by the next one, and reading on would swallow the
/// rest of the file into one error.
const char* scan_value_end(const char* p, const char* end, bool at_end) {
  const char* start = p;
  if (*p != '{' && *p != '[') {
    if (*p == '"') {
      for (++p; p < end && *p != '"' && *p != '\n'; ++p) {
        if (*p == '\\') ++p;
      }
      if (p < end && *p == '"') return p + 1;
      if (p >= end) return at_end ? end : nullptr;
      return p;
    }
    // a scalar ends at a blank or at the next structural character (`1]`)
    while (p < end && !is_ws(*p) && !is_structural(*p)) ++p;
    if (p == start) ++p;  // a stray '}' or ']': one byte, which will not parse
    if (p == end && !at_end) return nullptr;
    return p;
  }
  int depth = 0;
  while (p < end) {
    char c = *p;
    if (c == '"') {
      for (++p; p < end && *p != '"' && *p != '\n'; ++p) {
        if (*p == '\\') ++p;
      }
      if (p >= end) break;
      if (*p == '\n') return p;  // unterminated string
      ++p;
      continue;
    }
    if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return p + 1;
    } else if (c == '\n' && *start == '{' && p + 1 < end && (p[1] == '{' || p[1] == '[')) {
      // (only for an object: in a top-level array, records at column 1 are usual)
      return p;
    }
    ++p;
  }
  return at_end ? end : nullptr;
}

/// A string-level fault in a value simdjson rejected: where it is and why.
struct StringFault {
  const char* at = nullptr;  ///< nullptr: no fault found
  std::string message;
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// The code unit of the `\uXXXX` escape at p (p at the backslash), or -1.
int unicode_escape(const char* p, const char* end) {
  if (end - p < 6 || p[0] != '\\' || p[1] != 'u') return -1;
  int unit = 0;
  for (int i = 2; i < 6; ++i) {
    int h = hex_value(p[i]);
    if (h < 0) return -1;
    unit = unit * 16 + h;
  }
  return unit;
}

/// The first faulty string in [p, end): a raw control character, a bad
/// escape, a lone surrogate or a missing closing quote. Only run after
/// simdjson rejected the span, to say where and what.
StringFault find_string_fault(const char* p, const char* end) {
  for (; p < end; ++p) {
    if (*p != '"') continue;
    const char* open = p;
    for (++p;; ++p) {
      // a line break ends a JSON Lines record: the string was never closed
      if (p == end || *p == '\n') return {open, "unterminated string"};
      auto c = static_cast<unsigned char>(*p);
      if (c == '"') break;
      if (c < 0x20) {
        return {p, fmt::format("unescaped control character U+{:04X} in a string (write it as \\u{:04x})",
                               c, c)};
      }
      if (c != '\\') continue;
      if (p + 1 == end || p[1] == '\n') return {open, "unterminated string"};
      char e = p[1];
      if (e != '\0' && std::strchr("\"\\/bfnrt", e)) {
        ++p;
        continue;
      }
      if (e != 'u') {
        if (e > 0x20 && e < 0x7F) return {p, fmt::format("invalid escape '\\{}' in a string", e)};
        return {p, "invalid escape in a string (a backslash must be followed by one of \"\\/bfnrtu)"};
      }
      int unit = unicode_escape(p, end);
      if (unit < 0) return {p, "invalid \\u escape in a string (expected 4 hex digits)"};
      if (unit >= 0xDC00 && unit <= 0xDFFF) {
        return {p, fmt::format("lone UTF-16 surrogate \\u{:04X} in a string (a low surrogate needs a "
                               "high one before it)", unit)};
      }
      if (unit >= 0xD800 && unit <= 0xDBFF) {
        int low = unicode_escape(p + 6, end);
        if (low < 0xDC00 || low > 0xDFFF) {
          return {p, fmt::format("lone UTF-16 surrogate \\u{:04X} in a string (a high surrogate needs "
                                 "a low one, \\uDC00 to \\uDFFF, after it)", unit)};
        }
        p += 6;
      }
      p += 5;
    }
  }
  return {};
}


/// simdjson reports a malformed scalar (`[-]`, `[tru]`) as INCORRECT_TYPE;
/// name what is wrong instead. A number simdjson could not convert but that
/// is valid JSON is accepted.
simdjson::error_code scalar_error(simdjson::error_code e, od::json_type type, std::string_view raw) {
  if (!e) return e;
  switch (type) {
    case od::json_type::number:
      if (e == simdjson::NUMBER_ERROR || e == simdjson::INCORRECT_TYPE)
        return is_json_number(trim_right(raw)) ? simdjson::SUCCESS : simdjson::NUMBER_ERROR;
      return e;
    case od::json_type::boolean:
      if (e != simdjson::INCORRECT_TYPE) return e;
      return !raw.empty() && raw[0] == 'f' ? simdjson::F_ATOM_ERROR : simdjson::T_ATOM_ERROR;
    case od::json_type::null:
      return e == simdjson::INCORRECT_TYPE ? simdjson::N_ATOM_ERROR : e;
    default: return e;
  }
}

/// The Header for an object's keys. Repeated keys get a suffix (a, a_2) as
/// make_header does, but an empty key stays "": make_header names an empty
/// name by its position, right for a CSV column, while a JSON key is data.
HeaderPtr json_header(const std::vector<std::string_view>& keys) {
  std::vector<std::string> names(keys.begin(), keys.end());
  if (std::none_of(keys.begin(), keys.end(), [](std::string_view k) { return k.empty(); }))
    return make_header(std::move(names));
  UniqueNames unique;
  for (std::string& name : names) name = unique.take(std::move(name));
  return std::make_shared<const Header>(std::move(names));
}

/// A string's value, given its JSON token `raw` (from the opening quote) and
/// its unescaped text `s` (in the parser's buffer, reused by the next parse).
/// Without escapes the text is already in the block: no copy.
std::string_view string_value(std::string_view raw, std::string_view s, Batch& batch) {
  if (raw.size() >= s.size() + 2 && raw[s.size() + 1] == '"' &&
      std::memcmp(raw.data() + 1, s.data(), s.size()) == 0) {
    return raw.substr(1, s.size());
  }
  return batch.store(s);
}

std::string describe(simdjson::error_code error) {
  switch (error) {
    case simdjson::UTF8_ERROR: return "invalid UTF-8";
    case simdjson::STRING_ERROR: return "invalid string (bad escape or control character)";
    case simdjson::UNESCAPED_CHARS: return "unescaped control character in a string";
    case simdjson::UNCLOSED_STRING: return "unterminated string";
    case simdjson::NUMBER_ERROR: return "invalid number";
    case simdjson::T_ATOM_ERROR: return "invalid literal (expected true)";
    case simdjson::F_ATOM_ERROR: return "invalid literal (expected false)";
    case simdjson::N_ATOM_ERROR: return "invalid literal (expected null)";
    case simdjson::DEPTH_ERROR: return fmt::format("nested too deeply (more than {} levels)", kMaxDepth - 1);
    case simdjson::EMPTY: return "no JSON value";
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT: return "unclosed object or array";
    case simdjson::TRAILING_CONTENT: return "unexpected text after the JSON value";
    default: return fmt::format("malformed JSON ({})", simdjson::error_message(error));
  }
}

/// True when the raw key text at `raw` (just after its opening quote) is
/// exactly `name` (a name without backslashes) followed by its closing quote.
/// `end` bounds the text (a key shorter than `name` may end the block: found by fuzz_jsonl).
bool raw_key_is(const char* raw, const char* end, const std::string& name) {
  return static_cast<std::size_t>(end - raw) > name.size() && name.find('\\') == std::string::npos &&
         std::memcmp(raw, name.data(), name.size()) == 0 && raw[name.size()] == '"';
}

// A record's source text, for reports (`weir check`): the value without the
// blanks and line end after it. A top-level array makes several records from
// one value; they get none.
void keep_text(Batch& batch, std::size_t records_before, const char* begin, const char* end) {
  if (batch.size() != records_before + 1) return;
  while (end > begin && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t')) --end;
  batch.last_slot().text = std::string_view(begin, static_cast<std::size_t>(end - begin));
}

class JsonlReader final : public BlockParser {
 public:
  JsonlReader(std::unique_ptr<Source> source, const ReadOptions& options, ErrorPolicy& errors, bool flat_path)
      : BlockParser(std::move(source), options, errors), flat_path_(flat_path) {}

 protected:
  // Every line is read alike: a fork has its own parser and key cache.
  JsonlReader(const JsonlReader& other) : BlockParser(other), flat_path_(other.flat_path_) {}
  std::unique_ptr<BlockParser> fork() const override { return std::unique_ptr<BlockParser>(new JsonlReader(*this)); }

  const char* parse(const char* begin, const char* end, bool at_end, Batch& batch) override;

 private:
  /// Parses the value [p, value_end) into records; false (and an error in
  /// error_/error_at_) when it is not valid JSON.
  bool parse_value(const char* p, const char* value_end, const char* block_end, Batch& batch);
  /// The fast path: the flat object at p as a record (jsonl_flat.hpp).
  /// Returns where its line ends, or nullptr (no record added).
  const char* add_flat_object(const char* p, const char* end, Batch& batch);
  /// Gives the record just built the Header keys_ (set for its names).
  void share_keys(Batch& batch);
  simdjson::error_code add_object(od::object object, Provenance where, Batch& batch);
  simdjson::error_code add_scalar(od::value value, Provenance where, Batch& batch);
  simdjson::error_code fill(od::value value, Field& field, Batch& batch);
  simdjson::error_code validate(od::value value);

  const bool flat_path_;  // false: every record goes to simdjson (the differential fuzzer)
  od::parser parser_;
  HeaderPtr keys_;                        // the last record's keys, shared while they repeat
  std::vector<std::string_view> names_;   // this record's keys (in the parser's buffers)
  std::vector<Field> flat_;               // the fast path's fields, before they go in the batch
  std::uint64_t plain_keys_id_ = 0;       // the Header::id of the keys_ plain_keys_ is about
  bool plain_keys_ = false;               // no key of keys_ needs escaping (jsonl::is_plain_key)
  const char* value_start_ = nullptr;
  const char* block_end_ = nullptr;
  simdjson::error_code error_ = simdjson::SUCCESS;
  const char* error_at_ = nullptr;
  bool too_many_fields_ = false;  // the CAPACITY error_ is --max-fields
};

const char* JsonlReader::parse(const char* begin, const char* end, bool at_end, Batch& batch) {
  block_end_ = end;
  const char* p = begin;
  if (at_input_start(p)) p = skip_bom(p, end);
  // The start of p's physical line: errors count their column from it (a
  // value may follow blanks). Every cut handed back is a line start, so the
  // next block starts at one too.
  const char* line_begin = p;
  auto pass_lines = [&](const char* from, const char* to) {
    for (const char* q = from; q < to; ++q) {
      if (*q == '\n') {
        ++line_;
        line_begin = q + 1;
      }
    }
  };
  for (;;) {
    while (p < end && is_ws(*p)) {
      if (*p == '\n') {
        ++line_;
        line_begin = p + 1;
      }
      ++p;
    }
    if (p == end) return at_end ? p : line_begin;
    // A record longer than --max-record-size, as when it runs past a block
    // (BlockParser::too_large): its first line is passed over
    auto too_large = [&](const char* record_end) {
      if (static_cast<std::size_t>(record_end - line_begin) <= options_.max_record_size) return false;
      report(line_begin, line_, line_begin, too_large_message(options_.max_record_size), DataErrorKind::too_large);
      p = skip_line(line_begin, end, at_end);
      line_begin = p;
      return true;
    };
    // fastest path: a flat object alone on its line
    if (*p == '{' && flat_path_) {
      std::size_t before = batch.size();
      const char* stop = add_flat_object(p, end, batch);
      if (stop && (stop != end || at_end) && static_cast<std::size_t>(stop - line_begin) > options_.max_record_size) {
        batch.abort_record();
        too_large(stop);
        continue;
      }
      if (stop && (stop != end || at_end)) {
        keep_text(batch, before, p, stop);
        p = stop;
        continue;
      }
      if (stop) batch.abort_record();  // its line may go on in the next block
    }
    // fast path: the value is the rest of the line
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    if (!nl && !at_end) return line_begin;
    const char* line_end = nl ? nl : end;
    std::size_t records = batch.size();
    if (too_large(line_end)) continue;
    if (parse_value(p, line_end, end, batch)) {
      keep_text(batch, records, p, line_end);
      p = line_end;
      continue;
    }
    batch.truncate(records);
    const char* value_end = scan_value_end(p, end, at_end);
    if (!value_end) return line_begin;  // a value spanning past this block
    if (too_large(value_end)) continue;
    if (value_end != line_end && parse_value(p, value_end, end, batch)) {
      // JSON Lines: nothing but blanks may follow a value on its last line
      const char* rest = value_end;
      while (rest < end && (*rest == ' ' || *rest == '\t' || *rest == '\r')) ++rest;
      if (rest == end && !at_end) {
        batch.truncate(records);
        return line_begin;
      }
      if (rest == end || *rest == '\n') {
        keep_text(batch, records, p, value_end);
        pass_lines(p, value_end);
        p = value_end;
        continue;
      }
      batch.truncate(records);
      error_ = simdjson::TRAILING_CONTENT;
      error_at_ = rest;
      value_end = rest;
    }
    batch.truncate(records);
    const char* at = error_at_ ? error_at_ : p;
    std::string message = describe(error_);
    if (error_ == simdjson::STRING_ERROR || error_ == simdjson::UNESCAPED_CHARS ||
        error_ == simdjson::UNCLOSED_STRING) {
      // simdjson finds these in stage 1 (no position) or says where the
      // string ends: point at the byte at fault instead
      StringFault fault = find_string_fault(p, value_end);
      if (fault.at) {
        at = fault.at;
        message = std::move(fault.message);
      }
    }
    DataErrorKind kind = DataErrorKind::invalid_json;
    if (error_ == simdjson::UTF8_ERROR && error_at_) {
      message = invalid_utf8_message(static_cast<unsigned char>(*error_at_));
      kind = DataErrorKind::invalid_utf8;
    }
    if (error_ == simdjson::CAPACITY && too_many_fields_) {
      message = too_many_fields_message(options_.max_fields);
      kind = DataErrorKind::too_large;
    }
    report(line_begin, line_, at, std::move(message), kind);
    pass_lines(p, value_end);
    p = value_end;
    // resynchronise at the next line
    p = skip_line(p, end, at_end);
    line_begin = p;
  }
}

bool JsonlReader::parse_value(const char* p, const char* value_end, const char* block_end, Batch& batch) {
  error_at_ = nullptr;
  too_many_fields_ = false;
  value_start_ = p;
  std::size_t length = static_cast<std::size_t>(value_end - p);
  std::size_t capacity = static_cast<std::size_t>(block_end - p) + BlockReader::kPadding;
  auto fail = [&](simdjson::error_code e, od::document* doc) {
    error_ = e;
    if (e == simdjson::UTF8_ERROR) {
      error_at_ = jsonl::find_invalid_utf8(std::string_view(p, length));
    } else if (doc) {
      const char* loc = nullptr;
      if (!doc->current_location().get(loc) && loc >= p && loc <= value_end) error_at_ = loc;
    }
    return false;
  };
  od::document doc;
  if (auto e = parser_.iterate(p, length, capacity).get(doc)) return fail(e, nullptr);
  Provenance where{line_, offset_of(p)};
  od::json_type type;
  if (auto e = doc.type().get(type)) return fail(e, &doc);
  if (type == od::json_type::object) {
    od::object object;
    if (auto e = doc.get_object().get(object)) return fail(e, &doc);
    if (auto e = add_object(object, where, batch)) return fail(e, &doc);
  } else if (type == od::json_type::array) {
    od::array array;
    if (auto e = doc.get_array().get(array)) return fail(e, &doc);
    for (auto element : array) {
      od::value value;
      if (auto e = std::move(element).get(value)) return fail(e, &doc);
      const char* at = value.raw_json_token().data();
      Provenance element_where{line_ + std::count(p, at, '\n'), offset_of(at)};
      od::json_type element_type;
      if (auto e = value.type().get(element_type)) return fail(e, &doc);
      simdjson::error_code e;
      if (element_type == od::json_type::object) {
        od::object object;
        e = value.get_object().get(object);
        if (!e) e = add_object(object, element_where, batch);
      } else {
        e = add_scalar(value, element_where, batch);
      }
      if (e) return fail(e, &doc);
    }
  } else {
    // a scalar document: simdjson wants it read through the document
    Field field;
    field.name = kValueField;
    std::string_view raw = trim_right(std::string_view(p, length));
    simdjson::error_code e = simdjson::SUCCESS;
    bool whole_span_checked = false;
    switch (type) {
      case od::json_type::string: {
        std::string_view s;
        e = doc.get_string().get(s);
        field.kind = ValueKind::string;
        if (!e) field.value = string_value(std::string_view(p, length), s, batch);
        break;
      }
      case od::json_type::number: {
        double d;
        e = doc.get_double().get(d);
        // out of double's range (1e400): simdjson stops on the number, but
        // the whole span was checked as a JSON number
        if (e) whole_span_checked = !(e = scalar_error(e, type, raw));
        field.kind = ValueKind::json;
        field.value = raw;
        break;
      }
      case od::json_type::boolean: {
        bool b = false;
        e = scalar_error(doc.get_bool().get(b), type, raw);
        // simdjson 3.0.1 takes a root `false1` for false: check the text
        if (!e && raw != (b ? "true" : "false")) e = b ? simdjson::T_ATOM_ERROR : simdjson::F_ATOM_ERROR;
        field.kind = ValueKind::json;
        field.value = raw;
        break;
      }
      case od::json_type::null: {
        bool n = false;
        e = scalar_error(doc.is_null().get(n), type, raw);
        // as for false: a root `nulll` passes simdjson 3.0.1
        if (!e && (!n || raw != "null")) e = simdjson::N_ATOM_ERROR;
        field.kind = ValueKind::json;  // null is an empty JSON value (see below)
        break;
      }
      default: e = simdjson::TAPE_ERROR;
    }
    if (e) return fail(e, &doc);
    batch.begin_record(where);
    batch.add_field(field);
    if (whole_span_checked) return true;
  }
  // anything but the end of the span after the value is trailing content
  const char* rest = nullptr;
  if (!doc.current_location().get(rest)) return fail(simdjson::TRAILING_CONTENT, &doc);
  return true;
}

simdjson::error_code JsonlReader::add_object(od::object object, Provenance where, Batch& batch) {
  // Fields go straight into the batch; on an error the caller truncates the
  // half-built record away.
  names_.clear();
  batch.begin_record(where);
  // The keys of the previous record, when they repeat, are recognised in
  // the raw text: no unescaping, no copy.
  const std::vector<std::string>* known = keys_ ? &keys_->names : nullptr;
  bool all_known = known != nullptr;
  std::size_t index = 0;
  for (auto member : object) {
    od::field f;
    if (auto e = std::move(member).get(f)) return e;
    std::string_view key;
    if (known && index < known->size() && raw_key_is(f.key().raw(), block_end_, (*known)[index])) {
      key = (*known)[index];
    } else {
      all_known = false;
      if (auto e = f.unescaped_key().get(key)) return e;
    }
    if (index++ == options_.max_fields) {
      too_many_fields_ = true;
      return simdjson::CAPACITY;
    }
    Field field;
    if (auto e = fill(f.value(), field, batch)) return e;
    field.name = key;
    names_.push_back(key);
    batch.add_field(field);
  }
  // Records in a file usually repeat their keys: share one Header then.
  if (!all_known || index != known->size()) {
    keys_ = json_header(names_);
    // the names must outlive the parser's buffers: point them at the header
    RecordRef record = batch[batch.size() - 1];
    for (std::size_t i = 0; i < record.size(); ++i) record[i].name = keys_->names[i];
  }
  share_keys(batch);
  return simdjson::SUCCESS;
}

const char* JsonlReader::add_flat_object(const char* p, const char* end, Batch& batch) {
  if (keys_ && keys_->id != plain_keys_id_) {
    plain_keys_id_ = keys_->id;
    plain_keys_ = std::all_of(keys_->names.begin(), keys_->names.end(), jsonl::is_plain_key);
  }
  const char* stop = jsonl::scan_flat_object(p, end, flat_, batch, plain_keys_ ? &keys_->names : nullptr);
  if (!stop || flat_.size() > options_.max_fields) return nullptr;  // (simdjson reports it)
  // The names are the keys' text in the block (none has an escape) or the
  // header's own strings; as in add_object, they are pointed at a Header
  // shared while the keys repeat.
  bool all_known = keys_ && keys_->names.size() == flat_.size();
  for (std::size_t i = 0; all_known && i < flat_.size(); ++i) {
    const std::string& known = keys_->names[i];
    all_known = flat_[i].name.data() == known.data() || flat_[i].name == known;
  }
  if (!all_known) {
    names_.clear();
    for (const Field& f : flat_) names_.push_back(f.name);
    // (names_ may point into the old keys_: the new header copies them first)
    keys_ = json_header(names_);
  }
  batch.begin_record(Provenance{line_, offset_of(p)});
  for (const Field& field : flat_) batch.add_field(field);
  // (renamed in the batch, not in flat_: a field written just before it is
  // copied costs a store-forwarding stall)
  RecordRef record = batch[batch.size() - 1];
  for (std::size_t i = 0; i < record.size(); ++i) record[i].name = keys_->names[i];
  share_keys(batch);
  return stop;
}

void JsonlReader::share_keys(Batch& batch) {
  // The batch keeps the header once: a record before this one with the same
  // header means it is kept already (the batch keeps every header its
  // records point at, so no other header can live at that address).
  std::size_t n = batch.size();
  if (n < 2 || batch[n - 2].header() != keys_.get()) batch.keep(keys_);
  batch.last_slot().header = keys_.get();
}

simdjson::error_code JsonlReader::add_scalar(od::value value, Provenance where, Batch& batch) {
  Field field;
  if (auto e = fill(value, field, batch)) return e;
  field.name = kValueField;
  batch.begin_record(where);
  batch.add_field(field);
  return simdjson::SUCCESS;
}

simdjson::error_code JsonlReader::fill(od::value value, Field& field, Batch& batch) {
  od::json_type type;
  if (auto e = value.type().get(type)) return e;
  std::string_view raw = value.raw_json_token();
  switch (type) {
    case od::json_type::string: {
      field.kind = ValueKind::string;
      // Without a backslash there is nothing to unescape: the text is the
      // value (control characters and UTF-8 were checked by simdjson's
      // first pass over the document).
      std::string_view token = trim_right(raw);
      if (token.size() >= 2 && token.back() == '"' &&
          !std::memchr(token.data() + 1, '\\', token.size() - 2)) {
        field.value = token.substr(1, token.size() - 2);
        return simdjson::SUCCESS;
      }
      std::string_view s;
      if (auto e = value.get_string().get(s)) return e;
      // string_value(), written out: the hot loop, and not inlined otherwise
      if (raw.size() >= s.size() + 2 && raw[s.size() + 1] == '"' &&
          std::memcmp(raw.data() + 1, s.data(), s.size()) == 0) {
        field.value = raw.substr(1, s.size());
      } else {
        field.value = batch.store(s);
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::number: {
      // the JSON number grammar is the whole check: no need to convert it
      std::string_view token = trim_right(raw);
      if (!is_json_number(token)) return simdjson::NUMBER_ERROR;
      field.kind = ValueKind::json;
      field.value = token;
      return simdjson::SUCCESS;
    }
    case od::json_type::boolean:
    case od::json_type::null: {
      if (auto e = validate(value)) return e;
      field.kind = ValueKind::json;
      // JSON null is an empty JSON value: null again in JSON output, an empty
      // field in csv, tsv and logfmt (as jq's @csv, pandas and DuckDB write it)
      if (type != od::json_type::null) field.value = trim_right(raw);
      return simdjson::SUCCESS;
    }
    case od::json_type::object:
    case od::json_type::array: {
      const char* start = raw.data();
      if (auto e = validate(value)) return e;
      const char* stop = scan_value_end(start, block_end_, true);
      field.kind = ValueKind::json;
      field.value = std::string_view(start, static_cast<std::size_t>(stop - start));
      return simdjson::SUCCESS;
    }
  }
  return simdjson::TAPE_ERROR;
}

simdjson::error_code JsonlReader::validate(od::value value) {
  od::json_type type;
  if (auto e = value.type().get(type)) return e;
  if ((type == od::json_type::object || type == od::json_type::array) &&
      value.current_depth() >= kMaxDepth) {
    return simdjson::DEPTH_ERROR;
  }
  switch (type) {
    case od::json_type::object: {
      od::object object;
      if (auto e = value.get_object().get(object)) return e;
      for (auto member : object) {
        od::field f;
        if (auto e = std::move(member).get(f)) return e;
        std::string_view key;
        if (auto e = f.unescaped_key().get(key)) return e;
        if (auto e = validate(f.value())) return e;
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::array: {
      od::array array;
      if (auto e = value.get_array().get(array)) return e;
      for (auto element : array) {
        od::value v;
        if (auto e = std::move(element).get(v)) return e;
        if (auto e = validate(v)) return e;
      }
      return simdjson::SUCCESS;
    }
    default: {
      std::string_view s;
      double d;
      bool b;
      switch (type) {
        case od::json_type::string: return value.get_string().get(s);
        // the token's text is looked at only on the (rare) error path
        case od::json_type::number: {
          auto e = value.get_double().get(d);
          return e ? scalar_error(e, type, value.raw_json_token()) : e;
        }
        case od::json_type::boolean: {
          auto e = value.get_bool().get(b);
          return e ? scalar_error(e, type, value.raw_json_token()) : e;
        }
        case od::json_type::null: {
          auto e = value.is_null().get(b);
          if (e) return scalar_error(e, type, value.raw_json_token());
          return b ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
        }
        default: return simdjson::TAPE_ERROR;
      }
    }
  }
}

}  // namespace

std::unique_ptr<Reader> make_jsonl_reader(std::unique_ptr<Source> source, const ReadOptions& options,
                                          ErrorPolicy& errors) {
  return std::make_unique<JsonlReader>(detect_encoding(std::move(source), options.encoding), options, errors, true);
}

std::unique_ptr<Reader> jsonl::make_reader_without_flat_path(std::unique_ptr<Source> source,
                                                            const ReadOptions& options, ErrorPolicy& errors) {
  return std::make_unique<JsonlReader>(detect_encoding(std::move(source), options.encoding), options, errors, false);
}

std::string simd_implementation() {
  // JSON is read with On Demand, whose kernel is chosen when weir is built
  // (by -march); simdjson's DOM, which minify and validate_utf8 use, picks
  // one at run time
  // (the kernel this file was compiled for: simdjson::builtin_implementation()
  // is the shared library's, built for any x86-64)
#define WEIR_NAME_OF(kernel) #kernel
#define WEIR_KERNEL_NAME(kernel) WEIR_NAME_OF(kernel)
  const std::string_view built_in = WEIR_KERNEL_NAME(SIMDJSON_BUILTIN_IMPLEMENTATION);
#undef WEIR_KERNEL_NAME
#undef WEIR_NAME_OF
  const auto& active = simdjson::get_active_implementation();
  const simdjson::implementation* ondemand = simdjson::get_available_implementations()[std::string(built_in)];
  std::string out = fmt::format("{} ({})", built_in, ondemand ? ondemand->description() : std::string("built in"));
  if (active->name() != built_in) out += fmt::format("; {} at run time for UTF-8 checks and minify", active->name());
  return out;
}

}  // namespace weir
