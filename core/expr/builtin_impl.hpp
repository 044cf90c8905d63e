#pragma once
/// The larger built-in functions, one file per family (call_builtin in
/// builtins.cpp dispatches to them). Each builds a string result in `out`.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/expr/value.hpp"

namespace re2 {
class RE2;
}

namespace weir::expr {

enum class Builtin : std::uint8_t;

// ---- formatting (format_functions.cpp)

/// fmtnum: x formatted with one printf conversion (%d %i %u %x %X %o %b %e
/// %E %f %F %g %G %s, flags -+ #0, width, precision; l/ll/h ignored), text
/// around it kept and %% a percent sign. False for a format it cannot use.
bool format_number_printf(double x, std::string_view format, std::string& out);
/// The same for an integer, exactly (an integer conversion of 9007199254740993).
bool format_integer_printf(long long n, std::string_view format, std::string& out);
/// Whether `format` is one fmtnum can use; the reason when not.
std::optional<std::string> check_number_format(std::string_view format);
/// hexfmt: 0x and the hex digits of an integer (two's complement when negative).
void format_hex(double x, std::string& out);
/// format("{}:{}", a, b): each {} replaced by the next value's text.
void format_braces(std::string_view format, std::span<const Value> values, std::string& out);
/// format_values: text by the string format ("%s" the text, "%%" a percent
/// sign); false for another conversion.
bool format_text(std::string_view text, std::string_view string_format, std::string& out);
/// A %s conversion's flags, width and precision (Go's: %-8.3s, %08s).
struct TextConversion {
  bool left = false;   ///< '-': padded on the right
  bool zeros = false;  ///< '0': padded with zeros (on the left)
  int width = 0;
  std::optional<int> precision;  ///< at most this many characters of the value
};
/// The %[flags][width][.precision]s conversion at `at` ('%') of `format`:
/// where it ends, with `spec` filled in; nullopt when it is no such thing.
std::optional<std::size_t> text_conversion(std::string_view format, std::size_t at,
                                           TextConversion* spec = nullptr);
/// format_values: a number by the float or int format, text by the string format.
bool format_by_type(const Value& v, std::string_view float_format, std::string_view int_format,
                    std::string_view string_format, std::string& out);

// ---- time (time_functions.cpp)

/// strptime: seconds since 1970 for `text` read with strptime(3)-style
/// conversions; nullopt when the text does not match the whole format.
std::optional<double> parse_time(std::string_view text, std::string_view format);
/// sec2gmt, the function and the verb (Miller's): "2009-02-13T23:31:30Z", with
/// `decimals` (0-9) digits of the fraction cut from the double as it is
/// (22.4 with 1 decimal: 22.3, as 22.4 is 22.39999...). Appends to `out`;
/// false past ~300 million years or for decimals outside 0-9.
bool format_gmt(double seconds, int decimals, std::string& out);
/// sec2gmtdate: "2009-02-13", the date of the same whole seconds.
bool format_gmt_date(double seconds, std::string& out);
/// strftime's format with Miller's fractional seconds put in as text: %3S is
/// the seconds with 3 decimals (05.250), %1S to %9S; the decimals cut as
/// Miller cuts them.
std::string with_second_fractions(std::string_view format, double seconds);
/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);

// ---- durations (duration_functions.cpp)

/// Miller's sec2hms, fsec2hms, sec2dhms, fsec2dhms, hms2sec, hms2fsec,
/// dhms2sec and dhms2fsec of v: Miller's results, "(error)" where Miller
/// gives an error (a value of the wrong type, text that does not scan),
/// null for null.
Value call_duration_function(Builtin id, const Value& v, std::string& out);

// ---- text (text_functions.cpp)

/// sub/gsub: `text` with the first (or every) match of `regex` replaced by
/// `rewrite`, where \0 is the match and \1..\9 its groups (empty when absent).
void regex_replace(std::string_view text, const re2::RE2& regex, std::string_view rewrite, bool global,
                   std::string& out);
/// splitax: a JSON array of the pieces of text cut at sep (characters when sep is empty).
void split_to_json_array(std::string_view text, std::string_view sep, std::string& out);
/// s[m:n]: characters m to n, counted from 1, both included; negative from the end.
void slice_text(std::string_view text, double from, double to, std::string& out);
/// length: the elements of a JSON array or object; 0 for null; 1 otherwise.
double length_of(const Value& v);
/// Miller's toupper, tolower, capitalize, lstrip, rstrip, strip,
/// collapse_whitespace, clean_whitespace (a value that is not text is
/// returned as it is), truncate, ssub and gssub (also of a number's text).
Value call_text_function(Builtin id, std::span<const Value> args, std::string& out);

// ---- math (math_functions.cpp)

/// Miller's pow, sqrt, exp, log, sin, ..., roundm, int, float, sgn, bitcount,
/// madd, msub, mmul, mexp: null when an argument is not a number (a boolean
/// neither, but int(true) is 1).
Value call_math_function(Builtin id, std::span<const Value> args);

// ---- types (type_functions.cpp)

enum class MillerType : std::uint8_t { absent, empty, boolean, integer, real, string, map, array };
/// The type Miller gives v: a field's by Miller's reading of its text (0x1F
/// is an int, 1e5 a float, 007 and +3 are strings); a text made in the
/// expression is a string; a computed number is an int when it is whole.
MillerType miller_type(const Value& v);
/// typeof and is_present, is_absent, is_empty, ..., is_nan, as Miller types v.
Value call_type_function(Builtin id, const Value& v);

// ---- hashes (hash_functions.cpp)

void md5_hex(std::string_view text, std::string& out);
void sha1_hex(std::string_view text, std::string& out);
void sha256_hex(std::string_view text, std::string& out);
void sha512_hex(std::string_view text, std::string& out);
double crc32_of(std::string_view text);

}  // namespace weir::expr
