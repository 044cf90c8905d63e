// Batch, Field and Header: the record containers.

#include <catch2/catch.hpp>

#include <charconv>
#include <cstring>
#include <random>

#include "core/record/batch.hpp"
#include "core/record/header.hpp"
#include "tests/unit/mismatches.hpp"
#include "tests/unit/test_support.hpp"

using weir::Batch;
using weir::Field;
using weir::Provenance;
using weir::ValueKind;

namespace {

// "a=1 b=2|c=3" for a quick look at a batch.
std::string show(Batch& batch) {
  std::string out;
  for (std::size_t r = 0; r < batch.size(); ++r) {
    if (r) out += '|';
    auto record = batch[r];
    for (std::size_t i = 0; i < record.size(); ++i) {
      if (i) out += ' ';
      out += std::string(record[i].name) + "=" + std::string(record[i].value);
    }
  }
  return out;
}

Batch numbered(int records) {
  Batch batch;
  for (int r = 0; r < records; ++r) {
    batch.begin_record(Provenance{r + 1, r * 10});
    batch.add_field(Field("n", batch.store(std::to_string(r))));
    batch.add_field(Field("sq", batch.store(std::to_string(r * r))));
  }
  return batch;
}

}  // namespace

// ------------------------------------------------------------------ Batch

TEST_CASE("batch: records are slices of one field list, with their provenance", "[batch]") {
  Batch batch = numbered(3);
  REQUIRE(batch.size() == 3);
  CHECK(show(batch) == "n=0 sq=0|n=1 sq=1|n=2 sq=4");
  CHECK(batch[2].where().line == 3);
  CHECK(batch[2].where().offset == 20);
  CHECK(batch[1].find("sq")->value == "1");
  CHECK(batch[1].find("nope") == nullptr);
}

TEST_CASE("batch: stored text is a copy that outlives its source", "[batch]") {
  Batch batch;
  std::string_view kept;
  {
    std::string temporary = "temporary text";
    kept = batch.store(temporary);
    temporary.assign(temporary.size(), 'x');
  }
  CHECK(kept == "temporary text");
  CHECK(batch.store("").empty());
}

TEST_CASE("batch: stored text stays put while the arena grows", "[batch]") {
  Batch batch;
  std::vector<std::string_view> views;
  for (int i = 0; i < 5000; ++i) views.push_back(batch.store(std::string(37, static_cast<char>('a' + i % 26))));
  std::string_view big = batch.store(std::string(200000, 'z'));
  for (int i = 0; i < 5000; ++i) {
    INFO(i);
    REQUIRE(views[i] == std::string(37, static_cast<char>('a' + i % 26)));
  }
  CHECK(big == std::string(200000, 'z'));
}

TEST_CASE("batch: allocate gives writable memory the batch owns", "[batch]") {
  Batch batch;
  char* p = batch.allocate(5);
  std::memcpy(p, "hello", 5);
  char* q = batch.allocate(3);
  std::memcpy(q, "abc", 3);
  CHECK(std::string_view(p, 5) == "hello");
  CHECK(std::string_view(q, 3) == "abc");
  char* huge = batch.allocate(1 << 20);
  huge[0] = 'x';
  huge[(1 << 20) - 1] = 'y';
  CHECK(std::string_view(p, 5) == "hello");
}

TEST_CASE("batch: a cleared batch is empty and can be filled again", "[batch]") {
  Batch batch = numbered(3);
  batch.store(std::string(100000, 'x'));
  batch.plain_delimiter = ',';
  batch.clear();
  CHECK(batch.empty());
  CHECK(batch.plain_delimiter == '\0');
  batch.begin_record(Provenance{});
  batch.add_field(Field("a", batch.store("again")));
  std::string_view big = batch.store(std::string(70000, 'y'));
  CHECK(show(batch) == "a=again");
  CHECK(big == std::string(70000, 'y'));
}

TEST_CASE("batch: truncate keeps the first n records", "[batch]") {
  Batch batch = numbered(4);
  batch.truncate(10);
  CHECK(batch.size() == 4);
  batch.truncate(2);
  CHECK(show(batch) == "n=0 sq=0|n=1 sq=1");
  // the next record starts after the kept fields
  batch.begin_record(Provenance{});
  batch.add_field(Field("x", "y"));
  CHECK(show(batch) == "n=0 sq=0|n=1 sq=1|x=y");
  batch.truncate(0);
  CHECK(batch.empty());
}

TEST_CASE("batch: truncate keeps the fields of a kept record that was replaced", "[batch]") {
  Batch batch = numbered(3);
  Field replacement[] = {Field("r", "0")};
  batch.replace_fields(0, replacement);
  batch.truncate(2);
  CHECK(show(batch) == "r=0|n=1 sq=1");
  // new fields must not land on the replaced record's
  batch.begin_record(Provenance{});
  for (const char* name : {"x", "y", "z", "w"}) batch.add_field(Field(name, "v"));
  CHECK(show(batch) == "r=0|n=1 sq=1|x=v y=v z=v w=v");
}

TEST_CASE("batch: a record's fields may be replaced by a slice of its own", "[batch]") {
  Batch batch = numbered(2);
  for (int round = 0; round < 20; ++round) {
    // the record's own fields, reversed in place: the span points into the batch
    auto fields = batch[1].fields();
    std::swap(fields[0], fields[1]);
    batch.replace_fields(1, fields);
  }
  CHECK(show(batch) == "n=0 sq=0|n=1 sq=1");
  batch.replace_fields(0, batch[0].fields().subspan(1));
  CHECK(show(batch) == "sq=0|n=1 sq=1");
}

TEST_CASE("batch: keep_if keeps the flagged records in order", "[batch]") {
  Batch batch = numbered(5);
  batch.keep_if({true, false, true, false, true});
  CHECK(show(batch) == "n=0 sq=0|n=2 sq=4|n=4 sq=16");
  CHECK(batch[1].where().line == 3);
  batch.keep_if({false, false, false});
  CHECK(batch.empty());
}

TEST_CASE("batch: abort_record drops the record being built", "[batch]") {
  Batch batch = numbered(1);
  batch.begin_record(Provenance{});
  batch.add_field(Field("half", "way"));
  batch.abort_record();
  batch.begin_record(Provenance{});
  batch.add_field(Field("whole", "1"));
  CHECK(show(batch) == "n=0 sq=0|whole=1");
}

TEST_CASE("batch: replace_fields gives a record new fields and leaves the others", "[batch]") {
  Batch batch = numbered(3);
  auto header = weir::make_header({"x", "y", "z"});
  std::vector<Field> fields = {Field("x", "a"), Field("y", "b"), Field("z", "c")};
  batch.replace_fields(1, fields, header.get());
  CHECK(show(batch) == "n=0 sq=0|x=a y=b z=c|n=2 sq=4");
  CHECK(batch[1].header() == header.get());
  CHECK(batch[1].where().line == 2);
  batch.replace_fields(1, {});
  CHECK(show(batch) == "n=0 sq=0||n=2 sq=4");
  CHECK(batch[1].header() == nullptr);
}

namespace {

// Records "n"=0, 1, ... as a reader adds them into a batch that leaves `room`.
Batch read_with_room(int records, std::size_t room) {
  Batch batch;
  batch.set_room(room);
  for (int r = 0; r < records; ++r) {
    batch.begin_record(Provenance{r + 1, 0});
    batch.add_field(Field("n", batch.store(std::to_string(r))));
  }
  return batch;
}

// Adds field "new"=i to each record i after make_room(1).
void grow_each(Batch& batch) {
  batch.make_room(1);
  for (std::size_t r = 0; r < batch.size(); ++r) batch.grow(r, Field("new", batch.store(std::to_string(r))), nullptr);
}

}  // namespace

TEST_CASE("batch: make_room gives each record room to grow in place", "[batch]") {
  Batch batch = numbered(3);
  grow_each(batch);
  CHECK(show(batch) == "n=0 sq=0 new=0|n=1 sq=1 new=1|n=2 sq=4 new=2");
  // the room was used up: a second stage's make_room lays the records out again
  grow_each(batch);
  CHECK(show(batch) == "n=0 sq=0 new=0 new=0|n=1 sq=1 new=1 new=1|n=2 sq=4 new=2 new=2");
}

TEST_CASE("batch: the room a reader left (set_room) is used without moving the records", "[batch]") {
  Batch batch = read_with_room(3, 2);
  grow_each(batch);
  CHECK(&batch[1][0] - &batch[0][0] == 3);  // the reader's layout, not make_room's own (1 + 1 apart)
  grow_each(batch);              // the second field of room
  CHECK(show(batch) == "n=0 new=0 new=0|n=1 new=1 new=1|n=2 new=2 new=2");
  // no room left between the records: laid out again, the same records
  grow_each(batch);
  CHECK(show(batch) == "n=0 new=0 new=0 new=0|n=1 new=1 new=1 new=1|n=2 new=2 new=2 new=2");
  // the room is kept by clear(), and an aborted record leaves the one before it its room
  batch.clear();
  batch.begin_record(Provenance{});
  batch.add_field(Field("a", "1"));
  batch.begin_record(Provenance{});
  batch.abort_record();
  grow_each(batch);
  CHECK(show(batch) == "a=1 new=0");
}

TEST_CASE("batch: make_room after records were reordered, kept or replaced", "[batch]") {
  Batch batch = read_with_room(4, 1);
  batch.reorder({3, 1, 1, 0});  // out of order, and one record twice: no room to trust
  grow_each(batch);
  CHECK(show(batch) == "n=3 new=0|n=1 new=1|n=1 new=2|n=0 new=3");
  Batch kept = numbered(4);
  kept.set_room(1);
  kept.keep_if({true, false, true, true});
  kept.replace_fields(1, std::vector<Field>{Field("x", "y")});  // moved past the others
  grow_each(kept);
  CHECK(show(kept) == "n=0 sq=0 new=0|x=y new=1|n=3 sq=9 new=2");
}

TEST_CASE("batch: a moved batch keeps its stored text", "[batch]") {
  Batch batch = numbered(2);
  Batch moved = std::move(batch);
  CHECK(show(moved) == "n=0 sq=0|n=1 sq=1");
}

TEST_CASE("batch: source names the input, stdin by default", "[batch]") {
  Batch batch;
  CHECK(batch.source() == "(stdin)");
  batch.set_source(std::make_shared<const std::string>("data.csv"));
  CHECK(batch.source() == "data.csv");
}

// ------------------------------------------------------------------ Field

TEST_CASE("field: number() parses decimal text once and caches it", "[field]") {
  CHECK(Field("a", "12.5").number() == 12.5);
  CHECK(Field("a", "1e3").number() == 1000.0);
  CHECK(Field("a", "-7").number() == -7.0);
  CHECK(Field("a", "+7").number() == 7.0);
  CHECK(Field("a", "0.5").number() == 0.5);
  CHECK(Field("a", ".5").number() == 0.5);
  CHECK(Field("a", "007").number() == 7.0);
  CHECK(Field("a", "12.300", ValueKind::json).number() == 12.3);
  Field f("a", "42");
  CHECK(f.number() == 42.0);
  f.value = "not any more";  // cached: a stage changing a value uses set_value
  CHECK(f.number() == 42.0);
}

TEST_CASE("field: set_value drops the cached number and the flags", "[field]") {
  Field f("a", "42");
  f.flags = weir::kFieldPlain;
  CHECK(f.number() == 42.0);
  f.set_value("x,y");
  CHECK_FALSE(f.number());
  CHECK(f.flags == 0);
  CHECK(f.kind == ValueKind::text);
  f.set_value("7", ValueKind::json);
  CHECK(f.number() == 7.0);
  CHECK(f.kind == ValueKind::json);
}

TEST_CASE("field: a changed csv value is quoted again on the way out", "[field][csv]") {
  weir::Batch batch;
  batch.plain_delimiter = ',';
  batch.begin_record(Provenance{});
  Field plain("a", "1");
  plain.flags = weir::kFieldPlain;
  batch.add_field(plain);
  batch[0][0].set_value(batch.store("x,y"));
  std::vector<Batch> batches;
  batches.push_back(std::move(batch));
  CHECK(weir::test::write_all("csv", batches) == "a\n\"x,y\"\n");
}

TEST_CASE("field: number() is empty for text that is not wholly a number", "[field]") {
  for (const char* text : {"abc", "", " 1", "1 ", "1e", "12abc", "+", "-", "0x10", "1,5", "+-1", "++1",
                           "nan", "NaN", "Nan", "inf", "-inf", "+inf", "Infinity", "INF"}) {
    INFO("'" << text << "'");
    CHECK_FALSE(Field("a", text).number());
  }
  CHECK_FALSE(Field("a", "12", ValueKind::string).number());
  CHECK_FALSE(Field("a", "true", ValueKind::json).number());
}

TEST_CASE("field: is_null is true for empty text and JSON null", "[field]") {
  CHECK(Field("a", "").is_null());
  CHECK(Field("a", "null", ValueKind::json).is_null());
  CHECK_FALSE(Field("a", "null", ValueKind::string).is_null());
  CHECK_FALSE(Field("a", "null").is_null());
  CHECK_FALSE(Field("a", "0").is_null());
}

// ------------------------------------------------------------------ Header

TEST_CASE("header: repeated names get a numbered suffix", "[header]") {
  CHECK(weir::make_header({"a", "a"})->names == std::vector<std::string>{"a", "a_2"});
  CHECK(weir::make_header({"a", "a", "a"})->names == std::vector<std::string>{"a", "a_2", "a_3"});
  CHECK(weir::make_header({"a", "a_2", "a"})->names == std::vector<std::string>{"a", "a_2", "a_3"});
  CHECK(weir::make_header({"a", "a", "a_2"})->names == std::vector<std::string>{"a", "a_2", "a_2_2"});
}

TEST_CASE("header: empty names become their 1-based position", "[header]") {
  CHECK(weir::make_header({"", "b", ""})->names == std::vector<std::string>{"1", "b", "3"});
  CHECK(weir::make_header({"2", ""})->names == std::vector<std::string>{"2", "2_2"});
  CHECK(weir::make_header({})->names.empty());
}

TEST_CASE("header: every header has its own id", "[header]") {
  auto a = weir::make_header({"x"});
  auto b = weir::make_header({"x"});
  CHECK(a->id != b->id);
  CHECK(a->id != 0);
}

TEST_CASE("Field::number: plain decimals read exactly as from_chars reads them", "[batch]") {
  std::mt19937_64 random(7);
  weir::test::Mismatches wrong;
  for (int i = 0; i < 200000; ++i) {
    // up to 16 digits (the fast path takes 15), a point anywhere, a sign
    int digits = 1 + static_cast<int>(random() % 16);
    std::string text = random() % 4 == 0 ? "-" : "";
    int point = static_cast<int>(random() % static_cast<unsigned>(digits + 1));
    for (int d = 0; d < digits; ++d) {
      if (d == point && d > 0) text += '.';
      text += static_cast<char>('0' + random() % 10);
    }
    double expected = 0;
    std::from_chars(text.data(), text.data() + text.size(), expected);
    weir::Field field("x", text);
    std::optional<double> number = field.number();
    if (!number) {
      wrong.note("\"{}\": not a number", text);
    } else if (std::memcmp(&*number, &expected, sizeof expected) != 0) {  // the same bits, -0 included
      wrong.note("\"{}\": {}, from_chars {}", text, *number, expected);
    }
  }
  CHECK(wrong.report() == "");
  CHECK(weir::Field("x", "1.").number().has_value());  // "1." is a number, as from_chars reads it
  CHECK(!weir::Field("x", "-").number());
  CHECK(!weir::Field("x", "1.2.3").number());
  CHECK(!weir::Field("x", "12a").number());
  CHECK(*weir::Field("x", ".5").number() == 0.5);
}
