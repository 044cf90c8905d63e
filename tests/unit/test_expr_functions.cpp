// Expression functions: each entry of the builtins table, with its edge
// cases, and the ISO-8601 parser behind epoch().

#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "core/expr/builtins.hpp"
#include "tests/unit/test_expr_support.hpp"

using weir::expr::builtins;
using weir::expr::Expression;
using weir::expr::parse_iso8601;
using weir::test::error_at;
using weir::test::eval;
using weir::test::Records;

TEST_CASE("expr functions: every builtin is callable with its minimum and maximum arity", "[expr]") {
  // the names this file tests; a new builtin needs a test case here
  const std::set<std::string> tested = {"len",       "lower",   "upper", "trim",    "contains", "starts_with",
                                        "ends_with", "substr",  "split", "replace", "concat",   "num",
                                        "str",       "is_null", "abs",   "round",   "floor",    "ceil",
                                        "min",       "max",     "epoch", "strftime",
                                        // issue 13: Miller's functions
                                        "strptime", "sec2gmt", "if", "case", "coalesce", "sub", "gsub", "splitax",
                                        "length", "format", "fmtnum", "fmtifnum", "format_values", "hexfmt", "md5",
                                        "sha1", "crc32", "substr0", "substr1",
                                        // Miller's text, math and type functions (also checked against mlr
                                        // in tests/cases/expr/0006 to 0009 and the functions crosscheck)
                                        "sha256", "sha512", "toupper", "tolower", "capitalize", "lstrip", "rstrip",
                                        "strip", "collapse_whitespace", "clean_whitespace", "strlen", "truncate",
                                        "ssub", "gssub", "regextract", "regextract_or_else", "string", "pow", "sqrt",
                                        "cbrt", "exp", "expm1", "log", "log10", "log1p", "sgn", "roundm", "int",
                                        "float", "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh",
                                        "tanh", "asinh", "acosh", "atanh", "erf", "erfc", "qnorm", "invqnorm",
                                        "bitcount", "madd", "msub", "mmul", "mexp", "typeof", "is_present",
                                        "is_absent", "is_empty", "is_not_empty", "is_not_null", "is_string",
                                        "is_numeric", "is_int", "is_float", "is_nan", "sec2gmtdate",
                                        // Miller's durations (also checked against mlr in
                                        // tests/cases/expr/0011 to 0013 and the functions crosscheck)
                                        "sec2hms", "fsec2hms", "sec2dhms", "fsec2dhms", "hms2sec", "hms2fsec",
                                        "dhms2sec", "dhms2fsec"};
  CHECK(builtins().size() == tested.size());
  for (const auto& b : builtins()) {
    INFO(b.name);
    CHECK(tested.count(std::string(b.name)) == 1);
    CHECK(b.signature.starts_with(std::string(b.name) + "("));
    CHECK(!b.summary.empty());
    for (int n : {b.min_args, b.max_args}) {
      std::string call = std::string(b.name) + "(";
      for (int i = 0; i < n; ++i) call += i ? ", 1" : "1";
      CHECK_NOTHROW(Expression::compile(call + ")"));
    }
    std::string too_many = std::string(b.name) + "(1";
    for (int i = 0; i < b.max_args; ++i) too_many += ", 1";
    CHECK_THROWS_AS(Expression::compile(too_many + ")"), weir::expr::ExprError);
  }
}

TEST_CASE("expr functions: Miller's pow keeps integers, and ** binds tighter than a sign", "[expr]") {
  CHECK(eval("2 ** 10") == "1024");
  CHECK(eval("-2 ** 2") == "-4");
  CHECK(eval("2 ** 3 ** 2") == "512");
  CHECK(eval("2 ** -1") == "0.5");
  CHECK(eval("pow(3, 30)") == "205891132094649");
  CHECK(eval("pow(2, 64)") == "18446744073709552000");  // a double: past int64
  CHECK(eval("int(-3.7)") == "-3");
  CHECK(eval("roundm(-7, 3)") == "-6");
  CHECK(eval("madd(-5, 3, 7)") == "5");
  CHECK(eval("madd(5, 3, 0)") == "null");
  CHECK(eval("sqrt('x')") == "null");
}

TEST_CASE("expr functions: Miller's text functions leave numbers as they are", "[expr]") {
  Records r("n,s\n0x1F,\"\tÉcole  x \"\n", "csv");
  CHECK(r.eval("toupper(n)") == "\"0x1F\"");
  CHECK(r.eval("tolower(s)") == "\"\técole  x \"");
  CHECK(r.eval("clean_whitespace(s)") == "\"École x\"");
  CHECK(r.eval("typeof(n)") == "\"int\"");
  CHECK(eval("gssub('abc', '', '-')") == "\"-a-b-c-\"");
  CHECK(eval("truncate('héllo', 2)") == "\"hé\"");
}

TEST_CASE("expr functions: a call may have spaces before its parenthesis", "[expr]") {
  CHECK(eval("len ('abc')") == "3");
  CHECK(eval("upper\t('a')") == "\"A\"");
  // a name in backticks is always a field
  CHECK(error_at("`len`(x)") == "found '(' after a complete expression (a missing operator?) @5");
}

TEST_CASE("expr functions: len counts characters", "[expr]") {
  Records r("a,e\nhéllo,\n", "csv");
  CHECK(r.eval("len(a)") == "5");
  CHECK(r.eval("len(e)") == "0");
  CHECK(r.eval("len(missing)") == "0");
  CHECK(eval("len('')") == "0");
  CHECK(eval("len(123)") == "3");
  CHECK(eval("len(1.5)") == "3");
  CHECK(eval("len(true)") == "4");
}

TEST_CASE("expr functions: lower and upper change ASCII letters only", "[expr]") {
  CHECK(eval("lower('AbC-Ä')") == "\"abc-Ä\"");
  CHECK(eval("upper('aBc-ä')") == "\"ABC-ä\"");
  CHECK(eval("lower(missing)") == "null");
  CHECK(eval("upper(missing)") == "null");
  CHECK(eval("upper(1e3)") == "\"1000\"");
}

TEST_CASE("expr functions: trim drops white space at both ends", "[expr]") {
  CHECK(eval("trim('  a b \t')") == "\"a b\"");
  CHECK(eval("trim('   ')") == "\"\"");
  CHECK(eval("trim('x')") == "\"x\"");
  CHECK(eval("trim(missing)") == "null");
}

TEST_CASE("expr functions: contains, starts_with and ends_with", "[expr]") {
  CHECK(eval("contains('hello', 'ell')") == "true");
  CHECK(eval("contains('hello', 'xyz')") == "false");
  CHECK(eval("contains('hello', '')") == "true");
  CHECK(eval("contains(12345, 34)") == "true");
  CHECK(eval("contains(12345, 35)") == "false");
  CHECK(eval("starts_with('hello', 'he')") == "true");
  CHECK(eval("starts_with('hello', 'lo')") == "false");
  CHECK(eval("ends_with('hello', 'lo')") == "true");
  CHECK(eval("ends_with('hello', 'hello!')") == "false");
  CHECK(eval("starts_with(2024, 20)") == "true");
  for (const char* f : {"contains", "starts_with", "ends_with"}) {
    INFO(f);
    CHECK(eval(std::string(f) + "(missing, 'a')") == "false");
    CHECK(eval(std::string(f) + "('a', missing)") == "false");
  }
}

TEST_CASE("expr functions: substr counts characters from 0, negative from the end, the end included (Miller's)",
          "[expr]") {
  // Miller's substr is substr0: characters start to end, both included
  CHECK(eval("substr('hello', 1)") == "\"ello\"");
  CHECK(eval("substr('hello', 1, 3)") == "\"ell\"");
  CHECK(eval("substr('hello', 0, 0)") == "\"h\"");
  CHECK(eval("substr('hello', 0, 3)") == "\"hell\"");
  CHECK(eval("substr('hello', -3)") == "\"llo\"");
  CHECK(eval("substr('hello', -3, -1)") == "\"llo\"");
  CHECK(eval("substr('hello', -10)") == "\"hello\"");
  CHECK(eval("substr('hello', -10, 2)") == "\"hel\"");
  CHECK(eval("substr('hello', 10)") == "\"\"");
  CHECK(eval("substr('hello', 3, 1)") == "\"\"");
  CHECK(eval("substr('hello', 1, -1)") == "\"ello\"");
  CHECK(eval("substr('hello', 3, 100)") == "\"lo\"");
  CHECK(eval("substr('héllo', 1, 2)") == "\"él\"");
  CHECK(eval("substr('héllo', -4, -4)") == "\"é\"");
  CHECK(eval("substr(12345, 1, 2)") == "\"23\"");
  CHECK(eval("substr('hello', 1.9)") == "\"ello\"");
  CHECK(eval("substr0('hello', -3, -1)") == "\"llo\"");
  // substr1: 1 is the first character (0 is taken as 1)
  CHECK(eval("substr1('hello', 1, 3)") == "\"hel\"");
  CHECK(eval("substr1('hello', 0, 2)") == "\"he\"");
  CHECK(eval("substr1('hello', -2, -1)") == "\"lo\"");
  CHECK(eval("substr1('héllo', 2, 2)") == "\"é\"");
  CHECK(eval("substr(missing, 1)") == "null");
  CHECK(eval("substr('hello', 'x')") == "null");
  CHECK(eval("substr('hello', 1, missing)") == "null");
  CHECK(eval("substr('hello', 1e300)") == "\"\"");
  CHECK(eval("substr('hello', -1e300)") == "\"hello\"");
  CHECK(eval("substr('hello', 1, 1e300)") == "\"ello\"");
}

TEST_CASE("expr functions: split picks one piece, null when there is none", "[expr]") {
  CHECK(eval("split('a/b/c', '/', 0)") == "\"a\"");
  CHECK(eval("split('a/b/c', '/', 2)") == "\"c\"");
  CHECK(eval("split('a/b/c', '/', 3)") == "null");
  CHECK(eval("split('a/b/c', '/', -1)") == "\"c\"");
  CHECK(eval("split('a/b/c', '/', -3)") == "\"a\"");
  CHECK(eval("split('a/b/c', '/', -4)") == "null");
  CHECK(eval("split('/api/v1', '/', 0)") == "\"\"");
  CHECK(eval("split('/api/v1', '/', 1)") == "\"api\"");
  CHECK(eval("split('a,,b', ',', 1)") == "\"\"");
  CHECK(eval("split('a::b::c', '::', 1)") == "\"b\"");
  CHECK(eval("split('abc', '/', 0)") == "\"abc\"");
  CHECK(eval("split('abc', '/', 1)") == "null");
  CHECK(eval("split('abc', '', 0)") == "null");
  CHECK(eval("split('1.2.3', '.', 1)") == "\"2\"");
  CHECK(eval("split(10203, 0, 1)") == "\"2\"");
  CHECK(eval("split(missing, '/', 0)") == "null");
  CHECK(eval("split('a/b', missing, 0)") == "null");
  CHECK(eval("split('a/b', '/', 'x')") == "null");
  CHECK(eval("split('a/b', '/', 1e300)") == "null");
  CHECK(eval("split('a/b', '/', -1e300)") == "null");
  CHECK(eval("split('a/b', '/', 1 / 0)") == "null");
}

TEST_CASE("expr functions: replace replaces every occurrence, left to right", "[expr]") {
  CHECK(eval("replace('a.b.c', '.', '-')") == "\"a-b-c\"");
  CHECK(eval("replace('aaa', 'aa', 'b')") == "\"ba\"");
  CHECK(eval("replace('abc', 'x', 'y')") == "\"abc\"");
  CHECK(eval("replace('abc', '', 'x')") == "\"abc\"");
  CHECK(eval("replace('abc', 'b', '')") == "\"ac\"");
  CHECK(eval("replace('abc', 'b', missing)") == "\"ac\"");
  CHECK(eval("replace(1.5, '.', ',')") == "\"1,5\"");
  CHECK(eval("replace(121, 1, 3)") == "\"323\"");
  CHECK(eval("replace(missing, 'a', 'b')") == "null");
}

TEST_CASE("expr functions: concat joins texts and skips nulls", "[expr]") {
  CHECK(eval("concat('a', 1, missing, true, 1.5)") == "\"a1true1.5\"");
  CHECK(eval("concat(missing)") == "\"\"");
  CHECK(eval("concat('a','b','c','d','e','f','g','h','i','j','k','l','m','n','o','p')") ==
        "\"abcdefghijklmnop\"");
}

TEST_CASE("expr functions: num and str convert", "[expr]") {
  Records r("n,t\n12.5,abc\n", "csv");
  CHECK(r.eval("num(n)") == "12.5");
  CHECK(r.eval("num(t)") == "null");
  CHECK(r.eval("num(missing)") == "null");
  CHECK(eval("num('1e3')") == "1000");
  CHECK(eval("num('-4')") == "-4");
  CHECK(eval("num('+4')") == "4");
  CHECK(eval("num(' 4')") == "null");
  // inf and nan are numbers only when asked for with num() (issue 13)
  CHECK(eval("num('nan')") == "NaN");
  CHECK(eval("num('inf')") == "+Inf");
  CHECK(eval("num('-INF')") == "-Inf");
  CHECK(eval("num('Infinity')") == "+Inf");
  CHECK(eval("num('infinit')") == "null");
  CHECK(eval("num(true)") == "1");
  CHECK(r.eval("str(n)") == "\"12.5\"");
  CHECK(eval("str(12)") == "\"12\"");
  CHECK(eval("str(0.5)") == "\"0.5\"");
  CHECK(eval("str(true)") == "\"true\"");
  CHECK(eval("str(missing)") == "\"\"");
  // str() makes text: two fields then compare as text
  Records f("a,b\n10,9\n", "csv");
  CHECK(f.eval("a > b") == "true");
  CHECK(f.eval("str(a) > str(b)") == "false");
}

TEST_CASE("expr functions: is_null", "[expr]") {
  Records r("a,b\n,0\n", "csv");
  CHECK(r.eval("is_null(a)") == "true");
  CHECK(r.eval("is_null(b)") == "false");
  CHECK(r.eval("is_null(missing)") == "true");
  CHECK(r.eval("is_null(1 / 0)") == "true");
  CHECK(r.eval("is_null('')") == "false");  // an empty literal is text; only fields are null when empty
  CHECK(r.eval("is_null(null)") == "true");
}

TEST_CASE("expr functions: abs, floor and ceil", "[expr]") {
  CHECK(eval("abs(-2.5)") == "2.5");
  CHECK(eval("abs(3)") == "3");
  CHECK(eval("abs('-7')") == "7");
  CHECK(eval("floor(1.5)") == "1");
  CHECK(eval("floor(-1.5)") == "-2");
  CHECK(eval("ceil(1.2)") == "2");
  CHECK(eval("ceil(-1.5)") == "-1");
  for (const char* f : {"abs", "floor", "ceil"}) {
    INFO(f);
    CHECK(eval(std::string(f) + "(missing)") == "null");
    CHECK(eval(std::string(f) + "('x')") == "null");
  }
}

TEST_CASE("expr functions: round is half away from zero, with optional digits", "[expr]") {
  CHECK(eval("round(2.5)") == "3");
  CHECK(eval("round(-2.5)") == "-3");
  CHECK(eval("round(2.4)") == "2");
  CHECK(eval("round(3.14159, 2)") == "3.14");
  CHECK(eval("round(2.71828, 3)") == "2.718");
  CHECK(eval("round(1.25, 1)") == "1.3");
  CHECK(eval("round(1234.5, 0)") == "1235");
  CHECK(eval("round(1234, -2)") == "1200");
  CHECK(eval("round(1250, -2)") == "1300");
  CHECK(eval("round(3.14159, 2.9)") == "3.14");
  CHECK(eval("round(1.5, 400)") == "1.5");
  CHECK(eval("round(1.5, -400)") == "0");
  CHECK(eval("round(1e300, 10)") == "1" + std::string(300, '0'));
  CHECK(eval("round(missing)") == "null");
  CHECK(eval("round('x', 1)") == "null");
  CHECK(eval("round(1.5, 'x')") == "null");
  CHECK(eval("round('2.5')") == "3");
}

TEST_CASE("expr functions: min and max skip nulls, and order numbers before booleans before text (Miller's)",
          "[expr]") {
  Records r("a,b,c\n10,9,\n", "csv");
  CHECK(eval("min(3, 1, 2)") == "1");
  CHECK(eval("max(3, 1, 2)") == "3");
  CHECK(eval("min(-1)") == "-1");
  CHECK(r.eval("min(a, b)") == "9");
  CHECK(r.eval("max(a, b)") == "10");
  CHECK(r.eval("min(c, a)") == "10");
  CHECK(r.eval("max(c, missing, 'x', b)") == "\"x\"");
  CHECK(r.eval("min(c, missing, 'x', b)") == "9");
  CHECK(r.eval("min(c)") == "null");
  CHECK(r.eval("max(c, 'x')") == "\"x\"");
  CHECK(eval("max('10', 9)") == "10");
  CHECK(eval("max('hello', 'b')") == "\"hello\"");
  CHECK(eval("min('hello', 'b')") == "\"b\"");
  CHECK(eval("max(3, true)") == "true");
  CHECK(eval("min(1, 'abc', true)") == "1");
}

TEST_CASE("expr functions: epoch reads ISO-8601 dates and timestamps", "[expr]") {
  CHECK(eval("epoch('2024-01-01')") == "1704067200");
  CHECK(eval("epoch('2024-01-01T00:00:00Z')") == "1704067200");
  CHECK(eval("epoch('2024-01-01t00:00:00z')") == "1704067200");
  CHECK(eval("epoch('2024-01-01T10:00:00')") == "1704103200");  // UTC without an offset
  CHECK(eval("epoch('2024-01-01 10:00')") == "1704103200");
  CHECK(eval("epoch('2024-01-01T10:00:00+02:00')") == "1704096000");
  CHECK(eval("epoch('2024-01-01T10:00:00+0200')") == "1704096000");
  CHECK(eval("epoch('2024-01-01T10:00:00+02')") == "1704096000");
  CHECK(eval("epoch('2024-01-01T10:00:00-01:30')") == "1704108600");
  CHECK(eval("epoch('2024-01-01T10:00:00.5Z')") == "1704103200.5");
  CHECK(eval("epoch('2024-01-01T00:00:00,25')") == "1704067200.25");
  CHECK(eval("epoch('2024-01-01T00:00:00.123456+00:00')") == "1704067200.123456");
  CHECK(eval("epoch('2024-02-29')") == "1709164800");
  CHECK(eval("epoch('1970-01-01')") == "0");
  CHECK(eval("epoch('1969-12-31T23:59:59Z')") == "-1");
  CHECK(eval("epoch('2016-12-31T23:59:60Z')") == "1483228800");  // a leap second
}

TEST_CASE("expr functions: epoch of anything else is null", "[expr]") {
  for (const char* bad : {"yesterday",
                          "2024-01",
                          "2024-1-01",
                          "2024-13-01",
                          "2024-00-10",
                          "2024-01-32",
                          "2024-02-30",
                          "2023-02-29",
                          "2024-04-31",
                          "2024-01-01x",
                          "2024-01-01T",
                          "2024-01-01T10",
                          "2024-01-01T24:00",
                          "2024-01-01T10:60",
                          "2024-01-01T10:00:61",
                          "2024-01-01T10:00:00.",
                          "2024-01-01T10:00:00Zjunk",
                          "2024-01-01T10:00:00+2",
                          "2024-01-01T10:00:00+02:",
                          "2024-01-01T10:00:00+02:0",
                          "2024-01-01T10:00:00+25:00",
                          "2024-01-01T10:00:00+02:60",
                          "2024-01-01T10:00:00 ",
                          " 2024-01-01"}) {
    INFO(bad);
    CHECK(eval(std::string("epoch('") + bad + "')") == "null");
  }
  CHECK(eval("epoch(missing)") == "null");
  CHECK(eval("epoch(true)") == "null");
}

TEST_CASE("expr functions: epoch passes numbers through, from JSON and from text alike", "[expr]") {
  CHECK(eval("epoch(1700000000)") == "1700000000");
  Records csv("t\n1700000000.5\n", "csv");
  CHECK(csv.eval("epoch(t)") == "1700000000.5");
  Records json("{\"t\":1700000000.5}\n", "jsonl");
  CHECK(json.eval("epoch(t)") == "1700000000.5");
}

TEST_CASE("expr functions: parse_iso8601 is the parser behind epoch", "[expr]") {
  REQUIRE(parse_iso8601("2000-03-01").has_value());
  CHECK(*parse_iso8601("2000-03-01") == 951868800.0);
  CHECK(!parse_iso8601("").has_value());
  CHECK(!parse_iso8601("2000-03-01T").has_value());
}

TEST_CASE("expr functions: strftime formats seconds in UTC", "[expr]") {
  CHECK(eval("strftime(0, '%Y-%m-%d %H:%M:%S')") == "\"1970-01-01 00:00:00\"");
  CHECK(eval("strftime(1704103200.9, '%H:%M:%S')") == "\"10:00:00\"");
  CHECK(eval("strftime(-0.5, '%Y-%m-%dT%H:%M:%S')") == "\"1969-12-31T23:59:59\"");
  CHECK(eval("strftime(epoch('2024-02-29'), '%j %a %b')") == "\"060 Thu Feb\"");
  CHECK(eval("strftime(epoch('2024-03-01T12:30:00+02:00'), '%Y-%m-%d %H:%M')") == "\"2024-03-01 10:30\"");
  CHECK(eval("strftime('1704067200', '%F')") == "\"2024-01-01\"");
  CHECK(eval("strftime(0, '100%% at %Y')") == "\"100% at 1970\"");
  CHECK(eval("strftime(0, 'no conversions')") == "\"no conversions\"");
  CHECK(eval("strftime(0, '')") == "\"\"");
  std::string long_format(200, 'x');
  CHECK(eval("strftime(0, '" + long_format + "%Y')") == "\"" + long_format + "1970\"");
  CHECK(eval("strftime('x', '%Y')") == "null");
  CHECK(eval("strftime(missing, '%Y')") == "null");
  CHECK(eval("strftime(0, missing)") == "null");
  CHECK(eval("strftime(1e300, '%Y')") == "null");
  CHECK(eval("strftime(-1e300, '%Y')") == "null");
  CHECK(eval("strftime(1 / 0, '%Y')") == "null");
}

TEST_CASE("expr functions: strftime output may be longer than its format", "[expr]") {
  Records r("t\n0\n", "csv");
  std::string format;
  for (int i = 0; i < 20; ++i) format += "%c|";
  std::string one = "Thu Jan  1 00:00:00 1970|";
  std::string expected;
  for (int i = 0; i < 20; ++i) expected += one;
  CHECK(r.eval("strftime(t, '" + format + "')") == "\"" + expected + "\"");
}

// ------------------------------------------------------------------ issue 13: Miller's functions
// The expected values are what Miller 6 (mlr -n put 'end{print ...}') prints.

TEST_CASE("expr functions: fmtnum formats as Miller's fmtnum does", "[expr]") {
  CHECK(eval("fmtnum(3.1, '%08.3lf')") == "\"0003.100\"");
  CHECK(eval("fmtnum(17, '%.2f')") == "\"17.00\"");
  CHECK(eval("fmtnum(17, '%x')") == "\"11\"");
  CHECK(eval("fmtnum(17, '%08llx')") == "\"00000011\"");
  CHECK(eval("fmtnum(3.7, '%d')") == "\"3\"");      // cut toward zero
  CHECK(eval("fmtnum(-3.7, '%d')") == "\"-3\"");
  CHECK(eval("fmtnum(-5, '%08x')") == "\"-0000005\"");
  CHECK(eval("fmtnum(17.5, '%x')") == "\"11\"");
  CHECK(eval("fmtnum(17, 'X%sY')") == "\"X17Y\"");
  CHECK(eval("fmtnum(17, '%lld')") == "\"17\"");
  CHECK(eval("fmtnum(3.123, '%.2e')") == "\"3.12e+00\"");
  CHECK(eval("fmtnum(3.123, '%g')") == "\"3.123\"");
  CHECK(eval("fmtnum(17, '%08.3le')") == "\"1.700e+01\"");
  CHECK(eval("fmtnum(5, '%b')") == "\"101\"");
  CHECK(eval("fmtnum(42, '%-5d|')") == "\"42   |\"");
  CHECK(eval("fmtnum(42, '%+d')") == "\"+42\"");
  CHECK(eval("fmtnum(7, '%.3d')") == "\"007\"");
  CHECK(eval("fmtnum(3, '%5.2lf%%')") == "\" 3.00%\"");
  CHECK(eval("fmtnum('abc', '%d')") == "null");
  CHECK(eval("fmtnum(missing, '%d')") == "null");
  CHECK(eval("fmtnum(x, '%.1f')") == "\"1.0\"");
  // a literal format it cannot use is an error at once, with a caret
  CHECK(error_at("fmtnum(x, 'no percent')") ==
        "fmtnum cannot use the format 'no percent': it has no % conversion (such as %d or %.2f) @10");
  CHECK(error_at("fmtnum(x, '%d and %d')") ==
        "fmtnum cannot use the format '%d and %d': it has more than one % conversion (write %% for a percent sign) @10");
  CHECK(error_at("fmtnum(x, '%y')") ==
        "fmtnum cannot use the format '%y': %y is not a conversion it knows (d i u x X o b e E f F g G s) @10");
  CHECK(error_at("fmtnum(x, '%08l')") ==
        "fmtnum cannot use the format '%08l': the conversion has no letter (such as d, x, f or s) @10");
  // a format from a field is checked per record: null when unusable
  Records r("f\n%y\n", "csv");
  CHECK(r.eval("fmtnum(1, f)") == "null");
}

TEST_CASE("expr functions: fmtifnum, format_values, format and hexfmt", "[expr]") {
  CHECK(eval("fmtifnum('abc', '%.2f')") == "\"abc\"");
  CHECK(eval("fmtifnum(3, '%.2f')") == "\"3.00\"");
  Records r("i,f,s\n42,3.1,hello\n", "csv");
  CHECK(r.eval("format_values(i)") == "\"42\"");
  CHECK(r.eval("format_values(f)") == "\"3.100000\"");
  CHECK(r.eval("format_values(s)") == "\"hello\"");
  CHECK(r.eval("format_values(f, '%.2lf', '%08llx', '[%s]')") == "\"3.10\"");
  CHECK(r.eval("format_values(i, '%.2lf', '%08llx', '[%s]')") == "\"0000002a\"");
  CHECK(r.eval("format_values(s, '%.2lf', '%08llx', '[%s]')") == "\"[hello]\"");
  CHECK(r.eval("format_values(missing)") == "null");
  CHECK(eval("format('{}:{}', 3, 'x')") == "\"3:x\"");
  CHECK(eval("format('{}', 3, 'x')") == "\"3\"");
  CHECK(eval("format('{}:{}', 3)") == "\"3:\"");
  CHECK(eval("format('{}{}', missing, 1.5)") == "\"1.5\"");
  CHECK(eval("hexfmt(255)") == "\"0xff\"");
  CHECK(eval("hexfmt(-1)") == "\"0xffffffffffffffff\"");
  CHECK(eval("hexfmt(0)") == "\"0x0\"");
  CHECK(eval("hexfmt(3.5)") == "3.5");
  CHECK(eval("hexfmt('abc')") == "\"abc\"");
  CHECK(eval("hexfmt(missing)") == "null");
}

TEST_CASE("expr functions: strptime reads times as Miller's does, in UTC", "[expr]") {
  CHECK(eval("strptime('2019-01-02T03:04:05Z', '%Y-%m-%dT%H:%M:%SZ')") == "1546398245");
  CHECK(eval("strptime('1970-01-01T00:00:00Z', '%Y-%m-%dT%H:%M:%SZ')") == "0");
  CHECK(eval("strptime('23/11/2020', '%d/%m/%Y')") == "1606089600");
  CHECK(eval("strptime('12/31/98 11:59 PM', '%m/%d/%y %I:%M %p')") == "915148740");
  CHECK(eval("strptime('2019-01-02 +0200', '%Y-%m-%d %z')") == "1546380000");
  CHECK(eval("strptime('2023-01-01T12:34:56.789Z', '%Y-%m-%dT%H:%M:%SZ')") == "1672576496.789");
  CHECK(eval("strptime('2023-001', '%Y-%j')") == "1672531200");
  // more than Miller reads: %s, month names, %T %F
  CHECK(eval("strptime('1500000000', '%s')") == "1500000000");
  CHECK(eval("strptime('9999999999999999999', '%s')") == "null");  // past 18 digits: not read
  CHECK(eval("strptime('Jan 5 2020', '%b %d %Y')") == "1578182400");
  CHECK(eval("strptime('2020-01-05 10:00:00', '%F %T')") == "1578218400");
  CHECK(eval("strptime('2019-01-02T03:04:05+05:30', '%Y-%m-%dT%H:%M:%S%z')") == "1546378445");
  // no match of the whole text, or no such date: null
  CHECK(eval("strptime('23/11/2020 x', '%d/%m/%Y')") == "null");
  CHECK(eval("strptime('2020-02-30', '%Y-%m-%d')") == "null");
  CHECK(eval("strptime('2021-02-29', '%Y-%m-%d')") == "null");
  CHECK(eval("strptime('2020-02-29', '%Y-%m-%d')") == "1582934400");
  CHECK(eval("strptime('13:00', '%I:%M')") == "null");
  CHECK(eval("strptime('abc', '%Y')") == "null");
  CHECK(eval("strptime(missing, '%Y')") == "null");
  CHECK(eval("strptime('2020', 'no conversion')") == "null");
}

TEST_CASE("expr functions: sec2gmt writes ISO-8601 UTC times as Miller's does", "[expr]") {
  CHECK(eval("sec2gmt(1234567890)") == "\"2009-02-13T23:31:30Z\"");
  CHECK(eval("sec2gmt(1234567890.123456, 3)") == "\"2009-02-13T23:31:30.123Z\"");
  CHECK(eval("sec2gmt(1.7)") == "\"1970-01-01T00:00:01Z\"");
  CHECK(eval("sec2gmt(1.7, 1)") == "\"1970-01-01T00:00:01.7Z\"");
  CHECK(eval("sec2gmt(1.999, 2)") == "\"1970-01-01T00:00:01.99Z\"");
  CHECK(eval("sec2gmt(-1)") == "\"1969-12-31T23:59:59Z\"");
  CHECK(eval("sec2gmt(-1.5, 1)") == "\"1969-12-31T23:59:58.5Z\"");
  CHECK(eval("sec2gmt(1e12)") == "\"33658-09-27T01:46:40Z\"");
  CHECK(eval("sec2gmt(1234567890, 0)") == "\"2009-02-13T23:31:30Z\"");
  CHECK(eval("sec2gmt('abc')") == "\"abc\"");
  CHECK(eval("sec2gmt(missing)") == "null");
  CHECK(eval("sec2gmt(1, 10)") == "null");
  CHECK(eval("sec2gmt(strptime('2019-01-02T03:04:05Z', '%Y-%m-%dT%H:%M:%SZ'))") == "\"2019-01-02T03:04:05Z\"");
}

TEST_CASE("expr functions: sec2hms and the other durations write what Miller writes", "[expr]") {
  CHECK(eval("sec2hms(5000)") == "\"01:23:20\"");
  CHECK(eval("sec2hms(500000)") == "\"138:53:20\"");
  CHECK(eval("sec2hms(-5000)") == "\"-01:23:20\"");
  CHECK(eval("sec2hms(1.5)") == "\"(error)\"");  // not an int
  CHECK(eval("sec2hms('5000')") == "\"(error)\"");  // text, as Miller holds a literal
  CHECK(eval("sec2hms(missing)") == "null");
  CHECK(eval("fsec2hms(5000.25)") == "\"01:23:20.250000\"");
  CHECK(eval("fsec2hms(-1.5)") == "\"-00:00:01.500000\"");
  CHECK(eval("fsec2hms(9.9999999)") == "\"00:00:010.000000\"");  // (Miller pads the seconds by hand)
  CHECK(eval("sec2dhms(500000)") == "\"5d18h53m20s\"");
  CHECK(eval("sec2dhms(60)") == "\"1m00s\"");
  CHECK(eval("sec2dhms(-5000)") == "\"-1h23m20s\"");
  CHECK(eval("fsec2dhms(500000.25)") == "\"5d18h53m20.250000s\"");
  CHECK(eval("fsec2dhms(-0.25)") == "\"-0.250000s\"");
  // past int64: Go's int64(x) is the least int64, and Miller prints what follows from it
  CHECK(eval("fsec2hms(1e19)") == "\"2562047788015185:-30:019223372036854775808.000000\"");
  CHECK(eval("fsec2dhms(-exp(1000))") == "\"-106751991167300d-15h-30m     +Infs\"");
  CHECK(eval("hms2sec('01:23:20')") == "5000");
  CHECK(eval("hms2sec('-01:23:20')") == "-5000");
  CHECK(eval("hms2sec('1:2:3abc')") == "3723");  // (Go's Sscanf reads no further)
  CHECK(eval("hms2sec('1:2')") == "\"(error)\"");
  CHECK(eval("hms2sec(5000)") == "\"(error)\"");
  CHECK(eval("hms2fsec('01:23:20.25')") == "5000.25");
  CHECK(eval("hms2fsec('1:2:1p3')") == "3728");  // (Go's %f: a binary exponent)
  CHECK(eval("dhms2sec('1d2h3m4s')") == "93784");
  CHECK(eval("dhms2sec('-1d2h3m4s')") == "-93784");
  CHECK(eval("dhms2sec('1d 2h')") == "86400");  // (what follows a space is dropped)
  CHECK(eval("dhms2sec('1.5h')") == "\"(error)\"");
  CHECK(eval("dhms2sec('5')") == "\"(error)\"");
  CHECK(eval("dhms2fsec('1.5h30m')") == "7200");
  CHECK(eval("dhms2fsec('1_000s')") == "1000");
  CHECK(eval("dhms2fsec('1x')") == "\"(error)\"");
}

TEST_CASE("expr functions: sub and gsub with capture groups, as Miller's", "[expr]") {
  CHECK(eval("sub('abcabc', 'b(c)', '<\\1>')") == "\"a<c>abc\"");
  CHECK(eval("gsub('abcabc', 'b(c)', '<\\1>')") == "\"a<c>a<c>\"");
  CHECK(eval("sub('abc', 'x', 'y')") == "\"abc\"");
  CHECK(eval("gsub('a.b.c', '\\.', '-')") == "\"a-b-c\"");
  CHECK(eval("sub('abc', '(b)', '\\0\\2')") == "\"abc\"");  // \0 the match, \2 absent: empty
  CHECK(eval("gsub('', 'x*', '-')") == "\"-\"");
  CHECK(eval("gsub('abc', '', '-')") == "\"-a-b-c-\"");
  CHECK(eval("gsub('héé', '', '.')") == "\".h.é.é.\"");
  CHECK(eval("sub('john@example.com', '(\\w+)@(.*)', '\\2 at \\1')") == "\"example.com at john\"");
  CHECK(eval("sub(123, '2', 'x')") == "\"1x3\"");
  CHECK(eval("sub(missing, 'a', 'b')") == "null");
  // a pattern from a field is compiled when it changes; a bad one gives null
  Records r("p\n[0-9]+\n(\n", "csv");
  CHECK(r.eval("gsub('a1b22', p, '#')", 0) == "\"a#b#\"");
  CHECK(r.eval("gsub('a1b22', p, '#')", 1) == "null");
  CHECK(error_at("sub(x, '(', 'y')") == "invalid regular expression: missing ): ( @7");
}

TEST_CASE("expr functions: splitax and length", "[expr]") {
  CHECK(eval("splitax('3,4,5', ',')") == R"("["3","4","5"]")");
  CHECK(eval("splitax('abc', '')") == R"("["a","b","c"]")");
  CHECK(eval("splitax('a\"b', ',')") == R"("["a\"b"]")");
  CHECK(eval("splitax(missing, ',')") == "null");
  CHECK(eval("length(splitax('3,4,5', ','))") == "3");
  CHECK(eval("length(splitax('', ','))") == "0");
  CHECK(eval("length('abc')") == "1");
  CHECK(eval("length(missing)") == "0");
  CHECK(eval("length(0)") == "1");
  Records r(R"({"a":[1,2,3],"o":{"x":1,"y":2},"e":[],"s":"[1,2]"})" "\n", "jsonl");
  CHECK(r.eval("length(a)") == "3");
  CHECK(r.eval("length(o)") == "2");
  CHECK(r.eval("length(e)") == "0");
  CHECK(r.eval("length(s)") == "1");  // a JSON string, not an array
}

TEST_CASE("expr functions: md5, sha1 and crc32 as md5sum, sha1sum and zlib give them", "[expr]") {
  CHECK(eval("md5('hello')") == "\"5d41402abc4b2a76b9719d911017c592\"");
  CHECK(eval("sha1('hello')") == "\"aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d\"");
  CHECK(eval("crc32('hello')") == "907060870");
  CHECK(eval("md5('')") == "\"d41d8cd98f00b204e9800998ecf8427e\"");
  CHECK(eval("crc32('')") == "0");
  CHECK(eval("md5(17)") == "\"70efdf2ec9b086079795c442636b55fb\"");
  CHECK(eval("md5(missing)") == "null");
  CHECK(eval("sha1(missing)") == "null");
  CHECK(eval("crc32(missing)") == "null");
}
