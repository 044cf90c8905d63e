// TSV reader and writer: escapes, headers, ragged rows.

#include <catch2/catch.hpp>

#include "tests/unit/test_support.hpp"

using weir::test::convert;
using weir::test::read_all;
using weir::test::read_error;
using weir::test::write_records;

// The IANA reader, with escapes, as weir writes TSV (--strict; sniffed
// input without escaped backslashes is read as spreadsheets write TSV, below).
weir::ReadOptions tsv_strict() {
  weir::ReadOptions read;
  read.strict = true;
  return read;
}

TEST_CASE("tsv: fields split on tabs, header first", "[tsv]") {
  auto r = read_all("a\tb\n1\t2\n\t\n", "tsv", tsv_strict());
  CHECK(r.text() == "a=1 b=2\na= b=\n");
  CHECK(r.lines == std::vector<std::int64_t>{2, 3});
}

TEST_CASE("tsv: backslash escapes are unescaped in values and names", "[tsv]") {
  auto r = read_all("a\\tb\tc\nx\\ty\tl1\\nl2\\r\\\\\n", "tsv", tsv_strict());
  REQUIRE(r.records.size() == 1);
  CHECK(r.records[0][0].name == "a\tb");
  CHECK(r.records[0][0].value == "x\ty");
  CHECK(r.records[0][1].value == "l1\nl2\r\\");
}

TEST_CASE("tsv: an unknown escape and a trailing backslash are kept as they are", "[tsv]") {
  auto r = read_all("a\tb\n\\q\tend\\\n", "tsv", tsv_strict());
  REQUIRE(r.records.size() == 1);
  CHECK(r.records[0][0].value == "\\q");
  CHECK(r.records[0][1].value == "end\\");
}

TEST_CASE("tsv: BOM, CRLF and blank lines", "[tsv]") {
  auto r = read_all("\xEF\xBB\xBF" "a\tb\r\n\r\n1\t2\r\n\n3\t4", "tsv", tsv_strict());
  CHECK(r.text() == "a=1 b=2\na=3 b=4\n");
  CHECK(r.lines == std::vector<std::int64_t>{3, 5});
}

TEST_CASE("tsv writer: tab, newline, CR and backslash are escaped", "[tsv][writer]") {
  CHECK(write_records("tsv", {{{"a\tb", "x\ty"}, {"c", "l1\nl2\rend\\"}, {"d", ""}}}) ==
        "a\\tb\tc\td\nx\\ty\tl1\\nl2\\rend\\\\\t\n");
}

TEST_CASE("tsv: any text survives a round trip through tsv", "[tsv][writer]") {
  const std::string in = "{\"a\":\"x\\ty\",\"b\":\"l1\\nl2\\r\\n\",\"c\":\"back\\\\slash \\\\t\",\"d\":\"\"}\n";
  std::string tsv = convert(in, "jsonl", "tsv");
  CHECK(tsv == "a\tb\tc\td\nx\\ty\tl1\\nl2\\r\\n\tback\\\\slash \\\\t\t\n");
  CHECK(convert(tsv, "tsv", "jsonl") == in);
}

TEST_CASE("tsv writer: new field names start a new block after a blank line", "[tsv][writer]") {
  CHECK(write_records("tsv", {{{"a", "1"}}, {{"b", "2"}, {"c", "3"}}}) == "a\n1\n\nb\tc\n2\t3\n");
}

TEST_CASE("tsv: without a header the fields are named 1 to N", "[tsv]") {
  weir::ReadOptions read = tsv_strict();
  read.header = false;
  CHECK(read_all("x\ty\n1\t2\t3\n", "tsv", read).text() == "1=x 2=y\n1=1 2=2 3=3\n");
}

TEST_CASE("tsv: with another delimiter, a backslash escapes it", "[tsv][writer]") {
  weir::WriteOptions write;
  write.delimiter = '|';
  CHECK(write_records("tsv", {{{"a|b", "x|y"}, {"c", "tab\there\\"}}}, write) ==
        "a\\|b|c\nx\\|y|tab\\there\\\\\n");
  weir::ReadOptions read = tsv_strict();
  read.delimiter = '|';
  auto r = read_all("a\\|b|c\nx\\|y|tab\\there\\\\\n\\\\|2\n", "tsv", read);
  CHECK(r.text() == "a|b=x|y c=tab\there\\\na|b=\\ c=2\n");
}

TEST_CASE("tsv: with another delimiter, any text survives a round trip", "[tsv][writer]") {
  const std::string in = "{\"a|b\":\"x|y\\\\\",\"c\":\"\\\\|\\t|\",\"d\":\"\"}\n";
  weir::ReadOptions read = tsv_strict();
  read.delimiter = '|';
  weir::WriteOptions write;
  write.delimiter = '|';
  std::string tsv = convert(in, "jsonl", "tsv", {}, {}, write);
  CHECK(tsv == "a\\|b|c|d\nx\\|y\\\\|\\\\\\|\\t\\||\n");
  CHECK(convert(tsv, "tsv", "jsonl", {}, read) == in);
}

TEST_CASE("tsv: a row with too many fields is an error at the first extra one", "[tsv][errors]") {
  auto e = read_error("a\tb\n1\t2\n1\t2\t3\n", "tsv", tsv_strict());
  REQUIRE(e);
  CHECK(e->line == 3);
  CHECK(e->column == 5);
  CHECK(e->message == "ragged row: 3 fields where the header has 2");
  CHECK(e->excerpt == "1\t2\t3");
  CHECK(weir::format_data_error(*e) ==
        "weir: in.txt:3:5: ragged row: 3 fields where the header has 2\n"
        "  1 2 3\n"
        "      ^\n");
}

TEST_CASE("tsv: a row with too few fields is an error at its end", "[tsv][errors]") {
  auto e = read_error("a\tb\tc\n1\t2\r\n", "tsv", tsv_strict());
  REQUIRE(e);
  CHECK(e->line == 2);
  CHECK(e->column == 4);
  CHECK(e->message == "ragged row: 2 fields where the header has 3");
}

TEST_CASE("tsv: on-error skip drops ragged rows", "[tsv][errors]") {
  auto r = read_all("a\tb\n1\n2\t3\n4\t5\t6\n", "tsv", tsv_strict(), weir::OnError::skip);
  CHECK(r.text() == "a=2 b=3\n");
  CHECK(r.skipped == 2);
}

TEST_CASE("tsv: every block size reads the same records", "[tsv][blocks]") {
  const std::string in = "\xEF\xBB\xBFid\tna\\tme\r\n1\tx\\\\y\r\n\n2\t\xC3\xBC\\n\n3\t";
  auto expected = read_all(in, "tsv", tsv_strict());
  REQUIRE(expected.records.size() == 3);
  CHECK(expected.lines == std::vector<std::int64_t>{2, 4, 5});
  for (std::size_t size = 1; size <= 48; ++size) {
    INFO("block size " << size);
    weir::ReadOptions read = tsv_strict();
    read.block_size = size;
    auto got = read_all(in, "tsv", read);
    CHECK(got.records == expected.records);
    CHECK(got.lines == expected.lines);
  }
}

TEST_CASE("tsv: as spreadsheets write it, quoted tabs and line breaks, CRLF, backslashes as text", "[tsv]") {
  auto r = read_all("name\tpath\r\n\"a\tb\"\tC:\\temp\\new\r\n\"two\r\nlines\"\tx\r\n", "tsv");
  CHECK(r.text() == "name=a\tb path=C:\\temp\\new\nname=two\r\nlines path=x\n");
}

TEST_CASE("tsv: a file that escapes its backslashes is read with the escapes", "[tsv]") {
  auto r = read_all("a\tb\nC:\\\\temp\tx\\ty\n", "tsv");
  CHECK(r.text() == "a=C:\\temp b=x\ty\n");
}
