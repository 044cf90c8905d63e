// repeat -n N | -f FIELD: each record N times, or as many times as its FIELD
// says, as Miller's repeat. With -f, the count is what Miller takes for an
// int (0x10 too; not 3.0, text, an empty value or a JSON string), and a
// record without one, or with one below 1, is left out, as in Miller. Those
// without one are counted, and said in a note on stderr.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/stages/first_header.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/univariate.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

class Repeat final : public Stage {
 public:
  Repeat(std::int64_t count, std::optional<std::string> field) : count_(count), field_(std::move(field)) {}

  bool push(Batch& batch) override {
    result_.see(batch);
    if (batch.empty()) return !result_.goes_on(batch) || emit(batch);  // (a header-only input's header)
    // The copies go out in batches of their own, at most kChunk records
    // each (repeat -n 1000000 holds no million records), whose fields point
    // into the input batch, which they all keep.
    const auto input = std::make_shared<Batch>(std::move(batch));
    Batch out = start(input);
    for (std::size_t r = 0; r < input->size(); ++r) {
      RecordRef record = (*input)[r];
      const std::int64_t copies = count_of(record, *input);
      for (std::int64_t k = 0; k < copies; ++k) {
        out.begin_record(record.where(), record.header());
        for (const Field& f : record.fields()) out.add_field(f);  // (each copy its own fields: put may change one)
        out.last_slot().text = record.text();
        if (out.size() == kChunk) {
          if (!(result_.goes_on(out) && emit(out))) return false;
          out = start(input);
        }
      }
    }
    return out.empty() || (result_.goes_on(out) && emit(out));
  }

  void finish() override {
    // nothing went out: the header still does, so the output has its columns
    Batch out;
    if (result_.bare(out)) emit(out);
    next_->finish();
  }

 private:
  static constexpr std::size_t kChunk = 4096;

  static Batch start(const std::shared_ptr<Batch>& input) {
    Batch out;
    out.keep(input);
    out.set_source(input->source_ptr());
    out.plain_delimiter = input->plain_delimiter;
    return out;
  }

  // Miller's count: -n's, or the field's when Miller holds it as an int
  // (0 when it does not: the record is left out, and counted for the note).
  std::int64_t count_of(const RecordRef& record, const Batch& batch) {
    if (!field_) return count_;
    const Field* f = record.find(*field_);
    if (f && miller_type(*f) == MillerType::int_) {
      if (std::optional<std::int64_t> n = miller_integer(*f)) return *n;
    }
    LeftOut& out = f ? not_integer_ : lacking_;
    if (out.count++ == 0) {
      out.first = fmt::format("{}:{}{}", batch.source(), record.where().line,
                              f ? fmt::format(": '{}'", clipped(f->value)) : "");
    }
    return 0;
  }

 public:
  void notes(std::vector<std::string>& out) const override {
    if (!field_) return;
    auto note = [&](const LeftOut& left, std::string_view why) {
      if (left.count == 0) return;
      out.push_back(fmt::format("repeat: {} record{} left out: {} (the first, at {})", left.count,
                                left.count == 1 ? "" : "s", why, left.first));
    };
    note(not_integer_, fmt::format("{} is not an integer", *field_));
    note(lacking_, fmt::format("no field {}", *field_));
  }

 private:
  struct LeftOut {
    std::int64_t count = 0;
    std::string first;  // where the first was, and its value
  };
  LeftOut not_integer_;  // records whose field holds no integer
  LeftOut lacking_;      // records without the field

  std::int64_t count_;
  std::optional<std::string> field_;
  EmptyResult result_;  // the header of an empty result
};

// -n and -f: given both, the last one counts, as in Miller.
struct RepeatOptions {
  std::optional<std::int64_t> count;
  std::optional<std::string> field;
};

void set_count(RepeatOptions& o, const std::string& value) {
  o.count = count_value(value);
  o.field.reset();
}

void set_field(RepeatOptions& o, const std::string& value) {
  o.field = value;
  o.count.reset();
}

}  // namespace

StageInfo repeat_stage_info() {
  return with_options<RepeatOptions>(
      {
          .name = "repeat",
          .summary = "each record N times, or as many times as a field says",
          .usage = "repeat {-n N | -f FIELD}",
          .description = "As Miller's repeat: writes each record N times (-n), or the number of times its "
                         "field FIELD holds (-f), when that is an integer as Miller reads one (0x10 too, "
                         "not 3.0); a record lacking FIELD, or whose FIELD holds anything else, is left "
                         "out (a note on stderr says how many and where the first was), and so is one "
                         "whose count is 0 or less. Given both -n and -f, the last "
                         "one counts, as in Miller. When no record is written, the CSV or TSV header "
                         "line still is, as after filter.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir repeat -n 3 then head -n 6 examples/access.csv", "each record three times"},
                       {"weir count -g method then repeat -f count then count -g method examples/access.csv",
                        "counts made back into that many records (and counted again)"}},
      },
      {{{"-n", "--count", "N", "write each record N times", OptionKind::count}, set_count},
       {{"-f", "--field", "FIELD", "write each record as many times as FIELD says", OptionKind::text},
        set_field}},
      [](const RepeatOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        if (!o.count && !o.field) throw UsageError("repeat: one of -n N or -f FIELD is required");
        return std::make_unique<Repeat>(o.count.value_or(0), o.field);
      });
}

}  // namespace weir
