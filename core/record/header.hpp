#pragma once
/// A list of field names shared by many records (a CSV or TSV header).

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace weir {

struct Header {
  explicit Header(std::vector<std::string> field_names) : names(std::move(field_names)) {
    static std::atomic<std::uint64_t> next_id{1};
    id = next_id.fetch_add(1, std::memory_order_relaxed);
  }
  /// Names in input order. Field::name may point into these strings: a
  /// Header is immutable once made and shared by the batches that use it.
  std::vector<std::string> names;
  /// Unique in the process, so writers can tell headers apart cheaply.
  std::uint64_t id;
  /// The names are positions (1, 2, 3...) given to an input without a
  /// header: csv and tsv writers write no header line for them.
  bool positional = false;
};

using HeaderPtr = std::shared_ptr<const Header>;

/// A header from raw names: empty names become their 1-based position and
/// repeated names get a suffix (a, a_2, a_3), so no field is lost.
HeaderPtr make_header(std::vector<std::string> names);

/// Positional names 1..n, for an input without a header.
HeaderPtr make_positional_header(std::size_t n);

}  // namespace weir
