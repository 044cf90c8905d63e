#pragma once
// Helpers for unit tests: run a whole pipeline over text in memory.

#include <string>

#include "core/pipeline/pipeline.hpp"

namespace weir::test {

/// Reads `input` as format `from`, writes it as `to`, through `stages`.
/// Returns the output text; throws what run() throws.
inline std::string convert(const std::string& input, const std::string& from, const std::string& to,
                           std::vector<StageSpec> stages = {}, ReadOptions read = {}) {
  PipelineSpec spec;
  spec.from = from;
  spec.to = to;
  spec.read = read;
  spec.stages = std::move(stages);
  std::string out;
  auto sink = string_sink(out);
  run_over(spec, memory_source(input, "input." + from), *sink);
  sink->flush();
  return out;
}

}  // namespace weir::test
