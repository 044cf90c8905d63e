#include "config/runnable_pipeline.hpp"

#include <filesystem>

namespace weir::config {

namespace {

// A hook named in the words is relative to the current folder, but the
// config's hooks start at the config's folder (base_dir): make it absolute.
StageSpec from_current_folder(StageSpec stage) {
  if (stage.verb != "hook" || stage.args.empty()) return stage;
  std::string& arg = stage.args[0];
  std::size_t colon = arg.rfind(':');
  if (colon != std::string::npos && colon > 0 && arg[0] != '/') {
    arg = absolute_in(std::filesystem::current_path().string(), arg.substr(0, colon)) + arg.substr(colon);
  }
  return stage;
}

// input.parse and output.format_hook as a stage: `weir hook --decode FILE:FUNCTION`.
StageSpec io_hook(const std::string& base_dir, const HookRef& ref, const char* mode) {
  std::filesystem::path file(ref.file);
  if (file.is_relative()) file = std::filesystem::path(base_dir) / file;
  StageSpec hook;
  hook.verb = "hook";
  hook.args = {file.string() + ":" + ref.function};
  hook.options = {{mode, ""}};
  return hook;
}

}  // namespace

PipelineSpec merged_pipeline(const Config& config, const PipelineWords& words) {
  PipelineSpec spec = config.pipeline;
  for (const auto& [name, value] : words.settings) apply_main_option(spec, name, value);
  for (const auto& stage : words.pipeline.stages) spec.stages.push_back(from_current_folder(stage));
  spec.inputs = words.pipeline.inputs;
  return spec;
}

PipelineSpec runnable_pipeline(const Config& config, const PipelineWords& words, Purpose purpose) {
  std::vector<std::string> problems = run_problems(config, purpose);
  if (!problems.empty()) throw ConfigError(std::move(problems));
  PipelineSpec spec = merged_pipeline(config, words);
  // input.parse reads lines through a decode hook, output.format_hook writes
  // the lines an encode hook makes: whatever formats the words name
  if (config.parse_hook) {
    spec.from = "lines";
    spec.stages.insert(spec.stages.begin(), io_hook(spec.base_dir, *config.parse_hook, "decode"));
  }
  if (config.format_hook && purpose != Purpose::check) {
    spec.to = "lines";
    spec.stages.push_back(io_hook(spec.base_dir, *config.format_hook, "encode"));
  }
  return spec;
}

PipelineSpec build_pipeline(const PipelineWords& words, std::optional<std::string_view> config_text) {
  if (!words.config && !config_text) return words.pipeline;
  std::string path = words.config.value_or("<config>");
  Config config = config_text ? parse_config(*config_text, path) : load_config(path);
  return runnable_pipeline(config, words);
}

}  // namespace weir::config
