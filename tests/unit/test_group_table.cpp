// GroupTable (core/stages/group_table.hpp): each distinct combination of key
// values gets one index, in order of first sight, whatever the keys' lengths
// (short ones are compared in overlapping loads, long ones by memcmp).

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "core/stages/group_table.hpp"

namespace {

std::size_t group_of(weir::GroupTable& table, const std::vector<std::string>& values) {
  std::vector<weir::Field> fields;
  for (const std::string& v : values) fields.emplace_back(std::string_view(), v);
  std::vector<const weir::Field*> keys;
  for (const weir::Field& f : fields) keys.push_back(&f);
  return table.find_or_add(keys);
}

}  // namespace

TEST_CASE("group table: one group per distinct key, of every length, in order of first sight") {
  // keys that differ in one byte only, at each place, for lengths around
  // the compare's turns (a 4-byte length is part of the key: 4, 8, 16 bytes)
  std::vector<std::vector<std::string>> keys;
  for (std::size_t n = 0; n <= 20; ++n) {
    std::string base(n, 'a');
    keys.push_back({base});
    for (std::size_t at = 0; at < n; ++at) {
      std::string other = base;
      other[at] = 'b';
      keys.push_back({other});
    }
  }
  keys.push_back({"a", "bc"});  // not "ab" + "c", nor one value "abc"
  keys.push_back({"ab", "c"});
  keys.push_back({"", ""});
  weir::GroupTable table;
  for (std::size_t i = 0; i < keys.size(); ++i) REQUIRE(group_of(table, keys[i]) == i);
  REQUIRE(table.size() == keys.size());
  // found again in any order, as the same groups
  std::mt19937 rng(5);
  for (int k = 0; k < 2000; ++k) {
    std::size_t i = rng() % keys.size();
    REQUIRE(group_of(table, keys[i]) == i);
  }
  REQUIRE(table.size() == keys.size());
  REQUIRE(table.values(keys.size() - 3) == std::vector<std::string>{"a", "bc"});
}

TEST_CASE("group table: cleared, it numbers groups from 0 again and knows none of the old keys") {
  weir::GroupTable table;
  // short keys go through the table's cache of recent keys, long ones not
  const std::vector<std::string> old_keys = {"GET", "POST", "a key longer than sixteen bytes", ""};
  for (std::size_t i = 0; i < old_keys.size(); ++i) REQUIRE(group_of(table, {old_keys[i]}) == i);
  for (int round = 0; round < 3; ++round) {
    table.clear();
    REQUIRE(table.size() == 0);
    REQUIRE(group_of(table, {"POST"}) == 0);
    REQUIRE(group_of(table, {"PUT"}) == 1);
    REQUIRE(group_of(table, {"GET"}) == 2);
    REQUIRE(group_of(table, {"POST"}) == 0);
    // (the values of the groups before are overwritten in place: the long key's by "GET")
    REQUIRE(table.values(0) == std::vector<std::string>{"POST"});
    REQUIRE(table.values(1) == std::vector<std::string>{"PUT"});
    REQUIRE(table.values(2) == std::vector<std::string>{"GET"});
    std::vector<weir::Field> fields{weir::Field(std::string_view(), "a key longer than sixteen bytes")};
    std::vector<const weir::Field*> keys{&fields[0]};
    REQUIRE_FALSE(table.find(keys).has_value());
  }
}
