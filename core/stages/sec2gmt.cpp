// sec2gmt [-1..-9] [--millis|--micros|--nanos] FIELDS: seconds since the
// epoch become GMT timestamps (2017-07-14T02:40:00Z), as Miller's sec2gmt;
// a value that is not a number is left as it is.

#include "core/errors/error.hpp"
#include "core/stages/field_locator.hpp"
#include "core/expr/builtin_impl.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/univariate.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class Sec2Gmt final : public Stage {
 public:
  Sec2Gmt(std::vector<std::string> fields, int decimals, double divisor, bool date_only)
      : fields_(std::move(fields)), decimals_(decimals), divisor_(divisor), date_only_(date_only) {}

  bool per_record() const override { return true; }
  bool push(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      for (const auto& name : fields_) {
        Field* f = record.find(name);
        if (!f) continue;
        std::optional<double> v = miller_number_of(*f);
        if (!v) continue;
        text_.clear();
        const double seconds = *v / divisor_;
        bool ok = date_only_ ? expr::format_gmt_date(seconds, text_) : expr::format_gmt(seconds, decimals_, text_);
        if (ok) f->set_value(batch.store(text_));
      }
    }
    return emit(batch);
  }

 private:
  std::vector<std::string> fields_;
  int decimals_;
  double divisor_;
  bool date_only_;
  std::string text_;
};

// The last of -1..-9 and the last of --millis, --micros, --nanos win.
struct Sec2GmtOptions {
  int decimals = 0;
  double divisor = 1;  // the unit of the numbers, in seconds
};

// The setter of -1 .. -9: that many decimals.
template <int decimals>
void keeps_decimals(Sec2GmtOptions& o, const std::string&) {
  o.decimals = decimals;
}

std::unique_ptr<Stage> make_sec2gmt(const Sec2GmtOptions& o, const StageSpec& spec, bool date_only) {
  return std::make_unique<Sec2Gmt>(parse_field_list(date_only ? "sec2gmtdate" : "sec2gmt", spec.args.at(0)),
                                   o.decimals, o.divisor, date_only);
}

}  // namespace

StageInfo sec2gmt_stage_info() {
  return with_options<Sec2GmtOptions>(
      {
          .name = "sec2gmt",
          .summary = "seconds since the epoch to GMT timestamps",
          .usage = "sec2gmt [-1..-9] [--millis|--micros|--nanos] FIELD[,FIELD...]",
          .description = "As Miller's sec2gmt: each named field holding seconds since 1970-01-01 becomes a "
                         "GMT timestamp like 2017-07-14T02:40:00Z; -1 to -9 keep that many decimals of the "
                         "second, cut from the number as a double holds it, as Miller does (22.4 with -1 is "
                         "...22.3Z: 22.4 is 22.39999...; the function sec2gmt gives the same); --millis, --micros, --nanos read the numbers in those units. A "
                         "value that is not a number is left as it is.",
          .min_args = 1,
          .max_args = 1,
          .arg_kind = OptionKind::fields,
          .examples = {{"weir derive 't=epoch(ts)' then sec2gmt -3 t then head -n 2 examples/access.csv",
                        "a timestamp back from seconds, with milliseconds"}},
      },
      {{{"-1", "--1", "", "1 decimal", OptionKind::flag}, keeps_decimals<1>},
       {{"-2", "--2", "", "2 decimals", OptionKind::flag}, keeps_decimals<2>},
       {{"-3", "--3", "", "3 decimals (ms)", OptionKind::flag}, keeps_decimals<3>},
       {{"-4", "--4", "", "4 decimals", OptionKind::flag}, keeps_decimals<4>},
       {{"-5", "--5", "", "5 decimals", OptionKind::flag}, keeps_decimals<5>},
       {{"-6", "--6", "", "6 decimals (us)", OptionKind::flag}, keeps_decimals<6>},
       {{"-7", "--7", "", "7 decimals", OptionKind::flag}, keeps_decimals<7>},
       {{"-8", "--8", "", "8 decimals", OptionKind::flag}, keeps_decimals<8>},
       {{"-9", "--9", "", "9 decimals (ns)", OptionKind::flag}, keeps_decimals<9>},
       {{"", "--millis", "", "the numbers are milliseconds", OptionKind::flag},
        [](Sec2GmtOptions& o, const std::string&) { o.divisor = 1e3; }},
       {{"", "--micros", "", "the numbers are microseconds", OptionKind::flag},
        [](Sec2GmtOptions& o, const std::string&) { o.divisor = 1e6; }},
       {{"", "--nanos", "", "the numbers are nanoseconds", OptionKind::flag},
        [](Sec2GmtOptions& o, const std::string&) { o.divisor = 1e9; }}},
      [](const Sec2GmtOptions& o, const StageSpec& spec) { return make_sec2gmt(o, spec, false); });
}

StageInfo sec2gmtdate_stage_info() {
  return {
      .name = "sec2gmtdate",
      .summary = "seconds since the epoch to GMT dates",
      .usage = "sec2gmtdate FIELD[,FIELD...]",
      .description = "As Miller's sec2gmtdate: each named field holding seconds since 1970-01-01 becomes "
                     "its GMT date, like 2017-07-14. A value that is not a number is left as it is.",
      .options = {},
      .min_args = 1,
      .max_args = 1,
      .arg_kind = OptionKind::fields,
      .examples = {{"weir derive 'day=epoch(ts)' then sec2gmtdate day then count -g day examples/access.csv",
                    "requests per day"}},
      .make = [](const StageSpec& spec) { return make_sec2gmt({}, spec, true); },
  };
}

}  // namespace weir
