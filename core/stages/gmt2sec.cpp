// gmt2sec [--millis|--micros|--nanos] FIELDS: GMT timestamps become seconds
// since the epoch, the inverse of sec2gmt (Miller has the function, not the
// verb). A value that is not an ISO-8601 date or timestamp is left as it is.

#include <cmath>
#include <string>

#include "core/errors/error.hpp"
#include "core/expr/builtins.hpp"
#include "core/stages/field_locator.hpp"
#include "core/stages/number_field.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class Gmt2Sec final : public Stage {
 public:
  Gmt2Sec(std::vector<std::string> fields, int digits) : fields_(std::move(fields)), digits_(digits) {}

  bool per_record() const override { return true; }

  bool push(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      for (const auto& name : fields_) {
        Field* f = record.find(name);
        if (!f || f->kind == ValueKind::json) continue;
        std::optional<double> t = expr::parse_iso8601(f->value);
        if (!t) continue;
        if (digits_ == 0) {
          f->set_value(number_field(*t, batch).value, ValueKind::text);
          continue;
        }
        // whole milli/micro/nanoseconds, exact: the fraction's digits as written, cut
        std::string_view fraction = fraction_digits(f->value);
        double fraction_value = 0, scale = 1;
        std::int64_t units = 0;
        for (int k = 0; k < digits_; ++k) {
          int d = k < static_cast<int>(fraction.size()) ? fraction[static_cast<std::size_t>(k)] - '0' : 0;
          units = units * 10 + d;
        }
        for (char c : fraction) fraction_value += (c - '0') * (scale /= 10);
        std::int64_t whole = std::llround(*t - fraction_value);
        std::int64_t per_second = 1;
        for (int k = 0; k < digits_; ++k) per_second *= 10;
        f->set_value(batch.store(std::to_string(whole * per_second + units)), ValueKind::text);
      }
    }
    return emit(batch);
  }

 private:
  // The digits after the seconds' point ("789" of ...:06.789Z), if any.
  static std::string_view fraction_digits(std::string_view text) {
    if (text.size() <= 20 || (text[19] != '.' && text[19] != ',')) return {};
    std::size_t end = 20;
    while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
    return text.substr(20, end - 20);
  }

  std::vector<std::string> fields_;
  int digits_;  // 0: seconds; 3, 6, 9: milli, micro, nanoseconds
};

struct Gmt2SecOptions {
  int digits = 0;  // the last of --millis, --micros, --nanos: 3, 6, 9
};

}  // namespace

StageInfo gmt2sec_stage_info() {
  return with_options<Gmt2SecOptions>(
      {
          .name = "gmt2sec",
          .summary = "GMT timestamps to seconds since the epoch",
          .usage = "gmt2sec [--millis|--micros|--nanos] FIELD[,FIELD...]",
          .description =
              "The inverse of sec2gmt: each named field holding an ISO-8601 date or timestamp (2017-07-14, "
              "2017-07-14T02:40:00Z, with a fraction of a second or a +hh:mm offset; UTC when it has none) "
              "becomes seconds since 1970-01-01 (with the fraction, if any); --millis, --micros, --nanos "
              "give whole milli-, micro- or nanoseconds instead (the fraction as written, cut). A value that is not a timestamp is left as "
              "it is. (Miller has gmt2sec as a function only.)",
          .min_args = 1,
          .max_args = 1,
          .arg_kind = OptionKind::fields,
          .examples = {{"weir gmt2sec ts then head -n 2 examples/access.csv", "timestamps as seconds"},
                       {"weir gmt2sec --millis ts then sec2gmt --millis -3 ts then head -n 2 examples/access.csv",
                        "there and back"}},
      },
      {{{"", "--millis", "", "whole milliseconds", OptionKind::flag},
        [](Gmt2SecOptions& o, const std::string&) { o.digits = 3; }},
       {{"", "--micros", "", "whole microseconds", OptionKind::flag},
        [](Gmt2SecOptions& o, const std::string&) { o.digits = 6; }},
       {{"", "--nanos", "", "whole nanoseconds", OptionKind::flag},
        [](Gmt2SecOptions& o, const std::string&) { o.digits = 9; }}},
      [](const Gmt2SecOptions& o, const StageSpec& spec) -> std::unique_ptr<Stage> {
        return std::make_unique<Gmt2Sec>(parse_field_list("gmt2sec", spec.args.at(0)), o.digits);
      });
}

}  // namespace weir
