// The expression compiler and evaluator on any text. The input is an
// expression, then (after a line break) CSV records it is evaluated on:
// compiling either succeeds or throws ExprError with a column inside the
// text (the caret must land on it); evaluating never throws or crashes,
// whatever the records hold (nested JSON, numbers, text, nothing).

#include "core/expr/expression.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace weir;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::size_t nl = text.find('\n');
  std::string_view source = text.substr(0, nl);
  std::string records = nl == std::string_view::npos ? std::string() : std::string(text.substr(nl + 1));
  std::optional<expr::Expression> e;
  try {
    e.emplace(expr::Expression::compile(source));
  } catch (const expr::ExprError& error) {
    if (error.column > source.size() + 1) {
      fuzz::mismatch(fmt::format("ExprError column {} past the end", error.column), source, error.message);
    }
    (void)expr::format_expr_error("filter", source, error);
    return 0;
  }
  // the fields of a record: a header the expression's fields are likely to
  // name, one row of fixed values, then the fuzzer's rows
  std::string input = "a,b,c,status,path,ts,j,x.y\n1,2.5,text,500,/api/v1/x,2024-01-02T03:04:05Z,\"{\"\"k\"\":[1,{\"\"m\"\":null}]}\",-0\n";
  input += records;
  ErrorPolicy errors(OnError::skip);
  ReadOptions options;
  options.delimiter = ',';
  options.header = true;
  options.max_record_size = 4096;
  auto reader = make_csv_reader(memory_source(input, "fuzz.csv"), options, errors);
  Batch batch;
  int evaluated = 0;
  DeclaredTypes types;
  if (!source.empty() && (source[0] & 1)) e->use_types(types);
  try {
    while (reader->read(batch) && evaluated < 64) {
      e->prepare(batch);
      for (std::size_t r = 0; r < batch.size() && evaluated < 64; ++r, ++evaluated) {
        expr::Value v = e->evaluate(batch[r], batch);
        char buffer[weir::kNumberTextMost];
        (void)expr::text_of(v, buffer, sizeof buffer);
        (void)v.truthy();
      }
    }
  } catch (const InputError&) {
  }
  return 0;
}
