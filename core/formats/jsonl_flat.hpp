#pragma once
/// The JSON Lines reader's fast path: a record that is one flat object on
/// one line (`{"id":1,"name":"x","ok":true}`), scanned by hand.
///
/// Most JSON Lines records are exactly that, and scanning them directly is
/// several times cheaper than walking them with simdjson On Demand. The scan
/// accepts only text it can prove valid and read exactly as the simdjson
/// path would: member values that are strings (escapes are unescaped),
/// numbers (the JSON grammar), true, false, null, and objects and arrays of
/// those (kept as their text, nested up to 64 levels). Anything else -- a
/// malformed byte, a doubtful escape, an escape in a record's key, a record
/// spanning lines -- makes it give up, and the caller parses the record with
/// simdjson, which also reports errors with their location. So the scan
/// never decides that input is bad, only that it is plainly good.
///
/// Needs BlockReader::kPadding readable bytes after `end` (it reads 16 bytes
/// at a time, past `end`), which every input block has.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/formats/format.hpp"
#include "core/formats/utf8.hpp"
#include "core/record/batch.hpp"

namespace weir::jsonl {

/// Scans the object at p (at its '{') into `fields` (cleared first): names
/// are the keys' raw text (a key with an escape gives up), values as the
/// simdjson path makes them (unescaped strings are stored in `batch`).
/// Returns where the record's line ends (its '\n', or `end`) once only
/// blanks follow the object; nullptr when it gives up.
///
/// `expected`, when given, are the keys the previous record had, none
/// holding a quote, a backslash or a control character: a key whose raw
/// text is the expected one at its position is taken without scanning it,
/// and its field's name points at that string (so the caller can tell the
/// keys repeated by comparing pointers).
///
/// (The fields are built in place in a vector the caller reuses and copied
/// into the batch after: building each Field on the stack and pushing it
/// costs a store-forwarding stall per field, a third of the scan's time.)
const char* scan_flat_object(const char* p, const char* end, std::vector<Field>& fields, Batch& batch,
                             const std::vector<std::string>* expected = nullptr);

/// True when `key` can be matched against raw key text as it is (see
/// scan_flat_object's `expected`): no quote, backslash or control character.
bool is_plain_key(std::string_view key);

/// A JSON Lines reader that never takes the fast path: every record goes
/// to simdjson. The differential fuzzer (tests/fuzz/fuzz_jsonl.cpp) holds it
/// to the ordinary reader: both must give the same records and errors.
std::unique_ptr<Reader> make_reader_without_flat_path(std::unique_ptr<Source> source,
                                                            const ReadOptions& options, ErrorPolicy& errors);

/// The first byte of `text` that is not valid UTF-8, or nullptr.
using weir::find_invalid_utf8;

}  // namespace weir::jsonl
