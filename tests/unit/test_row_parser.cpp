// The CSV row state machine (core/formats/csv/row_parser.hpp) on its own:
// one row at a time under a dialect, the fields it hands out and how each
// was written, the line breaks it consumed, and what it noted on the way.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/formats/csv/plain_row.hpp"
#include "core/formats/csv/row_parser.hpp"
#include "core/formats/scan.hpp"
#include "core/io/block_reader.hpp"

namespace {

using weir::CsvDialect;
using weir::CsvField;
using weir::CsvReread;
using weir::CsvRow;
using weir::CsvRowEnd;
using weir::CsvRowError;
using weir::Escape;

// One field as the parser handed it out.
struct Got {
  std::string value;
  CsvField how;
  bool operator==(const Got&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Got& g) {
  static constexpr const char* kHow[] = {"plain", "text", "quoted", "escaped"};
  return os << '{' << Catch::Detail::stringify(g.value) << ", " << kHow[static_cast<int>(g.how)] << '}';
}

struct Collect {
  std::vector<Got> fields;
  void field(std::string_view value, CsvField how) { fields.push_back({std::string(value), how}); }
};

// One call of parse_csv_row over `text` from its start: the row, the fields
// and where the parser stopped (an offset into `text`).
struct Parsed {
  CsvRow row;
  std::vector<Got> fields;
  std::size_t next = 0;  // p after the call
  std::ptrdiff_t error_at = -1;
  std::ptrdiff_t multiline_quote = -1;
};

// The parser reads ahead many bytes at a time, as every input block allows
// (BlockReader::kPadding): the text is parsed from a padded copy.
std::string padded(std::string_view text) {
  std::string copy(text);
  copy.append(weir::BlockReader::kPadding, '\0');
  return copy;
}

Parsed parse(const CsvDialect& d, std::string_view input, bool at_end = true, const CsvReread& reread = {}) {
  std::string buffer = padded(input);
  std::string_view text(buffer.data(), input.size());
  CsvReread in_buffer = reread;  // a quote named in `input` is the same place in the copy
  if (reread.literal_quote) in_buffer.literal_quote = buffer.data() + (reread.literal_quote - input.data());
  Collect out;
  const char* p = text.data();
  Parsed r;
  r.row = weir::parse_csv_row(d, p, text.data() + text.size(), at_end, out, in_buffer);
  r.fields = std::move(out.fields);
  r.next = static_cast<std::size_t>(p - text.data());
  if (r.row.error_at) r.error_at = r.row.error_at - text.data();
  if (r.row.multiline_quote) r.multiline_quote = r.row.multiline_quote - text.data();
  return r;
}

// Every row of `text` (at its end), as lists of values.
std::vector<std::vector<std::string>> parse_all(const CsvDialect& d, std::string_view input) {
  std::string buffer = padded(input);
  std::vector<std::vector<std::string>> rows;
  const char* p = buffer.data();
  const char* end = p + input.size();
  while (p < end) {
    Collect out;
    CsvRow row = weir::parse_csv_row(d, p, end, true, out);
    REQUIRE(row.end == CsvRowEnd::done);
    auto& values = rows.emplace_back();
    for (auto& f : out.fields) values.push_back(f.value);
  }
  return rows;
}

constexpr CsvField plain = CsvField::plain;
constexpr CsvField text = CsvField::text;
constexpr CsvField quoted = CsvField::quoted;
constexpr CsvField escaped = CsvField::escaped;

CsvDialect strict() {
  CsvDialect d;
  d.lenient = false;
  return d;
}

}  // namespace

// ------------------------------------------------------------------ plain

TEST_CASE("row parser: plain fields up to the line end", "[row_parser]") {
  CsvDialect d;
  auto r = parse(d, "a,b,c\nd,e\n");
  CHECK(r.row.end == CsvRowEnd::done);
  CHECK(r.fields == std::vector<Got>{{"a", plain}, {"b", plain}, {"c", plain}});
  CHECK(r.row.fields == 3);
  CHECK(r.row.lines == 1);
  CHECK(r.row.notes == 0);
  CHECK(r.next == 6);  // at "d,e"
}

TEST_CASE("row parser: empty fields, CRLF and a last row without a line end", "[row_parser]") {
  CsvDialect d;
  auto r = parse(d, ",,\r\nx");
  CHECK(r.fields == std::vector<Got>{{"", plain}, {"", plain}, {"", plain}});
  CHECK(r.row.lines == 1);
  CHECK(r.next == 4);  // past the CRLF

  auto last = parse(d, "x,y");
  CHECK(last.row.end == CsvRowEnd::done);
  CHECK(last.fields == std::vector<Got>{{"x", plain}, {"y", plain}});
  CHECK(last.row.lines == 0);
  CHECK(last.next == 3);
}

TEST_CASE("row parser: a quote or a lone CR inside an unquoted field is text", "[row_parser]") {
  CsvDialect d;
  auto r = parse(d, "x\"y,5\",a\rb\n");
  CHECK(r.fields == std::vector<Got>{{"x\"y", text}, {"5\"", text}, {"a\rb", text}});
  CHECK(r.row.notes == 0);  // not a repair: a quote that opens nothing
  CHECK(r.row.lines == 1);
}

TEST_CASE("row parser: without a quote character a quote is plain text", "[row_parser]") {
  CsvDialect d;
  d.quote = '\0';
  auto r = parse(d, "\"a,b\",c\n");
  CHECK(r.fields == std::vector<Got>{{"\"a", plain}, {"b\"", plain}, {"c", plain}});
  CHECK(r.row.notes == 0);
}

// ----------------------------------------------------------------- quoted

TEST_CASE("row parser: quoted fields with doubled quotes, delimiters and line breaks", "[row_parser]") {
  CsvDialect d;
  auto r = parse(d, "\"a,b\",\"say \"\"hi\"\"\",\"\",\"two\nlines\"\nnext\n");
  CHECK(r.row.end == CsvRowEnd::done);
  CHECK(r.fields ==
        std::vector<Got>{{"a,b", quoted}, {"say \"\"hi\"\"", escaped}, {"", quoted}, {"two\nlines", quoted}});
  CHECK(weir::unescape_quoted(d, r.fields[1].value) == "say \"hi\"");
  CHECK(r.row.fields == 4);
  CHECK(r.row.lines == 2);  // the one inside the field and the row's own
  CHECK(r.row.notes == weir::kMultilineField);
  CHECK(r.multiline_quote == 22);  // the quote that opens "two
  CHECK(r.next == 34);             // at "next"
}

TEST_CASE("row parser: a quoted field at the end of the input needs no line end", "[row_parser]") {
  CsvDialect d;
  auto r = parse(d, "1,\"x\"");
  CHECK(r.row.end == CsvRowEnd::done);
  CHECK(r.fields == std::vector<Got>{{"1", plain}, {"x", quoted}});
  CHECK(r.row.lines == 0);
  CHECK(r.next == 5);
}

TEST_CASE("row parser: spaces after a closing quote are passed over", "[row_parser]") {
  CsvDialect d;
  auto r = parse(d, "\"a\"  ,\"b\"\t\n");
  CHECK(r.fields == std::vector<Got>{{"a", quoted}, {"b", quoted}});
  CHECK(r.row.notes == 0);
}

TEST_CASE("row parser: single quotes as the quote character", "[row_parser]") {
  CsvDialect d;
  d.quote = '\'';
  auto r = parse(d, "'a, b','it''s',\"x\"\n");
  CHECK(r.fields == std::vector<Got>{{"a, b", quoted}, {"it''s", escaped}, {"\"x\"", plain}});
  CHECK(weir::unescape_quoted(d, r.fields[1].value) == "it's");
}

// ------------------------------------------------------------- backslash

TEST_CASE("row parser: backslash escapes: \\\" and \\\\ only", "[row_parser]") {
  CsvDialect d;
  d.escape = Escape::backslash;
  auto r = parse(d, R"("a\"b","c\\d","e\'f","C:\temp\new",g)"
                    "\n");
  REQUIRE(r.row.end == CsvRowEnd::done);
  CHECK(r.fields == std::vector<Got>{{R"(a\"b)", escaped},
                                     {R"(c\\d)", escaped},
                                     {R"(e\'f)", quoted},
                                     {R"(C:\temp\new)", quoted},
                                     {"g", plain}});
  CHECK(weir::unescape_quoted(d, r.fields[0].value) == "a\"b");
  CHECK(weir::unescape_quoted(d, r.fields[1].value) == "c\\d");
  CHECK(weir::unescape_quoted(d, r.fields[2].value) == "e\\'f");  // \' is kept
  CHECK(r.row.notes == 0);
}

TEST_CASE("row parser: an escaped quote does not close the field; an escaped backslash before the quote does",
          "[row_parser]") {
  CsvDialect d;
  d.escape = Escape::backslash;
  auto r = parse(d, R"("x\",y",z)"
                    "\n"
                    R"("dir\\",w)"
                    "\n");
  CHECK(r.fields == std::vector<Got>{{R"(x\",y)", escaped}, {"z", plain}});
  CHECK(r.next == 10);
  CHECK(parse_all(d, R"("x\",y",z)"
                     "\n"
                     R"("dir\\",w)")[1] == std::vector<std::string>{R"(dir\\)", "w"});
}

TEST_CASE("row parser: under backslash escapes a doubled quote ends the field", "[row_parser]") {
  CsvDialect d;
  d.escape = Escape::backslash;
  // "a""b": the field "a" closes, then "b" follows it: a stray quote, read as text
  auto r = parse(d, "\"a\"\"b\",c\n");
  CHECK(r.fields == std::vector<Got>{{"\"a\"\"b\"", text}, {"c", plain}});
  CHECK(r.row.notes == weir::kStrayQuote);
}

// ------------------------------------------------------------ escape none

TEST_CASE("row parser: escape none: a quote ends the field only before a delimiter or a line end",
          "[row_parser]") {
  CsvDialect d;
  d.escape = Escape::none;
  auto r = parse(d, "\"say \"hi\" there\",\"a\"\"b\",\"c\" ,\"d\"\nx\n");
  REQUIRE(r.row.end == CsvRowEnd::done);
  CHECK(r.fields ==
        std::vector<Got>{{"say \"hi\" there", quoted}, {"a\"\"b", quoted}, {"c", quoted}, {"d", quoted}});
  CHECK(r.row.notes == 0);
  CHECK(r.row.lines == 1);
  CHECK(r.next == 33);
}

TEST_CASE("row parser: escape none: a quote followed by spaces at the end of a block waits for more",
          "[row_parser]") {
  CsvDialect d;
  d.escape = Escape::none;
  CHECK(parse(d, "\"a\"  ", false).row.end == CsvRowEnd::incomplete);
  auto r = parse(d, "\"a\"  ", true);
  CHECK(r.row.end == CsvRowEnd::done);
  CHECK(r.fields == std::vector<Got>{{"a", quoted}});
}

// -------------------------------------------------------------- CR only

TEST_CASE("row parser: CR-only line ends", "[row_parser]") {
  CsvDialect d;
  d.cr_newline = true;
  auto r = parse(d, "a,b\rc,d\r");
  CHECK(r.fields == std::vector<Got>{{"a", plain}, {"b", plain}});
  CHECK(r.row.lines == 1);
  CHECK(r.next == 4);

  // a quoted CR is a line of the field; CRLF still ends a row as one break
  auto q = parse(d, "\"x\ry\",z\r\nnext");
  CHECK(q.fields == std::vector<Got>{{"x\ry", quoted}, {"z", plain}});
  CHECK(q.row.lines == 2);
  CHECK(q.row.notes == weir::kMultilineField);
  CHECK(q.next == 9);

  CHECK(parse_all(d, "1,2\r3,4\r5,6") ==
        std::vector<std::vector<std::string>>{{"1", "2"}, {"3", "4"}, {"5", "6"}});
  CHECK(weir::count_line_breaks(d, "a\rb\r\nc\n") == 2);
}

TEST_CASE("count_byte: every length and start, runs past 255 rounds of matches", "[row_parser]") {
  // (its lanes count up to 255 matches each before they are summed)
  std::mt19937 rng(5);
  std::string text(40000, 'x');
  for (char& ch : text) ch = rng() % 3 ? 'x' : '\n';
  std::string all(40000, '\n');
  for (const std::string* buffer : {&text, &all}) {
    for (std::size_t start : {0, 1, 7, 31}) {
      for (std::size_t size : {0, 1, 15, 31, 32, 33, 63, 64, 65, 129, 16319, 16320, 16321, 33000, 39969}) {
        const char* p = buffer->data() + start;
        CAPTURE(start, size);
        REQUIRE(weir::count_byte(p, p + size, '\n') == std::count(p, p + size, '\n'));
      }
    }
  }
}

TEST_CASE("count_bytes<2> counts two bytes in one pass, every length and start", "[row_parser]") {
  std::mt19937 rng(9);
  std::string text(40000, 'x');
  for (char& ch : text) ch = "x\n\"x"[rng() % 4];
  std::string all(40000, '"');
  for (const std::string* buffer : {&text, &all}) {
    for (std::size_t start : {0, 1, 31}) {
      for (std::size_t size : {0, 1, 31, 32, 33, 63, 64, 65, 16319, 16320, 16321, 39969}) {
        const char* p = buffer->data() + start;
        CAPTURE(start, size);
        const auto [breaks, quotes] = weir::count_bytes<2>(p, p + size, {'\n', '"'});
        REQUIRE(breaks == std::count(p, p + size, '\n'));
        REQUIRE(quotes == std::count(p, p + size, '"'));
      }
    }
  }
}

// last_quote_break by its definition, a byte at a time
weir::QuoteBreak last_quote_break_slowly(const char* p, const char* end, bool odd_after) {
  weir::QuoteBreak out;
  for (const char* at = p; at < end; ++at) {
    if (*at != '\n' || std::count(at, end, '"') % 2 != (odd_after ? 1 : 0)) continue;
    out.after = at + 1;
    out.breaks_after = std::count(at + 1, end, '\n');
  }
  return out;
}

TEST_CASE("last_quote_break: the last line break before an even or an odd number of quotes", "[row_parser]") {
  CHECK(weir::last_quote_break(nullptr, nullptr, '"', '\n', false).after == nullptr);
  std::mt19937 rng(11);
  // quotes rare and common, line breaks rare and common, none of either
  for (const char* alphabet : {"xxxxxxxx\n\"", "\"\n", "x\"\"\"x\n", "xxxxx\n", "xx\"x", "\"x\"\"x\"\n"}) {
    std::string text(3000, 'x');
    const std::size_t letters = std::strlen(alphabet);
    for (char& ch : text) ch = alphabet[rng() % letters];
    for (std::size_t start : {0, 3}) {
      for (std::size_t size : {0, 1, 2, 63, 64, 65, 127, 128, 200, 1000, 2997}) {
        for (bool odd_after : {false, true}) {
          const char* p = text.data() + start;
          CAPTURE(alphabet, start, size, odd_after);
          const weir::QuoteBreak got = weir::last_quote_break(p, p + size, '"', '\n', odd_after);
          const weir::QuoteBreak want = last_quote_break_slowly(p, p + size, odd_after);
          REQUIRE(got.after == want.after);
          REQUIRE(got.breaks_after == want.breaks_after);
        }
      }
    }
  }
}

TEST_CASE("row parser: without cr_newline a lone CR inside a row is text", "[row_parser]") {
  CsvDialect d;
  auto r = parse(d, "a,b\rc,d\n");
  CHECK(r.fields == std::vector<Got>{{"a", plain}, {"b\rc", text}, {"d", plain}});
  CHECK(r.row.lines == 1);
}

// --------------------------------------------------- ", " and trimming

TEST_CASE("row parser: a comma and a space as the delimiter", "[row_parser]") {
  CsvDialect d;
  d.space_after_delimiter = true;
  auto r = parse(d, "a, b, \"c, d\", e,f,  g\n");
  CHECK(r.fields == std::vector<Got>{{"a", plain},
                                     {"b", plain},
                                     {"c, d", quoted},
                                     {"e", plain},
                                     {"f", plain},
                                     {" g", plain}});  // one space belongs to the delimiter
  CHECK(r.row.notes == 0);
}

TEST_CASE("row parser: trim drops spaces and tabs around values, quoted or not", "[row_parser]") {
  CsvDialect d;
  d.trim = true;
  auto r = parse(d, "  a  , \"b \" ,\tc\t,,  \n");
  CHECK(r.fields == std::vector<Got>{{"a", plain}, {"b ", quoted}, {"c", plain}, {"", plain}, {"", plain}});

  // with a tab as the delimiter, tabs are delimiters, not spaces to drop
  d.delimiter = '\t';
  auto t = parse(d, " a \t\tb \n");
  CHECK(t.fields == std::vector<Got>{{"a", plain}, {"", plain}, {"b", plain}});
}

// ------------------------------------------------------------- lenient

TEST_CASE("row parser: lenient: text after a closing quote makes the field text from the quote on",
          "[row_parser]") {
  CsvDialect d;
  auto r = parse(d, "\"ab\"c,d\n");
  CHECK(r.row.end == CsvRowEnd::done);
  CHECK(r.fields == std::vector<Got>{{"\"ab\"c", text}, {"d", plain}});
  CHECK(r.row.notes == weir::kStrayQuote);
  CHECK(r.row.fields == 2);
  CHECK(r.row.lines == 1);
  CHECK(r.error_at == -1);
}

TEST_CASE("row parser: lenient: a stray quote at the start of a field does not swallow the next lines",
          "[row_parser]") {
  // "abc,def opens a field that closes at the quote on the next line, which
  // "x" follows: read as text, the row ends on its own line
  CsvDialect d;
  auto r = parse(d, "1,\"abc,def\n2,\"x\",3\n");
  CHECK(r.fields == std::vector<Got>{{"1", plain}, {"\"abc", text}, {"def", plain}});
  CHECK(r.row.notes == weir::kStrayQuote);
  CHECK(r.row.lines == 1);
  CHECK(r.next == 11);
}

TEST_CASE("row parser: lenient: a quote never closed is read as text at the end of the input",
          "[row_parser]") {
  CsvDialect d;
  std::string_view in = "a,\"bc,d\nx,y\n";
  auto r = parse(d, in, true);
  CHECK(r.row.end == CsvRowEnd::done);
  CHECK(r.fields == std::vector<Got>{{"a", plain}, {"\"bc", text}, {"d", plain}});
  CHECK(r.row.notes == weir::kUnterminatedQuote);
  CHECK(r.row.lines == 1);
  CHECK(r.next == 8);  // the next line is a row of its own
  CHECK(parse_all(d, in) == std::vector<std::vector<std::string>>{{"a", "\"bc", "d"}, {"x", "y"}});

  // before the end of the input, more may close it
  auto more = parse(d, in, false);
  CHECK(more.row.end == CsvRowEnd::incomplete);
  CHECK(more.row.fields == 1);  // "a" was handed out already: the caller drops the row
}

TEST_CASE("row parser: lenient: an unterminated quote on the last line, no line end", "[row_parser]") {
  CsvDialect d;
  auto r = parse(d, "\"abc", true);
  CHECK(r.fields == std::vector<Got>{{"\"abc", text}});
  CHECK(r.row.notes == weir::kUnterminatedQuote);
  CHECK(r.row.lines == 0);
  CHECK(r.next == 4);
}

TEST_CASE("row parser: reread literal_quote: a field that swallowed lines read as text", "[row_parser]") {
  CsvDialect d;
  std::string_view in = "1,\"abc,x\n2,y\",z\n";
  auto first = parse(d, in);
  CHECK(first.fields == std::vector<Got>{{"1", plain}, {"abc,x\n2,y", quoted}, {"z", plain}});
  CHECK(first.row.lines == 2);
  CHECK(first.row.notes == weir::kMultilineField);
  REQUIRE(first.multiline_quote == 2);

  auto again = parse(d, in, true, CsvReread{in.data() + first.multiline_quote, false});
  CHECK(again.fields == std::vector<Got>{{"1", plain}, {"\"abc", text}, {"x", plain}});
  CHECK(again.row.lines == 1);
  CHECK(again.row.notes == 0);
  CHECK(again.next == 9);
}

TEST_CASE("row parser: reread quotes_inside: a quote inside a quoted field is part of it", "[row_parser]") {
  CsvDialect d;
  // the writer did not double the quotes around "For strong, ..."
  std::string_view in = "\"\"For strong, bitter\" coffee\",\"x\"\n";
  auto first = parse(d, in);
  CHECK(first.fields ==
        std::vector<Got>{{"\"\"For strong", text}, {" bitter\" coffee\"", text}, {"x", quoted}});
  CHECK(first.row.notes == weir::kStrayQuote);

  auto again = parse(d, in, true, CsvReread{nullptr, true});
  CHECK(again.fields == std::vector<Got>{{"\"For strong, bitter\" coffee", quoted}, {"x", quoted}});
  CHECK(again.row.notes == 0);
  CHECK(again.row.lines == 1);
  CHECK(again.next == in.size());

  // doubled quotes are still undone
  auto doubled = parse(d, "\"a \"\"b\"\" \"c\" d\",e\n", true, CsvReread{nullptr, true});
  CHECK(doubled.fields == std::vector<Got>{{"a \"\"b\"\" \"c\" d", escaped}, {"e", plain}});
}

// -------------------------------------------------------------- strict

TEST_CASE("row parser: strict: text after a closing quote is malformed at that text", "[row_parser]") {
  auto r = parse(strict(), "x,\"ab\"c,d\ne\n");
  CHECK(r.row.end == CsvRowEnd::malformed);
  CHECK(r.row.error == CsvRowError::text_after_quote);
  CHECK(r.error_at == 6);  // the c
  CHECK(r.row.error_field == 2);
  CHECK(r.next == 6);
  CHECK(r.fields == std::vector<Got>{{"x", plain}});
}

TEST_CASE("row parser: strict: an unterminated quote is malformed where it opens", "[row_parser]") {
  auto r = parse(strict(), "a,b,\"cd\nx,y\n", true);
  CHECK(r.row.end == CsvRowEnd::malformed);
  CHECK(r.row.error == CsvRowError::unterminated_quote);
  CHECK(r.error_at == 4);
  CHECK(r.row.error_field == 3);
  CHECK(r.next == 12);  // the end: the reader goes on after the quote's line itself
}

TEST_CASE("row parser: strict: a quote inside an unquoted field is still text", "[row_parser]") {
  auto r = parse(strict(), "x\"y,z\n");
  CHECK(r.row.end == CsvRowEnd::done);
  CHECK(r.fields == std::vector<Got>{{"x\"y", text}, {"z", plain}});
}

// ---------------------------------------------------------- incomplete

TEST_CASE("row parser: a row cut off by the end of a block is incomplete", "[row_parser]") {
  CsvDialect d;
  CHECK(parse(d, "a,b", false).row.end == CsvRowEnd::incomplete);
  CHECK(parse(d, "a,b,", false).row.end == CsvRowEnd::incomplete);
  CHECK(parse(d, "a,\"b\nc", false).row.end == CsvRowEnd::incomplete);
  CHECK(parse(d, "a,\"b\"", false).row.end == CsvRowEnd::incomplete);
  // the same bytes at the end of the input are a row
  CHECK(parse(d, "a,b", true).row.end == CsvRowEnd::done);
  CHECK(parse(d, "a,b,", true).fields == std::vector<Got>{{"a", plain}, {"b", plain}, {"", plain}});
}

TEST_CASE("row parser: a CR at the very end may be half of a CRLF", "[row_parser]") {
  CsvDialect d;
  CHECK(parse(d, "a,b\r", false).row.end == CsvRowEnd::incomplete);
  CHECK(parse(d, "a,\"b\"\r", false).row.end == CsvRowEnd::incomplete);
  auto r = parse(d, "a,b\r", true);
  CHECK(r.row.end == CsvRowEnd::done);
  CHECK(r.fields == std::vector<Got>{{"a", plain}, {"b", plain}});
  CHECK(r.row.lines == 1);
  CHECK(r.next == 4);
  auto q = parse(d, "a,\"b\"\r", true);
  CHECK(q.fields == std::vector<Got>{{"a", plain}, {"b", quoted}});
  CHECK(q.row.lines == 1);
}

TEST_CASE("row parser: a doubled or backslashed quote may straddle two blocks", "[row_parser]") {
  CsvDialect d;
  // "a" + "" ...: the last quote of the block may be the first of a pair
  CHECK(parse(d, "\"a\"", false).row.end == CsvRowEnd::incomplete);
  CHECK(parse(d, "\"a\"\"", false).row.end == CsvRowEnd::incomplete);
  auto whole = parse(d, "\"a\"\"b\"\n", false);
  CHECK(whole.row.end == CsvRowEnd::done);
  CHECK(whole.fields == std::vector<Got>{{"a\"\"b", escaped}});

  d.escape = Escape::backslash;
  CHECK(parse(d, "\"a\\", false).row.end == CsvRowEnd::incomplete);
  auto b = parse(d, "\"a\\\"\",x\n", false);
  CHECK(b.row.end == CsvRowEnd::done);
  CHECK(b.fields == std::vector<Got>{{"a\\\"", escaped}, {"x", plain}});
}

// ------------------------------------------------------------- helpers

TEST_CASE("row parser: blank lines and comment lines", "[row_parser]") {
  CsvDialect d;
  std::string_view lf = "\nx", crlf = "\r\nx", cr = "\rx", cr_end = "\r", row = "a\n";
  CHECK(weir::blank_line_length(d, lf.data(), lf.data() + lf.size(), true) == 1);
  CHECK(weir::blank_line_length(d, crlf.data(), crlf.data() + crlf.size(), true) == 2);
  CHECK(weir::blank_line_length(d, cr.data(), cr.data() + cr.size(), true) == 0);  // a lone CR is text
  CHECK(weir::blank_line_length(d, cr_end.data(), cr_end.data() + 1, false) == -1);
  CHECK(weir::blank_line_length(d, cr_end.data(), cr_end.data() + 1, true) == 1);
  CHECK(weir::blank_line_length(d, row.data(), row.data() + row.size(), true) == 0);
  d.cr_newline = true;
  CHECK(weir::blank_line_length(d, cr.data(), cr.data() + cr.size(), true) == 1);

  CsvDialect c;
  c.comment = '#';
  std::string_view comment = "# note, \"quote\nnext";
  CHECK(weir::skip_comment_line(c, comment.data(), comment.data() + comment.size(), true) ==
        comment.data() + 15);
  CHECK(weir::skip_comment_line(c, comment.data(), comment.data() + 10, false) == nullptr);
  CHECK(weir::skip_comment_line(c, comment.data(), comment.data() + 10, true) == comment.data() + 10);
}

// ------------------------------------------------------------------ fast path

// The reader's fast path (plain_row.hpp) against the state machine, over
// random rows of the bytes that matter, many rows to a buffer as the reader
// reads them (the fast path keeps its masks from row to row; where it
// declines, the state machine reads the row). Rows of up to 150 bytes cross
// the 64-byte masks at every offset.
TEST_CASE("row parser: the fast path reads a row as the state machine does, or declines it", "[row_parser]") {
  CsvDialect comma;
  CsvDialect semicolon;
  semicolon.delimiter = ';';
  CsvDialect no_quote;
  no_quote.quote = '\0';
  CsvDialect backslash;
  backslash.escape = Escape::backslash;
  CsvDialect none;
  none.escape = Escape::none;
  std::mt19937 random(20261205);
  for (const CsvDialect& d : {comma, semicolon, no_quote, backslash, none, strict()}) {
    REQUIRE(weir::PlainRowScan::applies(d));
    std::size_t taken = 0, declined = 0;
    for (int round = 0; round < 400; ++round) {
      // mostly letters, so that most rows are plain; the marks now and then
      static constexpr std::string_view kBytes = "abcdefgh,,;;\"\"\n \r\\";
      std::string input;
      std::size_t length = random() % 600;
      for (std::size_t i = 0; i < length; ++i) {
        std::size_t pick = random() % 40;
        input += pick < kBytes.size() ? kBytes[pick] : static_cast<char>('a' + pick % 8);
      }
      std::string buffer = padded(input);
      const char* p = buffer.data();
      const char* end = p + input.size();
      weir::PlainRowScan fast(d);
      while (p < end) {
        if (weir::blank_line_length(d, p, end, true) > 0) {
          p += weir::blank_line_length(d, p, end, true);
          continue;
        }
        // a limit short of the end now and then: the row must end before it
        const char* limit = random() % 4 == 0 ? p + random() % static_cast<std::size_t>(end - p + 1) : end;
        Collect slow_out;
        const char* slow_p = p;
        CsvRow slow = weir::parse_csv_row(d, slow_p, limit, limit == end, slow_out);
        Collect fast_out;
        const char* fast_p = p;
        CsvRow row;
        INFO("input: " << Catch::Detail::stringify(input) << " at " << (p - buffer.data()));
        if (fast.read(fast_p, limit, fast_out, row)) {
          ++taken;
          REQUIRE(slow.end == CsvRowEnd::done);
          CHECK(slow.notes == 0);
          CHECK(fast_out.fields == slow_out.fields);
          CHECK(fast_p == slow_p);
          CHECK(row.lines == slow.lines);
          CHECK(row.fields == slow.fields);
        } else {
          ++declined;
          CHECK(fast_p == p);
        }
        if (slow.end != CsvRowEnd::done) break;  // (cut by the limit)
        p = slow_p;
      }
    }
    // both ways are exercised
    CHECK(taken > 300);
    CHECK(declined > 300);
  }
}
