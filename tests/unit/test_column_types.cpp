// ColumnTypes: each column's type, declared (by name or by "*") or decided by
// the first batch holding a value in it, then fixed for the run.

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "core/record/batch.hpp"
#include "core/record/column_types.hpp"

using weir::Batch;
using weir::ColumnType;
using weir::ColumnTypes;
using weir::DeclaredTypes;
using weir::Field;
using weir::Provenance;

namespace {

// One record per row, fields named by `names`, values as text.
Batch batch_of(const std::vector<std::string>& names, const std::vector<std::vector<std::string>>& rows) {
  Batch batch;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    batch.begin_record(Provenance{static_cast<std::int64_t>(r + 1), 0});
    // the batch keeps names and values (the vectors here are temporaries)
    for (std::size_t i = 0; i < names.size(); ++i) {
      batch.add_field(Field(batch.store(names[i]), batch.store(rows[r][i])));
    }
  }
  return batch;
}

}  // namespace

TEST_CASE("column types: inferred from the first batch with a value, then fixed", "[column_types]") {
  ColumnTypes types;
  Batch first =
      batch_of({"zip", "n", "ok", "note"}, {{"02134", "1", "true", ""}, {"10001", "2.5", "False", ""}});
  types.learn(first);
  CHECK(types.type_of("zip") == ColumnType::str);  // a leading zero: not a plain integer
  CHECK(types.type_of("n") == ColumnType::real);   // int and float widen to float
  CHECK(types.type_of("ok") == ColumnType::boolean);
  CHECK(types.type_of("note") == ColumnType::unknown);  // no value yet
  CHECK_FALSE(types.declared("n"));
  Batch second = batch_of({"zip", "n", "ok", "note"}, {{"abc", "x", "1", "7"}});
  types.learn(second);
  CHECK(types.type_of("n") == ColumnType::real);  // fixed: "x" is a misfit, not a new type
  CHECK(types.type_of("note") == ColumnType::integer);
}

TEST_CASE("column types: a declared column is never inferred", "[column_types]") {
  ColumnTypes types(DeclaredTypes{{"zip", ColumnType::str}, {"n", ColumnType::real}});
  Batch batch = batch_of({"zip", "n", "id"}, {{"12345", "3", "7"}});
  types.learn(batch);
  CHECK(types.type_of("zip") == ColumnType::str);
  CHECK(types.type_of("n") == ColumnType::real);
  CHECK(types.type_of("id") == ColumnType::integer);  // not declared: inferred
  CHECK(types.declared("zip"));
  CHECK_FALSE(types.declared("id"));
}

TEST_CASE("column types: \"*\" types every column not named, from first sight", "[column_types]") {
  ColumnTypes types(DeclaredTypes{{"*", ColumnType::str}, {"n", ColumnType::integer}});
  // before any batch: "*" is a declaration, not a guess
  CHECK(types.type_of("zip") == ColumnType::str);
  CHECK(types.declared("zip"));
  CHECK(types.declared("n"));
  Batch batch = batch_of({"zip", "n", "ok"}, {{"12345", "3", "true"}, {"", "", ""}});
  types.learn(batch);
  CHECK(types.type_of("zip") == ColumnType::str);
  CHECK(types.type_of("ok") == ColumnType::str);         // "true" is not read as a bool
  CHECK(types.type_of("n") == ColumnType::integer);      // named: its own type
  CHECK(types.type_of(batch[0], 0) == ColumnType::str);  // by position, too
  CHECK(types.type_of(batch[0], 1) == ColumnType::integer);
  CHECK(types.type_of("never-seen") == ColumnType::str);
}

TEST_CASE("column types: \"*\" as a number type reads text in other columns as misfits", "[column_types]") {
  ColumnTypes types(DeclaredTypes{{"*", ColumnType::integer}});
  Batch batch = batch_of({"a", "b"}, {{"1", "x"}});
  types.learn(batch);
  CHECK(types.type_of("b") == ColumnType::integer);
  CHECK(weir::read_as(types.type_of("b"), "x") == weir::Reading::misfit);
  CHECK(weir::read_as(types.type_of("b"), "NA") == weir::Reading::missing);
}
