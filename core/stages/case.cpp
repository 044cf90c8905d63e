// case (-u|-l|-s|-t) [-k|-v] [-f FIELDS]: upper, lower, sentence or title
// case for field names and text values, as Miller's case. Numbers and JSON
// true/false/null are left alone; letters outside ASCII are cased by the
// C.UTF-8 locale's tables.

#include <clocale>
#include <cwctype>
#include <locale.h>

#include <algorithm>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/formats/utf8.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

enum class Style { upper, lower, sentence, title };

// Decodes one UTF-8 character at text[i] (a bad byte is itself); advances i.
char32_t next_char(std::string_view text, std::size_t& i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = byte(i);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (i + n > text.size()) n = 1;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) n = 1;
  }
  char32_t cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
  for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (byte(i + k) & 0x3F);
  i += n;
  return cp;
}

class Caser {
 public:
  explicit Caser(Style style) : style_(style), locale_(newlocale(LC_CTYPE_MASK, "C.UTF-8", nullptr)) {}
  ~Caser() {
    if (locale_) freelocale(locale_);
  }
  Caser(const Caser&) = delete;
  Caser& operator=(const Caser&) = delete;

  /// `text` in the style; false when nothing changed.
  bool apply(std::string_view text, std::string& out) const {
    out.clear();
    bool word_start = true;  // title case: a letter after a non-letter starts a word
    bool first = true;
    for (std::size_t i = 0; i < text.size();) {
      const std::size_t at = i;
      const char32_t c = next_char(text, i);
      bool up = false;
      switch (style_) {
        case Style::upper: up = true; break;
        case Style::lower: up = false; break;
        case Style::sentence: up = first; break;
        case Style::title: up = word_start; break;
      }
      const char32_t cased = up ? to_upper(c) : to_lower(c);
      if (cased == c) out.append(text.substr(at, i - at));
      else append_utf8(cased, out);
      const bool letter = is_alnum(c) || c == '\'' || c == U'\u2019';
      word_start = !letter;
      first = false;
    }
    return out != text;
  }

 private:
  char32_t to_upper(char32_t c) const {
    if (c < 0x80) return c >= 'a' && c <= 'z' ? c - 32 : c;
    return locale_ ? static_cast<char32_t>(towupper_l(static_cast<wint_t>(c), locale_)) : c;
  }
  char32_t to_lower(char32_t c) const {
    if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + 32 : c;
    return locale_ ? static_cast<char32_t>(towlower_l(static_cast<wint_t>(c), locale_)) : c;
  }
  bool is_alnum(char32_t c) const {
    if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return locale_ && iswalnum_l(static_cast<wint_t>(c), locale_);
  }

  Style style_;
  locale_t locale_;
};

class Case final : public Stage {
 public:
  Case(Style style, bool keys, bool values, std::vector<std::string> fields)
      : caser_(style), keys_(keys), values_(values), fields_(std::move(fields)) {}

  bool per_record() const override { return true; }

  bool push(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      bool renamed = false;
      scratch_.clear();
      for (const Field& field : record.fields()) {
        Field f = field;
        if (chosen(f.name)) {
          if (values_ && is_text(f) && caser_.apply(f.value, text_)) f.set_value(batch.store(text_), f.kind);
          if (keys_ && caser_.apply(f.name, text_)) {
            f.name = batch.store(text_);
            renamed = true;
          }
        }
        // Miller's assignment: a key cased onto one the record has replaces its value there
        auto same = std::find_if(scratch_.begin(), scratch_.end(), [&](const Field& o) { return o.name == f.name; });
        if (same != scratch_.end()) *same = f;
        else scratch_.push_back(f);
      }
      if (renamed) {
        batch.replace_fields(r, scratch_);
      } else {
        for (std::size_t i = 0; i < scratch_.size(); ++i) record[i] = scratch_[i];
      }
    }
    return emit(batch);
  }

 private:
  bool chosen(std::string_view name) const {
    return fields_.empty() || std::find(fields_.begin(), fields_.end(), name) != fields_.end();
  }
  // numbers and JSON's true, false, null keep their spelling, as in Miller
  static bool is_text(const Field& f) {
    if (f.kind == ValueKind::json) return false;
    return f.kind == ValueKind::string || !f.number();
  }

  Caser caser_;
  bool keys_;
  bool values_;
  std::vector<std::string> fields_;
  std::vector<Field> scratch_;
  std::string text_;
};

struct CaseOptions {
  std::optional<Style> style;
  bool keys_only = false;
  bool values_only = false;
  std::vector<std::string> fields;  // (empty: all)
};

// -u, -l, -s, -t: the last one given wins
template <Style style>
void sets_style(CaseOptions& o, const std::string&) {
  o.style = style;
}

std::unique_ptr<Stage> make_case(const CaseOptions& o, const StageSpec&) {
  if (!o.style) {
    throw UsageError("case: one of -u (upper), -l (lower), -s (sentence), -t (title) is required");
  }
  if (o.keys_only && o.values_only) {
    throw UsageError("case: -k (keys only) and -v (values only) exclude each other");
  }
  return std::make_unique<Case>(*o.style, !o.values_only, !o.keys_only, o.fields);
}

}  // namespace

StageInfo case_stage_info() {
  return with_options<CaseOptions>(
      {
          .name = "case",
          .summary = "upper, lower, sentence or title case for field names and values",
          .usage = "case (-u|-l|-s|-t) [-k|-v] [-f FIELDS]",
          .description =
              "As Miller's case: changes the case of field names and text values (numbers and JSON true, "
              "false and null are left alone): -u upper, -l lower, -s sentence (the first letter upper, the "
              "rest lower), -t title (each word's first letter upper, the rest lower; a word starts after a "
              "character that is not a letter, a digit or an apostrophe). -k changes names only, -v values "
              "only; -f only these fields. A name cased onto one the record already has replaces that "
              "field's value, as Miller's assignment does.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir case -u -k examples/access.csv", "field names in upper case"},
                       {"weir case -l -v -f method examples/access.csv", "get, post, ..."}},
      },
      {{{"-u", "--upper", "", "UPPER CASE", OptionKind::flag}, sets_style<Style::upper>},
       {{"-l", "--lower", "", "lower case", OptionKind::flag}, sets_style<Style::lower>},
       {{"-s", "--sentence", "", "Sentence case", OptionKind::flag}, sets_style<Style::sentence>},
       {{"-t", "--title", "", "Title Case", OptionKind::flag}, sets_style<Style::title>},
       {{"-k", "--keys-only", "", "field names only", OptionKind::flag}, sets<&CaseOptions::keys_only>},
       {{"-v", "--values-only", "", "values only", OptionKind::flag}, sets<&CaseOptions::values_only>},
       {{"-f", "--fields", "FIELDS", "only these fields (default: all)", OptionKind::fields},
        sets<&CaseOptions::fields>}},
      make_case);
}

}  // namespace weir
