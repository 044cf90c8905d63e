// JSON Lines writer and the JSON text helpers: number inference, escaping.

#include <catch2/catch.hpp>

#include <random>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/formats/json_text.hpp"
#include "core/formats/utf8.hpp"
#include "core/io/transcode.hpp"
#include "tests/unit/mismatches.hpp"
#include "tests/unit/test_support.hpp"

using weir::is_json_number;
using weir::ValueKind;
using weir::test::convert;
using weir::test::write_records;

namespace {

std::string json_string(std::string_view text) {
  std::string out;
  auto sink = weir::string_sink(out);
  weir::write_json_string(*sink, text);
  sink->flush();
  return out;
}

}  // namespace

TEST_CASE("is_json_number accepts exactly JSON's number grammar", "[jsonl][json_text]") {
  for (const char* yes : {"0", "-0", "7", "10", "-12", "1.5", "0.25", "1e5", "1E5", "1e+5", "1e-05",
                          "-0.0e0", "12.300", "123456789012345678901234567890"}) {
    INFO(yes);
    CHECK(is_json_number(yes));
  }
  for (const char* no : {"", "-", "+1", "007", "00", "-01", "1.", ".5", "-.5", "1e", "1e+", "1.e5",
                         "0x10", "inf", "-inf", "nan", "NaN", "Infinity", " 1", "1 ", "1,5", "1_000",
                         "--1", "1.2.3", "e5", "١"}) {
    INFO(no);
    CHECK_FALSE(is_json_number(no));
  }
}

TEST_CASE("jsonl writer: untyped text is written as its column's type", "[jsonl][writer]") {
  // one type a column, from all its values: a zip code with a leading zero
  // makes its column text, 1e400 (no finite double) is text
  CHECK(convert("i,f,b,s,zip,e\n1,1.5,true,x,01234,1e400\n-2,3,FALSE,7,12345,2\n,NA,,N/A,,\n", "csv", "jsonl") ==
        "{\"i\":1,\"f\":1.5,\"b\":true,\"s\":\"x\",\"zip\":\"01234\",\"e\":\"1e400\"}\n"
        "{\"i\":-2,\"f\":3,\"b\":false,\"s\":\"7\",\"zip\":\"12345\",\"e\":\"2\"}\n"
        "{\"i\":null,\"f\":null,\"b\":null,\"s\":\"N/A\",\"zip\":\"\",\"e\":\"\"}\n");
  // numbers keep their text: -0 and 12.300 are floats, written as read
  CHECK(convert("v\n-0\n12.300\n1e5\n", "csv", "jsonl") == "{\"v\":-0}\n{\"v\":12.300}\n{\"v\":1e5}\n");
  // text JSON would read otherwise stays text
  CHECK(convert("v\n007\n+1\n1.\n.5\ntrue\nnull\n", "csv", "jsonl") ==
        "{\"v\":\"007\"}\n{\"v\":\"+1\"}\n{\"v\":\"1.\"}\n{\"v\":\".5\"}\n{\"v\":\"true\"}\n{\"v\":\"null\"}\n");
}

TEST_CASE("jsonl writer: an empty csv value is an empty string", "[jsonl][writer]") {
  CHECK(convert("a,b\n,1\n", "csv", "jsonl") == "{\"a\":\"\",\"b\":1}\n");
}

TEST_CASE("jsonl writer: JSON strings stay strings and JSON values stay raw", "[jsonl][writer]") {
  CHECK(write_records("jsonl", {{{"s", "12", ValueKind::string},
                                 {"j", "[1, 2]", ValueKind::json},
                                 {"t", "12", ValueKind::text},
                                 {"b", "true", ValueKind::json}}}) ==
        "{\"s\":\"12\",\"j\":[1, 2],\"t\":12,\"b\":true}\n");
}

TEST_CASE("jsonl writer: control characters, quotes and backslashes are escaped", "[jsonl][writer]") {
  CHECK(json_string(std::string("a\x01\x1f\b\f\t\n\r\"\\z\x7f", 12)) ==
        "\"a\\u0001\\u001f\\b\\f\\t\\n\\r\\\"\\\\z\x7f\"");
  CHECK(json_string(std::string("\0x", 2)) == "\"\\u0000x\"");
  CHECK(json_string("\xC3\xBC\xE2\x82\xAC") == "\"\xC3\xBC\xE2\x82\xAC\"");
  CHECK(json_string("") == "\"\"");
}

TEST_CASE("jsonl writer: UTF-8 passes through, other bytes become U+FFFD", "[jsonl][writer]") {
  CHECK(json_string("\xC3\xBC\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF") ==
        "\"\xC3\xBC\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF\"");
  CHECK(json_string("caf\xE9!") == "\"caf\\ufffd!\"");                   // Latin-1
  CHECK(json_string("\xC0\xAF") == "\"\\ufffd\\ufffd\"");                // overlong
  CHECK(json_string("\xED\xA0\x80") == "\"\\ufffd\\ufffd\\ufffd\"");     // surrogate
  CHECK(json_string("\xF4\x90\x80\x80") == "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");  // past U+10FFFF
  CHECK(json_string("x\xE2\x82") == "\"x\\ufffd\\ufffd\"");              // cut at the end
  CHECK(json_string("\x80\"") == "\"\\ufffd\\\"\"");                   // stray continuation
}

// Every text format reads Latin-1 with --encoding, and without it stops at
// the byte that is not UTF-8, as the CSV reader does (the lines, logfmt,
// dkvp and nidx readers handed such bytes on, and the JSON writer made
// each a U+FFFD, with exit 0).
TEST_CASE("jsonl writer: Latin-1 text of every format read as latin1 becomes valid JSON", "[jsonl][writer]") {
  weir::ReadOptions latin1;
  latin1.encoding = weir::Encoding::latin1;
  CHECK(convert("caf\xE9\n", "lines", "jsonl", {}, latin1) == "{\"line\":\"caf\xC3\xA9\"}\n");
  CHECK(convert("a=caf\xE9\n", "logfmt", "jsonl", {}, latin1) == "{\"a\":\"caf\xC3\xA9\"}\n");
  CHECK(convert("a=caf\xE9,b=2\n", "dkvp", "jsonl", {}, latin1) == "{\"a\":\"caf\xC3\xA9\",\"b\":2}\n");
  CHECK(convert("caf\xE9 2\n", "nidx", "jsonl", {}, latin1) == "{\"1\":\"caf\xC3\xA9\",\"2\":2}\n");
  CHECK(convert("a\tb\ncaf\xE9\tx\n", "tsv", "jsonl", {}, latin1) == "{\"a\":\"caf\xC3\xA9\",\"b\":\"x\"}\n");
  weir::ReadOptions escaped = latin1;  // (the TSV reader of backslash escapes, not the CSV reader's)
  escaped.strict = true;
  CHECK(convert("a\tb\ncaf\xE9\\t\tx\n", "tsv", "jsonl", {}, escaped) ==
        "{\"a\":\"caf\xC3\xA9\\t\",\"b\":\"x\"}\n");
  CHECK(convert("{\"a\":\"caf\xE9\"}\n", "jsonl", "jsonl", {}, latin1) == "{\"a\":\"caf\xC3\xA9\"}\n");
  for (const char* from : {"lines", "logfmt", "dkvp", "nidx", "tsv", "jsonl"}) {
    INFO(from);
    const std::string text = std::string(from) == "jsonl"    ? "{\"a\":\"ok\"}\n{\"a\":\"caf\xE9\"}\n"
                             : std::string(from) == "lines"  ? "ok\ncaf\xE9\n"
                             : std::string(from) == "tsv"    ? "a\tb\ncaf\xE9\tx\n"
                             : std::string(from) == "nidx"   ? "ok\ncaf\xE9\n"
                                                             : "a=ok\na=caf\xE9\n";
    weir::ReadOptions read;
    read.strict = std::string(from) == "tsv";  // (the TSV reader of backslash escapes)
    try {
      convert(text, from, "jsonl", {}, read);
      FAIL("no error");
    } catch (const weir::InputError& e) {
      CHECK(e.error().kind == weir::DataErrorKind::invalid_utf8);
      CHECK(e.error().line == 2);
      CHECK(std::string(e.what()) ==
            "invalid UTF-8 (byte 0xE9); if the file is Latin-1 or Windows-1252, read it with "
            "--encoding latin1 or --encoding cp1252");
    }
  }
}

TEST_CASE("jsonl writer: Latin-1 csv read as latin1 becomes valid JSON that reads back", "[jsonl][writer]") {
  weir::ReadOptions read;
  read.encoding = weir::Encoding::latin1;
  std::string jsonl = convert("name\ncaf\xE9\n", "csv", "jsonl", {}, read);
  CHECK(jsonl == "{\"name\":\"caf\xC3\xA9\"}\n");
  CHECK(convert(jsonl, "jsonl", "csv") == "name\ncaf\xC3\xA9\n");
}

TEST_CASE("jsonl writer: Latin-1 csv read as UTF-8 fails with a hint instead of reaching the writer",
          "[jsonl][writer]") {
  for (bool strict : {false, true}) {
    INFO("strict " << strict);
    weir::ReadOptions read;
    read.strict = strict;
    try {
      convert("name\ncaf\xE9\n", "csv", "jsonl", {}, read);
      FAIL("no error");
    } catch (const weir::InputError& e) {
      CHECK(e.error().kind == weir::DataErrorKind::invalid_utf8);
      CHECK(e.error().line == 2);
      CHECK(e.error().column == 4);
      CHECK(std::string(e.what()) ==
            "invalid UTF-8 (byte 0xE9); if the file is Latin-1 or Windows-1252, read it with "
            "--encoding latin1 or --encoding cp1252");
    }
  }
}

TEST_CASE("jsonl writer: an empty raw JSON value is written as null", "[jsonl][writer]") {
  CHECK(write_records("jsonl", {{{"a", "", ValueKind::json}}}) == "{\"a\":null}\n");
}

TEST_CASE("jsonl writer: keys are escaped like values", "[jsonl][writer]") {
  CHECK(write_records("jsonl", {{{"a\"b\n", "1"}, {"c\\d\t", "x"}}}) ==
        "{\"a\\\"b\\n\":1,\"c\\\\d\\t\":\"x\"}\n");
}

TEST_CASE("jsonl writer: a record with no fields is an empty object", "[jsonl][writer]") {
  CHECK(write_records("jsonl", {{}}) == "{}\n");
}

TEST_CASE("jsonl writer: a value with a long run of escapes is written whole", "[jsonl][writer]") {
  std::string value(100000, '"');
  std::string expected = "{\"v\":\"";
  for (int i = 0; i < 100000; ++i) expected += "\\\"";
  expected += "\"}\n";
  CHECK(write_records("jsonl", {{{"v", value}}}) == expected);
}

TEST_CASE("jsonl writer: a batch is rendered once its columns' types are decided, as write() writes it",
          "[jsonl][writer]") {
  // x is empty (no type yet) in the first rows: those batches are written
  // in order; once write() has decided x (int), later batches are rendered,
  // and their empty x is null, not ""
  const std::string input = "id,x,name\n1,,a\n2,,b\n3,7,c\n4,,d\n5,8,\"e\nf\"\n6,,g\n7,9,h\n";
  std::vector<weir::Batch> batches = weir::test::csv_batches(input, 16);
  REQUIRE(batches.size() >= 4);
  const std::string expected = weir::test::write_all("jsonl", batches, weir::WriteOptions{});
  REQUIRE(expected.find("\"x\":null") != std::string::npos);

  std::string out;
  auto sink = weir::string_sink(out);
  auto writer = weir::format_named("jsonl").make_writer(*sink, weir::WriteOptions{});
  weir::TextBuffer text;
  std::size_t rendered = 0;
  for (std::size_t b = 0; b < batches.size(); ++b) {
    text.clear();
    const weir::Header* header = writer->render(batches[b], text);
    if (b == 0) CHECK(header == nullptr);  // nothing decided yet
    if (header) {
      ++rendered;
      CHECK(writer->write_rendered(header, text.view()));
    } else {
      CHECK(text.view().empty());
      writer->write(batches[b]);
    }
  }
  writer->finish();
  sink->flush();
  CHECK(out == expected);
  CHECK(rendered >= 1);
  CHECK(rendered < batches.size());

  // JSON values decide a column's type too (for text that comes later): a
  // batch with a column not yet decided is written in order, and learned from
  std::vector<weir::Batch> mixed;
  mixed.push_back(weir::test::make_batch({{{"a", "1", ValueKind::json}, {"b", "x\ny", ValueKind::string}}}));
  mixed.push_back(weir::test::make_batch({{{"a", "2", ValueKind::json}, {"b", "z", ValueKind::string}}}));
  mixed.push_back(weir::test::make_batch({{{"a", "123", ValueKind::text}, {"b", "4.5", ValueKind::text}}}));
  const std::string mixed_expected = weir::test::write_all("jsonl", mixed, weir::WriteOptions{});
  CHECK(mixed_expected == "{\"a\":1,\"b\":\"x\\ny\"}\n{\"a\":2,\"b\":\"z\"}\n{\"a\":123,\"b\":\"4.5\"}\n");
  std::string mixed_out;
  auto mixed_sink = weir::string_sink(mixed_out);
  auto fresh = weir::format_named("jsonl").make_writer(*mixed_sink, weir::WriteOptions{});
  text.clear();
  CHECK(fresh->render(mixed[0], text) == nullptr);
  fresh->write(mixed[0]);
  for (std::size_t b = 1; b < mixed.size(); ++b) {
    text.clear();
    const weir::Header* header = fresh->render(mixed[b], text);
    REQUIRE(header != nullptr);
    CHECK(fresh->write_rendered(header, text.view()));
  }
  mixed_sink->flush();
  CHECK(mixed_out == mixed_expected);
}

TEST_CASE("write_json_string: the same text as a byte-by-byte escape, on strings of every length", "[json_text]") {
  // a reference that looks at every byte, against the writer's 16-byte scan
  auto reference = [](std::string_view text) {
    std::string out = "\"";
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    for (std::size_t i = 0; i < text.size(); ++i) {
      const unsigned char c = bytes[i];
      if (c >= 0x80) {
        if (std::size_t length = weir::utf8_length(bytes + i, text.size() - i)) {
          out.append(text.substr(i, length));
          i += length - 1;
        } else {
          out += "\\ufffd";
        }
      } else if (c == '"') {
        out += "\\\"";
      } else if (c == '\\') {
        out += "\\\\";
      } else if (c == '\n') {
        out += "\\n";
      } else if (c == '\r') {
        out += "\\r";
      } else if (c == '\t') {
        out += "\\t";
      } else if (c == '\b') {
        out += "\\b";
      } else if (c == '\f') {
        out += "\\f";
      } else if (c < 0x20) {
        out += fmt::format("\\u{:04x}", c);
      } else {
        out += static_cast<char>(c);
      }
    }
    return out + "\"";
  };
  const std::vector<std::string> pieces = {"a", "b", "\"", "\\", "\n", "\x01", "\x1f", " ", "\x7f", "é", "€",
                                           "\xF0\x9F\x98\x80", "\xff", "\xC3", "\xE2\x82", "0123456789abcdef"};
  std::mt19937 random(11);
  weir::test::Mismatches wrong;
  std::string written;
  auto sink = weir::string_sink(written);  // (one sink: its buffer is large)
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int count = static_cast<int>(random() % 24);
    for (int k = 0; k < count; ++k) text += pieces[random() % pieces.size()];
    written.clear();
    weir::write_json_string(*sink, text);
    sink->flush();
    if (written != reference(text)) wrong.note("written {}, byte by byte {}", written, reference(text));
  }
  CHECK(wrong.report() == "");
}
