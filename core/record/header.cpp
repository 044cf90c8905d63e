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

}  // namespace weir
