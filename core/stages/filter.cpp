// filter EXPR: keeps the records for which EXPR is true (-x: false).

#include "core/errors/error.hpp"
#include "core/expr/expression.hpp"
#include "core/stages/stage.hpp"

namespace weir {

namespace {

class Filter final : public Stage {
 public:
  Filter(expr::Expression expression, bool invert) : expression_(std::move(expression)), invert_(invert) {}

  bool per_record() const override { return true; }

  bool push(Batch& batch) override {
    keep_.resize(batch.size());
    for (std::size_t r = 0; r < batch.size(); ++r) {
      keep_[r] = expression_.evaluate(batch[r], batch).truthy() != invert_;
    }
    batch.keep_if(keep_);
    return batch.empty() || emit(batch);
  }

 private:
  expr::Expression expression_;
  bool invert_;
  std::vector<bool> keep_;
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
                     "read as a number; a missing or empty field is null, and a comparison with "
                     "null is false. See EXPRESSIONS in weir(1).",
      .options = {{"-x", "--invert", "", "keep the records for which EXPR is not true"}},
      .min_args = 1,
      .max_args = 1,
      .examples = {{"weir filter 'status >= 500' examples/access.csv", "server errors"},
                   {"weir filter 'method == \"POST\" and latency_ms > 200' examples/access.csv",
                    "slow POSTs"},
                   {"weir filter -x 'path =~ \"^/static/\"' examples/access.csv", "everything but static files"}},
      .make = [](const StageSpec& spec) -> std::unique_ptr<Stage> {
        return std::make_unique<Filter>(compile_for("filter", spec.args.at(0)), spec.flag("invert"));
      },
  };
}

}  // namespace weir
