// _weir: the engine as a Python extension module (`import weir`). The same
// core, the same verbs, the same hook objects as the weir command.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <fmt/format.h>

#include <future>

#include "config/config.hpp"
#include "config/runnable_pipeline.hpp"
#include "config/verb_chain.hpp"
#include "core/errors/error.hpp"
#include "core/pipeline/pipeline.hpp"
#include "hooks/huge_arenas.hpp"
#include "hooks/objects.hpp"
#include "hooks/python_records.hpp"
#include "hooks/runtime.hpp"
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
         const std::vector<std::string>& inputs, const std::string& output, std::optional<std::string> to) {
        weir::PipelineSpec spec = spec_from(words, config_path, config_text);
        if (!inputs.empty()) spec.inputs = inputs;
        if (to) spec.to = *to;
        spec.output = output;
        weir::RunStats s;
        {
          py::gil_scoped_release release;
          s = weir::run(spec);
        }
        py::dict stats;
        stats["records_read"] = s.records_read;
        stats["written"] = s.written;
        stats["rejected"] = s.skipped;
        stats["repaired"] = s.repaired_total;
        stats["skipped"] = s.skipped;
        return stats;
      },
      py::arg("words"), py::arg("config_path"), py::arg("config_text"), py::arg("inputs"), py::arg("output"),
      py::arg("to"));

  // weir.records(), weir.batches(), weir.run() and weir.read_pandas(): the
  // pipeline stepped a batch at a time, with the GIL released while weir
  // works (hooks take it back); each batch becomes Python values directly.
  using weir::hooks::RecordStream;
  // The pipeline runs one batch ahead on a worker thread while Python
  // converts the last one: reading and parsing take a core of their own.
  struct Stream {
    std::unique_ptr<RecordStream> stream;
    std::unique_ptr<weir::hooks::PythonRecords> convert;
    weir::Batch batch;        // being converted
    weir::Batch ahead;        // being filled by the worker
    std::future<bool> pending;  // the worker's next(ahead)
    bool done = false;

    void read_ahead() {
      pending = std::async(std::launch::async, [this] { return stream->next(ahead); });
    }

    // The next batch into `batch` (the GIL released meanwhile: hook stages
    // take it). Throws what stopped the pipeline, after the batches before it.
    bool next() {
      if (done) return false;
      py::gil_scoped_release release;
      if (!pending.valid()) read_ahead();
      bool more = false;
      try {
        more = pending.get();
      } catch (...) {
        done = true;
        throw;
      }
      if (!more) {
        done = true;
        return false;
      }
      std::swap(batch, ahead);
      stream->recycle(std::move(ahead));  // the last batch converted
      ahead = weir::Batch();
      read_ahead();
      return true;
    }

    void wait() {
      if (!pending.valid()) return;
      py::gil_scoped_release release;
      pending.wait();
    }

    ~Stream() {
      if (pending.valid() && Py_IsInitialized()) wait();
    }
  };
  py::class_<Stream>(m, "_Stream")
      .def(py::init([](const std::vector<std::string>& words, const std::string& config_path,
                       const std::string& config_text, const std::vector<std::string>& inputs,
                       std::optional<py::bytes> data) {
             weir::PipelineSpec spec = spec_from(words, config_path, config_text);
             if (!inputs.empty()) spec.inputs = inputs;
             spec.output.reset();
             std::unique_ptr<weir::Source> source;
             if (data) source = weir::memory_source(std::string(*data), "(pandas)");
             auto stream = std::make_unique<Stream>();
             {
               py::gil_scoped_release release;
               stream->stream = std::make_unique<RecordStream>(std::move(spec), std::move(source));
             }
             stream->convert = std::make_unique<weir::hooks::PythonRecords>(
                 stream->stream->declared_types(), weir::hooks::Runtime::start(weir::StageContext{}));
             return stream;
           }),
           py::arg("words"), py::arg("config_path"), py::arg("config_text"), py::arg("inputs"),
           py::arg("data") = py::none())
      .def("next",
           [](Stream& s) -> py::object {
             if (!s.next()) return py::none();
             weir::hooks::HugePageArenas arenas;  // (hooks/huge_arenas.hpp: a third of the time)
             return s.convert->dicts(s.batch);
           },
           "The next output records as a list of dicts, or None at the end.")
      .def("next_columns",
           [](Stream& s, bool exact) -> py::object {
             if (!s.next()) return py::none();
             weir::hooks::HugePageArenas arenas;
             py::dict valid;
             py::dict types;
             py::dict columns = s.convert->columns(s.batch, exact, &valid, &types);
             return py::make_tuple(columns, valid, types, s.batch.size());
           },
           py::arg("exact") = false,
           "The next output batch as (columns, valid masks, type names, length), or None at the end.")
      .def("close", [](Stream& s) {
        s.wait();
        py::gil_scoped_release release;
        s.stream->close();
      });
}
