#pragma once
/// What clean-whitespace and unspace do to each record: a rewrite of text
/// applied to the names, the values, or both, as Miller's verbs do it.

#include <string>
#include <string_view>
#include <vector>

#include "core/record/batch.hpp"
#include "core/stages/put_field.hpp"

namespace weir {

class TextRewrite {
 public:
  TextRewrite(bool names, bool values) : names_(names), values_(values) {}

  /// Rewrites the records of `batch` by `rewrite(text, out)`, which writes
  /// the new text into `out` and returns false when it is the same. Only
  /// text values change, not JSON numbers, booleans, null, objects or arrays
  /// (Miller changes its string values alone); a value rewritten is a string
  /// in JSON output, as Miller's. Names rewritten onto one another make one
  /// field, in the first one's place with the last one's value (put_field).
  template <class Rewrite>
  void apply(Batch& batch, Rewrite rewrite) {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      bool renamed = false;
      for (Field& f : record.fields()) {
        if (values_ && f.kind != ValueKind::json && rewrite(f.value, text_)) {
          f.set_value(batch.store(text_), ValueKind::string);
        }
        if (names_ && rewrite(f.name, text_)) {
          f.name = batch.store(text_);
          renamed = true;
        }
      }
      if (!renamed) continue;
      scratch_.clear();
      for (const Field& f : record.fields()) put_field(scratch_, f);
      batch.replace_fields(r, scratch_);  // (no header: the names are not the input's)
    }
  }

 private:
  bool names_;
  bool values_;
  std::string text_;
  std::vector<Field> scratch_;
};

}  // namespace weir
