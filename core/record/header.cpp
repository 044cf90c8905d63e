#include "core/record/header.hpp"

#include <unordered_set>

namespace weir {

HeaderPtr make_header(std::vector<std::string> names) {
  std::unordered_set<std::string> seen;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) names[i] = std::to_string(i + 1);
    if (!seen.insert(names[i]).second) {
      for (int n = 2;; ++n) {
        std::string candidate = names[i] + "_" + std::to_string(n);
        if (seen.insert(candidate).second) {
          names[i] = std::move(candidate);
          break;
        }
      }
    }
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
