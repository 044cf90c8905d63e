#include "core/expr/builtins.hpp"
#include "core/record/number_text.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>

#include "core/expr/builtin_impl.hpp"
#include "core/expr/expression.hpp"

namespace weir::expr {

const std::vector<BuiltinInfo>& builtins() {
  static const std::vector<BuiltinInfo> table = {
      {"len", Builtin::len, 1, 1, "len(s)", "length of s in characters"},
      {"lower", Builtin::lower, 1, 1, "lower(s)", "s in lower case (ASCII letters)"},
      {"upper", Builtin::upper, 1, 1, "upper(s)", "s in upper case (ASCII letters)"},
      {"trim", Builtin::trim, 1, 1, "trim(s)", "s without leading and trailing white space"},
      {"contains", Builtin::contains, 2, 2, "contains(s, t)", "true when t occurs in s"},
      {"starts_with", Builtin::starts_with, 2, 2, "starts_with(s, t)", "true when s starts with t"},
      {"ends_with", Builtin::ends_with, 2, 2, "ends_with(s, t)", "true when s ends with t"},
      {"substr", Builtin::substr, 2, 3, "substr(s, start[, end])",
       "characters start to end of s, both included (0 is the first; negative counts from the end: -1 is "
       "the last), as Miller's substr; without end, to the end of s"},
      {"substr0", Builtin::substr0, 3, 3, "substr0(s, start, end)", "as substr (Miller's substr0)"},
      {"substr1", Builtin::substr1, 3, 3, "substr1(s, start, end)",
       "characters start to end of s, both included, 1 being the first (Miller's substr1)"},
      {"split", Builtin::split, 3, 3, "split(s, sep, i)",
       "piece i of s cut at each sep (0 is the first; negative counts from the end); null if none"},
      {"replace", Builtin::replace, 3, 3, "replace(s, old, new)", "s with every old replaced by new"},
      {"concat", Builtin::concat, 1, 16, "concat(a, b, ...)", "the texts joined; null values are skipped"},
      {"num", Builtin::num, 1, 1, "num(x)",
       "x as a number, or null when it is not one; inf, infinity and nan (any case) are numbers here only"},
      {"str", Builtin::str, 1, 1, "str(x)", "x as text"},
      {"is_null", Builtin::is_null, 1, 1, "is_null(x)", "true when x is null (a missing or empty field)"},
      {"abs", Builtin::abs, 1, 1, "abs(x)", "absolute value"},
      {"round", Builtin::round, 1, 2, "round(x[, digits])", "x rounded half away from zero"},
      {"floor", Builtin::floor, 1, 1, "floor(x)", "largest integer <= x"},
      {"ceil", Builtin::ceil, 1, 1, "ceil(x)", "smallest integer >= x"},
      {"min", Builtin::min, 1, 16, "min(a, b, ...)",
       "the least value, numbers before booleans before text, as Miller orders them (nulls skipped)"},
      {"max", Builtin::max, 1, 16, "max(a, b, ...)",
       "the greatest value: text after booleans after numbers, as in Miller (nulls skipped)"},
      {"epoch", Builtin::epoch, 1, 1, "epoch(ts)",
       "seconds since 1970 for an ISO-8601 date or timestamp (UTC unless it has an offset); "
       "a number passes through"},
      {"strftime", Builtin::strftime, 2, 2, "strftime(t, format)",
       "seconds since 1970 formatted in UTC with strftime(3) conversions, e.g. '%Y-%m-%d', and Miller's "
       "%1S to %9S: the seconds with 1 to 9 decimals"},
      {"strptime", Builtin::strptime, 2, 2, "strptime(s, format)",
       "seconds since 1970 for s read with strptime(3) conversions (%Y %m %d %H %M %S with an optional "
       "fraction, %y %j %I %p %b %a %z %Z %s %T %F %D), in UTC unless %z gives an offset; null when s "
       "does not match the whole format. strptime('2019-01-02T03:04:05Z', '%Y-%m-%dT%H:%M:%SZ') is 1546398245"},
      {"sec2gmt", Builtin::sec2gmt, 1, 2, "sec2gmt(t[, decimals])",
       "seconds since 1970 as an ISO-8601 UTC time, 2009-02-13T23:31:30Z, with 1 to 9 decimals of the "
       "second when asked (cut, not rounded); a value that is not a number is returned as it is"},
      {"if", Builtin::if_, 3, 3, "if(c, a, b)", "a when c is true, else b (only the one chosen is evaluated); "
       "also written c ? a : b"},
      {"case", Builtin::case_, 2, 64, "case(c1, v1, c2, v2, ...[, default])",
       "the value after the first true condition; else the default (a last, unpaired argument), else null"},
      {"coalesce", Builtin::coalesce, 1, 64, "coalesce(a, b, ...)",
       "the first value that is not null (a missing or empty field is null)"},
      {"sub", Builtin::sub, 3, 3, "sub(s, regex, replacement)",
       "s with the first match of regex (RE2) replaced; in the replacement \\0 is the match and "
       "\\1 to \\9 its groups (as in Miller: sub(s, '(\\w+)@', '<\\1>@'))"},
      {"gsub", Builtin::gsub, 3, 3, "gsub(s, regex, replacement)", "s with every match of regex replaced, as sub()"},
      {"splitax", Builtin::splitax, 2, 2, "splitax(s, sep)",
       "the pieces of s cut at each sep, as a JSON array of strings; sep '' cuts between characters"},
      {"length", Builtin::length, 1, 1, "length(x)",
       "the number of elements of a JSON array or object; 0 for null; 1 for any other value"},
      {"format", Builtin::format, 1, 16, "format(f, a, b, ...)",
       "f with each {} replaced by the next value (a missing one is empty): format('{}:{}', a, b)"},
      {"fmtnum", Builtin::fmtnum, 2, 2, "fmtnum(x, format)",
       "x formatted with one printf conversion: %d %x %o %b (a fraction is cut), %f %e %g, %s; flags, "
       "width and precision as in printf (%08.3lf); null when x is not a number"},
      {"fmtifnum", Builtin::fmtifnum, 2, 2, "fmtifnum(x, format)", "fmtnum(x, format) when x is a number, else x"},
      {"format_values", Builtin::format_values, 1, 4, "format_values(x[, float[, int[, string]]])",
       "x formatted by its type as the format-values verb does: a number with a fraction or exponent "
       "by float ('%f'), another number by int ('%d'), text by string ('%s')"},
      {"hexfmt", Builtin::hexfmt, 1, 1, "hexfmt(n)",
       "an integer as 0x and hex digits (two's complement when negative: hexfmt(-1) is 0xffffffffffffffff); "
       "any other value as it is"},
      {"md5", Builtin::md5, 1, 1, "md5(s)", "the MD5 digest of s in hex (null for null)"},
      {"sha1", Builtin::sha1, 1, 1, "sha1(s)", "the SHA-1 digest of s in hex (null for null)"},
      {"crc32", Builtin::crc32, 1, 1, "crc32(s)", "the CRC-32 of s (as zlib and cksum -a crc32b), a number"},
      {"sha256", Builtin::sha256, 1, 1, "sha256(s)", "the SHA-256 digest of s in hex (null for null)"},
      {"sha512", Builtin::sha512, 1, 1, "sha512(s)", "the SHA-512 digest of s in hex (null for null)"},
      // Miller's text functions: a number or boolean is returned as it is
      {"toupper", Builtin::toupper, 1, 1, "toupper(s)", "s in upper case (all of Unicode, as Miller)"},
      {"tolower", Builtin::tolower, 1, 1, "tolower(s)", "s in lower case (all of Unicode, as Miller)"},
      {"capitalize", Builtin::capitalize, 1, 1, "capitalize(s)", "s with its first character in upper case"},
      {"lstrip", Builtin::lstrip, 1, 1, "lstrip(s)", "s without leading spaces and tabs"},
      {"rstrip", Builtin::rstrip, 1, 1, "rstrip(s)", "s without trailing spaces and tabs"},
      {"strip", Builtin::strip, 1, 1, "strip(s)", "s without leading and trailing spaces and tabs"},
      {"collapse_whitespace", Builtin::collapse_whitespace, 1, 1, "collapse_whitespace(s)",
       "s with each run of white space made one space"},
      {"clean_whitespace", Builtin::clean_whitespace, 1, 1, "clean_whitespace(s)",
       "strip(collapse_whitespace(s))"},
      {"strlen", Builtin::strlen, 1, 1, "strlen(s)", "length of s in characters (UTF-8), also of a number's text"},
      {"truncate", Builtin::truncate, 2, 2, "truncate(s, n)",
       "the first n characters of s (null when n is not a whole number >= 0)"},
      {"ssub", Builtin::ssub, 3, 3, "ssub(s, old, new)", "s with the first old replaced by new: no regex"},
      {"gssub", Builtin::gssub, 3, 3, "gssub(s, old, new)", "s with every old replaced by new: no regex"},
      {"regextract", Builtin::regextract, 2, 2, "regextract(s, regex)",
       "the first match of regex in s; none (absent in put, else null) when it does not match"},
      {"regextract_or_else", Builtin::regextract_or_else, 3, 3, "regextract_or_else(s, regex, other)",
       "the first match of regex in s, else other"},
      {"string", Builtin::str, 1, 1, "string(x)", "x as text (as str)"},
      // Miller's math functions: null when an argument is not a number
      {"pow", Builtin::pow, 2, 2, "pow(x, y)",
       "x to the power y, also written x ** y; an integer when both are and the result fits 64 bits"},
      {"sqrt", Builtin::sqrt, 1, 1, "sqrt(x)", "square root (NaN below 0)"},
      {"cbrt", Builtin::cbrt, 1, 1, "cbrt(x)", "cube root"},
      {"exp", Builtin::exp, 1, 1, "exp(x)", "e to the power x"},
      {"expm1", Builtin::expm1, 1, 1, "expm1(x)", "exp(x) - 1, exact also for x near 0"},
      {"log", Builtin::log, 1, 1, "log(x)", "natural logarithm (-Inf at 0, NaN below)"},
      {"log10", Builtin::log10, 1, 1, "log10(x)", "logarithm in base 10"},
      {"log1p", Builtin::log1p, 1, 1, "log1p(x)", "log(1 + x), exact also for x near 0"},
      {"sgn", Builtin::sgn, 1, 1, "sgn(x)", "the sign of x: -1, 0 or 1"},
      {"roundm", Builtin::roundm, 2, 2, "roundm(x, m)", "x rounded to the nearest multiple of m"},
      {"int", Builtin::int_, 1, 1, "int(x)", "x without its fraction (toward zero); true is 1"},
      {"float", Builtin::float_, 1, 1, "float(x)", "x as a floating-point number"},
      {"sin", Builtin::sin, 1, 1, "sin(x)", "sine (x in radians)"},
      {"cos", Builtin::cos, 1, 1, "cos(x)", "cosine"},
      {"tan", Builtin::tan, 1, 1, "tan(x)", "tangent"},
      {"asin", Builtin::asin, 1, 1, "asin(x)", "arcsine"},
      {"acos", Builtin::acos, 1, 1, "acos(x)", "arccosine"},
      {"atan", Builtin::atan, 1, 1, "atan(x)", "arctangent"},
      {"atan2", Builtin::atan2, 2, 2, "atan2(y, x)", "the angle of the point (x, y), -pi to pi"},
      {"sinh", Builtin::sinh, 1, 1, "sinh(x)", "hyperbolic sine"},
      {"cosh", Builtin::cosh, 1, 1, "cosh(x)", "hyperbolic cosine"},
      {"tanh", Builtin::tanh, 1, 1, "tanh(x)", "hyperbolic tangent"},
      {"asinh", Builtin::asinh, 1, 1, "asinh(x)", "inverse hyperbolic sine"},
      {"acosh", Builtin::acosh, 1, 1, "acosh(x)", "inverse hyperbolic cosine"},
      {"atanh", Builtin::atanh, 1, 1, "atanh(x)", "inverse hyperbolic tangent"},
      {"erf", Builtin::erf, 1, 1, "erf(x)", "error function"},
      {"erfc", Builtin::erfc, 1, 1, "erfc(x)", "complementary error function, 1 - erf(x)"},
      {"qnorm", Builtin::qnorm, 1, 1, "qnorm(x)", "the normal cumulative distribution function at x"},
      {"invqnorm", Builtin::invqnorm, 1, 1, "invqnorm(p)",
       "the x where qnorm(x) is p, to within 1e-9 as Miller finds it; 0 for p outside (0, 1)"},
      {"bitcount", Builtin::bitcount, 1, 1, "bitcount(n)", "the number of bits set in the integer n (64-bit)"},
      {"madd", Builtin::madd, 3, 3, "madd(a, b, m)", "a + b modulo m, for integers"},
      {"msub", Builtin::msub, 3, 3, "msub(a, b, m)", "a - b modulo m, for integers"},
      {"mmul", Builtin::mmul, 3, 3, "mmul(a, b, m)", "a * b modulo m, for integers"},
      {"mexp", Builtin::mexp, 3, 3, "mexp(a, e, m)", "a to the power e modulo m, for integers (e >= 0)"},
      // Miller's types
      {"typeof", Builtin::typeof_, 1, 1, "typeof(x)",
       "Miller's name for the type of x: int, float, bool, string, empty (an empty value; in put also "
       "a missing field's, which elsewhere is empty), absent, map or array; a field's number by its text "
       "(1.0 is float), a number made in the expression by its value (whole: int; Miller's typeof(1.0 * 3) "
       "is float)"},
      {"is_present", Builtin::is_present, 1, 1, "is_present(x)", "true unless x is absent (put)"},
      {"is_absent", Builtin::is_absent, 1, 1, "is_absent(x)", "true when x is a field the record lacks (put)"},
      {"is_empty", Builtin::is_empty, 1, 1, "is_empty(x)", "true when x is an empty value (not absent)"},
      {"is_not_empty", Builtin::is_not_empty, 1, 1, "is_not_empty(x)", "true when x is a value, not empty or absent"},
      {"is_not_null", Builtin::is_not_null, 1, 1, "is_not_null(x)", "not is_null(x)"},
      {"is_string", Builtin::is_string, 1, 1, "is_string(x)", "true when x is text (or empty), not a number"},
      {"is_numeric", Builtin::is_numeric, 1, 1, "is_numeric(x)", "true when x is a number (int or float)"},
      {"is_int", Builtin::is_int, 1, 1, "is_int(x)", "true when typeof(x) is int"},
      {"is_float", Builtin::is_float, 1, 1, "is_float(x)", "true when typeof(x) is float"},
      {"is_nan", Builtin::is_nan, 1, 1, "is_nan(x)", "true when x is the number NaN"},
      {"sec2gmtdate", Builtin::sec2gmtdate, 1, 1, "sec2gmtdate(t)",
       "seconds since 1970 as the UTC date, 2009-02-13; a value that is not a number is returned as it is"},
      // Miller's durations: (error) where Miller gives an error (a number of
      // the wrong kind, text that does not read), as Miller writes it
      {"sec2hms", Builtin::sec2hms, 1, 1, "sec2hms(n)",
       "whole seconds as hours:minutes:seconds: sec2hms(5000) is 01:23:20, sec2hms(500000) 138:53:20, "
       "sec2hms(-1) -00:00:01; (error) for a value that is not an integer (1.5, text)"},
      {"fsec2hms", Builtin::fsec2hms, 1, 1, "fsec2hms(x)",
       "seconds as hours:minutes:seconds with 6 decimals: fsec2hms(5000.25) is 01:23:20.250000; "
       "(error) for a value that is not a number"},
      {"sec2dhms", Builtin::sec2dhms, 1, 1, "sec2dhms(n)",
       "whole seconds as days, hours, minutes and seconds, from the first that is not 0: sec2dhms(500000) "
       "is 5d18h53m20s, sec2dhms(60) 1m00s; (error) for a value that is not an integer"},
      {"fsec2dhms", Builtin::fsec2dhms, 1, 1, "fsec2dhms(x)",
       "as sec2dhms, with 6 decimals of the second: fsec2dhms(500000.25) is 5d18h53m20.250000s; "
       "(error) for a value that is not a number"},
      {"hms2sec", Builtin::hms2sec, 1, 1, "hms2sec(s)",
       "whole seconds of [-]hours:minutes:seconds: hms2sec('01:23:20') is 5000; (error) for text that "
       "does not read so, or a number (what follows the seconds is not read: 1:2:3x is 3723)"},
      {"hms2fsec", Builtin::hms2fsec, 1, 1, "hms2fsec(s)",
       "seconds of [-]hours:minutes:seconds, the seconds with a fraction: hms2fsec('01:23:20.25') is 5000.25"},
      {"dhms2sec", Builtin::dhms2sec, 1, 1, "dhms2sec(s)",
       "whole seconds of [-] and numbers each followed by d, h, m or s: dhms2sec('1d2h3m4s') is 93784; "
       "(error) for other text, or a number (as Miller reads it, a space ends it: '1d 2h' is 86400)"},
      {"dhms2fsec", Builtin::dhms2fsec, 1, 1, "dhms2fsec(s)",
       "as dhms2sec, the numbers with fractions: dhms2fsec('1.5h') is 5400, dhms2fsec('1m0.25s') 60.25"},
  };
  return table;
}

const BuiltinInfo* find_builtin(std::string_view name) {
  for (const auto& b : builtins()) {
    if (b.name == name) return &b;
  }
  return nullptr;
}

std::vector<std::string> builtin_names() {
  std::vector<std::string> names;
  for (const auto& b : builtins()) names.emplace_back(b.name);
  return names;
}

namespace {

std::string_view text(const Value& v, char* buffer, std::size_t size) { return text_of(v, buffer, size); }

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::size_t char_count(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return !is_continuation(c); }));
}

// Byte offset of character `index` in s (clamped to the end).
std::size_t byte_offset(std::string_view s, std::size_t index) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!is_continuation(s[i])) {
      if (chars == index) return i;
      ++chars;
    }
  }
  return s.size();
}

// A position or count from a double, clamped so that casting is defined.
std::int64_t to_index(double x) {
  constexpr double kLimit = 9007199254740992.0;  // 2^53
  if (std::isnan(x)) return 0;
  return static_cast<std::int64_t>(std::clamp(x, -kLimit, kLimit));
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

bool digits(std::string_view s, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

std::optional<double> parse_iso8601(std::string_view s) {
  int year, month, day;
  if (!digits(s, 0, 4, year) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, month) || s[7] != '-' ||
      !digits(s, 8, 2, day) || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
    return std::nullopt;
  }
  double seconds = static_cast<double>(days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day))) * 86400;
  if (s.size() == 10) return seconds;
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
  int hour, minute, second = 0;
  if (!digits(s, 11, 2, hour) || s.size() < 16 || s[13] != ':' || !digits(s, 14, 2, minute)) return std::nullopt;
  std::size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!digits(s, pos + 1, 2, second)) return std::nullopt;
    pos += 3;
  }
  double fraction = 0;
  if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
    double scale = 0.1;
    ++pos;
    if (pos >= s.size() || !std::isdigit(static_cast<unsigned char>(s[pos]))) return std::nullopt;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
      fraction += (s[pos++] - '0') * scale;
      scale /= 10;
    }
  }
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  seconds += hour * 3600 + minute * 60 + second + fraction;
  if (pos == s.size()) return seconds;
  if ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) return seconds;
  if (s[pos] == '+' || s[pos] == '-') {
    // +hh, +hhmm or +hh:mm
    int oh, om = 0;
    if (!digits(s, pos + 1, 2, oh)) return std::nullopt;
    std::size_t p = pos + 3;
    if (p < s.size()) {
      if (s[p] == ':') ++p;
      if (!digits(s, p, 2, om)) return std::nullopt;
      p += 2;
    }
    if (p != s.size() || oh > 23 || om > 59) return std::nullopt;
    double offset = oh * 3600 + om * 60;
    return s[pos] == '+' ? seconds - offset : seconds + offset;
  }
  return std::nullopt;
}

Value call_builtin(Builtin id, std::span<const Value> args, std::string& out) {
  char buffer[kNumberTextMost];
  auto arg_text = [&](std::size_t i) { return text(args[i], buffer, sizeof buffer); };
  auto string_result = [&]() { return Value::of(std::string_view(out)); };
  switch (id) {
    case Builtin::strlen:
      if (args[0].absent) return Value::null();  // (an error in Miller)
      [[fallthrough]];
    case Builtin::len:
      return args[0].is_null() ? Value::of(0.0) : Value::of(static_cast<double>(char_count(arg_text(0))));
    case Builtin::lower:
    case Builtin::upper: {
      if (args[0].is_null()) return Value::null();
      for (char c : arg_text(0)) {
        out += static_cast<char>(id == Builtin::lower ? std::tolower(static_cast<unsigned char>(c))
                                                      : std::toupper(static_cast<unsigned char>(c)));
      }
      return string_result();
    }
    case Builtin::trim: {
      if (args[0].is_null()) return Value::null();
      std::string_view s = arg_text(0);
      while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
      while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
      out.assign(s);
      return string_result();
    }
    case Builtin::contains:
    case Builtin::starts_with:
    case Builtin::ends_with: {
      if (args[0].is_null() || args[1].is_null()) return Value::of(false);
      char t_buffer[kNumberTextMost];
      std::string_view s = arg_text(0);
      std::string_view t = text(args[1], t_buffer, sizeof t_buffer);
      bool r = id == Builtin::contains ? s.find(t) != std::string_view::npos
               : id == Builtin::starts_with ? s.starts_with(t)
                                            : s.ends_with(t);
      return Value::of(r);
    }
    case Builtin::substr:
    case Builtin::substr0:
    case Builtin::substr1: {
      // characters from..to, both included, as Miller's substr0/substr1
      // (Miller's substr is substr0); a position past either end is clamped
      if (args[0].is_null()) return Value::null();
      auto start = args[1].as_number();
      if (!start) return Value::null();
      std::string_view s = arg_text(0);
      const auto n = static_cast<std::int64_t>(char_count(s));
      const std::int64_t base = id == Builtin::substr1 ? 1 : 0;
      auto position = [&](double x) {  // 0-based; negative counts from the end (-1: the last)
        std::int64_t i = to_index(x);
        return i < 0 ? n + i : i - base;
      };
      const std::int64_t from = std::max<std::int64_t>(0, position(*start));
      std::int64_t to = n - 1;
      if (args.size() > 2) {
        auto end = args[2].as_number();
        if (!end) return Value::null();
        to = std::min(n - 1, position(*end));
      }
      if (from > to) {
        out.clear();
        return string_result();
      }
      const std::size_t begin = byte_offset(s, static_cast<std::size_t>(from));
      const std::size_t end = byte_offset(s, static_cast<std::size_t>(to + 1));
      out.assign(s.substr(begin, end - begin));
      return string_result();
    }
    case Builtin::split: {
      if (args[0].is_null() || args[1].is_null()) return Value::null();
      auto index = args[2].as_number();
      if (!index || std::isnan(*index)) return Value::null();
      std::string_view s = arg_text(0);
      char sep_buffer[kNumberTextMost];
      std::string_view sep = text(args[1], sep_buffer, sizeof sep_buffer);
      if (sep.empty()) return Value::null();
      std::int64_t i = to_index(*index);
      if (i < 0) {
        // from the end: count the pieces first
        std::int64_t pieces = 1;
        for (std::size_t at = s.find(sep); at != std::string_view::npos; at = s.find(sep, at + sep.size())) {
          ++pieces;
        }
        i += pieces;
        if (i < 0) return Value::null();
      }
      std::size_t begin = 0;
      for (; i > 0; --i) {
        std::size_t at = s.find(sep, begin);
        if (at == std::string_view::npos) return Value::null();
        begin = at + sep.size();
      }
      std::size_t end = s.find(sep, begin);
      out.assign(s.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin));
      return string_result();
    }
    case Builtin::replace: {
      if (args[0].is_null()) return Value::null();
      std::string_view s = arg_text(0);
      char b1[kNumberTextMost], b2[kNumberTextMost];
      std::string_view from = text(args[1], b1, sizeof b1);
      std::string_view to = text(args[2], b2, sizeof b2);
      if (from.empty()) {
        out.assign(s);
        return string_result();
      }
      std::size_t pos = 0;
      for (std::size_t at; (at = s.find(from, pos)) != std::string_view::npos; pos = at + from.size()) {
        out.append(s.substr(pos, at - pos));
        out.append(to);
      }
      out.append(s.substr(pos));
      return string_result();
    }
    case Builtin::concat: {
      for (std::size_t i = 0; i < args.size(); ++i) out.append(arg_text(i));
      return string_result();
    }
    case Builtin::num: {
      auto n = args[0].as_number();
      if (n) return Value::of(*n);
      // asked for, inf, infinity and nan (any case, signed) are numbers too
      if (args[0].type != Type::string) return Value::null();
      std::string_view s = args[0].text;
      bool negative = !s.empty() && s.front() == '-';
      if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
      std::string word;
      for (char c : s) word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (word == "inf" || word == "infinity") return Value::of(negative ? -HUGE_VAL : HUGE_VAL);
      if (word == "nan") return Value::of(std::nan(""));
      return Value::null();
    }
    case Builtin::str: {
      if (args[0].is_null()) return Value::of(std::string_view());
      out.assign(arg_text(0));
      return string_result();
    }
    case Builtin::is_null: return Value::of(args[0].is_null());
    case Builtin::abs:
    case Builtin::floor:
    case Builtin::ceil: {
      auto x = args[0].as_number();
      if (!x) return Value::null();
      return Value::of(id == Builtin::abs ? std::fabs(*x) : id == Builtin::floor ? std::floor(*x) : std::ceil(*x));
    }
    case Builtin::round: {
      auto x = args[0].as_number();
      if (!x) return Value::null();
      if (args.size() == 1) return Value::of(std::round(*x));
      auto d = args[1].as_number();
      if (!d) return Value::null();
      double digits = std::trunc(*d);
      // a negative count rounds to tens, hundreds...: divide by an exact power
      double scale = std::pow(10.0, std::fabs(digits));
      double r = digits >= 0 ? std::round(*x * scale) / scale : std::round(*x / scale) * scale;
      // more digits than a double holds keep x; fewer than its magnitude give 0
      if (!std::isfinite(r)) r = digits >= 0 ? *x : 0.0;
      return Value::of(r);
    }
    case Builtin::min:
    case Builtin::max: {
      // Miller's order across types: numbers < booleans < text (null is skipped);
      // max takes the greatest, min the least
      const bool want_max = id == Builtin::max;
      auto rank = [](const Value& v, std::optional<double>& x) {
        if (v.type == Type::boolean) return 1;
        x = v.as_number();
        return x ? 0 : 2;
      };
      const Value* best = nullptr;
      int best_rank = 0;
      std::optional<double> best_x;
      for (const Value& v : args) {
        if (v.is_null()) continue;
        std::optional<double> x;
        const int r = rank(v, x);
        bool better = !best || (want_max ? r > best_rank : r < best_rank);
        if (best && r == best_rank) {
          if (r == 0) better = want_max ? *x > *best_x : *x < *best_x;
          else if (r == 1) better = want_max ? v.boolean > best->boolean : v.boolean < best->boolean;
          else {
            char a[kNumberTextMost], b[kNumberTextMost];
            const int c = text(v, a, sizeof a).compare(text(*best, b, sizeof b));
            better = want_max ? c > 0 : c < 0;
          }
        }
        if (better) {
          best = &v;
          best_rank = r;
          best_x = x;
        }
      }
      if (!best) return Value::null();
      if (best_rank == 0) return Value::of(*best_x);
      return *best;
    }
    case Builtin::epoch: {
      // seconds already, from JSON or from text ("1700000000"), pass through
      if (args[0].type == Type::number) return args[0];
      if (args[0].type != Type::string) return Value::null();
      if (auto t = parse_iso8601(args[0].text)) return Value::of(*t);
      auto n = args[0].as_number();
      return n ? Value::of(*n) : Value::null();
    }
    case Builtin::if_:
    case Builtin::case_:
    case Builtin::coalesce:
    case Builtin::sub:
    case Builtin::gsub:
      break;  // evaluated by the expression
    case Builtin::strptime: {
      if (args[0].is_null() || args[1].is_null()) return Value::null();
      char b1[kNumberTextMost];
      auto t = parse_time(arg_text(0), text(args[1], b1, sizeof b1));
      return t ? Value::of(*t) : Value::null();
    }
    case Builtin::sec2gmt: {
      auto t = args[0].type == Type::boolean ? std::nullopt : args[0].as_number();
      if (!t) return args[0];  // not a number: as it is, as in Miller
      double decimals = 0;
      if (args.size() > 1) {
        auto d = args[1].as_number();
        if (!d) return Value::null();
        decimals = *d;
      }
      if (!(decimals >= 0 && decimals <= 9) || !format_gmt(*t, static_cast<int>(decimals), out)) return Value::null();
      return string_result();
    }
    case Builtin::sec2gmtdate: {
      auto t = args[0].type == Type::boolean ? std::nullopt : args[0].as_number();
      if (!t) return args[0];  // not a number: as it is, as in Miller
      if (!format_gmt_date(*t, out)) return Value::null();
      return string_result();
    }
    case Builtin::sec2hms:
    case Builtin::fsec2hms:
    case Builtin::sec2dhms:
    case Builtin::fsec2dhms:
    case Builtin::hms2sec:
    case Builtin::hms2fsec:
    case Builtin::dhms2sec:
    case Builtin::dhms2fsec: return call_duration_function(id, args[0], out);
    case Builtin::toupper:
    case Builtin::tolower:
    case Builtin::capitalize:
    case Builtin::lstrip:
    case Builtin::rstrip:
    case Builtin::strip:
    case Builtin::clean_whitespace:
    case Builtin::collapse_whitespace:
    case Builtin::truncate:
    case Builtin::ssub:
    case Builtin::gssub: return call_text_function(id, args, out);
    case Builtin::regextract:
    case Builtin::regextract_or_else: break;  // evaluated by the expression
    case Builtin::pow:
    case Builtin::sqrt:
    case Builtin::cbrt:
    case Builtin::exp:
    case Builtin::expm1:
    case Builtin::log:
    case Builtin::log10:
    case Builtin::log1p:
    case Builtin::sgn:
    case Builtin::roundm:
    case Builtin::int_:
    case Builtin::float_:
    case Builtin::sin:
    case Builtin::cos:
    case Builtin::tan:
    case Builtin::asin:
    case Builtin::acos:
    case Builtin::atan:
    case Builtin::atan2:
    case Builtin::sinh:
    case Builtin::cosh:
    case Builtin::tanh:
    case Builtin::asinh:
    case Builtin::acosh:
    case Builtin::atanh:
    case Builtin::erf:
    case Builtin::erfc:
    case Builtin::qnorm:
    case Builtin::invqnorm:
    case Builtin::bitcount:
    case Builtin::madd:
    case Builtin::msub:
    case Builtin::mexp:
    case Builtin::mmul:
      return call_math_function(id, args);
    case Builtin::is_present:
    case Builtin::is_absent:
    case Builtin::is_empty:
    case Builtin::is_not_empty:
    case Builtin::is_not_null:
    case Builtin::is_string:
    case Builtin::is_numeric:
    case Builtin::is_int:
    case Builtin::is_float:
    case Builtin::is_nan:
    case Builtin::typeof_:
      return call_type_function(id, args[0]);
    case Builtin::splitax: {
      if (args[0].is_null()) return Value::null();
      char b1[kNumberTextMost];
      split_to_json_array(arg_text(0), text(args[1], b1, sizeof b1), out);
      Value v = string_result();
      v.kind = ValueKind::json;
      return v;
    }
    case Builtin::length: return Value::of(length_of(args[0]));
    case Builtin::format: {
      if (args[0].is_null()) return Value::null();
      format_braces(arg_text(0), args.subspan(1), out);
      return string_result();
    }
    case Builtin::fmtnum:
    case Builtin::fmtifnum: {
      auto x = args[0].type == Type::boolean ? std::nullopt : args[0].as_number();
      if (!x) return id == Builtin::fmtifnum ? args[0] : Value::null();
      char b1[kNumberTextMost];
      if (!format_number_printf(*x, text(args[1], b1, sizeof b1), out)) return Value::null();
      return string_result();
    }
    case Builtin::format_values: {
      if (args[0].is_null()) return Value::null();
      char b1[kNumberTextMost], b2[kNumberTextMost], b3[kNumberTextMost];
      std::string_view float_format = args.size() > 1 ? text(args[1], b1, sizeof b1) : "%f";
      std::string_view int_format = args.size() > 2 ? text(args[2], b2, sizeof b2) : "%d";
      std::string_view string_format = args.size() > 3 ? text(args[3], b3, sizeof b3) : "%s";
      if (!format_by_type(args[0], float_format, int_format, string_format, out)) return Value::null();
      return string_result();
    }
    case Builtin::hexfmt: {
      auto x = args[0].type == Type::number ? std::optional<double>(args[0].number) : args[0].as_number();
      if (!x || args[0].type == Type::boolean || *x != std::trunc(*x) || std::fabs(*x) >= 9.2e18) return args[0];
      format_hex(*x, out);
      return string_result();
    }
    case Builtin::md5:
    case Builtin::sha1:
    case Builtin::sha256:
    case Builtin::sha512: {
      if (args[0].is_null()) return Value::null();
      auto digest = id == Builtin::md5      ? md5_hex
                    : id == Builtin::sha1   ? sha1_hex
                    : id == Builtin::sha256 ? sha256_hex
                                            : sha512_hex;
      digest(arg_text(0), out);
      return string_result();
    }
    case Builtin::crc32:
      return args[0].is_null() ? Value::null() : Value::of(crc32_of(arg_text(0)));
    case Builtin::strftime: {
      auto t = args[0].as_number();
      // beyond ~300 million years gmtime has no answer (and the cast none either)
      if (!t || !(std::fabs(*t) < 1e16) || args[1].is_null()) return Value::null();
      std::time_t seconds = static_cast<std::time_t>(std::floor(*t));
      std::tm tm{};
      if (!gmtime_r(&seconds, &tm)) return Value::null();
      const std::string expanded = with_second_fractions(arg_text(1), *t);  // (Miller's %3S, %6s)
      std::string_view format = expanded;
      if (format.empty()) return string_result();
      // out holds the format (NUL-terminated for strftime), then the result;
      // strftime gives 0 when the result does not fit, so grow and retry
      out.assign(format);
      out.push_back('\0');
      const std::size_t result_at = out.size();
      for (std::size_t room = 64 + 4 * format.size(); room <= 64 * 1024; room *= 4) {
        out.resize(result_at + room);
        std::size_t n = std::strftime(out.data() + result_at, room, out.data(), &tm);
        if (n > 0) {
          out.erase(0, result_at);
          out.resize(n);
          return string_result();
        }
      }
      // a result of no characters (a format of only "%p" in some locales)
      out.clear();
      return string_result();
    }
  }
  return Value::null();
}

}  // namespace weir::expr
