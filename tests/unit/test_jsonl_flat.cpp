// The JSON Lines fast path (jsonl_flat.cpp): what it accepts, where it gives
// up, and that whatever it accepts reads exactly as the simdjson path reads
// it (a record inside a top-level array always takes the simdjson path).

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "core/formats/jsonl_flat.hpp"
#include "core/io/block_reader.hpp"
#include "tests/unit/test_support.hpp"

using weir::test::read_all;
using weir::test::read_error;

namespace {

/// The fields scan_flat_object makes of `line` (`name=value` dump), or
/// "gave up". The text is followed by padding of `pad` bytes, as in a block.
std::string scan(const std::string& line, char pad = '"') {
  std::string buffer = line + std::string(weir::BlockReader::kPadding, pad);
  const char* end = buffer.data() + line.size();
  weir::Batch batch;
  std::vector<weir::Field> fields;
  const char* stop = weir::jsonl::scan_flat_object(buffer.data(), end, fields, batch);
  if (!stop) return "gave up";
  if (stop != end && *stop != '\n') return "stopped early";
  std::string out;
  for (const weir::Field& f : fields) {
    if (!out.empty()) out += ' ';
    out += std::string(f.name) + (f.kind == weir::ValueKind::json ? ":=" : "$=") + std::string(f.value);
  }
  return out;
}

}  // namespace

TEST_CASE("jsonl fast path: flat objects are read as the simdjson path reads them", "[jsonl][fast]") {
  CHECK(scan("{\"a\":1,\"b\":\"x\",\"c\":true,\"d\":false,\"e\":null}") == "a:=1 b$=x c:=true d:=false e:=");
  CHECK(scan("{}") == "");
  CHECK(scan("{ \"a\" :\t-0.5e+3 ,\"\":\"\" }  \r") == "a:=-0.5e+3 $=");
  CHECK(scan("{\"n\":12.300,\"big\":123456789012345678901234,\"z\":0,\"e\":1E5}") ==
        "n:=12.300 big:=123456789012345678901234 z:=0 e:=1E5");
  CHECK(scan("{\"s\":\"caf\xC3\xA9 \xF0\x9F\x98\x80\"}") == "s$=caf\xC3\xA9 \xF0\x9F\x98\x80");
  // nested values are checked and kept as their text
  CHECK(scan("{\"a\":{},\"b\":[ ],\"c\":{\"x\" : [1, -2.5e3, true, null, \"}\\u00e9\"], "
             "\"k\\u0041\":{\"\":false}}}") ==
        "a:={} b:=[ ] c:={\"x\" : [1, -2.5e3, true, null, \"}\\u00e9\"], \"k\\u0041\":{\"\":false}}");
  CHECK(scan("{\"a\":" + std::string(63, '[') + std::string(63, ']') + "}") ==
        "a:=" + std::string(63, '[') + std::string(63, ']'));
  // the line's newline ends the scan; the next line is not looked at
  CHECK(scan("{\"a\":1}\n{") == "a:=1");
}

TEST_CASE("jsonl fast path: escapes in values are unescaped", "[jsonl][fast]") {
  CHECK(scan(R"({"s":"a\"b\\c\/d\b\f\n\r\t"})") == "s$=a\"b\\c/d\b\f\n\r\t");
  CHECK(scan(R"({"s":"\u0041\u00e9\u20AC\ud83d\ude00"})") == "s$=A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
  CHECK(scan(R"({"s":"\u0000"})") == std::string("s$=\0", 4));
  // a long string, so that the escapes fall in different 16-byte chunks
  CHECK(scan(R"({"s":"0123456789abcdef\\0123456789abcde\"x"})") ==
        "s$=0123456789abcdef\\0123456789abcde\"x");
}

TEST_CASE("jsonl fast path: gives up on anything else", "[jsonl][fast]") {
  for (const char* line : {
           "{\"k\\u0041\":1}",                          // an escape in a key
           "{\"s\":\"\\ud83d\"}", "{\"s\":\"\\ude00x\"}",  // lone surrogates
           "{\"s\":\"\\ud83d\\u0041\"}",                // a high surrogate without its low one
           "{\"s\":\"\\x\"}", "{\"s\":\"\\u12g4\"}",     // bad escapes
           "{\"s\":\"a\tb\"}", "{\"s\":\"\x01\"}",       // raw control characters
           "{\"s\":\"\xC3\"}", "{\"s\":\"\xFF\"}", "{\"s\":\"\xED\xA0\x80\"}",  // bad UTF-8
           "{\"s\":\"open}", "{\"s\":\"open\n\"}",       // unterminated strings
           "{\"a\":01}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":+1}", "{\"a\":1x}",
           "{\"a\":1 2}", "{\"a\":tru}", "{\"a\":truex}", "{\"a\":nul}", "{\"a\":nulll}", "{\"a\":NaN}",
           "{\"a\":1,}", "{,}", "{\"a\" 1}", "{\"a\":}", "{\"a\":1", "{\"a\":1}x", "{\"a\":1} {\"b\":2}",
           "{\"a\":1}]", "{\"a\":\n1}", "{\"a\":1,\n\"b\":2}", "{'a':1}", "{a:1}", "{",
           // nested values that are not plainly good
           "{\"a\":[1,]}", "{\"a\":[,]}", "{\"a\":{\"x\"}}", "{\"a\":{\"x\":}}", "{\"a\":{1:2}}",
           "{\"a\":[1 2]}", "{\"a\":[1}", "{\"a\":{\"x\":1]}", "{\"a\":[01]}", "{\"a\":[tru]}",
           "{\"a\":[\"\\ud800\"]}", "{\"a\":{\"\\ud800\":1}}", "{\"a\":[\"\\q\"]}", "{\"a\":[\"\x01\"]}",
           "{\"a\":[\"\xC3\"]}", "{\"a\":[\n]}", "{\"a\":[1]x}", "{\"a\":[",
       }) {
    INFO(line);
    CHECK(scan(line) == "gave up");
  }
  // deeper than 64 levels: simdjson (and its depth limit) decides
  CHECK(scan("{\"a\":" + std::string(64, '[') + std::string(64, ']') + "}") == "gave up");
  // a string cut by the end of the input is not closed by what follows it
  CHECK(scan("{\"s\":\"abc", '"') == "gave up");
  CHECK(scan("{\"a\":1", '}') == "gave up");
}

TEST_CASE("jsonl fast path: errors are still located by the simdjson path", "[jsonl][fast][errors]") {
  auto e = read_error("{\"a\":\"ok\"}\n{\"a\":\"x\",\"b\":\"\xC3\xA9\xFF\"}\n", "jsonl");
  REQUIRE(e);
  CHECK(e->line == 2);
  CHECK(e->column == 16);  // columns count characters
  CHECK(e->kind == weir::DataErrorKind::invalid_utf8);
  CHECK(e->message ==
        "invalid UTF-8 (byte 0xFF); if the file is Latin-1 or Windows-1252, read it with "
        "--encoding latin1 or --encoding cp1252");
  auto escape = read_error("{\"a\":1}\n{\"a\":\"bad \\q escape\"}\n", "jsonl");
  REQUIRE(escape);
  CHECK(escape->line == 2);
  CHECK(escape->column == 11);
  CHECK(escape->message == "invalid escape '\\q' in a string");
}

TEST_CASE("jsonl fast path: keys repeat, change and repeat again", "[jsonl][fast]") {
  auto r = read_all("{\"a\":1,\"b\":2}\n{\"a\":3,\"b\":4}\n{\"b\":5,\"a\":6}\n{\"a\":7}\n{\"a\":8,\"a\":9}\n"
                    "{\"a\":1,\"a_2\":2}\n{}\n{\"a\":{\"x\":1}}\n{\"a\":2}\n",
                    "jsonl");
  CHECK(r.text() ==
        "a:=1 b:=2\na:=3 b:=4\nb:=5 a:=6\na:=7\na:=8 a_2:=9\na:=1 a_2:=2\n\na:={\"x\":1}\na:=2\n");
}

TEST_CASE("jsonl fast path: a key like the one before is matched whole", "[jsonl][fast]") {
  // the previous record's keys are matched against the raw text first
  auto r = read_all("{\"ab\":1,\"c\":2}\n{\"a\":3,\"c\":4}\n{\"abc\":5,\"c\":6}\n"
                    "{\"abc\":7,\"c\":8,\"d\":9}\n"
                    "{\"\":1}\n{\"\":2,\"\":3}\n{\"x\":4}\n{\"a\\\\\":5}\n{\"a\\\\\":6}\n",
                    "jsonl");
  CHECK(r.text() ==
        "ab:=1 c:=2\na:=3 c:=4\nabc:=5 c:=6\nabc:=7 c:=8 d:=9\n:=1\n:=2 _2:=3\nx:=4\na\\:=5\na\\:=6\n");
  // a key that needed an escape is never matched as raw text
  auto quote = read_error("{\"a\\\"b\":1}\n{\"a\"b\":1}\n", "jsonl");
  REQUIRE(quote);
  CHECK(quote->line == 2);
  auto control = read_error("{\"a\\u0001\":1}\n{\"a\x01\":1}\n", "jsonl");
  REQUIRE(control);
  CHECK(control->line == 2);
  CHECK(control->message == "unescaped control character U+0001 in a string (write it as \\u0001)");
}

TEST_CASE("jsonl fast path: every block size reads the same records", "[jsonl][fast][blocks]") {
  const std::string in =
      "{\"id\":1,\"s\":\"a\\\"b\\u00e9\\ud83d\\ude00 tail\",\"t\":\"caf\xC3\xA9\"}\n"
      "{\"id\":2,\"s\":\"\\\\\",\"n\":-1.5E-7,\"b\":true,\"z\":null}  \r\n"
      "{\"id\":3,\"s\":\"0123456789abcdef0123456789abcdef\",\"u\":\"\\u0041\"}\n"
      "{\"id\":4,\"n\":{\"x\":\"\\u0041\"}}\n"
      "{\"id\":5}";
  auto expected = read_all(in, "jsonl");
  CHECK(expected.text() ==
        "id:=1 s$=a\"b\xC3\xA9\xF0\x9F\x98\x80 tail t$=caf\xC3\xA9\n"
        "id:=2 s$=\\ n:=-1.5E-7 b:=true z:=\n"
        "id:=3 s$=0123456789abcdef0123456789abcdef u$=A\n"
        "id:=4 n:={\"x\":\"\\u0041\"}\n"
        "id:=5\n");
  CHECK(expected.lines == std::vector<std::int64_t>{1, 2, 3, 4, 5});
  for (std::size_t size = 1; size <= 80; ++size) {
    INFO("block size " << size);
    weir::ReadOptions read;
    read.block_size = size;
    auto got = read_all(in, "jsonl", read);
    CHECK(got.records == expected.records);
    CHECK(got.lines == expected.lines);
  }
}

TEST_CASE("jsonl fast path: what it accepts, simdjson reads the same (generated lines)", "[jsonl][fast]") {
  // Flat objects built from good and bad pieces, then mutated byte by byte.
  // Whenever the fast path accepts a line, the same object inside a top-level
  // array (which always goes through simdjson) must read to the same record.
  const std::vector<std::string> keys = {"\"a\"", "\"b\"", "\"\"", "\"a\"", "\"caf\xC3\xA9\"", "\"k\\u0041\"",
                                         "\"x y\"", "\"ab\"", "\"a_2\""};
  const std::vector<std::string> values = {
      "1", "-0", "12.300", "1E+5", "1e-7", "0.5", "123456789012345678901234", "-12", "01", "1.", "-", "1e",
      "true", "false", "null", "tru", "nulll", "\"\"", "\"plain\"", "\"a\\\"b\"", "\"\\\\\"",
      "\"\\/\\b\\f\\n\\r\\t\"",
      "\"\\u00e9\\u20ac\"", "\"\\ud83d\\ude00\"", "\"\\ud83d\"", "\"\\ude00\"", "\"\\u0000\"", "\"\\q\"",
      "\"\xC3\xA9\"", "\"\xC3\"", "\"\xF0\x9F\x98\x80\"", "\"\xED\xA0\x80\"", "\"a\x01\"",
      "\"0123456789abcdef0123\"",
      "{}", "[1,2]", "{\"x\":[true]}", "[ 1 , \"\\u00e9\" ]", "{\"k\\u0041\":{\"\":null}}", "[1,]",
      "[\"\\ud800\"]",
      "{\"x\"}", "[[[]],{}]"};
  const std::vector<std::string> blanks = {"", "", "", " ", "\t", "\r", "  "};
  const std::string noise = "\"\\{}[],: \x01\x7F\x80\xC3\xFFu0e-.tn";
  std::mt19937 rng(20240601);
  auto pick = [&](const auto& v) -> const auto& { return v[rng() % v.size()]; };
  int accepted = 0;
  std::string all_lines;
  std::vector<weir::test::RecordText> all_records;
  for (int round = 0; round < 4000; ++round) {
    std::string line = pick(blanks) + "{";
    int members = static_cast<int>(rng() % 5);
    for (int m = 0; m < members; ++m) {
      if (m) line += pick(blanks) + "," + pick(blanks);
      line += pick(keys) + pick(blanks) + ":" + pick(blanks) + pick(values);
    }
    line += pick(blanks) + "}" + pick(blanks);
    int mutations = static_cast<int>(rng() % 3);
    for (int m = 0; m < mutations && !line.empty(); ++m) {
      std::size_t at = rng() % line.size();
      char c = noise[rng() % noise.size()];
      switch (rng() % 3) {
        case 0: line[at] = c; break;
        case 1: line.insert(line.begin() + static_cast<std::ptrdiff_t>(at), c); break;
        default: line.erase(at, 1); break;
      }
    }
    std::string padded = line + std::string(weir::BlockReader::kPadding, '"');
    weir::Batch batch;
    std::vector<weir::Field> fields;
    const char* end = padded.data() + line.size();
    const std::size_t brace = line.find('{');
    const char* stop = brace == std::string::npos
                           ? nullptr
                           : weir::jsonl::scan_flat_object(padded.data() + brace, end, fields, batch);
    if (!stop || line.find_first_not_of(" \t\r") != brace) continue;
    ++accepted;
    INFO("line: " << line);
    auto slow = read_all("[" + line + "]\n", "jsonl", {}, weir::OnError::skip);
    REQUIRE(slow.skipped == 0);
    auto fast = read_all(line + "\n", "jsonl");
    CHECK(fast.records == slow.records);
    all_lines += line + "\n";
    all_records.insert(all_records.end(), slow.records.begin(), slow.records.end());
  }
  CHECK(accepted > 500);  // the generator does reach the fast path
  // all in one input: keys now often repeat those of the line before
  CHECK(read_all(all_lines, "jsonl").records == all_records);
}
