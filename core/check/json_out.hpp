#pragma once
/// A small JSON writer over a Sink, for the check reports (json, sarif):
/// objects, arrays, keys and values written in order, either compact (one
/// line, for JSON Lines) or indented by two spaces (for SARIF files people
/// read and diff). core/ does not link nlohmann/json, and these reports need
/// no document in memory.
///
///   JsonOut out(sink, JsonOut::Style::compact);
///   out.begin_object().key("line").integer(12).key("field").null().end_object();
///   // {"line":12,"field":null}

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/io/sink.hpp"

namespace weir::check {

class JsonOut {
 public:
  enum class Style : std::uint8_t { compact, pretty };

  JsonOut(Sink& sink, Style style) : sink_(sink), pretty_(style == Style::pretty) {}

  JsonOut& begin_object() { return open('{'); }
  JsonOut& end_object() { return close('}'); }
  JsonOut& begin_array() { return open('['); }
  JsonOut& end_array() { return close(']'); }
  /// The next member's name; its value follows.
  JsonOut& key(std::string_view name);

  /// A string (not well-formed UTF-8 becomes U+FFFD, see write_json_string).
  JsonOut& string(std::string_view text);
  JsonOut& integer(std::int64_t number);
  /// Shortest text that reads back the same; null for NaN and infinities,
  /// which JSON cannot spell.
  JsonOut& number(double number);
  JsonOut& null();

 private:
  JsonOut& open(char bracket);
  JsonOut& close(char bracket);
  // The comma and line break before a value or key inside a container.
  void separate();
  void indent();

  Sink& sink_;
  bool pretty_;
  std::vector<bool> has_items_;  // per open container: something written in it yet
  bool after_key_ = false;       // the next value belongs to the key just written
};

}  // namespace weir::check
