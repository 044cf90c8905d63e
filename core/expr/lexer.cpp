#include "core/expr/lexer.hpp"

#include <cctype>

namespace weir::expr {

namespace {

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || (c & 0x80); }
bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || (c & 0x80);
}

Tok keyword(std::string_view word) {
  if (word == "and") return Tok::kw_and;
  if (word == "or") return Tok::kw_or;
  if (word == "not") return Tok::kw_not;
  if (word == "in") return Tok::kw_in;
  if (word == "true") return Tok::kw_true;
  if (word == "false") return Tok::kw_false;
  if (word == "null") return Tok::kw_null;
  return Tok::name;
}

// What Miller's built-in variable `word` is, or empty.
std::string_view miller_variable(std::string_view word) {
  if (word == "NR") return "record number (NR)";
  if (word == "FNR") return "record number within the file (FNR)";
  if (word == "NF") return "number of fields (NF)";
  if (word == "FILENAME") return "current file name (FILENAME)";
  if (word == "FILENUM") return "current file number (FILENUM)";
  return {};
}

}  // namespace

const char* describe(Tok kind) {
  switch (kind) {
    case Tok::end: return "the end of the expression";
    case Tok::number: return "a number";
    case Tok::string: return "a string";
    case Tok::name: return "a field name";
    case Tok::lparen: return "'('";
    case Tok::rparen: return "')'";
    case Tok::comma: return "','";
    case Tok::lbracket: return "'['";
    case Tok::rbracket: return "']'";
    case Tok::colon: return "':'";
    case Tok::question: return "'?'";
    case Tok::plus: return "'+'";
    case Tok::minus: return "'-'";
    case Tok::star: return "'*'";
    case Tok::power: return "'**'";
    case Tok::slash: return "'/'";
    case Tok::percent: return "'%'";
    case Tok::dot: return "'.'";
    case Tok::eq: return "'=='";
    case Tok::ne: return "'!='";
    case Tok::lt: return "'<'";
    case Tok::le: return "'<='";
    case Tok::gt: return "'>'";
    case Tok::ge: return "'>='";
    case Tok::match: return "'=~'";
    case Tok::not_match: return "'!~'";
    case Tok::coalesce: return "'?" "?'";
    case Tok::kw_and: return "'and'";
    case Tok::kw_or: return "'or'";
    case Tok::kw_not: return "'not'";
    case Tok::kw_in: return "'in'";
    case Tok::kw_true: return "'true'";
    case Tok::kw_false: return "'false'";
    case Tok::kw_null: return "'null'";
  }
  return "?";
}

std::vector<Token> tokenize(std::string_view src) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  auto add = [&](Tok kind, std::size_t start, std::size_t length, std::string text = {}) {
    tokens.push_back(Token{kind, std::move(text), start});
    i = start + length;
  };
  while (i < src.size()) {
    char c = src[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    std::size_t start = i;
    char next = i + 1 < src.size() ? src[i + 1] : '\0';
    if (std::isdigit(static_cast<unsigned char>(c)) || (c == '.' && std::isdigit(static_cast<unsigned char>(next)))) {
      std::size_t j = i;
      while (j < src.size() && std::isdigit(static_cast<unsigned char>(src[j]))) ++j;
      if (j < src.size() && src[j] == '.') {
        ++j;
        while (j < src.size() && std::isdigit(static_cast<unsigned char>(src[j]))) ++j;
      }
      if (j < src.size() && (src[j] == 'e' || src[j] == 'E')) {
        std::size_t k = j + 1;
        if (k < src.size() && (src[k] == '+' || src[k] == '-')) ++k;
        if (k < src.size() && std::isdigit(static_cast<unsigned char>(src[k]))) {
          j = k;
          while (j < src.size() && std::isdigit(static_cast<unsigned char>(src[j]))) ++j;
        }
      }
      if (j < src.size() && is_name_start(src[j])) {
        throw ExprError{"a number cannot be followed by letters (quote a field name like this in backticks)", j};
      }
      add(Tok::number, start, j - start, std::string(src.substr(start, j - start)));
      continue;
    }
    // Miller's $name and ${name with spaces}: the field name
    if (c == '$' && next == '{') {
      const std::size_t close = src.find('}', i + 2);
      if (close == std::string_view::npos) throw ExprError{"unterminated ${name} (no closing brace)", start};
      add(Tok::name, start, close + 1 - start, std::string(src.substr(i + 2, close - i - 2)));
      continue;
    }
    const bool dollar = c == '$' && is_name_start(next);
    if (dollar) {  // $name: the name ($true, $in: fields, not words)
      c = next;
      start = ++i;
    }
    if (is_name_start(c)) {
      std::size_t j = i;
      for (;;) {
        while (j < src.size() && is_name_char(src[j])) ++j;
        // items[0].sku, items[-1]: an array position is part of the name
        std::size_t k = j + 1;
        if (j >= src.size() || src[j] != '[') break;
        if (k < src.size() && src[k] == '-') ++k;
        std::size_t digits = k;
        while (k < src.size() && std::isdigit(static_cast<unsigned char>(src[k]))) ++k;
        if (k == digits || k >= src.size() || src[k] != ']') break;  // s[2:3] is a slice
        j = k + 1;
        if (j < src.size() && src[j] != '.' && src[j] != '[') break;  // items[0]x: x is a word of its own
      }
      while (j > start + 1 && src[j - 1] == '.') --j;  // $a.$b: a, Miller's dot, b
      std::string word(src.substr(start, j - start));
      if (!dollar) {
        // Miller's built-in constants, and its variables weir does not have
        // (a field of that name is $NR)
        if (word == "M_PI" || word == "M_E") {
          add(Tok::number, start, j - start, word == "M_PI" ? "3.141592653589793" : "2.718281828459045");
          continue;
        }
        if (const std::string_view what = miller_variable(word); !what.empty()) {
          throw ExprError{word + " is Miller's " + std::string(what) + ", which weir does not have (a field named " +
                              word + " is $" + word + ")",
                          start};
        }
      }
      Tok kind = dollar ? Tok::name : keyword(word);
      add(kind, start, j - start, kind == Tok::name ? word : std::string());
      continue;
    }
    if (c == '`' || c == '\'' || c == '"') {
      std::string text;
      std::size_t j = i + 1;
      for (; j < src.size() && src[j] != c; ++j) {
        if (src[j] == '\\' && j + 1 < src.size() && c != '`') {
          // \n \t \r, and a backslash or quote taken literally; any other
          // backslash is kept, so a regex reads as written ("\d+\.")
          char e = src[++j];
          if (e == 'n' || e == 't' || e == 'r') {
            text += e == 'n' ? '\n' : e == 't' ? '\t' : '\r';
          } else {
            if (e != '\\' && e != '\'' && e != '"') text += '\\';
            text += e;
          }
        } else {
          text += src[j];
        }
      }
      if (j == src.size()) {
        throw ExprError{c == '`' ? "unterminated `name` (no closing backtick)" : "unterminated string", start};
      }
      add(c == '`' ? Tok::name : Tok::string, start, j + 1 - start, std::move(text));
      continue;
    }
    switch (c) {
      case '(': add(Tok::lparen, start, 1); continue;
      case ')': add(Tok::rparen, start, 1); continue;
      case ',': add(Tok::comma, start, 1); continue;
      case '[': add(Tok::lbracket, start, 1); continue;
      case ']': add(Tok::rbracket, start, 1); continue;
      case ':': add(Tok::colon, start, 1); continue;
      case '+': add(Tok::plus, start, 1); continue;
      case '-': add(Tok::minus, start, 1); continue;
      case '*': add(next == '*' ? Tok::power : Tok::star, start, next == '*' ? 2 : 1); continue;
      case '/': add(Tok::slash, start, 1); continue;
      case '%': add(Tok::percent, start, 1); continue;
      case '.':
        // Miller's .+ .- .*: its integer-preserving arithmetic, which weir's
        // + - * are for integers (not '.' and a sign: "6" .+ "4" is 10)
        if (next == '+') { add(Tok::plus, start, 2); continue; }
        if (next == '-') { add(Tok::minus, start, 2); continue; }
        if (next == '*') { add(Tok::star, start, 2); continue; }
        if (next == '/') {
          throw ExprError{"'./' is Miller's integer division, which weir does not have: floor(a / b) rounds down", start};
        }
        add(Tok::dot, start, 1);  // (Miller's: text joined)
        continue;
      case '=':
        if (next == '=') { add(Tok::eq, start, 2); continue; }
        if (next == '~') { add(Tok::match, start, 2); continue; }
        throw ExprError{"'=' compares nothing: use '==' to compare, or '=~' to match a regex", start};
      case '!':
        if (next == '=' && i + 2 < src.size() && src[i + 2] == '~') { add(Tok::not_match, start, 3); continue; }  // (Miller's !=~)
        if (next == '=') { add(Tok::ne, start, 2); continue; }
        if (next == '~') { add(Tok::not_match, start, 2); continue; }
        add(Tok::kw_not, start, 1);  // (Miller's and C's not)
        continue;
      case '<': next == '=' ? add(Tok::le, start, 2) : add(Tok::lt, start, 1); continue;
      case '>': next == '=' ? add(Tok::ge, start, 2) : add(Tok::gt, start, 1); continue;
      case '?':
        if (next == '?') { add(Tok::coalesce, start, 2); continue; }
        add(Tok::question, start, 1);
        continue;
      // Miller's and C's spellings of and, or
      case '&':
        if (next == '&') { add(Tok::kw_and, start, 2); continue; }
        break;
      case '|':
        if (next == '|') { add(Tok::kw_or, start, 2); continue; }
        break;
      default: break;
    }
    throw ExprError{std::string("unexpected character '") + c + "'", start};
  }
  tokens.push_back(Token{Tok::end, {}, src.size()});
  return tokens;
}

}  // namespace weir::expr
