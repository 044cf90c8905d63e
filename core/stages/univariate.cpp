#include "core/stages/univariate.hpp"

#include <charconv>

#include <fmt/format.h>

#include "core/record/column_types.hpp"
#include "core/stages/number_field.hpp"

namespace weir {

namespace {

// The rank of a type in Miller's order of mixed values.
int rank(MillerType t) {
  switch (t) {
    case MillerType::int_:
    case MillerType::float_: return 0;
    case MillerType::boolean: return 1;
    case MillerType::empty: return 2;
    case MillerType::string: return 3;
    default: return 4;
  }
}

bool is_number(MillerType t) { return t == MillerType::int_ || t == MillerType::float_; }

KeptValue keep(const Field& field, MillerType type) {
  KeptValue v;
  v.type = type;
  v.text.assign(type == MillerType::null ? std::string_view("null") : field.value);
  if (is_number(type)) {
    v.number = miller_number(field);
    if (std::fabs(v.number) >= kExactIntegerLimit) {
      const std::optional<std::int64_t> n = type == MillerType::int_ ? miller_integer(field) : std::nullopt;
      v.wide = n ? *n : clamped_integer(v.number);
    }
  } else if (type == MillerType::boolean) {
    v.number = field.value == "true" ? 1 : 0;
  }
  return v;
}

// x to the power 1.5 as Go's math.Pow computes it (Miller's skewness):
// exp(0.5 log x) times x's mantissa, scaled by its exponent. std::pow can
// differ in the last digit.
double go_pow_1_5(double x) {
  if (!(x > 0) || !std::isfinite(x)) return std::pow(x, 1.5);
  int exponent = 0;
  const double mantissa = std::frexp(x, &exponent);
  return std::ldexp(std::exp(0.5 * std::log(x)) * mantissa, exponent);
}

// Characters, not bytes (UTF-8), as Miller's strlen.
std::int64_t utf8_length(std::string_view text) {
  std::int64_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// best := Miller's min or max of best and v (`take`: v wins). Numbers
// compared with a float come out as a float, written as Go writes it
// (67.170 then reads 67.17); an integer against an integer keeps its text.
void pick(KeptValue& best, const KeptValue& v, bool take) {
  const bool as_float = is_number(best.type) && is_number(v.type) &&
                        (best.type == MillerType::float_ || v.type == MillerType::float_);
  if (take) best = v;
  if (as_float && !best.computed) {
    char buffer[kNumberTextMost];
    best.type = MillerType::float_;
    best.text.assign(number_text(best.number, buffer));
    best.computed = true;
  }
}

}  // namespace

std::string_view miller_type_name(MillerType type) {
  switch (type) {
    case MillerType::int_: return "int";
    case MillerType::float_: return "float";
    case MillerType::boolean: return "bool";
    case MillerType::empty: return "empty";
    case MillerType::null: return "null";
    case MillerType::string: return "string";
    case MillerType::map: return "map";
    case MillerType::array: return "array";
  }
  return "string";
}

MillerType miller_type(const Field& field) {
  if (field.is_json_null()) return MillerType::null;
  if (field.kind == ValueKind::json) {
    std::string_view v = field.value;
    if (v == "true" || v == "false") return MillerType::boolean;
    if (!v.empty() && v.front() == '{') return MillerType::map;
    if (!v.empty() && v.front() == '[') return MillerType::array;
  }
  if (field.value.empty()) return MillerType::empty;
  if (field.kind == ValueKind::string) return MillerType::string;
  // Miller 6's inference from data: 0x1F, 0b101 and 0o17 are integers; a
  // leading '+', an integer with a leading zero (007) and one past 64 bits
  // are text
  if (prefixed_integer(field.value)) return MillerType::int_;
  if (!field.number() || field.value.front() == '+') return MillerType::string;
  std::string_view v = field.value;
  if (v.front() == '-') v.remove_prefix(1);
  bool integer = !v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!integer) return MillerType::float_;
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(field.value.data(), field.value.data() + field.value.size(), n);
  if (ec != std::errc() || (v.size() > 1 && v.front() == '0')) return MillerType::string;
  return MillerType::int_;
}

double miller_number(const Field& field) {
  if (std::optional<std::int64_t> n = prefixed_integer(field.value)) return static_cast<double>(*n);
  std::optional<double> x = field.number();
  return x ? *x : 0;
}

// (miller_type()'s rules, in the order that costs least for the numbers
// verbs mostly read: sort takes it for every record)
std::optional<double> miller_number_of(const Field& field) {
  const std::string_view v = field.value;
  if (field.kind == ValueKind::string || v.empty()) return std::nullopt;
  if (std::optional<double> x = field.number()) {
    // weir reads +5, 007 and integers past 64 bits as numbers; Miller as text
    if (v.front() == '+') return std::nullopt;
    const std::size_t sign = v.front() == '-' ? 1 : 0;
    auto digits_only = [&] { return std::all_of(v.begin() + sign, v.end(), [](char c) { return c >= '0' && c <= '9'; }); };
    if (v.size() > sign + 1 && v[sign] == '0' && digits_only()) return std::nullopt;
    if (std::fabs(*x) >= 9e18 && digits_only() && !decimal_integer(v)) return std::nullopt;
    return x;
  }
  if (std::optional<std::int64_t> n = prefixed_integer(v)) return static_cast<double>(*n);
  return std::nullopt;
}

std::optional<std::int64_t> miller_integer(const Field& field) {
  if (std::optional<std::int64_t> n = prefixed_integer(field.value)) return n;
  return decimal_integer(field.value);
}

bool miller_less(const KeptValue& a, const KeptValue& b) {
  int ra = rank(a.type), rb = rank(b.type);
  if (ra != rb) return ra < rb;
  if (ra == 0 || ra == 1) return compare_exact(a.number, a.wide, b.number, b.wide) < 0;
  if (ra == 3) return a.text < b.text;
  return false;
}

std::optional<UnivariateSpec> parse_univariate(std::string_view name) {
  static const std::vector<std::pair<std::string_view, UnivariateKind>> kNames = {
      {"count", UnivariateKind::count},   {"null_count", UnivariateKind::null_count},
      {"distinct_count", UnivariateKind::distinct_count},
      {"mode", UnivariateKind::mode},     {"antimode", UnivariateKind::antimode},
      {"sum", UnivariateKind::sum},       {"mean", UnivariateKind::mean},
      {"var", UnivariateKind::var},       {"stddev", UnivariateKind::stddev},
      {"meaneb", UnivariateKind::meaneb}, {"skewness", UnivariateKind::skewness},
      {"kurtosis", UnivariateKind::kurtosis}, {"min", UnivariateKind::min},
      {"max", UnivariateKind::max},       {"minlen", UnivariateKind::minlen},
      {"maxlen", UnivariateKind::maxlen}};
  for (const auto& [known, kind] : kNames) {
    if (name == known) return UnivariateSpec{kind, 0, std::string(name)};
  }
  if (name == "median") return UnivariateSpec{UnivariateKind::percentile, 50, std::string(name)};
  if (name.size() > 1 && name[0] == 'p' && name.find_first_not_of("0123456789.", 1) == std::string_view::npos) {
    double p = std::strtod(std::string(name.substr(1)).c_str(), nullptr);
    if (p <= 100) return UnivariateSpec{UnivariateKind::percentile, p, std::string(name)};
  }
  return std::nullopt;
}

std::vector<std::string> univariate_names() {
  return {"count", "null_count", "distinct_count", "mode", "antimode", "sum", "mean", "var", "stddev", "meaneb",
          "skewness", "kurtosis", "min", "max", "minlen", "maxlen", "median", "p10", "p25", "p75", "p90", "p99"};
}

void Univariate::reset() {
  count_ = nulls_ = numbers_ = 0;
  sum_ = sum2_ = sum3_ = sum4_ = ExactNumber{};
  min_.reset();
  max_.reset();
  minlen_.reset();
  maxlen_.reset();
  order_.clear();
  counts_.clear();
  values_.clear();
  sorted_ = true;
}

void Univariate::add(const Field& field) {
  const MillerType type = miller_type(field);
  // JSON null's text is null, as Miller writes it
  const std::string_view text = type == MillerType::null ? std::string_view("null") : field.value;
  ++count_;
  if (type == MillerType::empty || type == MillerType::null) ++nulls_;
  if (distinct_) {
    auto [it, added] = counts_.try_emplace(std::string(text), 0);
    if (added) order_.push_back(it->first);
    ++it->second;
  }
  if (is_number(type)) {
    // as Miller: x, x*x, x*(x*x), x*(x*(x*x)), integers while they fit
    const std::optional<std::int64_t> n = type == MillerType::int_ ? miller_integer(field) : std::nullopt;
    const ExactNumber x = n ? ExactNumber::integer(*n) : ExactNumber::real(miller_number(field));
    ++numbers_;
    const ExactNumber x2 = x.times(x), x3 = x.times(x2), x4 = x.times(x3);
    sum_ = sum_.plus(x);
    sum2_ = sum2_.plus(x2);
    sum3_ = sum3_.plus(x3);
    sum4_ = sum4_.plus(x4);
  }
  const std::int64_t length = utf8_length(text);
  minlen_ = minlen_ ? std::min(*minlen_, length) : length;
  maxlen_ = maxlen_ ? std::max(*maxlen_, length) : length;
  // JSON null, as Miller's min and max take it: the minimum only until a
  // value comes; the maximum when it comes, until the next value
  if (type == MillerType::null) {
    if (!min_) min_ = keep(field, type);
    if (max_) max_ = keep(field, type);
  } else if (type != MillerType::map && type != MillerType::array) {
    KeptValue v = keep(field, type);
    if (!min_ || min_->type == MillerType::null) min_ = v;
    else pick(*min_, v, miller_less(v, *min_));
    if (!max_) max_ = std::move(v);
    else if (max_->type != MillerType::null) pick(*max_, v, miller_less(*max_, v));
  }
  if (keep_values_) {
    values_.push_back(keep(field, type));
    sorted_ = false;
  }
}

Field Univariate::number_result(double x, Batch& batch) { return number_field(x, batch); }

Field Univariate::value_field(const KeptValue& value, Batch& batch) {
  switch (value.type) {
    case MillerType::int_:
    case MillerType::float_:
      // as written (.5, 0x1F: text where it is no JSON number)
      if (value.computed) return number_field(value.number, batch);
      return Field({}, batch.store(value.text), is_json_number(value.text) ? ValueKind::json : ValueKind::text);
    case MillerType::boolean: return Field({}, batch.store(value.text), ValueKind::json);
    case MillerType::null: return Field({}, {}, ValueKind::json);  // written as null
    case MillerType::empty: return Field({}, {});
    default: return Field({}, batch.store(value.text), ValueKind::string);
  }
}

const KeptValue* Univariate::percentile_value(double percent) {
  if (values_.empty()) return nullptr;
  if (!sorted_) {
    std::stable_sort(values_.begin(), values_.end(), miller_less);
    sorted_ = true;
  }
  // Miller's index: int(p * n / 100), within the array
  auto index = static_cast<std::int64_t>(percent * static_cast<double>(values_.size()) / 100.0);
  index = std::clamp<std::int64_t>(index, 0, static_cast<std::int64_t>(values_.size()) - 1);
  return &values_[static_cast<std::size_t>(index)];
}

// R's type 7, as Miller's -i: nullopt when the values around are not numbers.
std::optional<double> Univariate::interpolated(double percent) {
  if (!percentile_value(percent)) return std::nullopt;
  const double n = static_cast<double>(values_.size());
  double findex = std::max(0.0, percent / 100.0 * (n - 1));
  auto i = static_cast<std::size_t>(std::floor(findex));
  if (i + 1 >= values_.size()) {
    if (!is_number(values_[i].type)) return std::nullopt;
    return values_[i].number;
  }
  if (!is_number(values_[i].type) || !is_number(values_[i + 1].type)) return std::nullopt;
  const double frac = findex - static_cast<double>(i);
  return values_[i].number + frac * (values_[i + 1].number - values_[i].number);
}

Field Univariate::result(const UnivariateSpec& spec, bool interpolate, Batch& batch) {
  const double n = static_cast<double>(numbers_);
  const double sum = sum_.value(), sum2 = sum2_.value(), sum3 = sum3_.value(), sum4 = sum4_.value();
  auto var = [&]() -> std::optional<double> {
    if (numbers_ < 2) return std::nullopt;
    const double mean = sum / n;
    double numerator = sum2 - mean * (2.0 * sum - n * mean);
    if (numerator < 0.0) numerator = 0.0;
    return numerator / (n - 1);
  };
  switch (spec.kind) {
    case UnivariateKind::count: return number_result(static_cast<double>(count_), batch);
    case UnivariateKind::null_count: return number_result(static_cast<double>(nulls_), batch);
    case UnivariateKind::distinct_count: return number_result(static_cast<double>(order_.size()), batch);
    case UnivariateKind::mode:
    case UnivariateKind::antimode: {
      // the empty value is not a mode, as in Miller
      const std::string* best = nullptr;
      std::int64_t best_count = 0;
      for (const std::string& v : order_) {
        if (v.empty()) continue;
        std::int64_t c = counts_[v];
        if (!best) {
          best = &v;
          best_count = c;
          continue;
        }
        if (spec.kind == UnivariateKind::mode ? c > best_count : c < best_count) {
          best = &v;
          best_count = c;
        }
      }
      if (!best) return Field::placeholder();
      return Field({}, batch.store(*best), ValueKind::string);
    }
    case UnivariateKind::sum: return sum_.wide() ? integer_field(sum_.i, batch) : number_result(sum, batch);
    case UnivariateKind::mean:
      if (numbers_ == 0) return Field::placeholder();
      return number_result(sum / n, batch);
    case UnivariateKind::var:
      if (auto v = var()) return number_result(*v, batch);
      return Field::placeholder();
    case UnivariateKind::stddev:
      if (auto v = var()) return number_result(std::sqrt(*v), batch);
      return Field::placeholder();
    case UnivariateKind::meaneb:
      if (auto v = var()) return number_result(std::sqrt(*v / n), batch);
      return Field::placeholder();
    case UnivariateKind::skewness: {
      if (numbers_ < 2) return Field::placeholder();
      const double mean = sum / n;
      double numerator = sum3 - mean * (3.0 * sum2 - 2.0 * n * mean * mean);
      numerator = numerator / n;
      double denominator = go_pow_1_5((sum2 - n * mean * mean) / (n - 1.0));
      return number_result(numerator / denominator, batch);
    }
    case UnivariateKind::kurtosis: {
      if (numbers_ < 2) return Field::placeholder();
      const double mean = sum / n;
      double numerator = sum4 - mean * (4.0 * sum3 - mean * (6.0 * sum2 - 3.0 * n * mean * mean));
      numerator = numerator / n;
      double denominator = (sum2 - n * mean * mean) / n;
      denominator = denominator * denominator;
      return number_result(numerator / denominator - 3.0, batch);
    }
    case UnivariateKind::min:
      if (!min_) return Field::placeholder();
      return value_field(*min_, batch);
    case UnivariateKind::max:
      if (!max_) return Field::placeholder();
      return value_field(*max_, batch);
    case UnivariateKind::minlen:
      if (!minlen_) return Field::placeholder();
      return number_result(static_cast<double>(*minlen_), batch);
    case UnivariateKind::maxlen:
      if (!maxlen_) return Field::placeholder();
      return number_result(static_cast<double>(*maxlen_), batch);
    case UnivariateKind::percentile:
      if (interpolate) {
        if (values_.empty()) return Field::placeholder();
        if (auto x = interpolated(spec.percent)) return number_result(*x, batch);
        return Field({}, "(error)");
      }
      if (const KeptValue* v = percentile_value(spec.percent)) return value_field(*v, batch);
      return Field::placeholder();
  }
  return Field::placeholder();
}

Field Univariate::fence(std::string_view name, Batch& batch) {
  const KeptValue* p25 = percentile_value(25);
  const KeptValue* p75 = percentile_value(75);
  if (!p25 || !p75 || !is_number(p25->type) || !is_number(p75->type)) return Field::placeholder();
  const double iqr = p75->number - p25->number;
  if (name == "iqr") return number_result(iqr, batch);
  if (name == "lof") return number_result(p25->number - 3.0 * iqr, batch);
  if (name == "lif") return number_result(p25->number - 1.5 * iqr, batch);
  if (name == "uif") return number_result(p75->number + 1.5 * iqr, batch);
  return number_result(p75->number + 3.0 * iqr, batch);  // uof
}

}  // namespace weir
