// logfmt reader and writer.

#include <catch2/catch.hpp>

#include "tests/unit/test_support.hpp"

using weir::test::convert;
using weir::test::read_all;
using weir::test::read_error;
using weir::test::write_records;

TEST_CASE("logfmt: key=value pairs, quoted values with escapes and bare keys", "[logfmt]") {
  auto r = read_all(
      "level=info msg=\"hello \\\"world\\\"\\n\\ttab\\\\\" flag path=/a/b=c empty= q=\"\"\n", "logfmt");
  REQUIRE(r.records.size() == 1);
  CHECK(r.text() ==
        "level=info msg=hello \"world\"\n\ttab\\ flag= path=/a/b=c empty= q=\n");
}

// A backslash before anything but " \\ n t r or \uXXXX is text: a Windows
// path or a regex written without doubled backslashes kept its letters and
// lost every backslash (C:\dir\file read as C:dirfile), unreported.
TEST_CASE("logfmt: a backslash that starts no escape is kept", "[logfmt]") {
  CHECK(convert("path=\"C:\\dir\\file\" re=\"\\d+\\.\\w\"\n", "logfmt", "jsonl") ==
        "{\"path\":\"C:\\\\dir\\\\file\",\"re\":\"\\\\d+\\\\.\\\\w\"}\n");
  CHECK(convert("u=\"\\u00e9\\u20ac\" half=\"\\ud800\" short=\"\\u00e\" end=\"a\\\\\"\n", "logfmt", "jsonl") ==
        "{\"u\":\"\xC3\xA9\xE2\x82\xAC\",\"half\":\"\\\\ud800\",\"short\":\"\\\\u00e\",\"end\":\"a\\\\\"}\n");
}

TEST_CASE("logfmt: spaces and tabs separate pairs, blank lines hold no record", "[logfmt]") {
  auto r = read_all("  a=1 \t b=2  \n\n   \r\nc=3\r\n", "logfmt");
  CHECK(r.text() == "a=1 b=2\nc=3\n");
  CHECK(r.lines == std::vector<std::int64_t>{1, 4});
}

TEST_CASE("logfmt: a quoted value keeps its spaces and equals signs", "[logfmt]") {
  CHECK(read_all("k=\"a b=c\" k2=\"\xC3\xBC\"\n", "logfmt").text() == "k=a b=c k2=\xC3\xBC\n");
}

TEST_CASE("logfmt: records may have different keys", "[logfmt]") {
  CHECK(convert("a=1\nb=2 a=3\n", "logfmt", "jsonl") == "{\"a\":1}\n{\"b\":2,\"a\":3}\n");
}

TEST_CASE("logfmt: a key repeated in a line is kept under a new name", "[logfmt]") {
  CHECK(read_all("a=1 b=2 a=3 a=4 a_2=5\n", "logfmt").text() == "a=1 b=2 a_2=3 a_3=4 a_2_2=5\n");
  CHECK(convert("a=1 a=2\n", "logfmt", "jsonl") == "{\"a\":1,\"a_2\":2}\n");
}

TEST_CASE("logfmt: a pair without a key is an error at the equals sign", "[logfmt][errors]") {
  auto e = read_error("a=1\na=1 =2\n", "logfmt");
  REQUIRE(e);
  CHECK(e->line == 2);
  CHECK(e->column == 5);
  CHECK(e->message == "expected a key before '='");
}

TEST_CASE("logfmt: an unterminated quote is an error at the quote", "[logfmt][errors]") {
  auto e = read_error("a=1 msg=\"open \\\"x\\\"\n", "logfmt");
  REQUIRE(e);
  CHECK(e->line == 1);
  CHECK(e->column == 9);
  CHECK(e->message == "unterminated quoted value of key 'msg'");
  auto trailing = read_error("msg=\"x\\\n", "logfmt");
  REQUIRE(trailing);
  CHECK(trailing->message == "unterminated quoted value of key 'msg'");
}

TEST_CASE("logfmt writer: values are quoted only when they must be", "[logfmt][writer]") {
  CHECK(write_records("logfmt", {{{"a", "plain"},
                                  {"b", "two words"},
                                  {"c", "x=y"},
                                  {"d", "say \"hi\""},
                                  {"e", "back\\slash"},
                                  {"f", "l1\nl2\r\t"},
                                  {"g", ""},
                                  {"h", "\xC3\xBC"},
                                  {"i", "bell\x07"}}}) ==
        "a=plain b=\"two words\" c=\"x=y\" d=\"say \\\"hi\\\"\" e=\"back\\\\slash\" "
        "f=\"l1\\nl2\\r\\t\" g= h=\xC3\xBC i=\"bell\x07\"\n");
}

TEST_CASE("logfmt writer: spaces, equals signs and control characters in keys become '_'",
          "[logfmt][writer]") {
  CHECK(write_records("logfmt", {{{"first name", "Ann"}, {"a=b", "1"}, {"t\tab", "2"}, {"", "3"}, {"q\"k", "4"}}}) ==
        "first_name=Ann a_b=1 t_ab=2 _=3 q\"k=4\n");
  CHECK(convert("first name,x=y\n1,2\n", "csv", "logfmt") == "first_name=1 x_y=2\n");
  CHECK(convert("first_name=1 x_y=2\n", "logfmt", "csv") == "first_name,x_y\n1,2\n");
}

TEST_CASE("logfmt: any value survives a round trip through logfmt", "[logfmt][writer]") {
  const std::string in =
      "{\"a\":\"plain\",\"b\":\"two words\",\"c\":\"x=y\",\"d\":\"say \\\"hi\\\"\","
      "\"e\":\"back\\\\slash\",\"f\":\"l1\\nl2\\r\\t\",\"g\":\"\",\"h\":\"\xC3\xBC\"}\n";
  std::string logfmt = convert(in, "jsonl", "logfmt");
  // the empty value reads back as an empty string: the same as in the input
  CHECK(convert(logfmt, "logfmt", "jsonl") == in);
}

TEST_CASE("logfmt: every block size reads the same records", "[logfmt][blocks]") {
  const std::string in = "a=1 msg=\"x y\\\"z\"\r\n\nflag b=\xC3\xBC\nc=\"\" d=4";
  auto expected = read_all(in, "logfmt");
  CHECK(expected.text() == "a=1 msg=x y\"z\nflag= b=\xC3\xBC\nc= d=4\n");
  for (std::size_t size = 1; size <= 40; ++size) {
    INFO("block size " << size);
    weir::ReadOptions read;
    read.block_size = size;
    auto got = read_all(in, "logfmt", read);
    CHECK(got.records == expected.records);
    CHECK(got.lines == expected.lines);
  }
}
