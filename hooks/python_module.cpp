// _weir: the engine as a Python extension module (`import weir`). The same
// core, the same verbs, the same hook objects as the weir command.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <fmt/format.h>

#include <algorithm>
#include <future>
#include <memory>
#include <tuple>

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

// weir.dask cuts a pipeline in two: the stages the workers run over their
// files and the ones the merge runs over what they made. `overrides` says
// how a part differs from the whole: its stages ((verb, args, options)
// tuples), the format it reads or writes, RFC 4180 reading for the parts
// the workers wrote, plain writing for them, one thread, stdout.
void apply_overrides(weir::PipelineSpec& spec, const py::dict& overrides) {
  for (auto [key, value] : overrides) {
    auto name = key.cast<std::string>();
    if (name == "stages") {
      spec.stages.clear();
      for (py::handle item : value) {
        auto t = item.cast<py::tuple>();
        weir::StageSpec stage;
        stage.verb = t[0].cast<std::string>();
        stage.args = t[1].cast<std::vector<std::string>>();
        stage.options = t[2].cast<std::vector<std::pair<std::string, std::string>>>();
        spec.stages.push_back(std::move(stage));
      }
    } else if (name == "from") {
      spec.from = value.cast<std::string>();
    } else if (name == "to") {
      spec.to = value.cast<std::string>();
    } else if (name == "strict_read") {
      // the parts are RFC 4180 as weir wrote them: nothing to sniff
      weir::ReadOptions read;
      read.strict = true;
      read.block_size = spec.read.block_size;
      read.max_record_size = spec.read.max_record_size;
      // a row the workers kept wider than its header (ragged, repaired and
      // counted there) is read back as they wrote it
      read.ragged = weir::Ragged::keep;
      spec.read = read;
    } else if (name == "types") {
      // the run's decided types, for columns the user did not declare
      for (auto [column, type] : value.cast<py::dict>()) {
        auto column_name = column.cast<std::string>();
        if (spec.types.count(column_name) || spec.types.count(std::string(weir::kAnyColumn))) continue;
        if (auto t = weir::column_type_from_name(type.cast<std::string>())) spec.types[column_name] = *t;
      }
    } else if (name == "plain_write") {
      spec.write = weir::WriteOptions{};
    } else if (name == "threads") {
      spec.threads = value.cast<int>();
    } else if (name == "stdout") {
      spec.output.reset();
    } else if (name == "rejects") {
      // weir.dask: each part's rejects into a file of the worker's, gathered in input order
      if (value.is_none()) spec.rejects.reset();
      else spec.rejects = value.cast<std::string>();
    } else if (name == "max_rejects") {
      // weir.dask: the limit holds for the whole run, so it is the driver's (None: no limit here)
      if (value.is_none()) spec.max_rejects.reset();
      else spec.max_rejects = value.cast<std::int64_t>();
    } else if (name == "range") {
      auto t = value.cast<std::tuple<std::int64_t, std::int64_t, std::int64_t>>();
      spec.range = weir::ByteRange{std::get<0>(t), std::get<1>(t), std::get<2>(t)};
      spec.range_end = std::make_shared<weir::RangeEnd>();
    } else {
      throw weir::UsageError("unknown override " + name);
    }
  }
}

// What weir.dask needs to know to cut the pipeline: each stage as
// (verb, args, options, per_record), the formats, the output.
py::dict plan_of(const weir::PipelineSpec& spec) {
  py::list stages;
  weir::StageContext context;
  context.base_dir = spec.base_dir;
  context.types = spec.types;
  for (weir::StageSpec stage_spec : spec.stages) {
    // hooks, join's left file and the verbs that write files are not made
    // here (they would start Python, read or create files): weir.dask
    // decides about them by their options
    py::object per_record = py::none();
    static const std::vector<std::string> not_made = {"hook", "join", "tee", "split"};
    if (std::find(not_made.begin(), not_made.end(), stage_spec.verb) == not_made.end()) {
      const weir::StageInfo* info = weir::find_stage(stage_spec.verb);
      if (!info) throw weir::UsageError(fmt::format("unknown verb '{}'", stage_spec.verb));
      stage_spec.context = &context;
      per_record = py::bool_(info->make(stage_spec)->per_record());
    }
    stages.append(py::make_tuple(stage_spec.verb, stage_spec.args, stage_spec.options, per_record));
  }
  py::dict plan;
  plan["stages"] = stages;
  py::list formats;
  for (const auto& path : spec.inputs) formats.append(std::string(weir::input_format(spec, path).name));
  plan["inputs"] = spec.inputs;
  plan["input_formats"] = formats;
  plan["output_format"] = std::string(weir::output_format(spec).name);
  plan["output"] = spec.output ? py::object(py::str(*spec.output)) : py::object(py::none());
  plan["rejects"] = spec.rejects ? py::object(py::str(*spec.rejects)) : py::object(py::none());
  plan["max_rejects"] = spec.max_rejects ? py::object(py::int_(*spec.max_rejects)) : py::object(py::none());
  plan["collect"] = spec.on_error == weir::OnError::collect;
  plan["base_dir"] = spec.base_dir;
  plan["summary"] = spec.summary;
  return plan;
}

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
         const std::vector<std::string>& inputs, const std::string& output, std::optional<std::string> to,
         const py::dict& overrides) {
        weir::PipelineSpec spec = spec_from(words, config_path, config_text);
        if (!inputs.empty()) spec.inputs = inputs;
        if (to) spec.to = *to;
        spec.output = output;
        apply_overrides(spec, overrides);
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
        stats["notes"] = s.notes;
        if (overrides.empty()) return stats;  // weir.run()'s counts (its notes said as warnings)
        // weir.dask's part of a run: what its closing summary needs (cli/commands.cpp, run_summary)
        py::dict rejected_kinds;
        py::dict repaired_kinds;
        for (std::size_t k = 0; k < weir::kDataErrorKinds; ++k) {
          std::string kind(weir::data_error_kind_name(static_cast<weir::DataErrorKind>(k)));
          rejected_kinds[py::str(kind)] = s.rejected[k];
          repaired_kinds[py::str(kind)] = s.repaired[k];
        }
        stats["rejected_kinds"] = rejected_kinds;
        stats["repaired_kinds"] = repaired_kinds;
        stats["read_notes"] = s.read_notes;
        if (s.skipped > 0) {
          const weir::DataError& first = s.first_skipped;
          stats["first_rejected"] = fmt::format("{}:{}:{}: {}", first.file, first.line, first.column, first.message);
        }
        if (spec.range_end) {
          stats["range_end"] = spec.range_end->offset;
          stats["range_end_line"] = spec.range_end->line;
        }
        return stats;
      },
      py::arg("words"), py::arg("config_path"), py::arg("config_text"), py::arg("inputs"), py::arg("output"),
      py::arg("to"), py::arg("overrides") = py::dict());

  m.def(
      "_plan",
      [](const std::vector<std::string>& words, const std::string& config_path, const std::string& config_text,
         const std::vector<std::string>& inputs) {
        weir::PipelineSpec spec = spec_from(words, config_path, config_text);
        if (!inputs.empty()) spec.inputs = inputs;
        return plan_of(spec);
      },
      py::arg("words"), py::arg("config_path"), py::arg("config_text"), py::arg("inputs"),
      "The stages and formats of a pipeline, for weir.dask to cut it between workers and a merge.");

  m.def(
      "_count_lines",
      [](const std::string& path, std::int64_t begin, std::int64_t end) {
        py::gil_scoped_release release;
        return weir::count_line_breaks(path, begin, end);
      },
      py::arg("path"), py::arg("begin"), py::arg("end"),
      "The line breaks in bytes [begin, end) of a file (weir.dask: the line a byte range starts on).");

  // A filter or derive types a column of text by the run's first batch
  // holding a value in it (core/record/column_types.hpp). A task of
  // weir.dask starts in the middle of the run: it is told the types the
  // run's first batches give, as if declared, so it decides as the run would.
  m.def(
      "_first_types",
      [](const std::vector<std::string>& words, const std::string& config_path, const std::string& config_text,
         const std::vector<std::string>& inputs, int batches) {
        weir::PipelineSpec spec = spec_from(words, config_path, config_text);
        spec.inputs = inputs;
        spec.stages.clear();
        spec.output.reset();
        spec.threads = 1;
        weir::ColumnTypes types(spec.types);
        std::vector<std::string> names;
        {
          py::gil_scoped_release release;
          weir::hooks::RecordStream stream(std::move(spec));
          weir::Batch batch;
          for (int n = 0; n < batches && stream.next(batch); ++n) {
            types.learn(batch);
            const weir::Header* last = nullptr;
            for (std::size_t r = 0; r < batch.size(); ++r) {
              weir::RecordRef record = batch[r];
              if (record.header() && record.header() == last) continue;  // the same names again
              last = record.header();
              for (const weir::Field& field : record.fields()) {
                std::string name(field.name);
                if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(std::move(name));
              }
            }
          }
          stream.close();
        }
        py::dict out;
        for (const auto& name : names) {
          weir::ColumnType type = types.type_of(name);
          if (type != weir::ColumnType::unknown) out[py::str(name)] = std::string(weir::column_type_name(type));
        }
        return out;
      },
      py::arg("words"), py::arg("config_path"), py::arg("config_text"), py::arg("inputs"), py::arg("batches"),
      "The column types the run's first batches decide (for weir.dask's tasks).");

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
                       std::optional<py::bytes> data, const py::dict& overrides) {
             weir::PipelineSpec spec = spec_from(words, config_path, config_text);
             if (!inputs.empty()) spec.inputs = inputs;
             apply_overrides(spec, overrides);
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
           py::arg("data") = py::none(), py::arg("overrides") = py::dict())
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
      .def("notes", [](Stream& s) { return s.stream->notes(); },
           "The readers' notes so far (how they read what the input left open).")
      .def("late_type_notes", [](Stream& s) { return s.convert->late_type_notes(); },
           "Notes for the columns given as text before their type was known, and None after.")
      .def("close", [](Stream& s) {
        s.wait();
        py::gil_scoped_release release;
        s.stream->close();
      });
}
