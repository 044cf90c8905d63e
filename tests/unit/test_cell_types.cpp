// What a CSV cell looks like to the sniffer (core/formats/csv/cell_types.hpp):
// the types a column can have, and the other kinds of value that count as
// evidence for a dialect (money, percentages, URLs, e-mail, no-value marks).

#include <catch2/catch.hpp>

#include "core/formats/csv/cell_types.hpp"

using weir::CellType;
using weir::cell_is_known;
using weir::classify_cell;

TEST_CASE("cell types: numbers, booleans, dates, times and datetimes, in any case") {
  CHECK(classify_cell("") == CellType::empty);
  CHECK(classify_cell("-12") == CellType::integer);
  CHECK(classify_cell("+1.5e3") == CellType::decimal);
  CHECK(classify_cell(".5") == CellType::decimal);
  CHECK(classify_cell("TRUE") == CellType::boolean);
  CHECK(classify_cell("False") == CellType::boolean);
  CHECK(classify_cell("2018-01-28") == CellType::date);
  CHECK(classify_cell("28/01/2018") == CellType::date);
  CHECK(classify_cell("12:30 PM") == CellType::time);
  CHECK(classify_cell("23:59:59.5") == CellType::time);
  CHECK(classify_cell("2024-01-31T10:00:00Z") == CellType::datetime);
  CHECK(classify_cell("2024-01-31 10:00") == CellType::datetime);
  CHECK(classify_cell("2024-01-31T10:00:00+01:00") == CellType::datetime);
  CHECK(classify_cell("2024-01-31T10:00:00-0500") == CellType::datetime);
  // a zone sign needs a time before it; a space or a T alone is text
  CHECK(classify_cell("2024-01-31T-10:00") == CellType::text);
  CHECK(classify_cell("2024-01-31T") == CellType::text);
  CHECK(classify_cell("Tuesday 10:00") == CellType::text);
  CHECK(classify_cell("Mozilla/5.0 (X11; Linux x86_64)") == CellType::text);
}

TEST_CASE("cell types: money, percentages, URLs, e-mail and no-value marks are known values") {
  for (const char* known : {"$74.69", "-$5", "74.69 \xE2\x82\xAC", "\xE2\x82\xAC" "5", "\xC2\xA3" "1,000.00",
                            "\xC2\xA5" "300", "12%", "1,5", "NA", "n/a", "NULL", "None", "-", "NaN",
                            "HTTP://example.org", "https://x.y", "www.example.com", "a@b.c", "2024-01-31"}) {
    CAPTURE(known);
    CHECK(cell_is_known(known));
  }
  for (const char* text : {"GET", "$", "%", "$ a", "www.", "http://x", "a b@c.d", "@b.c", "a@b", "nil", "Istanbul",
                           "\xC3\xA9t\xC3\xA9"}) {
    CAPTURE(text);
    CHECK_FALSE(cell_is_known(text));
  }
}
