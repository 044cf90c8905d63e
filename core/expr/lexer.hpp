#pragma once
/// Tokens of the expression language.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace weir::expr {

enum class Tok : std::uint8_t {
  end, number, string, name,  // name: status, req.host, items[0].sku, `user agent`
  lparen, rparen, comma, lbracket, rbracket, colon, question,
  plus, minus, star, power, slash, percent, dot,
  eq, ne, lt, le, gt, ge, match, not_match, coalesce,
  kw_and, kw_or, kw_not, kw_in, kw_true, kw_false, kw_null,
};

struct Token {
  Tok kind = Tok::end;
  std::string text;       ///< a name or the unescaped string; a number's spelling
  std::size_t column = 0; ///< 0-based byte offset in the expression
};

/// Splits `source` into tokens (the last is Tok::end). Throws ExprError.
std::vector<Token> tokenize(std::string_view source);

/// A mistake in an expression, at a byte offset of its text.
struct ExprError {
  std::string message;
  std::size_t column;
};

const char* describe(Tok kind);

}  // namespace weir::expr
