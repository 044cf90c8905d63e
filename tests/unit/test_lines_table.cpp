// lines reader/writer and the table writer.

#include <catch2/catch.hpp>

#include "tests/unit/test_support.hpp"

using weir::test::convert;
using weir::test::read_all;
using weir::test::write_records;

TEST_CASE("lines: every line is a record, blank ones too", "[lines]") {
  auto r = read_all("a b\n\nc\r\n\xEF\xBB\xBFnot-a-bom\nlast", "lines");
  CHECK(r.text() == "line=a b\nline=\nline=c\nline=\xEF\xBB\xBFnot-a-bom\nline=last\n");
  CHECK(r.lines == std::vector<std::int64_t>{1, 2, 3, 4, 5});
}

TEST_CASE("lines: a byte order mark at the start is dropped", "[lines]") {
  CHECK(read_all("\xEF\xBB\xBFx\n", "lines").text() == "line=x\n");
}

TEST_CASE("lines: an empty input has no records and a final newline adds none", "[lines]") {
  CHECK(read_all("", "lines").records.empty());
  CHECK(read_all("a\n", "lines").records.size() == 1);
  CHECK(read_all("\n", "lines").text() == "line=\n");
}

TEST_CASE("lines writer: values are joined by a space", "[lines][writer]") {
  CHECK(write_records("lines", {{{"a", "1"}, {"b", "x y"}}, {{"line", ""}}, {}}) == "1 x y\n\n\n");
}

TEST_CASE("lines: text goes through unchanged except for CRLF", "[lines]") {
  CHECK(convert("a,b\n\n\"q\"\r\n", "lines", "lines") == "a,b\n\n\"q\"\n");
}

TEST_CASE("lines: every block size reads the same records", "[lines][blocks]") {
  const std::string in = "\xEF\xBB\xBFone\r\n\ntwo three\n\r\nfour";
  auto expected = read_all(in, "lines");
  CHECK(expected.text() == "line=one\nline=\nline=two three\nline=\nline=four\n");
  for (std::size_t size = 1; size <= 32; ++size) {
    INFO("block size " << size);
    weir::ReadOptions read;
    read.block_size = size;
    auto got = read_all(in, "lines", read);
    CHECK(got.records == expected.records);
    CHECK(got.lines == expected.lines);
  }
}

// ------------------------------------------------------------------ table

TEST_CASE("table: columns are aligned by the widest value, in characters", "[table][writer]") {
  CHECK(write_records("table", {{{"name", "Zo\xC3\xAB"}, {"city", "K\xC3\xB8" "benhavn"}, {"n", "1"}},
                                {{"name", "Bartholomew"}, {"city", "Rome"}, {"n", "22"}}}) ==
        "name         city       n\n"
        "Zo\xC3\xAB          K\xC3\xB8" "benhavn  1\n"
        "Bartholomew  Rome       22\n");
}

TEST_CASE("table: an empty value shows as a dash", "[table][writer]") {
  CHECK(write_records("table", {{{"a", ""}, {"b", "x"}}, {{"a", "1"}, {"b", ""}}}) ==
        "a  b\n"
        "-  x\n"
        "1  -\n");
}

TEST_CASE("table: line breaks and tabs inside values become spaces", "[table][writer]") {
  CHECK(write_records("table", {{{"a", "x\ny\tz\r"}, {"b", "1"}}}) ==
        "a       b\n"
        "x y z   1\n");
}

TEST_CASE("table: other control characters show as a dot, in names too", "[table][writer]") {
  CHECK(write_records("table", {{{"a\nb", "\x1b[31mred\x7f"}, {"c", "1"}}}) ==
        "a b        c\n"
        ".[31mred.  1\n");
}

TEST_CASE("table: new field names start a new table after a blank line", "[table][writer]") {
  CHECK(write_records("table", {{{"a", "1"}}, {{"a", "22"}}, {{"long_name", "x"}, {"b", "y"}}}) ==
        "a\n1\n22\n\nlong_name  b\nx          y\n");
}

TEST_CASE("table: without a header only the rows are aligned", "[table][writer]") {
  weir::WriteOptions write;
  write.header = false;
  CHECK(write_records("table", {{{"long_name", "x"}, {"b", "y"}}, {{"long_name", "xyz"}, {"b", "w"}}},
                      write) ==
        "x    y\n"
        "xyz  w\n");
}

TEST_CASE("table: no records print nothing", "[table][writer]") {
  CHECK(convert("a,b\n", "csv", "table") == "");
}
