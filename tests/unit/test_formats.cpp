// The format registry, the header tracker the writers share, and the
// csv reader's options.

#include <catch2/catch.hpp>

#include "core/formats/header_tracker.hpp"
#include "core/record/header.hpp"
#include "tests/unit/test_support.hpp"

using weir::test::read_all;
using weir::test::read_error;

// ------------------------------------------------------------------ registry

TEST_CASE("formats: a format is found by name or common alias", "[formats]") {
  CHECK(weir::format_named("csv").name == "csv");
  CHECK(weir::format_named("json").name == "json");  // an array, as Miller's --ojson
  CHECK(weir::format_named("json").make_reader == weir::format_named("jsonl").make_reader);
  CHECK(weir::find_format("jsnol") == nullptr);
  CHECK(weir::format_named("ndjson").name == "jsonl");
  CHECK(weir::format_named("txt").name == "lines");
  CHECK(weir::format_named("table").make_reader == nullptr);
}

TEST_CASE("formats: an unknown format names the close one and lists them all", "[formats]") {
  try {
    weir::format_named("jsnol");
    FAIL("no error");
  } catch (const weir::UsageError& e) {
    CHECK(std::string(e.what()) ==
          "unknown format 'jsnol' (did you mean 'jsonl'?); formats are: csv, tsv, jsonl, json, logfmt, dkvp, nidx, lines, table, pprint, xtab, markdown");
  }
}

TEST_CASE("formats: a path's extension names its format, through .gz and .zst", "[formats]") {
  auto name_of = [](std::string_view path) -> std::string {
    const weir::FormatInfo* f = weir::format_for_path(path);
    return f ? std::string(f->name) : "none";
  };
  CHECK(name_of("data.csv") == "csv");
  CHECK(name_of("dir.v2/data.tsv.gz") == "tsv");
  CHECK(name_of("events.ndjson.zst") == "jsonl");
  CHECK(name_of("app.log") == "lines");
  CHECK(name_of("dir.csv/README") == "none");
  CHECK(name_of(".gz") == "none");
  CHECK(name_of("data.CSV") == "none");
}

// ------------------------------------------------------------ header tracker

TEST_CASE("header tracker: a change is seen on the first record and when names differ",
          "[formats][header]") {
  weir::Batch batch = weir::test::make_batch({{{"a", "1"}, {"b", "2"}},
                                              {{"a", "3"}, {"b", "4"}},
                                              {{"a", "5"}},
                                              {{"b", "6"}, {"a", "7"}},
                                              {}});
  weir::HeaderTracker tracker;
  CHECK_FALSE(tracker.seen());
  CHECK(tracker.changed(batch[0]));
  CHECK(tracker.seen());
  CHECK(tracker.names() == std::vector<std::string>{"a", "b"});
  CHECK_FALSE(tracker.changed(batch[1]));
  CHECK(tracker.changed(batch[2]));
  CHECK(tracker.changed(batch[3]));
  CHECK(tracker.names() == std::vector<std::string>{"b", "a"});
  CHECK(tracker.changed(batch[4]));
  CHECK(tracker.names().empty());
}

TEST_CASE("header tracker: records sharing a header are compared by its id", "[formats][header]") {
  auto header = weir::make_header({"x", "y"});
  auto other = weir::make_header({"x", "y"});
  weir::Batch batch;
  for (const weir::Header* h : {header.get(), header.get(), other.get(), static_cast<const weir::Header*>(nullptr)}) {
    batch.begin_record(weir::Provenance{}, h);
    batch.add_field(weir::Field("x", "1"));
    batch.add_field(weir::Field("y", "2"));
  }
  weir::HeaderTracker tracker;
  CHECK(tracker.changed(batch[0]));
  CHECK_FALSE(tracker.changed(batch[1]));
  // another header with the same names is no change
  CHECK_FALSE(tracker.changed(batch[2]));
  CHECK_FALSE(tracker.changed(batch[3]));
}

TEST_CASE("header tracker: a first record with no fields is a change", "[formats][header]") {
  weir::Batch batch = weir::test::make_batch({{}});
  weir::HeaderTracker tracker;
  CHECK(tracker.changed(batch[0]));
}

// ------------------------------------------------------------ csv options

TEST_CASE("csv: comment lines are skipped but counted", "[csv]") {
  weir::ReadOptions read;
  read.comment = '#';
  auto r = read_all("# a comment\na,b\n#x,y,z\n1,\"#not\"\n", "csv", read);
  CHECK(r.text() == "a=1 b=#not\n");
  CHECK(r.lines == std::vector<std::int64_t>{4});
  for (std::size_t size = 1; size <= 16; ++size) {
    INFO("block size " << size);
    read.block_size = size;
    auto got = read_all("# a comment\na,b\n#x,y,z\n1,\"#not\"\n", "csv", read);
    CHECK(got.records == r.records);
    CHECK(got.lines == r.lines);
  }
}

TEST_CASE("csv: trim drops spaces around unquoted values, not inside quotes", "[csv]") {
  weir::ReadOptions read;
  read.trim = true;
  CHECK(read_all(" a , b \n 1 , \" x \" \n", "csv", read).text() == "a=1 b= x \n");
}

TEST_CASE("csv: trim with the delimiter given, and under --strict", "[csv]") {
  // the same as above with nothing left to the sniffer's choice of delimiter
  weir::ReadOptions read;
  read.trim = true;
  read.delimiter = ',';
  CHECK(read_all(" a , b \n 1 , \" x \" \n", "csv", read).text() == "a=1 b= x \n");
  read.strict = true;
  CHECK(read_all(" a , b \n 1 , \" x \" \n", "csv", read).text() == "a=1 b= x \n");
}

TEST_CASE("csv: kept blank lines are records with one empty field", "[csv]") {
  weir::ReadOptions read;
  read.keep_blank_lines = true;
  auto r = read_all("a\n1\n\n2\r\n\r\n", "csv", read);
  CHECK(r.text() == "a=1\na=\na=2\na=\n");
  CHECK(r.lines == std::vector<std::int64_t>{2, 3, 4, 5});
}

TEST_CASE("csv: another quote character", "[csv]") {
  weir::ReadOptions read;
  read.quote = '\'';
  CHECK(read_all("a,b\n'x,y','it''s'\n", "csv", read).text() == "a=x,y b=it's\n");
}

TEST_CASE("csv: a value read with another quote character is quoted on the way out", "[csv][writer]") {
  // the csv reader flags a field plain only under the quote '"', so the
  // writer (which trusts kFieldPlain when the delimiters match) quotes `x"y`
  weir::ReadOptions read;
  read.quote = '\'';
  CHECK(weir::test::convert("a,b\nx\"y,1\n", "csv", "csv", {}, read) == "a,b\n\"x\"\"y\",1\n");
}
