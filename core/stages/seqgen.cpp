// seqgen [-f NAME] [--start N] [--stop N] [--step N]: records counting from
// start to stop, as Miller's seqgen. First in a pipeline it reads no input;
// later in one, the records reaching it are dropped. The counter goes up by
// repeated addition (start 1, step 0.1 gives 1.2000000000000002 as Miller
// does); step 0 is allowed only when start == stop, and then, as in Miller,
// gives no record (the count would never end).

#include <charconv>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/stages/number_field.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class Seqgen final : public Stage {
 public:
  Seqgen(std::string name, double start, double stop, double step)
      : name_(std::move(name)), start_(start), stop_(stop), step_(step) {}

  bool ignores_input() const override { return true; }
  bool push(Batch&) override { return true; }

  void finish() override {
    static constexpr std::size_t kBatch = 1024;
    const auto header = std::make_shared<Header>(std::vector<std::string>{name_});
    double counter = start_;
    std::int64_t n = 0;
    bool more = true;
    while (more && !done(counter)) {
      Batch out;
      out.keep(header);
      out.set_source(std::make_shared<const std::string>("(seqgen)"));
      while (out.size() < kBatch && !done(counter)) {
        out.begin_record(Provenance{++n, 0}, header.get());
        Field f = number_field(counter, out, header->names[0]);
        out.add_field(f);
        counter += step_;
      }
      more = emit(out);
    }
    next_->finish();
  }

 private:
  bool done(double counter) const {
    if (step_ > 0) return counter > stop_;
    if (step_ < 0) return counter < stop_;
    return counter == stop_;  // Miller's: start == stop, step 0: nothing
  }

  std::string name_;
  double start_, stop_, step_;
};

struct SeqgenOptions {
  std::string field = "i";
  double start = 1;
  double stop = 100;
  double step = 1;
};

std::unique_ptr<Stage> make_seqgen(const SeqgenOptions& o, const StageSpec&) {
  if (o.step == 0 && o.start != o.stop) {
    throw UsageError("seqgen: --step must not be 0 unless --start equals --stop");
  }
  if (o.field.empty()) throw UsageError("seqgen: -f needs a field name");
  return std::make_unique<Seqgen>(o.field, o.start, o.stop, o.step);
}

}  // namespace

StageInfo seqgen_stage_info() {
  return with_options<SeqgenOptions>(
      {
          .name = "seqgen",
          .summary = "make records counting from --start to --stop (reads no input)",
          .usage = "seqgen [-f NAME] [--start N] [--stop N] [--step N]",
          .description =
              "As Miller's seqgen: records with one field, NAME (i unless -f says otherwise), counting from "
              "--start (1) to --stop (100) inclusive by --step (1; negative counts down). The numbers may "
              "have fractions; the counter goes up by repeated addition, as Miller's. First in a pipeline "
              "it reads no input (and refuses a file); later in one it drops the records it is given. "
              "--step 0 is refused unless --start equals --stop, and then gives no record, as in Miller.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir seqgen --stop 5", "i = 1 to 5"},
                       {"weir seqgen -f t --start 0 --stop 1 --step 0.25 then derive 'half=t/2'",
                        "fractions, then a field computed from them"}},
      },
      {{{"-f", "--field", "NAME", "the field's name (default i)", OptionKind::text},
        sets<&SeqgenOptions::field>},
       {{"", "--start", "N", "the first value (default 1)", OptionKind::number}, sets<&SeqgenOptions::start>},
       {{"", "--stop", "N", "the last value, inclusive (default 100)", OptionKind::number},
        sets<&SeqgenOptions::stop>},
       {{"", "--step", "N", "the difference between values (default 1)", OptionKind::number},
        sets<&SeqgenOptions::step>}},
      make_seqgen);
}

}  // namespace weir
