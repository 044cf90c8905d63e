// _weir: the engine as a Python extension module (`import weir`). The same
// core, the same verbs, the same hook objects as the weir command.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <fmt/format.h>

#include "config/config.hpp"
#include "config/runnable_pipeline.hpp"
#include "config/verb_chain.hpp"
#include "core/errors/error.hpp"
#include "core/pipeline/pipeline.hpp"
#include "hooks/objects.hpp"
#include "hooks/stream.hpp"

namespace py = pybind11;

namespace {

// A PipelineSpec from verb words ("--strict", "filter", "status >= 500", "then",
// ...), a config (a file, or a dict as JSON text), or both: made as the
// weir command makes it (config/runnable_pipeline.hpp).
weir::PipelineSpec spec_from(const std::vector<std::string>& words, const std::string& config_path,
                             const std::string& config_text) {
  bool has_config = !config_path.empty() || !config_text.empty();
  weir::config::PipelineWords pipeline_words;
  if (!words.empty() || !has_config) pipeline_words = weir::config::parse_verb_chain(words);
  if (!config_path.empty()) pipeline_words.config = config_path;
  std::optional<std::string_view> text;
  if (!config_text.empty()) text = config_text;
  return weir::config::build_pipeline(pipeline_words, text);
}

std::string data_error_text(const weir::DataError& e) { return weir::format_data_error(e); }

}  // namespace

PYBIND11_MODULE(_weir, m) {
  weir::hooks::bind_objects(m);

  static py::exception<weir::UsageError> usage_error(m, "UsageError", PyExc_ValueError);
  static py::exception<weir::InputError> input_error(m, "InputError", PyExc_ValueError);
  static py::exception<weir::HookError> hook_error(m, "HookError", PyExc_RuntimeError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const weir::config::ConfigError& e) {
      std::string text;
      for (const auto& problem : e.problems()) text += problem + "\n";
      PyErr_SetString(usage_error.ptr(), text.c_str());
    } catch (const weir::UsageError& e) {
      PyErr_SetString(usage_error.ptr(), e.what());
    } catch (const weir::SetupError& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    } catch (const weir::InputError& e) {
      PyErr_SetString(input_error.ptr(), data_error_text(e.error()).c_str());
    } catch (const weir::HookError& e) {
      PyErr_SetString(hook_error.ptr(), e.what());
    } catch (const weir::Interrupted&) {
      PyErr_SetNone(PyExc_KeyboardInterrupt);
    }
  });

  m.def(
      "_run",
      [](const std::vector<std::string>& words, const std::string& config_path, const std::string& config_text,
         const std::vector<std::string>& inputs, std::optional<std::string> output, std::optional<std::string> to) {
        weir::PipelineSpec spec = spec_from(words, config_path, config_text);
        if (!inputs.empty()) spec.inputs = inputs;
        if (to) spec.to = *to;
        py::dict stats;
        if (output) {
          spec.output = *output;
          weir::RunStats s;
          {
            py::gil_scoped_release release;
            s = weir::run(spec);
          }
          stats["records_read"] = s.records_read;
          stats["skipped"] = s.skipped;
          return py::object(stats);
        }
        spec.output.reset();
        if (!to) spec.to = "jsonl";
        std::string text;
        auto sink = weir::string_sink(text);
        {
          py::gil_scoped_release release;
          weir::run(spec, *sink);
        }
        return py::object(py::bytes(text));
      },
      py::arg("words"), py::arg("config_path"), py::arg("config_text"), py::arg("inputs"), py::arg("output"),
      py::arg("to"));

  // weir.records() and weir.batches(): the pipeline stepped a batch at a
  // time, with the GIL released while weir works (hooks take it back).
  using weir::hooks::RecordStream;
  py::class_<RecordStream>(m, "_Stream")
      .def(py::init([](const std::vector<std::string>& words, const std::string& config_path,
                       const std::string& config_text, const std::vector<std::string>& inputs) {
             weir::PipelineSpec spec = spec_from(words, config_path, config_text);
             if (!inputs.empty()) spec.inputs = inputs;
             spec.output.reset();
             spec.to = "jsonl";
             py::gil_scoped_release release;
             return std::make_unique<RecordStream>(std::move(spec));
           }),
           py::arg("words"), py::arg("config_path"), py::arg("config_text"), py::arg("inputs"))
      .def("next",
           [](RecordStream& stream) -> py::object {
             std::string lines;
             bool more = false;
             {
               py::gil_scoped_release release;
               more = stream.next(lines);
             }
             if (!more) return py::none();
             return py::bytes(lines);
           },
           "The next output records as JSON lines (bytes), or None at the end.")
      .def("close", [](RecordStream& stream) {
        py::gil_scoped_release release;
        stream.close();
      });
}
