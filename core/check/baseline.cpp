#include "core/check/baseline.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include <fmt/format.h>
#include <simdjson.h>

#include "core/errors/error.hpp"
#include "core/formats/json_text.hpp"
#include "core/io/sink.hpp"

namespace weir::check {

namespace {

// FNV-1a, 64 bits: stable across builds and machines (std::hash is not).
class Fnv {
 public:
  void add(std::string_view text) {
    for (unsigned char c : text) hash_ = (hash_ ^ c) * 1099511628211ull;
    hash_ = (hash_ ^ 0xff) * 1099511628211ull;  // a separator no UTF-8 text holds
  }
  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 14695981039346656037ull;
};

}  // namespace

std::string Fingerprinter::fingerprint(const Violation& v) {
  Fnv base;
  base.add(v.rule);
  base.add(v.file);
  base.add(v.field);
  base.add(v.record);
  std::uint32_t occurrence = seen_[base.value()]++;
  Fnv full = base;
  full.add(std::to_string(occurrence));
  return fmt::format("{:016x}", full.value());
}

std::unordered_set<std::string> load_baseline(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SetupError(fmt::format("{}: cannot open the baseline: {}", path, std::strerror(errno)));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_baseline(text, path);
}

std::unordered_set<std::string> parse_baseline(std::string_view text, const std::string& path) {
  auto bad = [&](std::string_view why) {
    return SetupError(fmt::format("{}: not a weir baseline ({}); write one with --write-baseline", path, why));
  };
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  // (parse() copies the text into a padded buffer of its own)
  if (auto error = parser.parse(text.data(), text.size()).get(root)) throw bad(simdjson::error_message(error));
  int64_t version = 0;
  if (root["weir_baseline"].get(version) || version != 1) throw bad("no \"weir_baseline\": 1");
  simdjson::dom::array violations;
  if (root["violations"].get(violations)) throw bad("no \"violations\" array");
  std::unordered_set<std::string> fingerprints;
  for (simdjson::dom::element entry : violations) {
    std::string_view fingerprint;
    if (entry["fingerprint"].get(fingerprint)) throw bad("a violation without a \"fingerprint\"");
    fingerprints.emplace(fingerprint);
  }
  return fingerprints;
}

void write_baseline(const std::string& path, const std::vector<Violation>& violations) {
  std::unique_ptr<Sink> sink = file_sink(path);
  sink->write("{\"weir_baseline\": 1, \"violations\": [");
  for (std::size_t i = 0; i < violations.size(); ++i) {
    const Violation& v = violations[i];
    sink->write(i ? ",\n  " : "\n  ");
    sink->write("{\"fingerprint\": ");
    write_json_string(*sink, v.fingerprint);
    sink->write(", \"rule\": ");
    write_json_string(*sink, v.rule);
    sink->write(", \"file\": ");
    write_json_string(*sink, v.file);
    sink->write(fmt::format(", \"line\": {}, \"message\": ", v.line));
    write_json_string(*sink, v.message);
    sink->put('}');
  }
  sink->write(violations.empty() ? "]}\n" : "\n]}\n");
  sink->flush();
  sink->commit();
}

}  // namespace weir::check
