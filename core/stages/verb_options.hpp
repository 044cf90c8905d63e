#pragma once
/// A verb's options, read into a struct of the verb's own. Each option row
/// declares its kind once and names what it sets; the rows' setters fill the
/// struct in command-line order, after the row's kind checked the value
/// (check_option_value), and the verb's make() builds the stage from it:
///
///   struct HeadOptions {  // (in the verb file's anonymous namespace)
///     std::int64_t lines = 10;
///     std::optional<std::vector<std::string>> group_by;
///   };
///   with_options<HeadOptions>(
///       {.name = "head", ...},
///       {{{"-n", "--lines", "N", "how many records", OptionKind::count}, sets<&HeadOptions::lines>},
///        {{"-g", "--group-by", "FIELDS", "...", OptionKind::fields}, sets<&HeadOptions::group_by>}},
///       [](const HeadOptions& o, const StageSpec& spec) -> std::unique_ptr<Stage> { ... });
///
/// No option is looked up by name: a row without a setter cannot be read.

#include <fmt/format.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/errors/error.hpp"
#include "core/stages/stage.hpp"

namespace weir {

namespace option_setting {

template <class>
struct Member;
template <class T, class V>
struct Member<V T::*> {
  using Target = T;
  using Value = V;
};

template <class>
inline constexpr bool is_optional = false;
template <class V>
inline constexpr bool is_optional<std::optional<V>> = true;

// A checked value as a V (see sets).
template <class V>
V read_as(const std::string& text) {
  if constexpr (std::is_same_v<V, bool>) {
    return true;
  } else if constexpr (std::is_integral_v<V> && std::is_signed_v<V>) {
    return static_cast<V>(count_value(text));
  } else if constexpr (std::is_integral_v<V>) {
    return static_cast<V>(size_value(text));
  } else if constexpr (std::is_floating_point_v<V>) {
    return static_cast<V>(number_value(text));
  } else if constexpr (std::is_same_v<V, std::string>) {
    return text;
  } else if constexpr (std::is_same_v<V, std::vector<std::string>>) {
    return parse_field_list("", text);
  } else if constexpr (is_optional<V>) {
    return read_as<typename V::value_type>(text);
  } else {
    static_assert(!sizeof(V), "sets<>: no reading for this member's type; give the row a setter of its own");
  }
}

}  // namespace option_setting

/// The setter of a row that sets `member` (&HeadOptions::lines) by the
/// member's type: bool, a flag (true); a signed whole number, a count; an
/// unsigned one, a size (500M); double, a number; std::string, the value as
/// given; std::vector<std::string>, comma-separated names (no empty one);
/// std::optional of one of these. Given twice, the last value wins.
template <auto member>
void sets(typename option_setting::Member<decltype(member)>::Target& target, const std::string& text) {
  using Value = typename option_setting::Member<decltype(member)>::Value;
  target.*member = option_setting::read_as<Value>(text);
}

/// `info` with the option rows `rows` and a make() that fills an Options
/// from the spec's options by the rows' setters, then calls `make` with it
/// and the spec (for its arguments and context). A setter throws UsageError
/// without the verb's name ("empty field name in 'a,,b'"): the verb's name
/// is put before it. Every row needs a setter (a flag's sets a bool).
template <class Options>
StageInfo with_options(StageInfo info, std::vector<SettingRow<Options>> rows,
                       std::unique_ptr<Stage> (*make)(const Options&, const StageSpec&)) {
  info.options = option_infos(rows);
  info.make = [rows = std::move(rows), make, verb = info.name](const StageSpec& spec) {
    Options options;
    for (const auto& [name, value] : spec.options) {
      const SettingRow<Options>* row = nullptr;
      for (const SettingRow<Options>& candidate : rows) {
        if (candidate.info.long_name.substr(2) == name) row = &candidate;
      }
      if (!row || !row->set) {
        throw std::logic_error(fmt::format("weir bug: {} was given an option --{} no row of its sets", verb, name));
      }
      check_option_value(verb, row->info, value);
      try {
        row->set(options, value);
      } catch (const UsageError& e) {
        throw UsageError(fmt::format("{}: {}", verb, e.what()));
      }
    }
    return make(options, spec);
  };
  return info;
}

}  // namespace weir
