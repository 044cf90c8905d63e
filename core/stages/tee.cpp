// tee FILE: writes the records that reach it to FILE and passes them on, as
// Miller's tee. FILE is written atomically, as -o is: it appears, whole,
// only when the run succeeds.

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/formats/format.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class Tee final : public Stage {
 public:
  Tee(std::unique_ptr<Sink> sink, std::unique_ptr<Writer> writer) : sink_(std::move(sink)), writer_(std::move(writer)) {}

  bool push(Batch& batch) override {
    writer_->write(batch);
    sink_->maybe_flush();
    return emit(batch);
  }

  void finish() override {
    writer_->finish();
    sink_->commit();
    next_->finish();
  }

 private:
  std::unique_ptr<Sink> sink_;
  std::unique_ptr<Writer> writer_;
};

struct TeeOptions {
  std::optional<std::string> format;  // -o
};

}  // namespace

StageInfo tee_stage_info() {
  return with_options<TeeOptions>(
      {
          .name = "tee",
          .summary = "write the records to a file too, and pass them on",
          .usage = "tee [-o|--format FORMAT] FILE",
          .description = "Writes the records that reach it to FILE, in the format of FILE's extension (else "
                         "--format, else the run's output format), and passes them on, as Miller's tee. FILE "
                         "is written atomically, as -o is: it appears, whole, only when the run succeeds. "
                         "When a later verb stops the input early (head), FILE gets the records read until then.",
          .min_args = 1,
          .max_args = 1,
          .arg_kind = OptionKind::file,
          .examples = {{"weir tee all.jsonl then filter 'status >= 500' examples/access.csv",
                        "keep a JSON copy of everything, print the errors"}},
      },
      {{{"-o", "--format", "FORMAT", "FILE's format when its extension does not say (Miller's -o)", OptionKind::format},
        sets<&TeeOptions::format>}},
      [](const TeeOptions& o, const StageSpec& spec) -> std::unique_ptr<Stage> {
        WEIR_ASSERT(spec.context != nullptr);
        if (!spec.context->open_writer) throw SetupError("tee: cannot write files here");
        const std::string& path = spec.args.at(0);
        std::unique_ptr<Sink> sink = file_sink(path);
        std::unique_ptr<Writer> writer =
            spec.context->open_writer(*sink, path, o.format ? &*o.format : nullptr);
        return std::make_unique<Tee>(std::move(sink), std::move(writer));
      });
}

}  // namespace weir
