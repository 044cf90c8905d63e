#include "config/runnable_pipeline.hpp"

#include <filesystem>

#include <fmt/format.h>

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

// --no-hooks runs a config from an untrusted place: besides its hooks, it
// may not name a file to write (or, through join, to read): only the user's
// own words (-o, --rejects, verbs on the command line) name files then.
std::vector<std::string> untrusted_problems(const Config& config, const PipelineSpec& spec) {
  std::vector<std::string> problems;
  auto refuse = [&](const std::string& where, const std::string& what, const std::string& hint) {
    problems.push_back(fmt::format("{}: {}: {} named by the config, refused under --no-hooks (a config from an "
                                   "untrusted place may not name files){}",
                                   config.path, where, what, hint));
  };
  if (config.pipeline.output && spec.output == config.pipeline.output) {
    refuse("output.path", "a file to write", "; -o FILE names one");
  }
  if (config.pipeline.rejects && spec.rejects == config.pipeline.rejects) {
    refuse("errors.rejects", "a file to write", "; --rejects FILE names one");
  }
  for (std::size_t i = 0; i < config.stage_paths.size() && i < config.pipeline.stages.size(); ++i) {
    const std::string& verb = config.pipeline.stages[i].verb;
    if (verb == "tee" || verb == "split") refuse(config.stage_paths[i], verb + ": files to write", "");
    if (verb == "join") refuse(config.stage_paths[i], "join: a file to read", "");
  }
  return problems;
}

}  // namespace

PipelineSpec merged_pipeline(const Config& config, const PipelineWords& words) {
  PipelineSpec spec = config.pipeline;
  bool words_to = false;
  bool words_output = false;
  for (const auto& [name, value] : words.settings) {
    apply_main_option(spec, name, value);
    words_to = words_to || name == "--to";
    words_output = words_output || name == "--output";
  }
  // The output format: --to, else -o's extension, else the config's
  // output.format, else the input's. What the user typed beats the config:
  // `-o x.csv` writes csv even where the config says table.
  if (words_output && !words_to && spec.output && format_for_path(*spec.output)) spec.to.reset();
  for (const auto& stage : words.pipeline.stages) spec.stages.push_back(from_current_folder(stage));
  spec.inputs = words.pipeline.inputs;
  return spec;
}

PipelineSpec runnable_pipeline(const Config& config, const PipelineWords& words, Purpose purpose) {
  std::vector<std::string> problems = run_problems(config, purpose);
  if (!problems.empty()) throw ConfigError(std::move(problems));
  PipelineSpec spec = merged_pipeline(config, words);
  if (spec.no_hooks) {
    problems = untrusted_problems(config, spec);
    if (!problems.empty()) throw ConfigError(std::move(problems));
  }
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
