#include <catch2/catch.hpp>

#include "core/errors/error.hpp"
#include "tests/unit/test_support.hpp"

using weir::test::convert;

TEST_CASE("csv: quoted delimiters, doubled quotes and newlines survive csv to jsonl", "[csv]") {
  std::string in = "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"two\nlines\",2\n";
  CHECK(convert(in, "csv", "jsonl") ==
        "{\"a\":\"x,y\",\"b\":\"say \\\"hi\\\"\"}\n{\"a\":\"two\\nlines\",\"b\":2}\n");
}
