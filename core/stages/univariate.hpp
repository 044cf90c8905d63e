#pragma once
/// Miller's univariate accumulators (its stats1 set), as merge-fields and
/// summary use them: count, null_count, distinct_count, mode, antimode, sum,
/// mean, var, stddev, meaneb, skewness, kurtosis, min, max, minlen, maxlen
/// and percentiles (pNN, median; -i interpolates). Their rules are Miller's:
///  - sum, mean, var, ... read numbers only (other values are skipped);
///  - count, distinct_count, mode, min, max, minlen, maxlen and percentiles
///    see every value, ordered as Miller orders mixed values: numbers <
///    booleans < the empty value < text (JSON null: the minimum only until
///    a value comes, the maximum until the next value comes);
///  - var, stddev, meaneb, skewness and kurtosis come from the running sums
///    of x, x^2, x^3, x^4 with Miller's formulas (the same digits as Miller).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/record/batch.hpp"
#include "core/record/exact_number.hpp"

namespace weir {

/// A value's type as Miller infers it from data.
enum class MillerType : std::uint8_t { int_, float_, boolean, empty, null, string, map, array };

/// Miller's name for a type ("int", "float", "empty", "string", ...).
std::string_view miller_type_name(MillerType type);
/// The type of a field's value as Miller 6 infers it from data: text that
/// reads as a number is a number (int when it has no fraction or exponent),
/// and so are 0x1F, 0b101 and 0o17; a leading '+', an integer with a leading
/// zero (007) or past 64 bits, and JSON strings are text.
MillerType miller_type(const Field& field);
/// The value of a field miller_type() calls a number.
double miller_number(const Field& field);
/// The value of a field miller_type() calls an int or a float, as Miller's
/// verbs read numbers (sort -nf, top, step, fraction, histogram, sec2gmt):
/// 0x1F is 31; 007, +5, an integer past 64 bits and a JSON string are text
/// (nullopt).
std::optional<double> miller_number_of(const Field& field);
/// The integer a field miller_type() calls an int spells, exactly.
std::optional<std::int64_t> miller_integer(const Field& field);

/// A value kept past its batch, with its type and, for numbers, its value.
struct KeptValue {
  MillerType type = MillerType::empty;
  double number = 0;
  std::int64_t wide = 0;  ///< for numbers: wide_part(), what orders equal doubles past 2^53
  std::string text;
  bool computed = false;  ///< text is the number's (Miller computed it), not the input's
};

/// Miller's order of mixed values (numbers by value, text by bytes).
bool miller_less(const KeptValue& a, const KeptValue& b);

enum class UnivariateKind : std::uint8_t {
  count, null_count, distinct_count, mode, antimode, sum, mean, var, stddev, meaneb, skewness,
  kurtosis, min, max, minlen, maxlen, percentile,
};

struct UnivariateSpec {
  UnivariateKind kind;
  double percent = 0;  ///< for percentile
  std::string name;    ///< as the user wrote it: the output field's suffix
};

/// Parses one accumulator name as merge-fields takes it; nullopt if unknown.
std::optional<UnivariateSpec> parse_univariate(std::string_view name);
/// The names parse_univariate knows, for messages.
std::vector<std::string> univariate_names();

/// The state of the accumulators over one stream of values.
class Univariate {
 public:
  /// `keep_values`: percentiles will be asked; `distinct`: distinct_count,
  /// mode or antimode will be.
  Univariate(bool keep_values, bool distinct) : keep_values_(keep_values), distinct_(distinct) {}

  void reset();
  void add(const Field& field);
  /// An empty value, as Miller's stats1 takes it: counted by null_count alone.
  void add_empty() { ++nulls_; }

  /// The result of `spec` as field text and kind; the text is stored in `batch`.
  Field result(const UnivariateSpec& spec, bool interpolate, Batch& batch);
  /// Miller's summary extras: iqr, lof, lif, uif, uof (p75 - p25 and fences).
  Field fence(std::string_view name, Batch& batch);
  /// A kept value (a percentile, min, max) as a field.
  static Field value_field(const KeptValue& value, Batch& batch);
  /// A computed number as a field (Miller's float formatting aside: the
  /// shortest text that reads back as the same double).
  static Field number_result(double x, Batch& batch);

  std::int64_t count() const { return count_; }
  std::int64_t nulls() const { return nulls_; }

 private:
  const KeptValue* percentile_value(double percent);
  std::optional<double> interpolated(double percent);

  bool keep_values_;
  bool distinct_;
  std::int64_t count_ = 0;
  std::int64_t nulls_ = 0;
  std::int64_t numbers_ = 0;
  ExactNumber sum_, sum2_, sum3_, sum4_;
  std::optional<KeptValue> min_, max_;
  std::optional<std::int64_t> minlen_, maxlen_;
  std::vector<std::string> order_;  // distinct values in first-seen order
  std::unordered_map<std::string, std::int64_t> counts_;
  std::vector<KeptValue> values_;
  bool sorted_ = true;
};

}  // namespace weir
