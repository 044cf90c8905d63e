// PickedRowScan (core/formats/csv/picked_row.hpp) on its own: the picked
// columns of a whole, unquoted, LF-ended row of the header's width, or
// false (and p unmoved) for any other row, which the reader then reads
// field by field.

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/formats/csv/picked_row.hpp"

namespace {

struct Fields {
  std::vector<std::string> got;
  void field(std::string_view v) { got.emplace_back(v); }
};

// Reads the rows of `text` (padded as a block is) with columns `picked`:
// the fields of each row read, and "FALSE@offset" where a row is not one
// the scan reads (reading stops there).
std::vector<std::string> scan(const std::string& text, const std::vector<std::uint8_t>& picked, char delimiter = ',',
                              bool quoted_columns = false) {
  std::string block = text + std::string(64, 'x');  // (the padding's bytes are not looked at)
  weir::PickedRowScan scanner(delimiter, '"', picked, quoted_columns);
  const char* p = block.data();
  const char* limit = block.data() + text.size();
  std::vector<std::string> rows;
  while (p < limit) {
    Fields out;
    const char* before = p;
    if (!scanner.read(p, limit, out)) {
      REQUIRE(p == before);
      rows.push_back("FALSE@" + std::to_string(p - block.data()));
      break;
    }
    std::string row;
    for (const std::string& f : out.got) row += "[" + f + "]";
    rows.push_back(row);
  }
  return rows;
}

using Rows = std::vector<std::string>;

// What scan() gives for the next row of `text` (its values `values`): the
// picked ones when it is read, else FALSE at its start, and nothing once a
// row was not read (scan() stops there).
void expect_row(Rows& expected, bool& stopped, const std::string& text, bool read,
                const std::vector<std::string>& values, const std::vector<std::uint8_t>& picked) {
  if (stopped) return;
  if (!read) {
    expected.push_back("FALSE@" + std::to_string(text.size()));
    stopped = true;
    return;
  }
  std::string fields;
  for (std::size_t c = 0; c < picked.size(); ++c) {
    if (picked[c]) fields += "[" + values[c] + "]";
  }
  expected.push_back(fields);
}

}  // namespace

TEST_CASE("picked row: the picked columns of plain rows, wherever they are", "[csv][picked]") {
  const std::string rows = "a,bb,,dddd\n1,2,3,4\n";
  CHECK(scan(rows, {0, 1, 0, 1}) == Rows{"[bb][dddd]", "[2][4]"});
  CHECK(scan(rows, {1, 0, 0, 0}) == Rows{"[a]", "[1]"});
  CHECK(scan(rows, {0, 0, 1, 0}) == Rows{"[]", "[3]"});
  CHECK(scan(rows, {1, 1, 1, 1}) == Rows{"[a][bb][][dddd]", "[1][2][3][4]"});
  CHECK(scan(rows, {0, 0, 0, 0}) == Rows{"", ""});
  CHECK(scan(",\n,\n", {0, 1}) == Rows{"[]", "[]"});
  CHECK(scan("a\tb\tc\n", {0, 1, 0}, '\t') == Rows{"[b]"});
}

TEST_CASE("picked row: rows across the 64-byte masks", "[csv][picked]") {
  const std::string a(30, 'a'), b(70, 'b'), c(5, 'c'), d(100, 'd');
  const std::string row = a + "," + b + "," + c + "," + d + "\n";
  CHECK(scan(row + row, {0, 1, 1, 0}) == Rows{"[" + b + "][" + c + "]", "[" + b + "][" + c + "]"});
  CHECK(scan(row, {1, 0, 0, 0}) == Rows{"[" + a + "]"});
  CHECK(scan(row, {0, 0, 0, 1}) == Rows{"[" + d + "]"});
  // a delimiter too many or too few far past the last picked column
  CHECK(scan(a + "," + b + "," + c + "," + d + ",x\n", {1, 0, 0, 0}) == Rows{"FALSE@0"});
  CHECK(scan(a + "," + b + "," + d + "\n", {1, 0, 0, 0}) == Rows{"FALSE@0"});
}

TEST_CASE("picked row: any other row is left to the reader, p unmoved", "[csv][picked]") {
  // short and long rows, picked column before or after where they differ
  CHECK(scan("x,y\n", {0, 0, 1}) == Rows{"FALSE@0"});
  CHECK(scan("x,y\n", {1, 0, 0}) == Rows{"FALSE@0"});
  CHECK(scan("x,y,z,w\n", {1, 0, 0}) == Rows{"FALSE@0"});
  CHECK(scan("x,y,z,w\n", {0, 0, 1}) == Rows{"FALSE@0"});
  CHECK(scan("x,y,z,w\n", {0, 0, 0}) == Rows{"FALSE@0"});
  // a quote or a CR anywhere in the row, picked or not
  CHECK(scan("x,\"y\",z\n", {1, 0, 0}) == Rows{"FALSE@0"});
  CHECK(scan("x,y,z\"\n", {1, 0, 0}) == Rows{"FALSE@0"});
  CHECK(scan("x,\"y\",z\n", {0, 1, 0}) == Rows{"FALSE@0"});
  CHECK(scan("x,y,z\r\n", {1, 0, 0}) == Rows{"FALSE@0"});
  CHECK(scan("x,y,z\r\n", {0, 0, 1}) == Rows{"FALSE@0"});
  // a good row, then one that is not
  CHECK(scan("1,2,3\n4,\"5\",6\n", {0, 0, 1}) == Rows{"[3]", "FALSE@6"});
  // no LF before the limit (the row runs past the block)
  CHECK(scan("1,2,3\n4,5,6", {1, 0, 0}) == Rows{"[1]", "FALSE@6"});
  CHECK(scan("1,2,3\n4,5,6", {0, 0, 1}) == Rows{"[3]", "FALSE@6"});
}

// The same, the columns not picked allowed to be quoted fields
std::vector<std::string> scan_quoted(const std::string& text, const std::vector<std::uint8_t>& picked) {
  return scan(text, picked, ',', true);
}

TEST_CASE("picked row: quoted fields in the columns not picked, where allowed", "[csv][picked]") {
  CHECK(scan_quoted("a,\"b,c\",d\n", {1, 0, 1}) == Rows{"[a][d]"});
  CHECK(scan_quoted("\"x,y\",b\n", {0, 1}) == Rows{"[b]"});
  CHECK(scan_quoted("a,b,\"c\"\"d\"\n", {1, 0, 0}) == Rows{"[a]"});            // the last column, "" inside
  CHECK(scan_quoted("a,\"\",\"\",d\n1,2,3,4\n", {1, 0, 0, 1}) == Rows{"[a][d]", "[1][4]"});  // empty ones
  CHECK(scan_quoted("a,\"\"\"\",b\n", {1, 0, 1}) == Rows{"[a][b]"});           // a lone quote, doubled
  CHECK(scan_quoted("a,\",\",\",\",b,\",\"\n", {0, 0, 0, 1, 0}) == Rows{"[b]"});   // only delimiters inside
  // a quoted field across the 64-byte masks, delimiters inside
  const std::string inner = std::string(50, 'i') + ",,\"\"," + std::string(70, 'j');
  CHECK(scan_quoted("a,\"" + inner + "\",b,\"" + inner + "\"\n", {1, 0, 1, 0}) == Rows{"[a][b]"});
  CHECK(scan_quoted(std::string(60, 'a') + ",\"" + inner + "\"," + std::string(80, 'b') + "\n", {0, 0, 1}) ==
        Rows{"[" + std::string(80, 'b') + "]"});
  // not quoted fields of this path: left to the reader
  CHECK(scan_quoted("a,\"b\",c\n", {0, 1, 0}) == Rows{"FALSE@0"});     // picked
  CHECK(scan_quoted("a,b\"c,d\n", {1, 0, 1}) == Rows{"FALSE@0"});       // a quote inside a field
  CHECK(scan_quoted("a, \"b\",d\n", {1, 0, 1}) == Rows{"FALSE@0"});
  CHECK(scan_quoted("a,\"b\"c,d\n", {1, 0, 1}) == Rows{"FALSE@0"});     // text after the closing quote
  CHECK(scan_quoted("a,b,\"c\"d\n", {1, 0, 0}) == Rows{"FALSE@0"});
  CHECK(scan_quoted("a,\"b\nc\",d\n", {1, 0, 1}) == Rows{"FALSE@0"});  // a line break inside
  CHECK(scan_quoted("a,\"b\rc\",d\n", {1, 0, 1}) == Rows{"FALSE@0"});
  CHECK(scan_quoted("a,\"b\",d\r\n", {1, 0, 0}) == Rows{"FALSE@0"});
  CHECK(scan_quoted("a,\"b,d\n", {1, 0, 0}) == Rows{"FALSE@0"});         // never closed
  CHECK(scan_quoted("a,\"b\"\n", {1, 0, 0}) == Rows{"FALSE@0"});        // short, after a quoted field
  CHECK(scan_quoted("a,\"b\",c,d\n", {1, 0, 0}) == Rows{"FALSE@0"});    // long
  CHECK(scan_quoted("a,\"b\",c\n", {1, 0, 0, 0}) == Rows{"FALSE@0"});
  CHECK(scan_quoted("\"b\",c\n", {0, 0, 1}) == Rows{"FALSE@0"});
  // without quoted columns (the default) every quote stops the scan
  CHECK(scan("a,\"b,c\",d\n", {1, 0, 1}) == Rows{"FALSE@0"});
}

// Random rows of 2-40 columns of 0-90 bytes (so that runs of passed columns
// cross the 64-byte masks, and masks end inside values), now and then a
// quote, a CR, or a value too many or too few: each row is read as a plain
// split of it says, or left to the reader.
TEST_CASE("picked row: random rows against a plain split", "[csv][picked]") {
  std::mt19937_64 random(23);
  for (int round = 0; round < 3000; ++round) {
    const std::size_t width = 2 + random() % 39;
    std::vector<std::uint8_t> picked(width);
    for (auto& p : picked) p = random() % 4 == 0;
    std::string text;
    Rows expected;
    bool stopped = false;
    for (int r = 0; r < 4; ++r) {
      const int damage = static_cast<int>(random() % 12);  // 0: a quote, 1: a CR, 2: one more, 3: one fewer
      const std::size_t columns = damage == 2 ? width + 1 : damage == 3 ? width - 1 : width;
      std::vector<std::string> values(columns);
      for (auto& v : values) v = std::string(random() % 3 == 0 ? random() % 90 : random() % 6, 'a' + random() % 26);
      if (damage == 0) values[random() % columns].insert(0, "\"");
      std::string row;
      for (std::size_t c = 0; c < columns; ++c) row += (c ? "," : "") + values[c];
      row += damage == 1 ? "\r\n" : "\n";
      expect_row(expected, stopped, text, damage > 3, values, picked);
      text += row;
    }
    CAPTURE(round, width, text);
    CHECK(scan(text, picked) == expected);
  }
}

// The same with quoted fields (delimiters, doubled quotes and bytes up to
// 90 inside) in any column: a row is read when the quoted ones are not
// picked, as a reader's split of it says, and left to the reader otherwise.
TEST_CASE("picked row: random rows with quoted columns against a split", "[csv][picked]") {
  std::mt19937_64 random(29);
  for (int round = 0; round < 3000; ++round) {
    const std::size_t width = 2 + random() % 39;
    std::vector<std::uint8_t> picked(width);
    for (auto& p : picked) p = random() % 4 == 0;
    std::string text;
    Rows expected;
    bool stopped = false;
    for (int r = 0; r < 4; ++r) {
      // 0: a quote inside a field, 1: a CR, 2: one more, 3: one fewer, 4: a line break in quotes
      const int damage = static_cast<int>(random() % 16);
      const std::size_t columns = damage == 2 ? width + 1 : damage == 3 ? width - 1 : width;
      std::vector<std::string> values(columns);
      std::vector<bool> quoted(columns);
      bool picked_quoted = false;
      for (std::size_t c = 0; c < columns; ++c) {
        std::string& v = values[c];
        v = std::string(random() % 3 == 0 ? random() % 90 : random() % 6, 'a' + random() % 26);
        quoted[c] = random() % 5 == 0;
        if (!quoted[c]) continue;
        // (a delimiter or a doubled quote put between two bytes of the value, not inside a pair)
        std::vector<std::string> pieces;
        for (char ch : v) pieces.emplace_back(1, ch);
        for (int k = static_cast<int>(random() % 3); k > 0; --k) {
          pieces.insert(pieces.begin() + static_cast<std::ptrdiff_t>(random() % (pieces.size() + 1)), random() % 2 ? "," : "\"\"");
        }
        v.clear();
        for (const std::string& piece : pieces) v += piece;
        picked_quoted = picked_quoted || (c < width && picked[c]);
      }
      if (damage == 0) {  // (in a field not quoted)
        const std::size_t c = random() % columns;
        quoted[c] = false;
        values[c] = "x\"" + values[c];
      }
      if (damage == 4) {
        const std::size_t c = random() % columns;
        quoted[c] = true;
        values[c] += "\n";
        picked_quoted = picked_quoted || (c < width && picked[c]);
      }
      std::string row;
      for (std::size_t c = 0; c < columns; ++c) row += (c ? "," : "") + (quoted[c] ? "\"" + values[c] + "\"" : values[c]);
      row += damage == 1 ? "\r\n" : "\n";
      expect_row(expected, stopped, text, damage > 4 && !picked_quoted, values, picked);
      text += row;
    }
    CAPTURE(round, width, text);
    CHECK(scan_quoted(text, picked) == expected);
  }
}
