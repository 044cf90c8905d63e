// filter EXPR: keeps the records for which EXPR is true (-x: false).

#include <atomic>

#include "core/errors/error.hpp"
#include "core/expr/expression.hpp"
#include "core/expr/field_watch.hpp"
#include "core/record/header.hpp"
#include "core/stages/first_header.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class Filter final : public Stage {
 public:
  Filter(expr::Expression expression, bool invert, const DeclaredTypes& types)
      : expression_(std::move(expression)), watch_(expression_), invert_(invert) {
    expression_.use_types(types);
  }

  void hand_back() override {
    if (!original_) return;
    original_->watch_.merge(watch_);
    original_->result_.merge(result_);
  }

  // Copies run on other threads once this stage has seen the run's first
  // record and decided the column types (in input order: a copy starting
  // mid-file would decide otherwise, N/A in a number column is null).
  bool per_record() const override { return true; }

  void follow(Stage& original) override {
    original_ = &static_cast<Filter&>(original);
    original_->expression_.share_types(expression_);
    watch_.watch_as_copy();
  }

  bool ready() override {
    return original_->started_.load(std::memory_order_acquire) && expression_.types_ready();
  }

  bool push(Batch& batch) override {
    expression_.prepare(batch);
    keep_.resize(batch.size());
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      watch_.see(record);
      keep_[r] = expression_.evaluate(record, batch).truthy() != invert_;
    }
    if (!batch.empty() && !original_) started_.store(true, std::memory_order_release);
    result_.see(batch);
    batch.keep_if(keep_);
    // (a header-only input: its header goes on, for writers with header lines)
    return !result_.goes_on(batch) || emit(batch);
  }

  void finish() override {
    // nothing kept: the header still goes out, so the output has its columns
    Batch out;
    if (result_.bare(out)) emit(out);
    next_->finish();
  }

  void notes(std::vector<std::string>& out) const override { watch_.notes("filter", expression_.source(), out); }

  // (and the bare numbers, which the watch looks for in the first record)
  std::optional<FieldUse> field_use() const override {
    FieldUse use{expression_.fields(), true};
    use.reads.insert(use.reads.end(), expression_.bare_numbers().begin(), expression_.bare_numbers().end());
    return use;
  }

 private:
  expr::Expression expression_;
  expr::FieldWatch watch_;
  bool invert_;
  std::vector<bool> keep_;
  EmptyResult result_;  // the header of an empty result
  Filter* original_ = nullptr;        // on a copy: the stage it copies
  std::atomic<bool> started_{false};  // it has evaluated a record: copies may run
};

struct FilterOptions {
  bool invert = false;
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
  return with_options<FilterOptions>(
      {
          .name = "filter",
          .summary = "keep the records for which an expression is true (-x: false)",
          .usage = "filter [-x] EXPR",
          .description = "Keeps the records for which EXPR is true. A field compared with a number is "
                         "read as a number, and text that is not a number (N/A, unknown) is then null; a "
                         "missing or empty field is null, and a comparison with null is false. When no "
                         "record is kept, csv and tsv output still has the header line. A field that no "
                         "record has gets a note on stderr, with the nearest name. See weir help "
                         "expressions and EXPRESSIONS in weir(1).",
          .min_args = 1,
          .max_args = 1,
          .arg_kind = OptionKind::expression,
          .examples = {{"weir filter 'status >= 500' examples/access.csv", "server errors"},
                       {"weir filter 'method == \"POST\" and latency_ms > 200' examples/access.csv",
                        "slow POSTs"},
                       {"weir filter -x 'path =~ \"^/static/\"' examples/access.csv", "everything but static files"}},
      },
      {{{"-x", "--invert", "", "keep the records for which EXPR is not true", OptionKind::flag},
        sets<&FilterOptions::invert>}},
      [](const FilterOptions& o, const StageSpec& spec) -> std::unique_ptr<Stage> {
        return std::make_unique<Filter>(compile_for("filter", spec.args.at(0)), o.invert,
                                        spec.context ? spec.context->types : DeclaredTypes{});
      });
}

}  // namespace weir
