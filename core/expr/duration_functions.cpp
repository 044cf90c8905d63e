// Miller's durations: sec2hms, fsec2hms, sec2dhms, fsec2dhms and back,
// hms2sec, hms2fsec, dhms2sec, dhms2fsec, as Miller's relative_time.go has
// them, down to what they make of odd input: the int64 arithmetic wraps,
// Go's int64(x) of a float past int64 is the least int64 (amd64), the text
// is read with Go's Sscanf (go_scan.hpp), and what Miller calls an error is
// written "(error)", as Miller writes it. Null in (an empty or missing
// field) is null out, as weir's other functions give it.

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>

#include <fmt/format.h>

#include "core/expr/builtin_impl.hpp"
#include "core/expr/builtins.hpp"
#include "core/expr/go_scan.hpp"
#include "core/record/exact_number.hpp"

namespace weir::expr {

namespace {

// Go's int64 arithmetic: two's complement, wrapping (no overflow UB).
std::int64_t wrap(std::uint64_t x) { return static_cast<std::int64_t>(x); }
std::int64_t add(std::int64_t a, std::int64_t b) { return wrap(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b)); }
std::int64_t mul(std::int64_t a, std::int64_t b) { return wrap(static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(b)); }
std::int64_t neg(std::int64_t a) { return wrap(0 - static_cast<std::uint64_t>(a)); }

// Go's int64(x) on amd64: the fraction cut; NaN or out of range is the least int64.
std::int64_t go_int64(double x) {
  constexpr double kLimit = 9223372036854775808.0;  // 2^63
  return x >= -kLimit && x < kLimit ? static_cast<std::int64_t>(x) : std::numeric_limits<std::int64_t>::min();
}

// Miller holds a JSON string as text, whatever it spells ("5000").
bool json_string(const Value& v) { return v.type == Type::string && v.field && v.kind == ValueKind::string; }

// Miller's GetIntValue: v when Miller holds it as an int: a field's text as
// Miller reads it (decimal, 0x/0b/0o, the hex of 16 digits from 8 on being
// negative), or a whole number the expression made within int64.
std::optional<std::int64_t> miller_int(const Value& v) {
  if (json_string(v) || miller_type(v) != MillerType::integer) return std::nullopt;
  if (v.wide) return v.integer;
  if (v.field) {
    const std::string_view text = v.field->value;
    if (std::optional<std::int64_t> n = prefixed_integer(text)) return n;
    return decimal_integer(text);  // (past int64: text in Miller 6.6, so no int)
  }
  constexpr double kLimit = 9223372036854775808.0;
  if (!(v.number >= -kLimit && v.number < kLimit)) return std::nullopt;
  return static_cast<std::int64_t>(v.number);
}

// Miller's GetNumericToFloatValue: an int or a float as a double.
std::optional<double> miller_float(const Value& v) {
  if (json_string(v)) return std::nullopt;
  switch (miller_type(v)) {
    case MillerType::integer: {
      if (!v.field && !v.wide) return v.number;  // (a whole number made in the expression: 1e19 too)
      if (std::optional<std::int64_t> n = miller_int(v)) return static_cast<double>(*n);
      return std::nullopt;
    }
    case MillerType::real: {
      if (v.field) {
        // a decimal integer past int64, which weir reads as a float, is text in Miller 6.6
        std::string_view text = v.field->value;
        if (text.starts_with('-')) text.remove_prefix(1);
        if (text.find_first_not_of("0123456789") == std::string_view::npos) return std::nullopt;
      }
      return v.as_number();
    }
    default: return std::nullopt;
  }
}

// The text Miller's hms2sec family reads: a string, not a number (a field
// that reads as one, such as 5000, is one in Miller).
std::optional<std::string_view> miller_string(const Value& v) {
  if (v.type != Type::string || (!json_string(v) && miller_type(v) != MillerType::string)) return std::nullopt;
  return v.text;
}

// Miller's splitIntToDHMS: days, hours, minutes, seconds of u, the sign put
// on the largest part that is not 0 (-5000 is -1h 23m 20s).
struct Dhms {
  std::int64_t d = 0, h = 0, m = 0, s = 0;
};
Dhms split_dhms(std::int64_t u) {
  Dhms out;
  std::int64_t sign = 1;
  if (u < 0) {
    u = neg(u);  // (the least int64 stays negative, as in Go)
    sign = -1;
  }
  out.s = u % 60;
  u /= 60;
  if (u == 0) {
    out.s *= sign;
    return out;
  }
  out.m = u % 60;
  u /= 60;
  if (u == 0) {
    out.m *= sign;
    return out;
  }
  out.h = u % 24;
  u /= 24;
  if (u == 0) out.h *= sign;
  else out.d = mul(u, sign);
  return out;
}

// Go's %.6f, or %09.6f with `padded`: infinity as +Inf, NaN as NaN, padded
// with spaces (never zeros), as Go's fmt writes them.
void go_fixed6(double x, bool padded, std::string& out) {
  if (!std::isfinite(x)) {
    const std::string_view word = std::isnan(x) ? "NaN" : x > 0 ? "+Inf" : "-Inf";
    if (padded && word.size() < 9) out.append(9 - word.size(), ' ');
    out += word;
    return;
  }
  // snprintf rounds an exact tie to even, as Go does (%.6f of 0.0078125: 0.007812)
  char buffer[400];  // (the largest double has 309 digits)
  const int n = padded ? std::snprintf(buffer, sizeof buffer, "%09.6f", x) : std::snprintf(buffer, sizeof buffer, "%.6f", x);
  out.append(buffer, static_cast<std::size_t>(n));
}

void sec2hms(std::int64_t seconds, std::string& out) {
  const bool negative = seconds < 0;
  const Dhms t = split_dhms(negative ? neg(seconds) : seconds);
  fmt::format_to(std::back_inserter(out), "{}{:02}:{:02}:{:02}", negative ? "-" : "", add(t.h, mul(t.d, 24)), t.m, t.s);
}

void sec2dhms(std::int64_t seconds, std::string& out) {
  const Dhms t = split_dhms(seconds);
  auto to = std::back_inserter(out);
  if (t.d != 0) fmt::format_to(to, "{}d{:02}h{:02}m{:02}s", t.d, t.h, t.m, t.s);
  else if (t.h != 0) fmt::format_to(to, "{}h{:02}m{:02}s", t.h, t.m, t.s);
  else if (t.m != 0) fmt::format_to(to, "{}m{:02}s", t.m, t.s);
  else fmt::format_to(to, "{}s", t.s);
}

void fsec2hms(double seconds, std::string& out) {
  const bool negative = seconds < 0;
  if (negative) seconds = -seconds;
  const std::int64_t whole = go_int64(std::trunc(seconds));
  const double fraction = seconds - static_cast<double>(whole);
  const Dhms t = split_dhms(whole);
  fmt::format_to(std::back_inserter(out), "{}{:02}:{:02}:", negative ? "-" : "", add(t.h, mul(t.d, 24)), t.m);
  if (t.s < 10) out += '0';  // (Go has no "%02.6f": Miller pads by hand, so 9.9999999 is 010.000000)
  go_fixed6(static_cast<double>(t.s) + fraction, false, out);
}

void fsec2dhms(double seconds, std::string& out) {
  const std::int64_t sign = seconds < 0 ? -1 : 1;
  if (seconds < 0) seconds = -seconds;
  const std::int64_t whole = go_int64(std::trunc(seconds));
  double fraction = seconds - static_cast<double>(whole);
  Dhms t = split_dhms(whole);
  auto to = std::back_inserter(out);
  if (t.d != 0) {
    fmt::format_to(to, "{}d{:02}h{:02}m", mul(sign, t.d), t.h, t.m);
  } else if (t.h != 0) {
    fmt::format_to(to, "{}h{:02}m", mul(sign, t.h), t.m);
  } else if (t.m != 0) {
    fmt::format_to(to, "{}m", mul(sign, t.m));
  } else {
    fraction *= static_cast<double>(sign);
    go_fixed6(static_cast<double>(mul(sign, t.s)) + fraction, false, out);
    out += 's';
    return;
  }
  go_fixed6(static_cast<double>(t.s) + fraction, true, out);
  out += 's';
}

// hms2sec and hms2fsec: "[-]H:M:S" read as Sscanf(text, "%d:%d:%d") (or
// with %f for the seconds) reads it; text after it is not read.
std::optional<std::int64_t> hms2sec(std::string_view text) {
  if (text.empty()) return std::nullopt;
  const bool negative = text.starts_with('-');
  GoScanner scan(text);
  std::int64_t h = 0, m = 0, s = 0;
  if ((negative && !scan.literal('-')) || !scan.integer(h) || !scan.literal(':') || !scan.integer(m) ||
      !scan.literal(':') || !scan.integer(s)) {
    return std::nullopt;
  }
  const std::int64_t total = add(s, add(mul(m, 60), mul(h, 3600)));
  return negative ? neg(total) : total;
}

std::optional<double> hms2fsec(std::string_view text) {
  const bool negative = text.starts_with('-');
  GoScanner scan(text);
  std::int64_t h = 0, m = 0;
  double s = 0;
  if ((negative && !scan.literal('-')) || !scan.integer(h) || !scan.literal(':') || !scan.integer(m) ||
      !scan.literal(':') || !scan.real(s)) {
    return std::nullopt;
  }
  const double total = s + static_cast<double>(add(mul(m, 60), mul(h, 3600)));
  return negative ? -total : total;
}

// dhms2sec and dhms2fsec: "[-]1d2h3m4s", each part read as
// Sscanf(rest, "%d%s") reads it: a number, then the next word, whose first
// character is the unit and whose rest is read next (so what follows a
// space is dropped: "1d 2h" is 1d).
std::int64_t unit_seconds(char unit) {
  return unit == 'd' ? 86400 : unit == 'h' ? 3600 : unit == 'm' ? 60 : unit == 's' ? 1 : 0;
}

std::optional<std::int64_t> dhms2sec(std::string_view text) {
  if (text.empty()) return std::nullopt;
  const bool negative = text.starts_with('-');
  std::string rest(negative ? text.substr(1) : text), word;
  std::int64_t seconds = 0;
  while (!rest.empty()) {
    GoScanner scan(rest);
    std::int64_t n = 0;
    if (!scan.integer(n) || !scan.word(word)) return std::nullopt;
    const std::int64_t unit = unit_seconds(word[0]);
    if (unit == 0) return std::nullopt;
    seconds = add(seconds, mul(n, unit));
    rest = word.substr(1);
  }
  return negative ? neg(seconds) : seconds;
}

std::optional<double> dhms2fsec(std::string_view text) {
  if (text.empty()) return std::nullopt;
  const bool negative = text.starts_with('-');
  std::string rest(negative ? text.substr(1) : text), word;
  double seconds = 0;
  while (!rest.empty()) {
    GoScanner scan(rest);
    double x = 0;
    if (!scan.real(x) || !scan.word(word)) return std::nullopt;
    const std::int64_t unit = unit_seconds(word[0]);
    if (unit == 0) return std::nullopt;
    seconds += x * static_cast<double>(unit);
    rest = word.substr(1);
  }
  return negative ? -seconds : seconds;
}

}  // namespace

Value call_duration_function(Builtin id, const Value& v, std::string& out) {
  static constexpr std::string_view kError = "(error)";
  if (v.is_null()) return Value::null();
  auto text_result = [&] { return Value::of(std::string_view(out)); };
  switch (id) {
    case Builtin::sec2hms:
    case Builtin::sec2dhms: {
      const std::optional<std::int64_t> n = miller_int(v);
      if (!n) return Value::of(kError);
      if (id == Builtin::sec2hms) sec2hms(*n, out);
      else sec2dhms(*n, out);
      return text_result();
    }
    case Builtin::fsec2hms:
    case Builtin::fsec2dhms: {
      const std::optional<double> x = miller_float(v);
      if (!x) return Value::of(kError);
      if (id == Builtin::fsec2hms) fsec2hms(*x, out);
      else fsec2dhms(*x, out);
      return text_result();
    }
    case Builtin::hms2sec:
    case Builtin::dhms2sec: {
      const std::optional<std::string_view> text = miller_string(v);
      const std::optional<std::int64_t> n = !text ? std::nullopt : id == Builtin::hms2sec ? hms2sec(*text) : dhms2sec(*text);
      return n ? Value::of_integer(*n) : Value::of(kError);
    }
    case Builtin::hms2fsec:
    case Builtin::dhms2fsec: {
      const std::optional<std::string_view> text = miller_string(v);
      const std::optional<double> x = !text ? std::nullopt : id == Builtin::hms2fsec ? hms2fsec(*text) : dhms2fsec(*text);
      return x ? Value::of(*x) : Value::of(kError);
    }
    default: return Value::null();
  }
}

}  // namespace weir::expr
