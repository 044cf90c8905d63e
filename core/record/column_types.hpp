#pragma once
/// What an untyped value is: the one type system of weir's typed views
/// (Python hooks, `import weir`, batch columns, JSON output).
///
/// Text from csv, tsv, logfmt and lines has no type of its own, so each
/// column gets one, once, and keeps it for the run:
///
///   declared (--types, the config's input.types or schema) --else-->
///   the type declared for "*" (every column not named) --else-->
///   inferred from the first batch holding a value in the column:
///     every value a plain integer (-12, no leading zero) ....... int
///     every value a JSON-style number, finite (1.5, -2e3) ...... float
///     every value true or false (any case) ..................... bool
///     anything else (01234, 1e400, abc) ........................ str
///
/// Missing values (the empty value and the marks NA, N/A, n/a, NaN, nan,
/// null, NULL, None, #N/A) are not counted: in an int, float or bool column
/// they read as missing (None); in a str column they are text like any other.
/// A value that does not fit its column (a word in an int column, past the
/// batch that decided it) is kept as its text: a str. Nothing is converted
/// in place: a value written back untouched is its original bytes.
///
/// Values from JSON carry their own type, value by value; they count only
/// for a column's type as a whole (a batch column: numbers, bools, other).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/record/batch.hpp"

namespace weir {

enum class ColumnType : std::uint8_t {
  unknown,  ///< not decided yet: no value seen
  str,
  integer,
  real,     ///< float
  boolean,
};

/// "str", "int", "float", "bool" ("unknown").
std::string_view column_type_name(ColumnType type);
/// The type named `name` ("str", "int", "float", "bool"; also "text",
/// "string", "integer", "number", "boolean"); nullopt for another name.
std::optional<ColumnType> column_type_from_name(std::string_view name);

/// Declared column types, by column name; the name "*" (kAnyColumn) gives
/// the type of every column not named.
using DeclaredTypes = std::map<std::string, ColumnType, std::less<>>;

/// The name that stands for every column not named in DeclaredTypes.
inline constexpr std::string_view kAnyColumn = "*";

/// How a text value reads in a column of a given type.
enum class Reading : std::uint8_t {
  missing,  ///< empty or a missing mark, in an int/float/bool column: None
  value,    ///< a value of the column's type
  misfit,   ///< not of the column's type: kept as text (str)
};

/// True when `text` is a number exactly as JSON spells one (no '+', no
/// leading zeros, no "inf"): such text from an untyped format is written
/// as a JSON number, anything else as a string.
bool is_json_number(std::string_view text);
/// The empty value or one of the missing marks.
bool is_missing_mark(std::string_view text);
/// -?(0|[1-9][0-9]*): an integer whose text is its canonical form.
bool is_plain_integer(std::string_view text);
/// A JSON-style number whose value is a finite double.
bool is_finite_number(std::string_view text);
/// The same, with the value in `out` (one parse for the check and the value).
bool parse_finite_number(std::string_view text, double& out);
/// "true" or "false", any case; nullopt otherwise.
std::optional<bool> parse_bool_text(std::string_view text);

Reading read_as(ColumnType type, std::string_view text);

/// The type of each column, declared or decided on first sight, then fixed.
/// One per consumer (a hook stage, the JSON writer, weir.records()): they
/// see the same batches, so they decide alike.
class ColumnTypes {
 public:
  explicit ColumnTypes(const DeclaredTypes& declared = {});

  /// Decides the type of every column that holds a value in `batch` and
  /// has none yet. Cheap once every column is decided.
  void learn(Batch& batch);
  /// How many columns have a type: it grows when learn() decides one.
  std::size_t known() const { return types_.size(); }

  /// The type of column `name` (unknown: no value seen yet, so the field
  /// is empty or missing everywhere so far: it reads as str).
  ColumnType type_of(std::string_view name) const;

  /// The type of field `i` of `record`: by the record's header position
  /// when it has one (no name lookup), else by name.
  ColumnType type_of(const RecordRef& record, std::size_t i) const;
  /// The same for field `i` (named `name`) of a record of `header`.
  ColumnType type_of(const Header* header, std::size_t i, std::string_view name) const;

  /// Whether the type of column `name` was declared, by its name or by "*"
  /// (then a misfit in it is the data's fault, not the guess's).
  bool declared(std::string_view name) const;

  /// A column whose first values, in the batches learn() saw before its
  /// type was decided, were all empty or missing marks (so read as text),
  /// and which then became a number or bool column (where such values
  /// are null): JSON output wrote `before` of them as text ("", "NA").
  struct LateType {
    std::string name;
    std::int64_t before = 0;
    ColumnType type = ColumnType::unknown;
  };
  const std::vector<LateType>& late_types() const { return late_; }
  /// A note for each of late_types(): `shown` how the early values were
  /// shown ("written", "given") and `null` what the later ones are ("null",
  /// "None"), naming the --types that shows them all so.
  std::vector<std::string> late_type_notes(std::string_view shown, std::string_view null) const;

 private:
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
  };
  void learn_header(const Header* header) const;

  DeclaredTypes declared_;
  // the empty or missing text values of columns without a type, so far
  std::map<std::string, std::int64_t, std::less<>> blank_before_;
  std::vector<LateType> late_;
  // the type declared for "*": a column not named has it from the start
  // (unknown: none, so such a column is inferred)
  ColumnType any_column_ = ColumnType::unknown;
  std::unordered_map<std::string, ColumnType, NameHash, std::equal_to<>> types_;
  // the last header seen, with the type of each of its positions, and
  // whether all of them are decided (then learn() skips its records)
  mutable const Header* header_ = nullptr;
  mutable std::uint64_t header_id_ = 0;
  mutable std::vector<ColumnType> header_types_;
  mutable bool header_complete_ = false;
};

}  // namespace weir
