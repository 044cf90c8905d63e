#include "core/record/header.hpp"

#include <atomic>
#include <unordered_set>

namespace weir {

std::uint64_t Header::next_id() {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

std::string UniqueNames::take(std::string name) {
  if (taken_.insert(name).second) return name;
  auto next = next_suffix_.try_emplace(name, 2).first;
  for (;;) {
    std::string candidate = name + "_" + std::to_string(next->second++);
    if (taken_.insert(candidate).second) return candidate;
  }
}

HeaderPtr make_header(std::vector<std::string> names) {
  UniqueNames unique;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) names[i] = std::to_string(i + 1);
    names[i] = unique.take(std::move(names[i]));
  }
  return std::make_shared<const Header>(std::move(names));
}

HeaderPtr make_positional_header(std::size_t n) {
  std::vector<std::string> names;
  names.reserve(n);
  for (std::size_t i = 1; i <= n; ++i) names.push_back(std::to_string(i));
  auto header = std::make_shared<Header>(std::move(names));
  header->positional = true;
  return header;
}

}  // namespace weir
