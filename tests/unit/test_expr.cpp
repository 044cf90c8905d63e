// Expressions: precedence, literals, names, types and coercion, nulls, the
// lexer's and parser's error messages with their columns, and evaluation
// over many records. Functions are in test_expr_functions.cpp.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/errors/error.hpp"
#include "core/record/nested.hpp"
#include "tests/unit/test_expr_support.hpp"

using weir::expr::ExprError;
using weir::expr::Expression;
using weir::expr::format_expr_error;
using weir::test::compile_error;
using weir::test::convert;
using weir::test::error_at;
using weir::test::eval;
using weir::test::Records;
using weir::test::show;

// ------------------------------------------------------------------ precedence

TEST_CASE("expr: * / % bind tighter than + and -", "[expr]") {
  CHECK(eval("1 + 2 * 3") == "7");
  CHECK(eval("7 - 6 / 2") == "4");
  CHECK(eval("1 + 7 % 4") == "4");
  CHECK(eval("2 * 3 % 4") == "2");  // (2 * 3) % 4, not 2 * (3 % 4)
}

TEST_CASE("expr: - and / are left associative", "[expr]") {
  CHECK(eval("10 - 4 - 3") == "3");
  CHECK(eval("100 / 10 / 5") == "2");
  CHECK(eval("2 - 3 + 4") == "3");
  CHECK(eval("100 % 7 % 3") == "2");
}

TEST_CASE("expr: parentheses group", "[expr]") {
  CHECK(eval("(1 + 2) * 3") == "9");
  CHECK(eval("10 - (4 - 3)") == "9");
  CHECK(eval("((((2))))") == "2");
  CHECK(eval("not (1 == 1 and 0)") == "true");
}

TEST_CASE("expr: unary minus binds tighter than every binary operator", "[expr]") {
  CHECK(eval("-1 + 2") == "1");
  CHECK(eval("2 - -3") == "5");
  CHECK(eval("- -2") == "2");
  CHECK(eval("-2 * -3") == "6");
  // (-missing) ?? 5, not -(missing ?? 5)
  CHECK(eval("-missing ?? 5") == "5");
  CHECK(eval("-(1 + 2)") == "-3");
}

TEST_CASE("expr: ?? binds looser than arithmetic and tighter than comparisons", "[expr]") {
  Records r("a,b\n10,\n", "csv");
  CHECK(r.eval("a ?? 1 + 2") == "\"10\"");  // a ?? (1 + 2)
  CHECK(r.eval("b ?? 1 + 2") == "3");
  CHECK(r.eval("b ?? 0 > 5") == "false");  // (b ?? 0) > 5
  CHECK(r.eval("a ?? 0 > 5") == "true");
  CHECK(r.eval("b ?? missing ?? 7") == "7");
}

TEST_CASE("expr: comparisons bind tighter than not, not tighter than and, and tighter than or", "[expr]") {
  CHECK(eval("not 1 == 2") == "true");    // not (1 == 2)
  CHECK(eval("not 0 and 0") == "false");  // (not 0) and 0
  CHECK(eval("1 or 1 and 0") == "true");  // 1 or (1 and 0)
  CHECK(eval("0 and 1 or 1") == "true");  // (0 and 1) or 1
  CHECK(eval("not not 1") == "true");
  CHECK(eval("1 + 1 == 2 and 2 * 2 == 4") == "true");
}

TEST_CASE("expr: in and not in are comparisons over a list of values", "[expr]") {
  CHECK(eval("1 + 1 in (2, 3)") == "true");
  CHECK(eval("4 in (2, 3)") == "false");
  CHECK(eval("4 not in (2, 3)") == "true");
  CHECK(eval("2 not in (2, 3)") == "false");
  CHECK(eval("not 5 in (1, 2)") == "true");
  CHECK(eval("1 in ()") == "false");
  CHECK(eval("3 in (1 + 2)") == "true");
  CHECK(eval("x in (missing ?? 1)") == "true");
  CHECK(eval("'b' in ('a', 'b')") == "true");
  // like the other comparisons, an in-test can be compared again
  CHECK(eval("2 in (2) == true") == "true");
  CHECK(eval("2 not in (3) == true") == "true");
}

TEST_CASE("expr: comparisons chain left to right like C", "[expr]") {
  CHECK(eval("1 < 2 == true") == "true");
  CHECK(eval("3 > 2 > 1") == "false");  // (3 > 2) > 1 is true > 1 is 1 > 1
}

TEST_CASE("expr: and, or and not give booleans, not their operands", "[expr]") {
  CHECK(eval("1 and 'x'") == "true");
  CHECK(eval("0 or ''") == "false");
  CHECK(eval("not 'x'") == "false");
}

TEST_CASE("expr: and and or do not evaluate their right side when the left decides", "[expr]") {
  // the right side would be an error if it ran: nothing to observe but the result
  CHECK(eval("0 and 1 / 0") == "false");
  CHECK(eval("1 or 1 / 0") == "true");
}

// ------------------------------------------------------------------ literals and names

TEST_CASE("expr: number literals", "[expr]") {
  CHECK(eval("42") == "42");
  CHECK(eval("1.5") == "1.5");
  CHECK(eval(".5") == "0.5");
  CHECK(eval("5.") == "5");
  CHECK(eval("1e3") == "1000");
  CHECK(eval("1E-2") == "0.01");
  CHECK(eval("2.5e+1") == "25");
  CHECK(eval("007") == "7");
}

TEST_CASE("expr: single and double quoted strings with escapes", "[expr]") {
  CHECK(eval("'single'") == "\"single\"");
  CHECK(eval("\"double\"") == "\"double\"");
  CHECK(eval("''") == "\"\"");
  CHECK(eval(R"("say \"hi\"")") == "\"say \"hi\"\"");
  CHECK(eval(R"('it\'s')") == "\"it's\"");
  CHECK(eval(R"("it's")") == "\"it's\"");
  CHECK(eval(R"('a "b"')") == "\"a \"b\"\"");
  CHECK(eval(R"("a\tb\nc\rd")") == "\"a\tb\nc\rd\"");
  CHECK(eval(R"("back\\slash")") == "\"back\\slash\"");
}

TEST_CASE("expr: a backslash before another character is kept, so regexes read as written", "[expr]") {
  CHECK(eval(R"("\d+\.\w")") == "\"\\d+\\.\\w\"");
  Records r("v\n12.5\nab\n", "csv");
  CHECK(r.eval(R"(v =~ "^\d+\.\d+$")", 0) == "true");
  CHECK(r.eval(R"(v =~ "^\d+\.\d+$")", 1) == "false");
  CHECK(r.eval(R"(v =~ '^\d+\\.\d+$')", 0) == "true");
}

TEST_CASE("expr: true, false and null", "[expr]") {
  CHECK(eval("true") == "true");
  CHECK(eval("false") == "false");
  CHECK(eval("null") == "null");
  // keywords are lower case: other spellings are field names
  CHECK(eval("TRUE") == "null");
}

TEST_CASE("expr: a field is named as it is, and in backticks when it has other characters", "[expr]") {
  Records r("user agent,status,x_1,café,1\ncurl/8,200,a,b,c\n", "csv");
  CHECK(r.eval("`user agent`") == "\"curl/8\"");
  CHECK(r.eval("status") == "\"200\"");
  CHECK(r.eval("x_1") == "\"a\"");
  CHECK(r.eval("café") == "\"b\"");
  CHECK(r.eval("`1`") == "\"c\"");
  CHECK(r.eval("`status` == status") == "true");
}

TEST_CASE("expr: a dotted name reaches into a JSON object field", "[expr]") {
  Records r(R"({"req":{"host":"example.org","port":8080,"tls":true,"path":{"a.b":"dotted"},"none":null}})"
            "\n",
            "jsonl");
  CHECK(r.eval("req.host") == "\"example.org\"");
  CHECK(r.eval("req.port") == "8080");
  CHECK(r.eval("req.port > 80") == "true");
  CHECK(r.eval("req.tls") == "true");
  CHECK(r.eval("req.path.a.b") == "\"dotted\"");
  CHECK(r.eval("req.none") == "null");
  CHECK(r.eval("req.missing") == "null");
  CHECK(r.eval("is_null(req.host.deeper)") == "true");
  CHECK(r.eval("upper(req.host)") == "\"EXAMPLE.ORG\"");
}

TEST_CASE("expr: a field whose name has a dot wins over nested lookup", "[expr]") {
  Records csv("req.host,req\nflat,x\n", "csv");
  CHECK(csv.eval("req.host") == "\"flat\"");
  Records json(R"({"req.host":"flat","req":{"host":"nested"}})"
               "\n",
               "jsonl");
  CHECK(json.eval("req.host") == "\"flat\"");
}

TEST_CASE("expr: nested lookup follows each record of a JSON Lines stream", "[expr]") {
  Records r("{\"req\":{\"host\":\"a\"}}\n{\"req\":\"text\"}\n{\"other\":1}\n{\"req\":{\"host\":\"b\"}}\n",
            "jsonl");
  auto e = Expression::compile("req.host ?? 'none'");
  std::vector<std::string> got;
  for (std::size_t i = 0; i < r.size(); ++i) got.push_back(show(r.evaluate(e, i)));
  CHECK(got == std::vector<std::string>{"\"a\"", "\"none\"", "\"none\"", "\"b\""});
}

// ------------------------------------------------------------------ types and coercion

TEST_CASE("expr: a field compared with a number is read as a number", "[expr]") {
  Records r("a\n10\n", "csv");
  CHECK(r.eval("a > 9") == "true");  // as text "10" < "9"
  CHECK(r.eval("a == 10") == "true");
  CHECK(r.eval("a == 10.0") == "true");
  CHECK(r.eval("a == 1e1") == "true");
  CHECK(r.eval("9 < a") == "true");
  CHECK(r.eval("a in (9, 10)") == "true");
}

TEST_CASE("expr: a field that is not a number compared with a number is null (issue 13)", "[expr]") {
  // never as text: "N/A" > "500" would keep every N/A row of status >= 500
  Records r("a,b,c,d,e\nabc,N/A,inf,nan,1e400\n", "csv");
  for (std::string field : {"a", "b", "c", "d", "e"}) {
    INFO(field);
    CHECK(r.eval(field + " > 9") == "false");
    CHECK(r.eval(field + " < 9") == "false");
    CHECK(r.eval(field + " == 9") == "false");
    CHECK(r.eval(field + " != 9") == "false");
    CHECK(r.eval("9 <= " + field) == "false");
    CHECK(r.eval(field + " in (9, 10)") == "false");
    CHECK(r.eval(field + " not in (9, 10)") == "false");
    CHECK(r.eval(field + " + 1") == "null");
  }
  CHECK(r.eval("'abc' < 5") == "false");
  CHECK(r.eval("5 != 'abc'") == "false");
  // text against text is still compared as text; a mixed list by each item
  CHECK(r.eval("a > 'N/A'") == "true");
  CHECK(r.eval("a in (9, 'abc')") == "true");
  // inf and nan are numbers when asked for with num()
  CHECK(r.eval("num(c) > 9") == "true");
  CHECK(r.eval("num(d) > 9") == "false");
  CHECK(r.eval("num('-Infinity') < 0") == "true");
  CHECK(r.eval("num(a)") == "null");
}

TEST_CASE("expr: with column types, a missing mark in a number or bool column is null (issue 13)", "[expr]") {
  Records r("n,s,f\n1,abc,true\nN/A,NA,NULL\n", "csv");
  auto check = [&](std::string_view source, const std::string& first, const std::string& second) {
    INFO(source);
    auto e = Expression::compile(source);
    e.use_types({});
    e.prepare(r.batch());
    CHECK(weir::test::show(r.evaluate(e, 0)) == first);
    CHECK(weir::test::show(r.evaluate(e, 1)) == second);
  };
  check("is_null(n)", "false", "true");
  check("n ?? 0", "\"1\"", "0");
  check("is_null(f)", "false", "true");
  // in a str column a mark is text like any other
  check("is_null(s)", "false", "false");
  check("s", "\"abc\"", "\"NA\"");
  // without types only the empty value is null
  CHECK(r.eval("is_null(n)", 1) == "false");
  // declared types win: n as str keeps N/A as text
  auto e = Expression::compile("is_null(n)");
  e.use_types({{"n", weir::ColumnType::str}});
  e.prepare(r.batch());
  CHECK(weir::test::show(r.evaluate(e, 1)) == "false");
}

TEST_CASE("expr: bare_numbers names numbers compared with constants (issue 13)", "[expr]") {
  using V = std::vector<std::string>;
  CHECK(Expression::compile("2 > 26").bare_numbers() == V{"2", "26"});
  CHECK(Expression::compile("`2` > 26").bare_numbers() == V{});
  CHECK(Expression::compile("x == 3 and 2 == 1 + 1").bare_numbers() == V{"2"});  // 1 + 1 is not compared itself
  CHECK(Expression::compile("x + 2 > 3").bare_numbers() == V{});
  CHECK(Expression::compile("round(x, 2)").bare_numbers() == V{});
}

TEST_CASE("expr: array elements by position, items.0.sku or items[0].sku (issue 13)", "[expr]") {
  Records r(R"({"items":[{"sku":"A1","n":2},{"sku":"B2","n":5}],"tags":["x","y","z"],"m":{"k":[1,[2,3]]}})"
            "\n",
            "jsonl");
  CHECK(r.eval("items.0.sku") == "\"A1\"");
  CHECK(r.eval("items[0].sku") == "\"A1\"");
  CHECK(r.eval("items[1].n * 2") == "10");
  CHECK(r.eval("items.1.n > 4") == "true");
  CHECK(r.eval("items[-1].sku") == "\"B2\"");
  CHECK(r.eval("tags[2]") == "\"z\"");
  CHECK(r.eval("tags.2") == "\"z\"");
  CHECK(r.eval("m.k[1][0]") == "2");
  CHECK(r.eval("m.k.1.1") == "3");
  CHECK(r.eval("items[2].sku") == "null");
  CHECK(r.eval("items[-3].sku") == "null");
  CHECK(r.eval("tags.x") == "null");
  CHECK(r.eval("items[0]") == R"("{"sku":"A1","n":2}")");
  CHECK(r.eval("length(items)") == "2");
  CHECK(r.eval("length(items[0])") == "2");
  CHECK(weir::dotted_path("items[0].sku") == "items.0.sku");
  CHECK(weir::dotted_path("a[-1][2]") == "a.-1.2");
  CHECK(weir::dotted_path("a[x]") == "a[x]");
}

TEST_CASE("expr: c ? a : b and if() evaluate only the value chosen (issue 13)", "[expr]") {
  Records r("x,y,e\n5,abc,\n", "csv");
  CHECK(r.eval("x > 3 ? 'big' : 'small'") == "\"big\"");
  CHECK(r.eval("x > 9 ? 'big' : x > 4 ? 'mid' : 'small'") == "\"mid\"");
  CHECK(r.eval("(x > 9 ? 1 : 2) + 1") == "3");
  CHECK(r.eval("if(x > 3, y, 1 / 0)") == "\"abc\"");
  CHECK(r.eval("if(missing, 1, 2)") == "2");
  CHECK(r.eval("case(x < 3, 'low', x < 6, 'mid', 'high')") == "\"mid\"");
  CHECK(r.eval("case(x < 3, 'low', x > 9, 'high')") == "null");
  CHECK(r.eval("case(x > 9, 'high', 'other')") == "\"other\"");
  CHECK(r.eval("coalesce(missing, e, y, x)") == "\"abc\"");
  CHECK(r.eval("coalesce('', y)") == "\"\"");  // the literal '' is a value; an empty field is null
  CHECK(r.eval("coalesce(missing)") == "null");
  CHECK(error_at("x ? 1") == "expected ':' after the value for true in 'c ? a : b', found the end of the expression @5");
}

TEST_CASE("expr: SQL's case when ... then ... else ... end, both forms", "[expr]") {
  Records r("x,y,case,when,end\n5,abc,1,2,3\n", "csv");
  CHECK(r.eval("case when x < 3 then 'low' when x < 6 then 'mid' else 'high' end") == "\"mid\"");
  CHECK(r.eval("case when x > 9 then 'high' end") == "null");  // no else: null
  CHECK(r.eval("case when x > 9 then 1 else 2 end + 1") == "3");
  CHECK(r.eval("case x when 4 then 'four' when 5 then 'five' end") == "\"five\"");
  CHECK(r.eval("case y when 'abc' then x * 2 else 0 end") == "10");
  CHECK(r.eval("case when x > 3 then case when y == 'abc' then 'both' end end") == "\"both\"");
  CHECK(r.eval("case when x > 3 then y else 1 / 0 end") == "\"abc\"");  // only the value chosen
  // the words are not reserved: fields of those names, bare or in backticks
  CHECK(r.eval("case + when") == "3");
  CHECK(r.eval("case when `when` == 2 then `end` end") == "\"3\"");  // text from csv, as read
  CHECK(error_at("case when x then 1") ==
        "expected 'when', 'else' or 'end' in 'case', found the end of the expression @18");
  CHECK(error_at("case when x 1 end") == "expected 'then' after the condition of 'case when', found a number @12");
}

TEST_CASE("expr: s[m:n] slices characters from 1, both ends included, as in Miller (issue 13)", "[expr]") {
  Records r("s,n\nabcde,12345\n", "csv");
  CHECK(r.eval("s[2:3]") == "\"bc\"");
  CHECK(r.eval("s[-2:-1]") == "\"de\"");
  CHECK(r.eval("s[1:1]") == "\"a\"");
  CHECK(r.eval("s[3:2]") == "\"\"");
  CHECK(r.eval("s[0:2]") == "\"ab\"");
  CHECK(r.eval("s[2:9]") == "\"bcde\"");
  CHECK(r.eval("n[2:3]") == "\"23\"");
  CHECK(r.eval("'héllo'[2:3]") == "\"él\"");
  CHECK(r.eval("upper(s)[1:len(s) - 1]") == "\"ABCD\"");
  CHECK(r.eval("missing[1:2]") == "null");
  CHECK(r.eval("s[1:'x']") == "null");
  CHECK(error_at("s[1 2]") == "expected ':' in a slice s[m:n] (a position in an array goes in the name: items[0]) @4");
  CHECK(error_at("s[1]x") == "found a field name after a complete expression (a missing operator?) @4");  // s[1] is a name
  CHECK(error_at("s[1:2") == "expected ']' to close the slice s[m:n], found the end of the expression @5");
}

TEST_CASE("expr: two fields compare as numbers when both are numbers, else as text", "[expr]") {
  Records r("a,b,c,d\n10,9,x,09\n", "csv");
  CHECK(r.eval("a > b") == "true");   // 10 > 9, not "10" < "9"
  CHECK(r.eval("a > c") == "false");  // "10" < "x"
  CHECK(r.eval("b == d") == "true");  // 9 == 09
  CHECK(r.eval("a != b") == "true");
}

TEST_CASE("expr: a field compared with a string literal compares as text", "[expr]") {
  Records r("a,b\n10,09\n", "csv");
  CHECK(r.eval("a == '10'") == "true");
  CHECK(r.eval("a == '10.0'") == "false");
  CHECK(r.eval("a > '9'") == "false");
  CHECK(r.eval("b == '9'") == "false");
  CHECK(r.eval("b == 9") == "true");
}

TEST_CASE("expr: JSON numbers are numbers, true and false booleans, strings text", "[expr]") {
  Records r(R"({"n":10,"f":1.50,"t":true,"no":false,"s":"10","w":"abc","o":{"k":1},"z":null,"e":""})"
            "\n",
            "jsonl");
  CHECK(r.eval("n") == "10");
  CHECK(r.eval("f") == "1.5");
  CHECK(r.eval("t") == "true");
  CHECK(r.eval("no") == "false");
  CHECK(r.eval("s") == "\"10\"");
  CHECK(r.eval("o") == "\"{\"k\":1}\"");
  CHECK(r.eval("z") == "null");
  CHECK(r.eval("e") == "null");
  CHECK(r.eval("n > 9") == "true");
  CHECK(r.eval("n == '10'") == "true");
  CHECK(r.eval("n == s") == "true");
  CHECK(r.eval("s == 10") == "true");  // a JSON string that holds a number, compared with a number
  CHECK(r.eval("s == '10'") == "true");
  CHECK(r.eval("s + 1") == "11");
  CHECK(r.eval("w > 9") == "false");  // not a number: null (issue 13), not "abc" > "9"
  CHECK(r.eval("w > '9'") == "true");
  CHECK(r.eval("t == true") == "true");
  CHECK(r.eval("t == 'true'") == "true");
  CHECK(r.eval("no == false") == "true");
  CHECK(r.eval("t and not no") == "true");
  CHECK(r.eval("n + f") == "11.5");
}

TEST_CASE("expr: booleans compare with numbers as 1 and 0", "[expr]") {
  CHECK(eval("true == 1") == "true");
  CHECK(eval("false < true") == "true");
  CHECK(eval("true + true") == "2");
}

TEST_CASE("expr: string literals that are numbers work in arithmetic", "[expr]") {
  CHECK(eval("'3' + 1") == "4");
  CHECK(eval("'3' * '4'") == "12");
  CHECK(eval("'1e3' / 10") == "100");
  CHECK(eval("'3' == 3") == "true");
  CHECK(eval("'3' == '3.0'") == "false");
}

TEST_CASE("expr: arithmetic results", "[expr]") {
  CHECK(eval("0.1 + 0.2") == "0.30000000000000004");
  CHECK(eval("1 / 3") == "0.3333333333333333");
  CHECK(eval("7 % 3") == "1");
  CHECK(eval("-7 % 3") == "2");  // the sign of the divisor, as Miller's %
  CHECK(eval("7 % -3") == "-2");
  CHECK(eval("-7.5 % 2") == "0.5");
  CHECK(eval("7.5 % 2") == "1.5");
  CHECK(eval("2 * 0.5") == "1");
  CHECK(eval("-0") == "0");
  CHECK(eval("1e16") == "10000000000000000");  // fixed notation, as Miller writes it
}

TEST_CASE("expr: regex match is anywhere in the value, RE2 syntax", "[expr]") {
  Records r("path,n\n/api/v1/users,404\n", "csv");
  CHECK(r.eval("path =~ 'v[0-9]'") == "true");
  CHECK(r.eval("path =~ '^v[0-9]'") == "false");
  CHECK(r.eval("path !~ '^/static/'") == "true");
  CHECK(r.eval("path =~ '(?i)USERS$'") == "true");
  CHECK(r.eval("n =~ '^4'") == "true");
  CHECK(r.eval("n + 1 =~ '^405$'") == "true");
  CHECK(r.eval("true =~ 'ru'") == "true");
}

// ------------------------------------------------------------------ nulls

TEST_CASE("expr: a missing or empty field is null", "[expr]") {
  Records r("a,b\n,1\n", "csv");
  CHECK(r.eval("a") == "null");
  CHECK(r.eval("missing") == "null");
  CHECK(r.eval("b") == "\"1\"");
  CHECK(r.eval("is_null(a)") == "true");
  CHECK(r.eval("is_null(missing)") == "true");
  CHECK(r.eval("is_null(b)") == "false");
}

TEST_CASE("expr: every comparison with null is false, != included", "[expr]") {
  Records r("a,b\n,1\n", "csv");
  for (const char* op : {"==", "!=", "<", "<=", ">", ">="}) {
    INFO(op);
    CHECK(r.eval(std::string("a ") + op + " 1") == "false");
    CHECK(r.eval(std::string("1 ") + op + " a") == "false");
    CHECK(r.eval(std::string("a ") + op + " ''") == "false");
    CHECK(r.eval(std::string("a ") + op + " missing") == "false");
    CHECK(r.eval(std::string("a ") + op + " null") == "false");
    CHECK(r.eval(std::string("null ") + op + " null") == "false");
  }
  CHECK(r.eval("a =~ ''") == "false");
  CHECK(r.eval("a !~ 'x'") == "false");
  CHECK(r.eval("a in (1, null, '')") == "false");
  CHECK(r.eval("a not in (1, 2)") == "false");
  CHECK(r.eval("b not in (2, null)") == "true");
  CHECK(r.eval("not (a == 1)") == "true");
}

TEST_CASE("expr: ?? gives the left value unless it is null", "[expr]") {
  Records r("a,b,z\n,x,0\n", "csv");
  CHECK(r.eval("a ?? 'default'") == "\"default\"");
  CHECK(r.eval("b ?? 'default'") == "\"x\"");
  CHECK(r.eval("z ?? 5") == "\"0\"");  // 0 is not null
  CHECK(r.eval("missing ?? a ?? null") == "null");
  CHECK(r.eval("(a ?? 0) + 1") == "1");
}

TEST_CASE("expr: arithmetic with null or with text that is not a number gives null", "[expr]") {
  Records r("a,t\n,abc\n", "csv");
  for (const char* op : {"+", "-", "*", "/", "%"}) {
    INFO(op);
    CHECK(r.eval(std::string("a ") + op + " 1") == "null");
    CHECK(r.eval(std::string("1 ") + op + " a") == "null");
    CHECK(r.eval(std::string("t ") + op + " 1") == "null");
    CHECK(r.eval(std::string("'' ") + op + " 1") == "null");
    CHECK(r.eval(std::string("null ") + op + " 1") == "null");
  }
  CHECK(r.eval("-a") == "null");
  CHECK(r.eval("-t") == "null");
}

TEST_CASE("expr: division and modulo by zero give null", "[expr]") {
  CHECK(eval("1 / 0") == "null");
  CHECK(eval("0 / 0") == "null");
  CHECK(eval("5 % 0") == "null");
  CHECK(eval("1 / 0.0") == "null");
  CHECK(eval("(1 / 0) ?? -1") == "-1");
}

TEST_CASE("expr: arithmetic that has no numeric answer gives null", "[expr]") {
  CHECK(eval("1e308 * 10 - 1e308 * 10") == "null");
  CHECK(eval("1e308 * 10 - 1e308 * 10 == 1") == "false");
}

TEST_CASE("expr: truthiness: null, false, 0, empty, \"0\" and \"false\" are false", "[expr]") {
  Records r("e,zero,f,t,one,space\n,0,false,true,1, \n", "csv");
  CHECK(r.eval("not e") == "true");
  CHECK(r.eval("not zero") == "true");
  CHECK(r.eval("not f") == "true");
  CHECK(r.eval("not t") == "false");
  CHECK(r.eval("not one") == "false");
  CHECK(r.eval("not space") == "false");
  CHECK(eval("not null") == "true");
  CHECK(eval("not 0") == "true");
  CHECK(eval("not 0.5") == "false");
  CHECK(eval("not -1") == "false");
  CHECK(eval("not ''") == "true");
  CHECK(eval("not 'false'") == "true");
  CHECK(eval("not '0'") == "true");
  CHECK(eval("not 'no'") == "false");
  CHECK(eval("not false") == "true");
}

// ------------------------------------------------------------------ errors

TEST_CASE("expr: an unterminated string or backtick name", "[expr]") {
  CHECK(error_at("name == 'abc") == "unterminated string @8");
  CHECK(error_at("name == \"abc") == "unterminated string @8");
  CHECK(error_at("name == 'abc\\'") == "unterminated string @8");
  CHECK(error_at("`user agent == 1") == "unterminated `name` (no closing backtick) @0");
}

TEST_CASE("expr: '=' alone names the operator to use", "[expr]") {
  CHECK(error_at("a = 1") == "'=' compares nothing: use '==' to compare, or '=~' to match a regex @2");
  CHECK(error_at("a =") == "'=' compares nothing: use '==' to compare, or '=~' to match a regex @2");
}

TEST_CASE("expr: Miller's spellings: $name, ${name}, &&, ||, ! and the dot", "[expr]") {
  Records r("user agent,status,a.b\ncurl/8,200,x\n", "csv");
  CHECK(r.eval("$status == 200") == "true");
  CHECK(r.eval("${user agent} == 'curl/8'") == "true");
  CHECK(r.eval("$status == 200 && ${a.b} == 'x'") == "true");
  CHECK(r.eval("$status == 500 || !($status == 500)") == "true");
  CHECK(r.eval("!$status") == "false");
  CHECK(eval("1 && 0 || 1") == "true");  // (1 and 0) or 1
  CHECK(r.eval("$status . '-' . $a.b") == "\"200-x\"");
  CHECK(r.eval("$status.$a.b") == "\"200x\"");
  CHECK(eval("2 * 3 . 4") == "68");  // the dot binds tighter than *, as in Miller
  CHECK(error_at("${status") == "unterminated ${name} (no closing brace) @0");
}

TEST_CASE("expr: an unexpected character", "[expr]") {
  CHECK(error_at("a & b") == "unexpected character '&' @2");
  CHECK(error_at("a | b") == "unexpected character '|' @2");
  CHECK(error_at("a == $ x") == "unexpected character '$' @5");
  CHECK(error_at("[1]") == "expected a value (a field, a number, a 'string', ...), found '[' @0");
}

TEST_CASE("expr: a number followed by letters", "[expr]") {
  CHECK(error_at("10ms > 5") ==
        "a number cannot be followed by letters (quote a field name like this in backticks) @2");
  CHECK(error_at("a > 1e") ==
        "a number cannot be followed by letters (quote a field name like this in backticks) @5");
  CHECK(error_at("a > 1.5x") ==
        "a number cannot be followed by letters (quote a field name like this in backticks) @7");
  CHECK(error_at("2_000") ==
        "a number cannot be followed by letters (quote a field name like this in backticks) @1");
}

TEST_CASE("expr: a missing operand", "[expr]") {
  const std::string value = "expected a value (a field, a number, a 'string', ...), found ";
  CHECK(error_at("status >=") == value + "the end of the expression @9");
  CHECK(error_at("status >= ") == value + "the end of the expression @10");
  CHECK(error_at("") == value + "the end of the expression @0");
  CHECK(error_at("a + * b") == value + "'*' @4");
  CHECK(error_at("a == == b") == value + "'==' @5");
  CHECK(error_at("()") == value + "')' @1");
  CHECK(error_at("not") == value + "the end of the expression @3");
  CHECK(error_at("a and or b") == value + "'or' @6");
  CHECK(error_at("len(a,)") == value + "')' @6");
  CHECK(error_at("a in (1,)") == value + "')' @8");
  CHECK(error_at("a ?? ") == value + "the end of the expression @5");
  CHECK(error_at("a =~ 'x' and") == value + "the end of the expression @12");
}

TEST_CASE("expr: an unclosed parenthesis or list", "[expr]") {
  CHECK(error_at("(a + 1") == "expected ')' to close '(', found the end of the expression @6");
  CHECK(error_at("(a + 1 b") == "expected ')' to close '(', found a field name @7");
  CHECK(error_at("len(a") ==
        "expected ')' to close the arguments of len(), found the end of the expression @5");
  CHECK(error_at("a in 1") == "expected '(' after 'in', found a number @5");
  CHECK(error_at("a in (1, 2") ==
        "expected ')' to close the list after 'in (', found the end of the expression @10");
}

TEST_CASE("expr: tokens after a complete expression", "[expr]") {
  CHECK(error_at("a == 1 b") == "found a field name after a complete expression (a missing operator?) @7");
  CHECK(error_at("status 500") == "found a number after a complete expression (a missing operator?) @7");
  CHECK(error_at("1.5.2") == "found a number after a complete expression (a missing operator?) @3");
  CHECK(error_at("'a' 'b'") == "found a string after a complete expression (a missing operator?) @4");
  CHECK(error_at("a not b") == "found 'not' after a complete expression (a missing operator?) @2");
  CHECK(error_at("a == 1)") == "')' without a matching '(' @6");
}

TEST_CASE("expr: an unknown function suggests the nearest one", "[expr]") {
  CHECK(error_at("lenth(a)") == "unknown function 'lenth' (did you mean 'length'?) @0");
  CHECK(error_at("a + uper(b)") == "unknown function 'uper' (did you mean 'upper'?) @4");
  CHECK(error_at("startswith(a, 'x')") == "unknown function 'startswith' (did you mean 'starts_with'?) @0");
  CHECK(error_at("frobnicate(a)") == "unknown function 'frobnicate' @0");
}

TEST_CASE("expr: a call with the wrong number of arguments", "[expr]") {
  CHECK(error_at("len()") == "len() takes 1 argument, got 0 @0");
  CHECK(error_at("a + len(a, b)") == "len() takes 1 argument, got 2 @4");
  CHECK(error_at("contains(a)") == "contains() takes 2 arguments, got 1 @0");
  CHECK(error_at("substr(a)") == "substr() takes 2 to 3 arguments, got 1 @0");
  CHECK(error_at("round(1, 2, 3)") == "round() takes 1 to 2 arguments, got 3 @0");
  CHECK(error_at("concat()") == "concat() takes 1 to 16 arguments, got 0 @0");
  CHECK(error_at("min(1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17)") ==
        "min() takes 1 to 16 arguments, got 17 @0");
}

TEST_CASE("expr: a bad regex or a pattern that is not a string", "[expr]") {
  CHECK(error_at("path =~ \"(\"") == "invalid regular expression: missing ): ( @8");
  CHECK(error_at("a !~ '[a-'") == "invalid regular expression: missing ]: [a- @5");
  CHECK(error_at("a =~ b") == "the pattern after '=~' must be a quoted string, found a field name @5");
  CHECK(error_at("a !~ 1") == "the pattern after '!~' must be a quoted string, found a number @5");
  CHECK(error_at("a =~") ==
        "the pattern after '=~' must be a quoted string, found the end of the expression @4");
}

TEST_CASE("expr: an expression that nests too deeply", "[expr]") {
  std::string ok = std::string(256, '(') + "1" + std::string(256, ')');
  CHECK(eval(ok) == "1");
  std::string deep = std::string(300, '(') + "1" + std::string(300, ')');
  CHECK(error_at(deep) == "the expression nests too deeply (more than 256 levels) @256");
  std::string minus;
  for (int i = 0; i < 300; ++i) minus += "- ";
  CHECK(error_at(minus + "1") == "the expression nests too deeply (more than 256 levels) @512");
  std::string nots;
  for (int i = 0; i < 300; ++i) nots += "not ";
  CHECK(error_at(nots + "1") == "the expression nests too deeply (more than 256 levels) @1024");
  std::string calls;
  for (int i = 0; i < 300; ++i) calls += "abs(";
  CHECK(error_at(calls + "1" + std::string(300, ')')) ==
        "the expression nests too deeply (more than 256 levels) @1024");
}

TEST_CASE("expr: an expression too deep to evaluate", "[expr]") {
  // each operator of a chain is a level of the tree that evaluation recurses into
  std::string sum = "1";
  for (int i = 0; i < 1999; ++i) sum += "+1";
  CHECK(eval(sum) == "2000");
  CHECK(error_at(sum + "+1") ==
        "the expression is too deep to evaluate (more than 2000 operations inside one another) @3999");
}

TEST_CASE("expr: format_expr_error shows the expression with a caret under the column", "[expr]") {
  std::string source = "status >= ";
  CHECK(format_expr_error("filter", source, compile_error(source)) ==
        "filter: expected a value (a field, a number, a 'string', ...), found the end of the expression "
        "(column 11)\n"
        "  status >= \n"
        "            ^");
  source = "a == b ) ";
  CHECK(format_expr_error("derive", source, compile_error(source)) ==
        "derive: ')' without a matching '(' (column 8)\n"
        "  a == b ) \n"
        "         ^");
}

TEST_CASE("expr: format_expr_error counts characters, not bytes, before the caret", "[expr]") {
  std::string source = "café == 'x";
  ExprError e = compile_error(source);
  CHECK(e.column == 9);  // bytes
  CHECK(format_expr_error("filter", source, e) ==
        "filter: unterminated string (column 9)\n"
        "  café == 'x\n"
        "          ^");
}

TEST_CASE("expr: a bad expression in filter stops the run with the formatted message", "[expr]") {
  try {
    convert("a\n1\n", "csv", "csv", {weir::StageSpec{"filter", {"a >= "}, {}}});
    FAIL("no error");
  } catch (const weir::UsageError& e) {
    CHECK(std::string(e.what()) ==
          "filter: expected a value (a field, a number, a 'string', ...), found the end of the expression "
          "(column 6)\n"
          "  a >= \n"
          "       ^");
  }
}

// ------------------------------------------------------------------ pipelines and repeated evaluation

TEST_CASE("expr: filter keeps the records for which the expression is true", "[expr]") {
  std::string in = "id,status,method\n1,200,GET\n2,503,POST\n3,,GET\n4,404,POST\n";
  CHECK(convert(in, "csv", "csv", {weir::StageSpec{"filter", {"status >= 400 and method == 'POST'"}, {}}}) ==
        "id,status,method\n2,503,POST\n4,404,POST\n");
  CHECK(convert(in, "csv", "csv", {weir::StageSpec{"filter", {"status != 200"}, {}}}) ==
        "id,status,method\n2,503,POST\n4,404,POST\n");
}

TEST_CASE("expr: derive writes numbers, booleans, text and null", "[expr]") {
  std::string in = "a,b\n3,x\n,y\n";
  CHECK(convert(in, "csv", "jsonl",
                {weir::StageSpec{"derive", {"half=a / 2", "big=a > 2", "up=upper(b)", "n=a * 1"}, {}}}) ==
        "{\"a\":3,\"b\":\"x\",\"half\":1.5,\"big\":true,\"up\":\"X\",\"n\":3}\n"
        "{\"a\":null,\"b\":\"y\",\"half\":null,\"big\":false,\"up\":\"Y\",\"n\":null}\n");
}

TEST_CASE("expr: evaluation over many records gives the same results as once", "[expr]") {
  std::string in = "name,n\n";
  for (int i = 0; i < 1000; ++i) in += (i % 3 ? "Ann" : "BOB") + std::string(",") + std::to_string(i) + "\n";
  Records r(in, "csv");
  REQUIRE(r.size() == 1000);
  auto e = Expression::compile("concat(lower(name), '-', str(n * 2), upper(substr(name, 1)))");
  auto f = Expression::compile("n % 7 == 3 and name =~ '^B'");
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t i = 0; i < r.size(); ++i) {
      std::string name = i % 3 ? "ann" : "bob";
      std::string tail = i % 3 ? "NN" : "OB";
      INFO(i);
      REQUIRE(show(r.evaluate(e, i)) == "\"" + name + "-" + std::to_string(2 * i) + tail + "\"");
      REQUIRE(show(r.evaluate(f, i)) == (i % 7 == 3 && i % 3 == 0 ? "true" : "false"));
    }
  }
}

TEST_CASE("expr: a string result stays valid until the same expression is evaluated again", "[expr]") {
  Records r("a,b\nHello,World\nx,y\n", "csv");
  auto e = Expression::compile("concat(lower(a), ' ', upper(b))");
  auto other = Expression::compile("concat(upper(a), lower(b))");
  weir::expr::Value v = r.evaluate(e, 0);
  weir::expr::Value w = r.evaluate(other, 1);
  CHECK(show(w) == "\"Xy\"");
  r.evaluate(other, 0);  // another expression leaves v alone
  CHECK(show(v) == "\"hello WORLD\"");
  v = r.evaluate(e, 1);
  CHECK(show(v) == "\"x Y\"");
}

TEST_CASE("expr: nested calls keep their arguments on the first evaluation", "[expr]") {
  // each call's result lives in its own buffer; making a new buffer must not
  // move the text of the ones already made
  Records r("a,b,c\nAa,Bb,Cc\n", "csv");
  CHECK(r.eval("concat(lower(a), upper(b), lower(c), upper(a), lower(b))") == "\"aaBBccAAbb\"");
  CHECK(r.eval("lower(a) in (upper(b), lower(c), lower(a))") == "true");
  CHECK(r.eval("lower(a) == lower(concat(upper(a)))") == "true");
}

TEST_CASE("expr: an expression follows records with different headers", "[expr]") {
  Records r("{\"a\":1,\"b\":2}\n{\"b\":3}\n{\"b\":4,\"a\":5}\n", "jsonl");
  auto e = Expression::compile("(a ?? 0) * 10 + b");
  std::vector<std::string> got;
  for (std::size_t i = 0; i < r.size(); ++i) got.push_back(show(r.evaluate(e, i)));
  CHECK(got == std::vector<std::string>{"12", "3", "54"});
}

TEST_CASE("in (...) of numbers: looked up once, the same answers as comparing one by one", "[expr]") {
  Records records("s,t,e\n404,abc,\n-0,0x10,\n", "csv");
  CHECK(records.eval("s in (500, 404, 200)") == "true");
  CHECK(records.eval("s in (500, 403, 200)") == "false");
  CHECK(records.eval("s not in (500, 404, 200)") == "false");
  CHECK(records.eval("s in (404.0)") == "true");
  CHECK(records.eval("t in (1, 2)") == "false");        // text that is not a number: null, false either way
  CHECK(records.eval("t not in (1, 2)") == "false");
  CHECK(records.eval("e in (0, 1)") == "false");        // empty is null: false either way
  CHECK(records.eval("e not in (0, 1)") == "false");
  CHECK(records.eval("s in (0, 1)", 1) == "true");      // -0 == 0
  CHECK(records.eval("t in (16)", 1) == "false");       // 0x10 is text, not 16
}

TEST_CASE("field compared with a number: the fast path answers as the general one", "[expr]") {
  Records csv("s,e,t\n500,,abc\n", "csv");
  CHECK(csv.eval("s >= 500") == "true");
  CHECK(csv.eval("s > 500") == "false");
  CHECK(csv.eval("s != 500") == "false");
  CHECK(csv.eval("s == 5e2") == "true");
  CHECK(csv.eval("e < 1") == "false");   // empty: null, false for every comparison
  CHECK(csv.eval("e != 1") == "false");
  CHECK(csv.eval("t < 1") == "false");   // text that is not a number: null, false either way (issue 13)
  CHECK(csv.eval("t > 1") == "false");
  Records json("{\"s\": \"500\", \"n\": 500, \"b\": true, \"z\": null}\n", "jsonl");
  CHECK(json.eval("s == 500") == "true");  // a JSON string that holds a number still compares as one
  CHECK(json.eval("n in (404, 500)") == "true");
  CHECK(json.eval("s in (404, 500)") == "true");
  CHECK(json.eval("b == 1") == "true");    // true is 1
  CHECK(json.eval("z == 0") == "false");   // null
}

TEST_CASE("is_null(field) and starts_with(field, 'text') read the field in place, as the general path would", "[expr]") {
  Records csv("p,e\n/api/v1,\n", "csv");
  CHECK(csv.eval("is_null(e)") == "true");
  CHECK(csv.eval("is_null(p)") == "false");
  CHECK(csv.eval("is_null(missing)") == "true");
  CHECK(csv.eval("starts_with(p, '/api/')") == "true");
  CHECK(csv.eval("starts_with(p, '/v1')") == "false");
  CHECK(csv.eval("starts_with(p, '')") == "true");
  CHECK(csv.eval("starts_with(e, '')") == "false");        // null
  CHECK(csv.eval("starts_with(missing, '/')") == "false");
  Records json("{\"s\": \"/x\", \"n\": 1.50, \"z\": null}\n", "jsonl");
  CHECK(json.eval("starts_with(s, '/')") == "true");
  CHECK(json.eval("starts_with(n, '1.5')") == "true");     // a JSON number as its text 1.5
  CHECK(json.eval("is_null(z)") == "true");
}
