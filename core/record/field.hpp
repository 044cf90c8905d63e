#pragma once
/// A field: a name and a value, both views.
///
/// Ownership and lifetime (the one place this is written down):
///  - `name` and `value` point into memory the enclosing Batch keeps alive:
///    the reader's input block, a shared CSV header, or the batch's arena.
///  - A stage that changes a value stores the new text with Batch::store()
///    and points the field at it with set_value() (or assigns a new Field),
///    so the cached number and the flags of the old text go; it never
///    points at a temporary.
///  - A stage that keeps records past the batch they came in (tail, sort)
///    keeps the whole Batch (moving it) or copies the text explicitly.
///  - Numbers are parsed from `value` on first use and cached in the field.

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/record/plain_decimal.hpp"

namespace weir {

/// What the value's text is, which matters when writing typed formats.
enum class ValueKind : std::uint8_t {
  text,    ///< untyped text (csv, tsv, logfmt, lines): JSON output infers numbers
  string,  ///< a JSON string, already unescaped: always a string in JSON output
  json,    ///< raw JSON: a number, true, false, null, an object or an array
};

/// Per-field facts a reader knows for free and a writer can use.
enum FieldFlag : std::uint8_t {
  /// The value holds no quote, CR, LF or the batch's plain_delimiter
  /// (the CSV reader sets it on unquoted fields): a writer with the same
  /// delimiter can copy it without looking.
  kFieldPlain = 1u << 0,
  /// A value past the header's width, named by its position (a CSV row with
  /// extra values, kept): writers leave its name out of a header line.
  kFieldExtra = 1u << 1,
  /// A number whose text is not made yet (defer_number): only the writer
  /// that asked for it (Stage::takes_deferred_numbers) sees the field, and
  /// makes the text (complete_numbers, number_field.hpp) before writing it.
  kFieldDeferred = 1u << 2,
  /// An empty value a verb wrote in place of one it has not (no earlier
  /// value for step's shift, a group short of N for top, an aggregate of no
  /// numbers): JSON writes it as "", as Miller does, where an empty value
  /// of a number column is null. Column types do not see it.
  kFieldEmptyString = 1u << 3,
  /// An empty value a reader put in for a row shorter than its header
  /// (--ragged pad, a repair): not in the input, so that weir check's
  /// schema judges the row as it was written.
  kFieldPadded = 1u << 4,
};

struct Field {
  Field() = default;
  Field(std::string_view field_name, std::string_view field_value, ValueKind value_kind = ValueKind::text)
      : name(field_name), value(field_value), kind(value_kind) {}

  std::string_view name;
  std::string_view value;
  ValueKind kind = ValueKind::text;
  std::uint8_t flags = 0;

  /// Points the field at new text: the cached number and the flags, which
  /// described the old text, are dropped.
  void set_value(std::string_view new_value, ValueKind new_kind = ValueKind::text) {
    value = new_value;
    kind = new_kind;
    flags = 0;
    number_state_ = kUnparsed;
  }

  /// Makes the field an empty placeholder (kFieldEmptyString).
  void set_placeholder() {
    set_value({});
    flags = kFieldEmptyString;
  }

  /// Makes the field the number x, its text to be made later (kFieldDeferred).
  void defer_number(double x, std::uint8_t number_flags) {
    value = {};
    kind = ValueKind::json;
    flags = number_flags | kFieldDeferred;
    number_state_ = kNumber;
    number_ = x;
  }

  /// An empty placeholder value (kFieldEmptyString) named `field_name`.
  static Field placeholder(std::string_view field_name = {}) {
    Field f(field_name, {});
    f.flags = kFieldEmptyString;
    return f;
  }

  bool is_null() const { return value.empty() || (kind == ValueKind::json && value == "null"); }
  /// JSON null alone (readers give it as an empty JSON value), not an empty text.
  bool is_json_null() const { return kind == ValueKind::json && (value.empty() || value == "null"); }

  /// The value as a number, parsed once; nullopt when it is not one.
  std::optional<double> number() const {
    if (number_state_ == kUnparsed) parse_number();
    if (number_state_ == kNumber) return number_;
    return std::nullopt;
  }

 private:
  enum : std::uint8_t { kUnparsed, kNumber, kNotNumber };

  void parse_number() const {
    if (kind != ValueKind::string && plain_decimal(value, number_)) {
      number_state_ = kNumber;
      return;
    }
    std::string_view v = value;
    const bool plus = !v.empty() && v.front() == '+';
    if (plus) v.remove_prefix(1);  // from_chars takes '-' but not '+'
    // from_chars also reads "inf", "nan" and "infinity" in any case, which
    // here are words ("Nan" is a name): a number starts with a digit or '.'.
    const std::size_t first = !plus && !v.empty() && v.front() == '-' ? 1 : 0;
    const bool numeric = first < v.size() && ((v[first] >= '0' && v[first] <= '9') || v[first] == '.');
    const char* end = v.data() + v.size();
    auto [ptr, ec] = numeric ? std::from_chars(v.data(), end, number_)
                             : std::from_chars_result{v.data(), std::errc::invalid_argument};
    number_state_ = (numeric && ec == std::errc() && ptr == end && kind != ValueKind::string)
                        ? kNumber
                        : kNotNumber;
  }

  static bool plain_decimal(std::string_view text, double& out) {
    PlainDecimal plain;
    if (!read_plain_decimal(text, plain)) return false;
    out = plain.value;
    return true;
  }

  mutable std::uint8_t number_state_ = kUnparsed;
  mutable double number_ = 0;
};

}  // namespace weir
