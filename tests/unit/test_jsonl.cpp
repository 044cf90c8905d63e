// JSON Lines reader: types, raw text, record shapes and error locations.

#include <catch2/catch.hpp>

#include "tests/unit/test_support.hpp"

using weir::test::convert;
using weir::test::read_all;
using weir::test::read_error;

TEST_CASE("jsonl: keys keep their order", "[jsonl]") {
  CHECK(read_all("{\"b\":1,\"a\":2,\"c\":3}\n", "jsonl").text() == "b:=1 a:=2 c:=3\n");
  CHECK(convert("{\"b\":1,\"a\":2,\"c\":3}\n", "jsonl", "csv") == "b,a,c\n1,2,3\n");
}

TEST_CASE("jsonl: nested objects and arrays are kept as their raw JSON text", "[jsonl]") {
  const std::string in = "{\"a\":{\"x\":[1, 2],\"y\":{}},\"b\":[ ],\"c\":[{\"d\":\"}\"}]}\n";
  CHECK(read_all(in, "jsonl").text() ==
        "a:={\"x\":[1, 2],\"y\":{}} b:=[ ] c:=[{\"d\":\"}\"}]\n");
  CHECK(convert(in, "jsonl", "jsonl") == in);
}

TEST_CASE("jsonl: strings are unescaped", "[jsonl]") {
  auto r = read_all("{\"s\":\"a\\\"b\\\\c\\nd\\u00e9\\ud83d\\ude00\\/\",\"k\\u0041\":\"plain\"}\n", "jsonl");
  REQUIRE(r.records.size() == 1);
  CHECK(r.records[0][0].value == "a\"b\\c\nd\xC3\xA9\xF0\x9F\x98\x80/");
  CHECK(r.records[0][0].kind == weir::ValueKind::string);
  CHECK(r.records[0][1].name == "kA");
  CHECK(r.records[0][1].value == "plain");
}

TEST_CASE("jsonl: numbers and booleans keep their exact text; null is an empty JSON value", "[jsonl]") {
  const std::string in = "{\"a\":12.300,\"b\":-0,\"c\":1E+5,\"d\":true,\"e\":null,\"f\":123456789012345678901234}\n";
  CHECK(read_all(in, "jsonl").text() ==
        "a:=12.300 b:=-0 c:=1E+5 d:=true e:= f:=123456789012345678901234\n");
  CHECK(convert(in, "jsonl", "jsonl") == in);
}

TEST_CASE("jsonl: whitespace around values is not part of them", "[jsonl]") {
  CHECK(read_all("  { \"a\" : 1 , \"b\" : \"x\" , \"c\" : [1] }  \r\n", "jsonl").text() ==
        "a:=1 b$=x c:=[1]\n");
}

TEST_CASE("jsonl: a top-level array is a list of records", "[jsonl]") {
  auto r = read_all("[{\"a\":1},{\"a\":2}, 3, \"x\", [4]]\n", "jsonl");
  CHECK(r.text() == "a:=1\na:=2\nvalue:=3\nvalue$=x\nvalue:=[4]\n");
}

TEST_CASE("jsonl: a top-level array over several lines is a list of records", "[jsonl]") {
  auto r = read_all("[\n  {\"a\":1},\n  {\"a\":2}\n]\n", "jsonl");
  CHECK(r.text() == "a:=1\na:=2\n");
  CHECK(r.lines == std::vector<std::int64_t>{2, 3});
}

TEST_CASE("jsonl: a pretty-printed array with objects at the start of lines is a list of records",
          "[jsonl]") {
  auto r = read_all("[\n{\"a\":1},\n{\"a\":2}\n]\n", "jsonl");
  CHECK(r.text() == "a:=1\na:=2\n");
}

TEST_CASE("jsonl: a scalar at the top level is a record with the field value", "[jsonl]") {
  auto r = read_all("42\n\"hi\\n\"\ntrue\nnull\n-1.50\n", "jsonl");
  CHECK(r.text() == "value:=42\nvalue$=hi\n\nvalue:=true\nvalue:=\nvalue:=-1.50\n");
  CHECK(r.lines == std::vector<std::int64_t>{1, 2, 3, 4, 5});
}

TEST_CASE("jsonl: a value may span lines", "[jsonl]") {
  auto r = read_all("{\"a\":\n  1,\n  \"b\": 2\n}  \r\n{\"a\":3}\n\n{\"a\":\n5}\n", "jsonl");
  CHECK(r.text() == "a:=1 b:=2\na:=3\na:=5\n");
  CHECK(r.lines == std::vector<std::int64_t>{1, 5, 7});
}

TEST_CASE("jsonl: text after a value on its line is an error", "[jsonl][errors]") {
  auto e = read_error("{\"a\":1}\n{\"a\":3} {\"a\":4}\n", "jsonl");
  REQUIRE(e);
  CHECK(e->line == 2);
  CHECK(e->column == 9);
  CHECK(e->message == "unexpected text after the JSON value");
  auto spanning = read_error("{\"a\":\n3} x\n", "jsonl");
  REQUIRE(spanning);
  CHECK(spanning->line == 2);
  CHECK(spanning->column == 4);
  CHECK(spanning->excerpt == "3} x");
}

TEST_CASE("jsonl: BOM, CRLF and blank lines", "[jsonl]") {
  auto r = read_all("\xEF\xBB\xBF{\"a\":1}\r\n\r\n\n{\"a\":2}", "jsonl");
  CHECK(r.text() == "a:=1\na:=2\n");
  CHECK(r.lines == std::vector<std::int64_t>{1, 4});
}

TEST_CASE("jsonl: a repeated key is kept under a new name", "[jsonl]") {
  // unlike a CSV header's, an empty JSON key stays empty: it round-trips
  CHECK(read_all("{\"a\":1,\"a\":2,\"\":3}\n", "jsonl").text() == "a:=1 a_2:=2 :=3\n");
}

TEST_CASE("jsonl: an empty object is a record with no fields", "[jsonl]") {
  auto r = read_all("{}\n{\"a\":1}\n", "jsonl");
  REQUIRE(r.records.size() == 2);
  CHECK(r.records[0].empty());
}

// ------------------------------------------------------------------ errors

TEST_CASE("jsonl: a bad literal is reported at its line and column", "[jsonl][errors]") {
  auto e = read_error("{\"a\":1}\n{\"a\":tru}\n{\"a\":2}\n", "jsonl");
  REQUIRE(e);
  CHECK(e->file == "in.txt");
  CHECK(e->line == 2);
  CHECK(e->column == 6);
  CHECK(e->message == "invalid literal (expected true)");
  CHECK(e->excerpt == "{\"a\":tru}");
}

TEST_CASE("jsonl: a missing closing brace is reported", "[jsonl][errors]") {
  auto e = read_error("{\"a\":1}\n{\"a\":1\n{\"a\":2}\n", "jsonl");
  REQUIRE(e);
  CHECK(e->line == 2);
  CHECK(e->message == "unclosed object or array");
}

TEST_CASE("jsonl: an unterminated string is reported", "[jsonl][errors]") {
  auto e = read_error("{\"a\":\"open}\n", "jsonl");
  REQUIRE(e);
  CHECK(e->line == 1);
  CHECK(e->message == "unterminated string");
}

TEST_CASE("jsonl: invalid UTF-8 is reported at the bad byte", "[jsonl][errors]") {
  auto e = read_error("{\"a\":\"ok\"}\n{\"a\":\"\xC3\xA9\xFF\"}\n", "jsonl");
  REQUIRE(e);
  CHECK(e->line == 2);
  CHECK(e->column == 8);
  CHECK(e->kind == weir::DataErrorKind::invalid_utf8);
  CHECK(e->message ==
        "invalid UTF-8 (byte 0xFF); if the file is Latin-1 or Windows-1252, read it with "
        "--encoding latin1 or --encoding cp1252");
}

TEST_CASE("jsonl: a bad number is reported", "[jsonl][errors]") {
  auto e = read_error("{\"a\":01}\n", "jsonl");
  REQUIRE(e);
  CHECK(e->line == 1);
  CHECK(e->message == "invalid number");
}

TEST_CASE("jsonl: on-error skip drops the bad line and reads on", "[jsonl][errors]") {
  auto r = read_all("{\"a\":1}\n{\"a\":\n{\"a\":2}\nnope\n{\"a\":3}\n", "jsonl", {}, weir::OnError::skip);
  CHECK(r.text() == "a:=1\na:=2\na:=3\n");
  CHECK(r.lines == std::vector<std::int64_t>{1, 3, 5});
  CHECK(r.skipped == 2);
}

TEST_CASE("jsonl: on-error skip resumes on the next line even when a block ends first",
          "[jsonl][errors][blocks]") {
  // BlockParser::skip_line carries "skip the rest of this line" into the next block.
  const std::string in = "{\"a\":1}\n{\"a\":\n1 2}zzzzzzzzzz\n{\"a\":2}\n";
  for (std::size_t size : {1, 2, 3, 8, 12, 20}) {
    INFO("block size " << size);
    weir::ReadOptions read;
    read.block_size = size;
    auto r = read_all(in, "jsonl", read, weir::OnError::skip);
    CHECK(r.text() == "a:=1\na:=2\n");
    CHECK(r.skipped == 1);
  }
}

// ------------------------------------------------------------ block sizes

TEST_CASE("jsonl: every block size reads the same records", "[jsonl][blocks]") {
  const std::string in =
      "\xEF\xBB\xBF{\"id\":1,\"s\":\"a\\\"b\\u00e9\",\"n\":{\"x\":[1,2]}}\r\n"
      "\n"
      "{\"id\":2,\n  \"s\": \"multi\"\n}\n"
      "[{\"id\":3},{\"id\":4}]\n"
      "\"scalar\"\n"
      "{\"id\":5}  \n{\"id\":\n6}\n"
      "12.50";
  auto expected = read_all(in, "jsonl");
  CHECK(expected.text() ==
        "id:=1 s$=a\"b\xC3\xA9 n:={\"x\":[1,2]}\n"
        "id:=2 s$=multi\n"
        "id:=3\nid:=4\n"
        "value$=scalar\n"
        "id:=5\nid:=6\n"
        "value:=12.50\n");
  CHECK(expected.lines == std::vector<std::int64_t>{1, 3, 6, 6, 7, 8, 9, 11});
  for (std::size_t size = 1; size <= 64; ++size) {
    INFO("block size " << size);
    weir::ReadOptions read;
    read.block_size = size;
    auto got = read_all(in, "jsonl", read);
    CHECK(got.records == expected.records);
    CHECK(got.lines == expected.lines);
  }
}

TEST_CASE("jsonl: every block size reports an error at the same place", "[jsonl][blocks][errors]") {
  const std::string in = "{\"a\":1}\n{\"a\":\n 2}\n{\"a\":[1,}\n{\"a\":3}\n";
  for (std::size_t size = 1; size <= 40; ++size) {
    INFO("block size " << size);
    weir::ReadOptions read;
    read.block_size = size;
    auto e = read_error(in, "jsonl", read);
    REQUIRE(e);
    CHECK(e->line == 4);
    CHECK(e->excerpt == "{\"a\":[1,}");
    auto r = read_all(in, "jsonl", read, weir::OnError::skip);
    CHECK(r.text() == "a:=1\na:=2\na:=3\n");
    CHECK(r.skipped == 1);
  }
}
