#pragma once
/// Expressions for filter, derive and rules: parsed once into a tree of
/// nodes, then evaluated per record without allocating on the common paths
/// (field lookup, comparison, arithmetic, regex match).
///
/// Semantics (documented in weir(1), EXPRESSIONS):
///  - a field is read as a number when compared with a number or used in
///    arithmetic (like awk); two fields compare as numbers when both look
///    like numbers, otherwise as text;
///  - an empty or missing field is null; every comparison with null is false
///    (use is_null() or ??); arithmetic with null or with text that is not a
///    number gives null, and so does division by zero;
///  - and/or/not treat null, false, 0, "" and "false" as false.

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/expr/lexer.hpp"
#include "core/expr/value.hpp"
#include "core/record/batch.hpp"
#include "core/record/column_types.hpp"
#include "core/record/number_text.hpp"

namespace re2 {
class RE2;
}

namespace weir::expr {

enum class Builtin : std::uint8_t;

class Expression {
 public:
  /// Parses `source`. Throws ExprError (message and column) when it is not
  /// a valid expression.
  static Expression compile(std::string_view source);

  Expression(Expression&&) noexcept;
  Expression& operator=(Expression&&) noexcept;
  ~Expression();

  /// The value for `record` (of `batch`, which holds text made on the way).
  /// A string result stays valid until the next evaluate().
  Value evaluate(const RecordRef& record, Batch& batch);

  /// Reads text fields by the run's column types (core/record/column_types.hpp):
  /// a missing mark (N/A, NA, null, ...) in an int, float or bool column is
  /// null, as Python hooks and JSON output see it; in a str column it is text.
  /// Without this, only the empty value is null. Then call prepare() with
  /// each batch before evaluating its records.
  void use_types(const DeclaredTypes& declared);
  /// Decides the types of the columns the expression reads, once, from the
  /// first batch holding a value in each (as ColumnTypes does everywhere).
  void prepare(Batch& batch);
  /// Hands the column types that prepare() decides here, in input order, to
  /// `copy` (compiled from the same source for another thread): the copy
  /// must not evaluate until copy.types_ready() is true, and then reads as
  /// this expression does, whatever batch it starts on.
  void share_types(Expression& copy) const;
  /// True when the column types are decided (on a copy: decided by the
  /// original, and now taken).
  bool types_ready();

  const std::string& source() const { return source_; }
  /// Miller's rules for a field the record does not have (put): it is
  /// absent, not null; absent + x is x (also - * and text joined with .),
  /// -absent is absent, and a value that is absent is assigned nowhere.
  void use_absent_rules() { absent_rules_ = true; }
  /// The fields the expression reads, in the order they first appear.
  const std::vector<std::string>& fields() const { return field_names_; }
  /// The spellings of number literals compared with something that reads no
  /// field ("2" in `2 > 26`): over input without a header, where fields are
  /// named 1, 2, 3, the field was meant (written `2`).
  const std::vector<std::string>& bare_numbers() const { return bare_numbers_; }

 private:
  enum class Op : std::uint8_t;
  struct Node;

  Expression();
  Value eval(int node);
  Value eval_rest(const Node& node);
  Value call(const Node& node);
  const re2::RE2* regex_of(const Node& node);
  Value replace(const Node& node);
  Value extract(const Node& node);
  Value with_captures(std::string_view text);
  void bind(const RecordRef& record, Batch& batch);
  std::string& scratch();

  std::string source_;
  std::vector<Node> nodes_;
  int root_ = -1;
  std::deque<std::string> literals_;     // texts of string literals (stable addresses)
  std::vector<std::string> field_names_; // each field the expression reads, once
  std::vector<std::string> bare_numbers_;
  std::unique_ptr<ColumnTypes> types_;   // with use_types(): the columns' types
  bool types_decided_ = false;           // every column read has its type
  struct TypeHandoff;                    // the decided types, for copies
  std::shared_ptr<TypeHandoff> handoff_;
  // the fields of the record being evaluated, by slot
  std::vector<const Field*> bound_;
  bool absent_rules_ = false;
  std::vector<Field> nested_;            // values found inside nested JSON (a.b)
  std::vector<int> positions_;           // field positions for header_id_, -1 missing, -2 nested
  std::uint64_t header_id_ = 0;
  // strings made by functions, one per call node, reused; a deque, so that
  // adding one never moves the text of another that a result points into
  std::deque<std::string> scratch_;
  std::size_t scratch_used_ = 0;

  friend class Parser;
};

/// "weir: VERB: message" with the expression and a caret under the column.
std::string format_expr_error(std::string_view verb, std::string_view source, const ExprError& error);

/// Text for a number: integers without a fraction, others as the shortest
/// digits that read back as the same double, in fixed notation (number_text;
/// `size` at least kNumberTextMost).
std::string_view format_number(double n, char* buffer, std::size_t size);

/// The text of a value, for comparing as text and for functions on text: a
/// number is formatted into `buffer`; null is empty.
std::string_view text_of(const Value& v, char* buffer, std::size_t size);

}  // namespace weir::expr
