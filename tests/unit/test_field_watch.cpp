// FieldWatch: the notes filter and derive leave about a field no record has
// (with the nearest name) and a bare number that names a field (issue 13).

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/expr/field_watch.hpp"
#include "tests/unit/test_expr_support.hpp"

using weir::expr::Expression;
using weir::expr::FieldWatch;
using weir::test::Records;

namespace {

std::vector<std::string> notes_for(const std::string& source, Records& records) {
  auto expression = Expression::compile(source);
  FieldWatch watch(expression);
  for (std::size_t i = 0; i < records.size(); ++i) watch.see(records.batch()[i]);
  std::vector<std::string> out;
  watch.notes("filter", expression.source(), out);
  return out;
}

}  // namespace

TEST_CASE("field watch: a field no record has is named, with the nearest name", "[expr]") {
  Records r("id,status,path\n1,200,/a\n", "csv");
  CHECK(notes_for("stauts >= 500", r) ==
        std::vector<std::string>{"filter: no record has the field 'stauts' (did you mean 'status'?)"});
  CHECK(notes_for("status >= 500 and path == '/a'", r).empty());
  CHECK(notes_for("xyzzy == 1", r) == std::vector<std::string>{"filter: no record has the field 'xyzzy'"});
}

TEST_CASE("field watch: a field that some record has is not named", "[expr]") {
  Records r("{\"a\":1}\n{\"b\":2}\n", "jsonl");
  CHECK(notes_for("b == 2", r).empty());
  CHECK(notes_for("a == 1 or c == 1", r) ==
        std::vector<std::string>{"filter: no record has the field 'c' (did you mean 'a'?)"});  // names of the first record without it
}

TEST_CASE("field watch: a path into JSON counts as seen when its first field is there", "[expr]") {
  Records r("{\"req\":{\"host\":\"x\"},\"items\":[1]}\n", "jsonl");
  CHECK(notes_for("req.nohost == 1 and items[3] == 1", r).empty());
  CHECK(notes_for("rq.host == 1", r) ==
        std::vector<std::string>{"filter: no record has the field 'rq.host' (did you mean 'req.host'?)"});
}

TEST_CASE("field watch: a bare number that names a field gets a hint", "[expr]") {
  Records r("1,2\na,30\n", "csv");  // read with a header: the fields are named 1 and 2
  CHECK(notes_for("2 > 26", r) ==
        std::vector<std::string>{"filter: 2 in '2 > 26' is the number 2; the field named 2 is written `2`"});
  CHECK(notes_for("`2` > 26", r).empty());
  CHECK(notes_for("3 > 26", r).empty());
}

TEST_CASE("field watch: no records, no notes", "[expr]") {
  auto expression = Expression::compile("stauts > 1");
  FieldWatch watch(expression);
  std::vector<std::string> out;
  watch.notes("filter", expression.source(), out);
  CHECK(out.empty());
  CHECK(!watch.saw_record());
}
