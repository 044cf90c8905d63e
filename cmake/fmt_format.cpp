// fmt's compiled part, built here as fmt's own build builds it (its
// src/format.cc: format-inl.h and the explicit instantiations format.h
// declares extern). Debian ships fmt only as a shared library, and each
// shared library costs every weir start its loading (issue 14: start-up
// under 5 ms); header-only fmt would compile this into every file instead.
//
// Dragonbox with its full table of powers of ten (10 KiB) rather than a
// compressed one rebuilt by extra 128-bit multiplications at each call: a
// number's digits 20 -> 15 ns here, and step writes two numbers a record.
// (The macro is read only by format-inl.h, which no other file includes.)
#define FMT_USE_FULL_CACHE_DRAGONBOX 1
#include <fmt/format-inl.h>

FMT_BEGIN_NAMESPACE
namespace detail {

template FMT_API auto dragonbox::to_decimal(float x) noexcept -> dragonbox::decimal_fp<float>;
template FMT_API auto dragonbox::to_decimal(double x) noexcept -> dragonbox::decimal_fp<double>;

template FMT_API locale_ref::locale_ref(const std::locale& loc);
template FMT_API auto locale_ref::get<std::locale>() const -> std::locale;

template FMT_API auto thousands_sep_impl(locale_ref) -> thousands_sep_result<char>;
template FMT_API auto decimal_point_impl(locale_ref) -> char;
template FMT_API void buffer<char>::append(const char*, const char*);
template FMT_API void vformat_to(buffer<char>&, string_view, basic_format_args<FMT_BUFFER_CONTEXT(char)>,
                                 locale_ref);

template FMT_API auto thousands_sep_impl(locale_ref) -> thousands_sep_result<wchar_t>;
template FMT_API auto decimal_point_impl(locale_ref) -> wchar_t;
template FMT_API void buffer<wchar_t>::append(const wchar_t*, const wchar_t*);

}  // namespace detail
FMT_END_NAMESPACE
