// PickedRowScan (core/formats/csv/picked_row.hpp) on its own: the picked
// columns of a whole, unquoted, LF-ended row of the header's width, or
// false (and p unmoved) for any other row, which the reader then reads
// field by field.

#include <catch2/catch.hpp>

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
std::vector<std::string> scan(const std::string& text, std::vector<std::uint8_t> picked, char delimiter = ',') {
  std::string block = text + std::string(64, 'x');  // (the padding's bytes are not looked at)
  weir::PickedRowScan scanner(delimiter, '"', std::move(picked));
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
