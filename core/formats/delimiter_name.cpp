#include "core/formats/delimiter_name.hpp"

namespace weir {

std::optional<char> delimiter_named(std::string_view text) {
  if (text == "tab" || text == "\\t" || text == "\t") return '\t';
  if (text == "comma") return ',';
  if (text == "semicolon") return ';';
  if (text == "pipe") return '|';
  if (text == "space") return ' ';
  // a line break or a quote as delimiter would make every file ambiguous
  if (text.size() == 1 && text[0] != '\n' && text[0] != '\r' && text[0] != '"') return text[0];
  return std::nullopt;
}

}  // namespace weir
