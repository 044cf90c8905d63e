// format-values [-n] [-i FORMAT] [-f FORMAT] [-s FORMAT]: every value
// formatted by its type, as Miller's format-values: integers with -i (%d),
// other numbers with -f (%f), everything else with -s (%s); -n formats
// integers as floats. The formats are the expression function fmtnum's.

#include <cstring>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/expr/builtin_impl.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/univariate.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class FormatValues final : public Stage {
 public:
  FormatValues(std::string int_format, std::string float_format, std::string string_format)
      : int_(std::move(int_format)), float_(std::move(float_format)), string_(std::move(string_format)) {}

  bool per_record() const override { return true; }

  bool push(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      for (Field& f : batch[r].fields()) {
        out_.clear();
        bool number = false;
        if (f.kind != ValueKind::json && spelled_as_text(f.value)) {
          if (!expr::format_text(f.value, string_, out_)) continue;  // (formats checked at start)
        } else if (std::optional<std::int64_t> n = prefixed_integer(f)) {
          // 0x1F, 0b101, 0o17: integers, as Miller reads them from data
          if (!expr::format_by_type(expr::Value::of_integer(*n), float_, int_, string_, out_)) continue;
          number = true;
        } else {
          expr::Value v = f.value.empty() ? expr::Value::of(std::string_view()) : expr::Value::of(&f);
          if (!expr::format_by_type(v, float_, int_, string_, out_)) continue;
          number = v.type == expr::Type::number || (v.type == expr::Type::string && v.as_number());
        }
        if (out_ == f.value) continue;
        f.set_value(batch.store(out_), number ? ValueKind::text : (f.kind == ValueKind::json ? ValueKind::string : f.kind));
      }
    }
    return emit(batch);
  }

 private:
  // Text that reads as a number but is spelled as no number is: a leading
  // '+' or a leading zero (a zip code, 007). Its type is text, as for JSON
  // output and hooks (column_types.hpp), and as Miller's format-values
  // leaves 02134 and +4: formatted as a number it lost its zeros.
  static bool spelled_as_text(std::string_view text) {
    if (text.starts_with('+')) return true;
    if (text.starts_with('-')) text.remove_prefix(1);
    return text.size() > 1 && text[0] == '0' && text[1] >= '0' && text[1] <= '9';
  }

  // An integer written in hex, binary or octal (0x1F, -0b101, 0o17).
  static std::optional<std::int64_t> prefixed_integer(const Field& f) {
    std::string_view digits = f.value.starts_with('-') ? f.value.substr(1) : f.value;
    if (digits.size() < 3 || digits[0] != '0' || !std::strchr("xXbBoO", digits[1])) return std::nullopt;
    return miller_type(f) == MillerType::int_ ? miller_integer(f) : std::nullopt;
  }

  std::string int_, float_, string_;
  std::string out_;
};

struct FormatValuesOptions {
  std::string int_format = "%d";
  std::string float_format = "%f";
  std::string string_format = "%s";
  bool coerce_float = false;
};

void check_format_option(std::string_view option, const std::string& format) {
  if (auto why = expr::check_number_format(format)) {
    throw UsageError(fmt::format("format-values: {} cannot use the format '{}': {}", option, format, *why));
  }
}

// (the formats are checked here, -f first, not by their setters: with -n, -i is neither used nor checked)
std::unique_ptr<Stage> make_format_values(const FormatValuesOptions& o, const StageSpec&) {
  check_format_option("-f", o.float_format);
  if (!o.coerce_float) check_format_option("-i", o.int_format);
  const std::string& s = o.string_format;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') continue;
    if (i + 1 < s.size() && s[i + 1] == '%') {
      ++i;
      continue;
    }
    std::optional<std::size_t> end = expr::text_conversion(s, i);
    if (!end) {
      throw UsageError(fmt::format("format-values: -s takes %s (the value, with flags, width and precision: "
                                   "%-10s, %.3s) and %% only, got '{}'", s));
    }
    i = *end - 1;
  }
  return std::make_unique<FormatValues>(o.coerce_float ? o.float_format : o.int_format, o.float_format, s);
}

}  // namespace

StageInfo format_values_stage_info() {
  return with_options<FormatValuesOptions>(
      {
          .name = "format-values",
          .summary = "format every value by its type: integers, other numbers, text",
          .usage = "format-values [-n] [-i FORMAT] [-f FORMAT] [-s FORMAT]",
          .description =
              "As Miller's format-values: each value that is an integer is formatted with -i (default %d), "
              "another number with -f (default %f, six decimals) and anything else, the empty value "
              "included, with -s (default %s, where %s is the value, with Go's flags, width and precision: "
              "%-10s, %08s, %.3s); a number spelled with a leading "
              "zero or '+' (02134, +4) is text, and 0x1F, 0b101 and 0o17 are integers, as in Miller. -n "
              "formats integers with -f too. "
              "The number formats are fmtnum's (one printf conversion: d i u x X o b e E f F g G s, with "
              "flags, width and precision; l and ll are ignored).",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir format-values -f %.1f examples/access.csv", "latencies with one decimal"},
                       {"weir format-values -n -s '[%s]' examples/access.csv",
                        "every number a float, text in brackets"}},
      },
      {{{"-i", "--int-format", "FORMAT", "for integers (default %d)", OptionKind::text},
        sets<&FormatValuesOptions::int_format>},
       {{"-f", "--float-format", "FORMAT", "for other numbers (default %f)", OptionKind::text},
        sets<&FormatValuesOptions::float_format>},
       {{"-s", "--string-format", "FORMAT", "for the rest (default %s)", OptionKind::text},
        sets<&FormatValuesOptions::string_format>},
       {{"-n", "--coerce-float", "", "integers are formatted as floats, with -f", OptionKind::flag},
        sets<&FormatValuesOptions::coerce_float>}},
      make_format_values);
}

}  // namespace weir
