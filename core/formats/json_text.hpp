#pragma once
/// JSON text helpers shared by the writers.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/io/sink.hpp"
#include "core/record/batch.hpp"
#include "core/record/column_types.hpp"

namespace weir {

/// Writes `text` as a JSON string literal, quotes included. Bytes that are
/// not well-formed UTF-8 are written as \ufffd (JSON text must be UTF-8).
void write_json_string(Sink& sink, std::string_view text);

/// Writes the JSON text `json` on one line with a space after each ',' and
/// ':' between values, as Miller writes a value on one line ({"a": [1, 2]});
/// strings are copied as they are.
void write_spaced_json(Sink& sink, std::string_view json);

/// Writes the JSON text `json` over lines, as Miller's --ojson (--jvstack)
/// lays a value out: a member or element a line, indented two spaces a
/// level; an array of plain values on one line.
void write_stacked_json(Sink& sink, std::string_view json);

/// Writes `record` as one compact JSON object, keys in record order (no
/// line end). Values from JSON keep their type and text. Untyped text is
/// written as its column's type says (column_types.hpp: a number, a bool,
/// null for a missing value, else a string); without `types` (a one-off
/// record in a report), text that is exactly a JSON number is a number.
void write_json_record(Sink& sink, const RecordRef& record, const ColumnTypes* types = nullptr);
/// The same for a record's fields and header (Batch::fields_of, header_of).
void write_json_record(Sink& sink, std::span<const Field> fields, const Header* header, const ColumnTypes* types);
/// The value of field `index` of such a record, as write_json_record writes it.
void write_json_value(Sink& sink, const Field& field, std::size_t index, const Header* header,
                      const ColumnTypes* types);

}  // namespace weir
