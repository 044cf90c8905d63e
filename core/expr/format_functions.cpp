// fmtnum, hexfmt, format and format_values, as Miller has them.

#include <algorithm>
#include <charconv>
#include <cstring>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include <fmt/format.h>

#include "core/expr/builtin_impl.hpp"
#include "core/record/number_text.hpp"
#include "core/expr/expression.hpp"

namespace weir::expr {

namespace {

// One printf conversion, taken apart.
struct Conversion {
  std::string prefix;   // the text before it (%% already a percent sign)
  std::string suffix;   // the text after it
  std::string flags;    // of "-+ #0"
  int width = -1;
  int precision = -1;
  char type = 0;        // d i u x X o b e E f F g G s
};

constexpr int kMaxWidth = 999;  // a width or precision past this is a mistake, not a need

// Appends the text of format[i...] up to the next lone '%' (%% is a '%').
std::size_t literal_text(std::string_view format, std::size_t i, std::string& out) {
  while (i < format.size()) {
    if (format[i] == '%') {
      if (i + 1 < format.size() && format[i + 1] == '%') {
        out += '%';
        i += 2;
        continue;
      }
      return i;
    }
    out += format[i++];
  }
  return i;
}

std::optional<Conversion> parse_conversion(std::string_view format, std::string* why) {
  auto fail = [&](std::string reason) -> std::optional<Conversion> {
    if (why) *why = std::move(reason);
    return std::nullopt;
  };
  Conversion c;
  std::size_t i = literal_text(format, 0, c.prefix);
  if (i == format.size()) return fail("it has no % conversion (such as %d or %.2f)");
  ++i;
  while (i < format.size() && std::string_view("-+ #0'").find(format[i]) != std::string_view::npos) {
    if (format[i] != '\'') c.flags += format[i];  // ' (thousands) does nothing in the C locale
    ++i;
  }
  auto number = [&](int& out) {
    if (i >= format.size() || format[i] < '0' || format[i] > '9') return;
    out = 0;
    while (i < format.size() && format[i] >= '0' && format[i] <= '9') {
      out = std::min(out * 10 + (format[i++] - '0'), kMaxWidth + 1);
    }
  };
  number(c.width);
  if (i < format.size() && format[i] == '.') {
    ++i;
    c.precision = 0;
    number(c.precision);
  }
  if (c.width > kMaxWidth || c.precision > kMaxWidth) return fail("a width or precision past 999");
  while (i < format.size() && std::string_view("hlLqjzt").find(format[i]) != std::string_view::npos) ++i;
  if (i == format.size()) return fail("the conversion has no letter (such as d, x, f or s)");
  c.type = format[i++];
  if (std::string_view("diuxXobeEfFgGs").find(c.type) == std::string_view::npos) {
    return fail(fmt::format("%{} is not a conversion it knows (d i u x X o b e E f F g G s)", c.type));
  }
  i = literal_text(format, i, c.suffix);
  if (i != format.size()) return fail("it has more than one % conversion (write %% for a percent sign)");
  return c;
}

// The conversion as printf spells it: %-08.3f.
std::string printf_spec(const Conversion& c) {
  std::string spec = fmt::format("%{}", c.flags);
  if (c.width >= 0) spec += fmt::format("{}", c.width);
  if (c.precision >= 0) spec += fmt::format(".{}", c.precision);
  spec += c.type;
  return spec;
}

template <typename T>
std::string printf_one(const std::string& spec, T value) {
  int size = std::snprintf(nullptr, 0, spec.c_str(), value);
  if (size <= 0) return {};
  std::string formatted(static_cast<std::size_t>(size) + 1, '\0');
  std::snprintf(formatted.data(), formatted.size(), spec.c_str(), value);
  formatted.resize(static_cast<std::size_t>(size));
  return formatted;
}

bool is_integer_type(char type) { return std::string_view("diuxXob").find(type) != std::string_view::npos; }

}  // namespace

std::optional<std::string> check_number_format(std::string_view format) {
  std::string why;
  if (parse_conversion(format, &why)) return std::nullopt;
  return why;
}

namespace {

// An integer conversion (%d, %x, %o, %b, with flags) of n, exactly.
bool put_integer(long long n, const Conversion& c, std::string& out) {
  const bool left = c.flags.find('-') != std::string::npos;
  std::string spec = "{:";
  if (left) spec += '<';
  if (c.flags.find('+') != std::string::npos) spec += '+';
  else if (c.flags.find(' ') != std::string::npos) spec += ' ';
  if (c.flags.find('#') != std::string::npos) spec += '#';
  if (!left && c.flags.find('0') != std::string::npos) spec += '0';
  if (c.width >= 0) spec += std::to_string(c.width);
  char type = c.type == 'i' || c.type == 'u' ? 'd' : c.type;
  // %.3d: at least three digits, as printf pads them
  try {
    if (c.precision > 0 && type == 'd') {
      auto magnitude = n < 0 ? 0 - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n);
      std::string text = fmt::format("{}{:0{}d}", n < 0 ? "-" : "", magnitude, c.precision);
      spec += '}';
      out += fmt::format(fmt::runtime(spec), text);
    } else {
      spec += type;
      spec += '}';
      out += fmt::format(fmt::runtime(spec), n);
    }
  } catch (const fmt::format_error&) {
    return false;  // a flag fmt takes only for numbers (%+.3d): no answer
  }
  return true;
}

// %g without a precision as Miller (Go) writes it: the fewest digits that
// read back as x (C's %g rounds to 6), as %e when the exponent is below -4
// or 6 or more, else as %f: 3.14159265358979, 1.234567895e+08, 1e-05.
std::string go_shortest_g(double x, bool upper, const std::string& flags) {
  char buffer[32];
  std::string text(shortest_g_text(x, 6, buffer));
  if (upper) {
    if (const std::size_t e = text.find('e'); e != std::string::npos) text[e] = 'E';
  }
  if (!std::signbit(x)) {
    if (flags.find('+') != std::string::npos) text.insert(0, 1, '+');
    else if (flags.find(' ') != std::string::npos) text.insert(0, 1, ' ');
  }
  return text;
}

}  // namespace

bool format_number_printf(double x, std::string_view format, std::string& out) {
  auto c = parse_conversion(format, nullptr);
  if (!c || std::isnan(x)) return false;
  out += c->prefix;
  if (is_integer_type(c->type)) {
    // a float is cut toward zero (3.7 -> 3), as in Miller; fmt writes a
    // negative hex or octal number with its sign (-0000005), as Miller does
    constexpr double kLimit = 9.2e18;
    if (!std::isfinite(x)) return false;
    if (!put_integer(static_cast<long long>(std::trunc(std::clamp(x, -kLimit, kLimit))), *c, out)) return false;
  } else if (c->type == 's') {
    char buffer[kNumberTextMost];
    std::string value(format_number(x, buffer, sizeof buffer));
    out += printf_one(printf_spec(*c), value.c_str());
  } else if ((c->type == 'g' || c->type == 'G') && c->precision < 0 && std::isfinite(x) &&
             c->flags.find_first_of("0#") == std::string::npos) {
    out += printf_one(printf_spec(Conversion{{}, {}, c->flags.find('-') != std::string::npos ? "-" : "", c->width, -1, 's'}),
                      go_shortest_g(x, c->type == 'G', c->flags).c_str());
  } else {
    out += printf_one(printf_spec(*c), x);
  }
  out += c->suffix;
  return true;
}

bool format_integer_printf(long long n, std::string_view format, std::string& out) {
  auto c = parse_conversion(format, nullptr);
  if (!c || !is_integer_type(c->type)) return format_number_printf(static_cast<double>(n), format, out);
  out += c->prefix;
  if (!put_integer(n, *c, out)) return false;
  out += c->suffix;
  return true;
}

void format_hex(double x, std::string& out) {
  auto n = static_cast<std::int64_t>(x);
  out += fmt::format("0x{:x}", static_cast<std::uint64_t>(n));
}

void format_braces(std::string_view format, std::span<const Value> values, std::string& out) {
  std::size_t next = 0;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '{' && i + 1 < format.size() && format[i + 1] == '}') {
      if (next < values.size()) {
        char buffer[kNumberTextMost];
        out += text_of(values[next], buffer, sizeof buffer);
      }
      ++next;
      ++i;
      continue;
    }
    out += format[i];
  }
}

bool format_by_type(const Value& v, std::string_view float_format, std::string_view int_format,
                    std::string_view string_format, std::string& out) {
  char buffer[kNumberTextMost];
  std::string_view text = text_of(v, buffer, sizeof buffer);
  auto x = v.type == Type::boolean ? std::nullopt : v.as_number();
  if (x) {
    // an integer is written as one: no '.', no exponent; formatted from its
    // digits (9007199254740993 is no double); past 64 bits it is text, as
    // in Miller 6
    const bool integer = text.find_first_of(".eE") == std::string_view::npos;
    if (integer) {
      long long n = 0;
      const std::string_view digits = text.starts_with('+') ? text.substr(1) : text;
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
      if (ec == std::errc() && end == digits.data() + digits.size()) return format_integer_printf(n, int_format, out);
      if (ec == std::errc::result_out_of_range) return format_text(text, string_format, out);
    }
    return format_number_printf(*x, integer ? int_format : float_format, out);
  }
  return format_text(text, string_format, out);
}

std::optional<std::size_t> text_conversion(std::string_view format, std::size_t at, TextConversion* spec) {
  TextConversion c;
  std::size_t i = at + 1;
  for (; i < format.size() && std::strchr("-0+ #", format[i]); ++i) {
    if (format[i] == '-') c.left = true;
    if (format[i] == '0') c.zeros = true;
  }
  auto digit = [&] { return i < format.size() && format[i] >= '0' && format[i] <= '9'; };
  for (; digit(); ++i) c.width = c.width * 10 + (format[i] - '0');
  if (i < format.size() && format[i] == '.') {
    c.precision = 0;
    for (++i; digit(); ++i) *c.precision = *c.precision * 10 + (format[i] - '0');
  }
  if (i >= format.size() || format[i] != 's' || c.width > 1000 || c.precision.value_or(0) > 1000000) {
    return std::nullopt;
  }
  if (spec) *spec = c;
  return i + 1;
}

bool format_text(std::string_view text, std::string_view string_format, std::string& out) {
  // every %s of the string format is the value, with Go's flags, width and
  // precision in characters (%-8.3s); %% is a percent sign
  auto characters = [](std::string_view t) {
    auto starts_one = [](char c) { return (c & 0xC0) != 0x80; };
    return static_cast<std::size_t>(std::count_if(t.begin(), t.end(), starts_one));
  };
  for (std::size_t i = 0; i < string_format.size(); ++i) {
    if (string_format[i] != '%') {
      out += string_format[i];
      continue;
    }
    if (i + 1 < string_format.size() && string_format[i + 1] == '%') {
      out += '%';
      ++i;
      continue;
    }
    TextConversion c;
    std::optional<std::size_t> end = text_conversion(string_format, i, &c);
    if (!end) return false;
    std::string_view value = text;
    if (c.precision) {
      // the first `precision` characters (a character is a UTF-8 sequence)
      std::size_t kept = 0, n = 0;
      while (kept < value.size() && n < static_cast<std::size_t>(*c.precision)) {
        ++kept;
        while (kept < value.size() && (value[kept] & 0xC0) == 0x80) ++kept;
        ++n;
      }
      value = value.substr(0, kept);
    }
    const std::size_t length = characters(value);
    const auto width = static_cast<std::size_t>(c.width);
    const std::size_t pad = width > length ? width - length : 0;
    if (!c.left) out.append(pad, c.zeros ? '0' : ' ');
    out += value;
    if (c.left) out.append(pad, ' ');
    i = *end - 1;
  }
  return true;
}

}  // namespace weir::expr
