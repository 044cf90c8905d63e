#pragma once
/// A config plus words (the command line's, or a Python call's) made into
/// the one PipelineSpec that runs: what `weir run`, `weir check` and
/// `import weir` all run, made in one place.
///
///   config's settings --> the words' main options over them (the words win)
///   input.parse hook  --> the config's stages --> the words' verbs --> output.format_hook hook
///   the words' files

#include <optional>
#include <string_view>

#include "config/config.hpp"
#include "config/verb_chain.hpp"

namespace weir::config {

/// The config's pipeline with `words` over it, as `weir config show` shows
/// it: the config's settings with words.settings applied over them, the
/// config's stages followed by the words' verbs, and the words' files. A
/// hook named in the words is relative to the current folder, the config's
/// to the config's folder.
PipelineSpec merged_pipeline(const Config& config, const PipelineWords& words);

/// The pipeline to run: merged_pipeline(), with the config's input.parse as
/// its first stage (a decode hook reading lines) and output.format_hook as
/// its last (an encode hook writing lines; not for Purpose::check, which
/// writes reports, not records). Throws ConfigError when the config cannot
/// run with this weir (run_problems()).
PipelineSpec runnable_pipeline(const Config& config, const PipelineWords& words, Purpose purpose = Purpose::run);

/// The pipeline `words` ask for: words.pipeline alone without a config;
/// with one -- the file words.config, or `config_text` (JSON; words.config
/// then names it in messages and its folder is where relative paths start)
/// -- runnable_pipeline() over it. Throws SetupError when the file cannot be
/// read, ConfigError when the config is wrong or cannot run here.
PipelineSpec build_pipeline(const PipelineWords& words, std::optional<std::string_view> config_text = std::nullopt);

}  // namespace weir::config
