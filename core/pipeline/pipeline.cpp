#include "core/pipeline/pipeline.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "core/errors/error.hpp"

namespace weir {

namespace {

/// The end of the chain: hands batches to the writer.
class WriterStage final : public Stage {
 public:
  explicit WriterStage(Writer& writer) : writer_(writer) {}
  bool push(Batch& batch) override {
    writer_.write(batch);
    return true;
  }
  void finish() override { writer_.finish(); }

 private:
  Writer& writer_;
};

std::vector<std::unique_ptr<Stage>> build_stages(const PipelineSpec& spec, ErrorPolicy& errors) {
  StageContext context;
  context.errors = &errors;
  context.base_dir = spec.base_dir;
  context.no_hooks = spec.no_hooks;
  context.python = spec.python;
  context.records_to_stdout = !spec.output.has_value();
  std::vector<std::unique_ptr<Stage>> built;
  for (StageSpec stage_spec : spec.stages) {
    const StageInfo* info = find_stage(stage_spec.verb);
    if (!info) {
      throw UsageError(fmt::format("unknown verb '{}'{}", stage_spec.verb,
                                   did_you_mean(stage_spec.verb, stage_names())));
    }
    stage_spec.context = &context;
    built.push_back(info->make(stage_spec));
  }
  // `sort ... then head -n 10` keeps only ten records while sorting
  for (std::size_t i = 0; i + 1 < built.size(); ++i) {
    if (auto limit = built[i + 1]->output_limit()) built[i]->limit_output(*limit);
  }
  return built;
}

std::vector<std::string> inputs_of(const PipelineSpec& spec) {
  return spec.inputs.empty() ? std::vector<std::string>{"-"} : spec.inputs;
}

void check_readable(const std::string& path) {
  if (path == "-") return;
  if (::access(path.c_str(), R_OK) != 0) {
    throw SetupError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  }
}

void flush_quietly(Sink& sink) {
  try {
    sink.flush();
  } catch (const BrokenPipe&) {
  }
}

}  // namespace

const FormatInfo& input_format(const PipelineSpec& spec, const std::string& path) {
  const FormatInfo* format = nullptr;
  if (spec.from) {
    format = &format_named(*spec.from);
  } else if (const FormatInfo* by_path = format_for_path(path); by_path && by_path->make_reader) {
    format = by_path;
  } else {
    format = &format_named("csv");
  }
  if (!format->make_reader) {
    throw UsageError(fmt::format("format '{}' can be written but not read", format->name));
  }
  return *format;
}

const FormatInfo& output_format(const PipelineSpec& spec) {
  const FormatInfo* format = nullptr;
  if (spec.to) {
    format = &format_named(*spec.to);
  } else if (spec.output && format_for_path(*spec.output)) {
    format = format_for_path(*spec.output);
  } else {
    format = &input_format(spec, inputs_of(spec).front());
  }
  if (!format->make_writer) {
    throw UsageError(fmt::format("format '{}' can be read but not written", format->name));
  }
  return *format;
}

namespace {

/// Runs built stages over the inputs that `open(i, errors)` opens, i < count.
template <typename Open>
RunStats execute(const PipelineSpec& spec, std::vector<std::unique_ptr<Stage>>& stages, ErrorPolicy& errors,
                 std::size_t count, Open open, Sink& sink) {
  std::unique_ptr<Writer> writer = output_format(spec).make_writer(sink, spec.write);
  WriterStage end(*writer);
  Stage* head = &end;
  for (auto it = stages.rbegin(); it != stages.rend(); ++it) {
    (*it)->set_next(head);
    head = it->get();
  }
  RunStats stats;
  Batch batch;
  bool more = true;
  for (std::size_t i = 0; i < count && more; ++i) {
    std::unique_ptr<Reader> reader = open(i, errors);
    while (more && reader->read(batch)) {
      stats.records_read += static_cast<std::int64_t>(batch.size());
      more = head->push(batch);
    }
  }
  head->finish();
  sink.flush();
  stats.skipped = errors.skipped();
  if (stats.skipped > 0) stats.first_skipped = errors.first();
  return stats;
}

/// The input files and their formats, checked before anything is read.
struct Inputs {
  std::vector<std::string> paths;
  std::vector<const FormatInfo*> formats;
};

Inputs check_inputs(const PipelineSpec& spec) {
  Inputs inputs;
  inputs.paths = inputs_of(spec);
  for (const auto& path : inputs.paths) {
    inputs.formats.push_back(&input_format(spec, path));
    check_readable(path);
  }
  output_format(spec);
  return inputs;
}

RunStats execute_files(const PipelineSpec& spec, std::vector<std::unique_ptr<Stage>>& stages, ErrorPolicy& errors,
                       const Inputs& inputs, Sink& sink) {
  return execute(
      spec, stages, errors, inputs.paths.size(),
      [&](std::size_t i, ErrorPolicy& policy) {
        return inputs.formats[i]->make_reader(open_source(inputs.paths[i]), spec.read, policy);
      },
      sink);
}

}  // namespace

RunStats run(const PipelineSpec& spec) {
  // Everything is checked before the output file is created.
  ErrorPolicy errors(spec.on_error);
  std::vector<std::unique_ptr<Stage>> stages = build_stages(spec, errors);
  Inputs inputs = check_inputs(spec);
  std::unique_ptr<Sink> sink = spec.output ? file_sink(*spec.output) : stdout_sink();
  try {
    RunStats stats = execute_files(spec, stages, errors, inputs, *sink);
    sink->commit();
    return stats;
  } catch (const InputError&) {
    // Standard output keeps every record before the bad one; a file is not
    // created at all (its sink is dropped without commit).
    if (!spec.output) flush_quietly(*sink);
    throw;
  }
}

RunStats run(const PipelineSpec& spec, Sink& sink) {
  ErrorPolicy errors(spec.on_error);
  std::vector<std::unique_ptr<Stage>> stages = build_stages(spec, errors);
  return execute_files(spec, stages, errors, check_inputs(spec), sink);
}

RunStats run_over(const PipelineSpec& spec, std::unique_ptr<Source> source, Sink& sink) {
  ErrorPolicy errors(spec.on_error);
  std::vector<std::unique_ptr<Stage>> stages = build_stages(spec, errors);
  const FormatInfo& format = input_format(spec, source->name());
  return execute(
      spec, stages, errors, 1,
      [&](std::size_t, ErrorPolicy& policy) { return format.make_reader(std::move(source), spec.read, policy); },
      sink);
}

}  // namespace weir
