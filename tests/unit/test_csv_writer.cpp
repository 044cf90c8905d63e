// CSV writer: minimal quoting and header blocks.

#include <catch2/catch.hpp>

#include "tests/unit/test_support.hpp"

using weir::test::convert;
using weir::test::write_all;
using weir::test::write_records;
using weir::ValueKind;

TEST_CASE("csv writer: only values that need it are quoted", "[csv][writer]") {
  CHECK(write_records("csv", {{{"a", "x,y"},
                               {"b", "say \"hi\""},
                               {"c", "plain"},
                               {"d", "two\nlines"},
                               {"e", "cr\rx"},
                               {"f", " spaced "},
                               {"g", ""}}}) ==
        "a,b,c,d,e,f,g\n\"x,y\",\"say \"\"hi\"\"\",plain,\"two\nlines\",\"cr\rx\", spaced ,\n");
}

TEST_CASE("csv writer: values of every length from 0 to 40 bytes are copied whole", "[csv][writer]") {
  // (short values are copied inline in pieces of 1, 4 and 8 bytes)
  std::string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789ABCD";
  std::string expected = "v\n";
  std::vector<weir::test::RecordText> records;
  for (std::size_t n = 0; n <= alphabet.size(); ++n) {
    records.push_back({{"v", alphabet.substr(0, n)}});
    expected += (n == 0 ? std::string("\"\"") : alphabet.substr(0, n)) + "\n";
  }
  CHECK(write_records("csv", records) == expected);
}

TEST_CASE("csv writer: header names are quoted like values", "[csv][writer]") {
  CHECK(write_records("csv", {{{"a,b", "1"}, {"say \"x\"", "2"}}}) ==
        "\"a,b\",\"say \"\"x\"\"\"\n1,2\n");
}

TEST_CASE("csv writer: a lone empty value is written as two quotes", "[csv][writer]") {
  CHECK(write_records("csv", {{{"a", ""}}, {{"a", "1"}}}) == "a\n\"\"\n1\n");
  // and it reads back as an empty value, not as a blank line (a missing int)
  CHECK(convert("a\n\"\"\n1\n", "csv", "jsonl") == "{\"a\":null}\n{\"a\":1}\n");
}

TEST_CASE("csv writer: a lone empty name is written as two quotes", "[csv][writer]") {
  CHECK(write_records("csv", {{{"", "1"}}}) == "\"\"\n1\n");
  CHECK(convert("{\"\":1}\n", "jsonl", "csv") == "\"\"\n1\n");
}

TEST_CASE("csv writer: two empty values need no quotes", "[csv][writer]") {
  CHECK(write_records("csv", {{{"a", ""}, {"b", ""}}}) == "a,b\n,\n");
}

TEST_CASE("csv writer: new field names start a new block after a blank line", "[csv][writer]") {
  CHECK(write_records("csv", {{{"a", "1"}, {"b", "2"}},
                              {{"a", "3"}, {"b", "4"}},
                              {{"c", "5"}},
                              {{"c", "6"}},
                              {{"b", "7"}, {"a", "8"}}}) ==
        "a,b\n1,2\n3,4\n\nc\n5\n6\n\nb,a\n7,8\n");
}

TEST_CASE("csv writer: the header carries over from one batch to the next", "[csv][writer]") {
  std::vector<weir::Batch> batches;
  batches.push_back(weir::test::make_batch({{{"a", "1"}}}));
  batches.push_back(weir::test::make_batch({{{"a", "2"}}, {{"b", "3"}}}));
  CHECK(write_all("csv", batches) == "a\n1\n2\n\nb\n3\n");
}

TEST_CASE("csv writer: without a header no names and no blank lines are written", "[csv][writer]") {
  weir::WriteOptions write;
  write.header = false;
  CHECK(write_records("csv", {{{"a", "1"}}, {{"b", "x,y"}}}, write) == "1\n\"x,y\"\n");
}

TEST_CASE("csv writer: another delimiter is the one that forces quotes", "[csv][writer]") {
  weir::WriteOptions write;
  write.delimiter = ';';
  CHECK(write_records("csv", {{{"a", "1,5"}, {"b", "2;5"}}}, write) == "a;b\n1,5;\"2;5\"\n");
}

TEST_CASE("csv writer: typed values are written as their text", "[csv][writer]") {
  CHECK(write_records("csv", {{{"n", "12.300", ValueKind::json},
                               {"o", "{\"x\":1}", ValueKind::json},
                               {"s", "hi", ValueKind::string}}}) ==
        "n,o,s\n12.300,\"{\"\"x\"\":1}\",hi\n");
}

TEST_CASE("csv writer: minimally quoted csv goes through unchanged", "[csv][writer]") {
  const std::string in =
      "id,\"na,me\",note\n1,\"a \"\"b\"\"\",\"x\ny\"\n2,,\xC3\xBC\n3, ,\"\"\"\"\n";
  CHECK(convert(in, "csv", "csv") == in);
}

TEST_CASE("csv writer: jsonl records with different keys become header blocks", "[csv][writer]") {
  CHECK(convert("{\"a\":1,\"b\":\"x\"}\n{\"a\":2,\"b\":\"y\"}\n{\"c\":true}\n", "jsonl", "csv") ==
        "a,b\n1,x\n2,y\n\nc\ntrue\n");
}

TEST_CASE("csv writer: a record longer than the output buffer is written whole", "[csv][writer]") {
  std::string value(3 << 20, '"');  // 3 MiB of quotes: 6 MiB doubled, past any buffer
  std::string out = write_records("csv", {{{"a", value}, {"b", "x"}}});
  REQUIRE(out.size() == 4 + (2 * value.size() + 2) + 3);
  CHECK(out.compare(0, 5, "a,b\n\"") == 0);
  CHECK(out.find_first_not_of('"', 4) == out.size() - 3);
  CHECK(out.compare(out.size() - 3, 3, ",x\n") == 0);
}

// -j N: a reading thread renders a batch (Writer::render), the writer takes
// the text in input order (write_rendered) when it stands where write()
// would have written it the same.
TEST_CASE("csv and tsv writers: rendered batches are the bytes write() makes", "[csv][writer]") {
  const std::string input =
      "id,name,note\n1,plain,\n2,\"a,b\",\"say \"\"x\"\"\"\n3,,\"two\nlines\"\n4,x\\y,\"tab\tz\"\n";
  std::vector<weir::Batch> batches = weir::test::csv_batches(input, 16);
  REQUIRE(batches.size() >= 3);
  for (auto [format, delimiter] : {std::pair{"csv", ','}, {"csv", ';'}, {"tsv", '\t'}, {"tsv", ','}}) {
    INFO(format << " " << delimiter);
    weir::WriteOptions write;
    write.delimiter = delimiter;
    std::string expected = write_all(format, batches, write);
    std::string out;
    auto sink = weir::string_sink(out);
    auto writer = weir::format_named(format).make_writer(*sink, write);
    weir::TextBuffer text;
    // before the header line is out, the text is not taken
    const weir::Header* header = writer->render(batches[0], text);
    REQUIRE(header != nullptr);
    CHECK_FALSE(writer->write_rendered(header, text.view()));
    writer->write(batches[0]);
    for (std::size_t b = 1; b < batches.size(); ++b) {
      text.clear();
      REQUIRE(writer->render(batches[b], text) == header);
      CHECK(writer->write_rendered(header, text.view()));
    }
    writer->finish();
    sink->flush();
    CHECK(out == expected);
  }
  // text rendered for another header of the same names (a stage's copy on
  // another thread makes its own) is taken as write() takes its records:
  // no header line; another header of other names is not
  for (const char* format : {"csv", "tsv"}) {
    INFO(format);
    std::string out;
    auto sink = weir::string_sink(out);
    auto writer = weir::format_named(format).make_writer(*sink, {});
    writer->write(batches[0]);
    const weir::Header same({"id", "name", "note"});
    const weir::Header other({"id", "name", "memo"});
    CHECK_FALSE(writer->write_rendered(&other, "9,x,y\n"));
    CHECK(writer->write_rendered(&same, "8,x,y\n"));
    CHECK(writer->write_rendered(&same, "7,x,y\n"));
    writer->finish();
    sink->flush();
    CHECK(out.ends_with("\n8,x,y\n7,x,y\n"));
    CHECK(out.find("9,x,y") == std::string::npos);
  }
  // records of no reader's header are not rendered
  weir::Batch made = weir::test::make_batch({{{"a", "1"}}});
  weir::TextBuffer text;
  std::string unused;
  auto sink = weir::string_sink(unused);
  CHECK(weir::format_named("csv").make_writer(*sink, {})->render(made, text) == nullptr);
  CHECK(text.view().empty());
}
