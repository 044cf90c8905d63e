#include "config/hook_ref.hpp"

#include <filesystem>

namespace weir::config {

namespace {

bool is_identifier(std::string_view name) {
  if (name.empty()) return false;
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!letter(name[0])) return false;
  for (char c : name) {
    if (!letter(c) && !(c >= '0' && c <= '9')) return false;
  }
  return true;
}

}  // namespace

std::optional<HookRef> parse_hook_ref(std::string_view text) {
  // the last colon: a function name has none, a path might
  std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view file = text.substr(0, colon);
  std::string_view function = text.substr(colon + 1);
  if (file.size() <= 3 || !file.ends_with(".py") || file.ends_with("/.py")) return std::nullopt;
  if (!is_identifier(function)) return std::nullopt;
  return HookRef{std::string(text), std::string(file), std::string(function)};
}

std::string absolute_in(const std::string& base_dir, const std::string& file) {
  std::filesystem::path path(file);
  if (path.is_relative()) path = std::filesystem::path(base_dir) / path;
  return path.lexically_normal().string();
}

std::string absolute_hook_arg(const std::string& base_dir, const HookRef& ref) {
  return absolute_in(base_dir, ref.file) + ":" + ref.function;
}

}  // namespace weir::config
