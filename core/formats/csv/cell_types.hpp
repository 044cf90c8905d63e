#pragma once
/// What a CSV cell's text looks like: the sniffer's evidence for a dialect
/// (cells that read as values) and for a header (a first row that does not
/// read as the column's type).

#include <cstdint>
#include <string_view>

namespace weir {

enum class CellType : std::uint8_t {
  empty,
  integer,   ///< -12
  decimal,   ///< 1.5, -2e3
  boolean,   ///< true, false (any case)
  date,      ///< 2018-01-28, 28/01/2018, 01.28.2018
  time,      ///< 00:15, 23:59:59.5
  datetime,  ///< a date, 'T' or a space, a time, maybe a zone
  text,
};

CellType classify_cell(std::string_view cell);

/// Whether `cell` fits a column of type `column`: an integer fits a decimal
/// column; an empty cell fits every column.
bool cell_fits(CellType column, CellType cell);

/// A cell that reads as a value of a known kind: the types above, money
/// ($74.69, 12,50 €), percentages, decimal commas, URLs, e-mail addresses,
/// and the usual "no value" marks (NA, N/A, null, -).
bool cell_is_known(std::string_view cell);

/// A mark for a missing value in any case (NA, n/a, NaN, NULL, None, nil,
/// #N/A, <NA>, -, --, ., ?): a cell that holds no value, and no column's name.
bool is_missing_cell(std::string_view cell);

std::string_view cell_type_name(CellType type);

}  // namespace weir
