// Miller's math functions: the C library's (as Go's math package), with
// Miller's integers kept where Miller keeps them (pow, roundm, int, sgn,
// bitcount and the modular madd, msub, mmul, mexp).

#include <bit>
#include <cmath>
#include <cstdint>

#include "core/expr/builtin_impl.hpp"
#include "core/expr/builtins.hpp"

namespace weir::expr {

namespace {

// An argument as a number: not a boolean (an error in Miller), nor text
// that is not a number, nor null.
std::optional<double> number_arg(const Value& v) {
  return v.type == Type::boolean ? std::nullopt : v.as_number();
}

// The integer v is when Miller holds it as an int (not 7.0, 1e3 or true).
std::optional<std::int64_t> integer_arg(const Value& v) {
  if (miller_type(v) != MillerType::integer) return std::nullopt;
  auto x = v.as_number();  // (none for 0x1F, which weir does not read as a number)
  if (!x) return std::nullopt;
  const ExactNumber e = v.exact(*x);
  return e.is_int ? std::optional<std::int64_t>(e.i) : std::nullopt;
}

// As Go's int64(x) on amd64, which Miller's int() and integer roundm use: the
// fraction cut; out of range (and NaN) gives the least int64.
Value go_integer(double x) {
  constexpr double kLimit = 9223372036854775808.0;  // 2^63
  if (!(x >= -kLimit && x < kLimit)) return Value::of_integer(INT64_MIN);
  return Value::of_integer(static_cast<std::int64_t>(x));
}

constexpr double kSqrt2 = 1.41421356237309504880168872420969808;
constexpr double kSqrtPi = 1.77245385090551602729816748334114518;

double qnorm(double x) { return 0.5 * std::erfc(-x / kSqrt2); }

// Miller's invqnorm: from p - 0.5, follows the tangent of qnorm until
// qnorm(y) is within 1e-9 of p (Miller's tolerance, so its digits).
double invqnorm(double p) {
  if (p <= 0 || p >= 1) return 0;
  double y = p - 0.5;
  for (int i = 0; i <= 30; ++i) {
    const double back = qnorm(y);
    if (std::fabs(p - back) < 1e-9) break;
    y += kSqrt2 * kSqrtPi * std::exp(y * y / 2) * (p - back);
  }
  return y;
}

// The cube root, exact for a whole cube (glibc's cbrt(27) is
// 3.0000000000000004; Go's, Miller's, is 3).
double cube_root(double x) {
  const double root = std::cbrt(x);
  const double whole = std::round(root);
  return whole * whole * whole == x ? whole : root;
}

double unary(Builtin id, double x) {
  switch (id) {
    case Builtin::sqrt: return std::sqrt(x);
    case Builtin::cbrt: return cube_root(x);
    case Builtin::exp: return std::exp(x);
    case Builtin::expm1: return std::expm1(x);
    case Builtin::log: return std::log(x);
    case Builtin::log10: return std::log10(x);
    case Builtin::log1p: return std::log1p(x);
    case Builtin::sin: return std::sin(x);
    case Builtin::cos: return std::cos(x);
    case Builtin::tan: return std::tan(x);
    case Builtin::asin: return std::asin(x);
    case Builtin::acos: return std::acos(x);
    case Builtin::atan: return std::atan(x);
    case Builtin::sinh: return std::sinh(x);
    case Builtin::cosh: return std::cosh(x);
    case Builtin::tanh: return std::tanh(x);
    case Builtin::asinh: return std::asinh(x);
    case Builtin::acosh: return std::acosh(x);
    case Builtin::atanh: return std::atanh(x);
    case Builtin::erf: return std::erf(x);
    case Builtin::erfc: return std::erfc(x);
    case Builtin::qnorm: return qnorm(x);
    case Builtin::invqnorm: return invqnorm(x);
    default: return x > 0 ? 1 : x < 0 ? -1 : x == 0 ? 0 : x;  // sgn (NaN stays NaN)
  }
}

// a mod m as Miller's (in 0..m-1 for m > 0), of a made with Go's wrapping
// int64 arithmetic; m is not 0
std::int64_t modulo(std::uint64_t a, std::int64_t m) {
  if (m == -1) return 0;  // (Go's INT64_MIN % -1 is 0; C++'s overflows)
  const std::int64_t r = static_cast<std::int64_t>(a) % m;
  return r < 0 ? r + m : r;
}

Value modular(Builtin id, std::int64_t a, std::int64_t b, std::int64_t m) {
  if (m == 0) return Value::null();  // (Miller stops with a Go panic)
  const auto ua = static_cast<std::uint64_t>(a), ub = static_cast<std::uint64_t>(b);
  switch (id) {
    case Builtin::madd: return Value::of_integer(modulo(ua + ub, m));
    case Builtin::msub: return Value::of_integer(modulo(ua - ub, m));
    case Builtin::mmul: return Value::of_integer(modulo(ua * ub, m));
    default: {  // mexp: by repeated squaring, as Miller
      if (b < 0) return Value::null();
      if (b == 0) return Value::of_integer(1);
      if (b == 1) return Value::of_integer(a);
      std::int64_t power = a, c = 1;
      for (auto e = static_cast<std::uint64_t>(b); e != 0; e >>= 1) {
        if (e & 1) c = modulo(static_cast<std::uint64_t>(c) * static_cast<std::uint64_t>(power), m);
        power = modulo(static_cast<std::uint64_t>(power) * static_cast<std::uint64_t>(power), m);
      }
      return Value::of_integer(c);
    }
  }
}

}  // namespace

Value call_math_function(Builtin id, std::span<const Value> args) {
  // int(true) is 1 in Miller; every other function takes numbers only
  auto x = id == Builtin::int_ ? args[0].as_number() : number_arg(args[0]);
  if (!x) return Value::null();
  switch (id) {
    // a value of the type asked for is kept as it is written (0x1F, 1e5)
    case Builtin::int_:
      return miller_type(args[0]) == MillerType::integer ? args[0] : go_integer(std::trunc(*x));
    case Builtin::float_: return miller_type(args[0]) == MillerType::real ? args[0] : Value::of(*x);
    case Builtin::sgn:
      if (auto i = integer_arg(args[0])) return Value::of_integer(*i > 0 ? 1 : *i < 0 ? -1 : 0);
      return Value::of(unary(id, *x));
    case Builtin::bitcount: {
      auto i = integer_arg(args[0]);
      return i ? Value::of_integer(std::popcount(static_cast<std::uint64_t>(*i))) : Value::null();
    }
    case Builtin::pow:
    case Builtin::roundm:
    case Builtin::atan2: {
      auto y = number_arg(args[1]);
      if (!y) return Value::null();
      if (id == Builtin::atan2) return Value::of(std::atan2(*x, *y));
      const bool integers = integer_arg(args[0]) && integer_arg(args[1]);
      if (id == Builtin::roundm) {
        const double r = std::round(*x / *y) * *y;
        return integers ? go_integer(r) : Value::of(r);
      }
      // an integer to an integer power is an integer when the double is one
      // that fits 64 bits, as Miller's
      const double r = std::pow(*x, *y);
      if (integers && r == std::trunc(r) && r >= -9223372036854775808.0 && r < 9223372036854775808.0) {
        return Value::of_integer(static_cast<std::int64_t>(r));
      }
      return Value::of(r);
    }
    case Builtin::madd:
    case Builtin::msub:
    case Builtin::mmul:
    case Builtin::mexp: {
      auto a = integer_arg(args[0]), b = integer_arg(args[1]), m = integer_arg(args[2]);
      return a && b && m ? modular(id, *a, *b, *m) : Value::null();
    }
    default: return Value::of(unary(id, *x));
  }
}

}  // namespace weir::expr
