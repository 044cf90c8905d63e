#include "config/json_util.hpp"

#include <cmath>

#include <fmt/format.h>

#include "core/errors/error.hpp"

namespace weir::config {

namespace {

bool is_plain_key(std::string_view key) {
  if (key.empty()) return false;
  for (char c : key) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                 c == '-' || c == '$';
    if (!plain) return false;
  }
  return true;
}

constexpr std::size_t kMaxShown = 60;

}  // namespace

std::string member_path(const std::string& path, std::string_view key) {
  if (!is_plain_key(key)) return fmt::format("{}[{}]", path, Json(key).dump());
  return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

std::string index_path(const std::string& path, std::size_t i) {
  return fmt::format("{}[{}]", path, i);
}

std::string describe(const Json& value) {
  switch (value.type()) {
    case Json::value_t::object:
      return value.empty() ? "an empty object" : "an object";
    case Json::value_t::array:
      return value.empty() ? "an empty array" : "an array";
    case Json::value_t::string: {
      const auto& text = value.get_ref<const std::string&>();
      if (text.size() <= kMaxShown) return value.dump();
      std::size_t cut = kMaxShown;
      while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // whole characters
      std::string shown = Json(text.substr(0, cut)).dump();
      return shown.insert(shown.size() - 1, "...");
    }
    default:
      return value.dump();
  }
}

std::optional<std::int64_t> whole_number(const Json& value) {
  if (value.is_number_unsigned()) {
    auto n = value.get<std::uint64_t>();
    if (n > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<std::int64_t>(n);
  }
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_number_float()) {
    double d = value.get<double>();
    // within +-2^53, where every whole number is exact
    if (d >= -9007199254740992.0 && d <= 9007199254740992.0 && d == std::trunc(d)) {
      return static_cast<std::int64_t>(d);
    }
  }
  return std::nullopt;
}

std::string unknown_key_hint(std::string_view key, const std::vector<std::string>& allowed) {
  std::string hint = did_you_mean(key, allowed);
  if (!hint.empty()) return hint;
  return fmt::format(" (expected one of: {})", fmt::join(allowed, ", "));
}

}  // namespace weir::config
