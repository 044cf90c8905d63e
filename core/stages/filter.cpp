// filter EXPR: keeps the records for which EXPR is true (-x: false).

#include "core/errors/error.hpp"
#include "core/expr/expression.hpp"
#include "core/expr/field_watch.hpp"
#include "core/record/header.hpp"
#include "core/stages/first_header.hpp"
#include "core/stages/stage.hpp"

namespace weir {

namespace {

class Filter final : public Stage {
 public:
  Filter(expr::Expression expression, bool invert, const DeclaredTypes& types)
      : expression_(std::move(expression)), watch_(expression_), invert_(invert) {
    expression_.use_types(types);
  }

  // Not per record: the column types are decided on the run's first batch
  // holding a value (a copy that starts mid-file would decide otherwise:
  // N/A in a number column is null), and the notes and the header kept for
  // an empty result need every batch. Copies sharing the decided types are
  // left to do.
  bool per_record() const override { return false; }

  bool push(Batch& batch) override {
    expression_.prepare(batch);
    keep_.resize(batch.size());
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      watch_.see(record);
      keep_[r] = expression_.evaluate(record, batch).truthy() != invert_;
    }
    header_.see(batch);
    batch.keep_if(keep_);
    // (a header-only input: its header goes on, for writers with header lines)
    if (!batch.empty() || batch.bare_header) {
      kept_ = true;
      return emit(batch);
    }
    return true;
  }

  void finish() override {
    // nothing kept: the header still goes out, so the output has its columns
    Batch out;
    if (!kept_ && header_.bare(out)) emit(out);
    next_->finish();
  }

  void notes(std::vector<std::string>& out) const override { watch_.notes("filter", expression_.source(), out); }

 private:
  expr::Expression expression_;
  expr::FieldWatch watch_;
  bool invert_;
  std::vector<bool> keep_;
  FirstHeader header_;
  bool kept_ = false;  // a record (or a bare header) went on
};

}  // namespace

expr::Expression compile_for(std::string_view verb, const std::string& source) {
  try {
    return expr::Expression::compile(source);
  } catch (const expr::ExprError& e) {
    throw UsageError(expr::format_expr_error(verb, source, e));
  }
}

StageInfo filter_stage_info() {
  return {
      .name = "filter",
      .summary = "keep the records for which an expression is true (-x: false)",
      .usage = "filter [-x] EXPR",
      .description = "Keeps the records for which EXPR is true. A field compared with a number is "
                     "read as a number, and text that is not a number (N/A, unknown) is then null; a "
                     "missing or empty field is null, and a comparison with null is false. When no "
                     "record is kept, csv and tsv output still has the header line. A field that no "
                     "record has gets a note on stderr, with the nearest name. See weir help "
                     "expressions and EXPRESSIONS in weir(1).",
      .options = {{"-x", "--invert", "", "keep the records for which EXPR is not true"}},
      .min_args = 1,
      .max_args = 1,
      .examples = {{"weir filter 'status >= 500' examples/access.csv", "server errors"},
                   {"weir filter 'method == \"POST\" and latency_ms > 200' examples/access.csv",
                    "slow POSTs"},
                   {"weir filter -x 'path =~ \"^/static/\"' examples/access.csv", "everything but static files"}},
      .make = [](const StageSpec& spec) -> std::unique_ptr<Stage> {
        return std::make_unique<Filter>(compile_for("filter", spec.args.at(0)), spec.flag("invert"),
                                        spec.context ? spec.context->types : DeclaredTypes{});
      },
  };
}

}  // namespace weir
