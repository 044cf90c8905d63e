// The Python bridge from C++: values across the boundary, and hook stages
// in a pipeline run in memory. One interpreter for the whole binary (it is
// started by the first hook stage and never restarted).

#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <pybind11/embed.h>

#include "core/errors/error.hpp"
#include "core/pipeline/pipeline.hpp"
#include "hooks/convert.hpp"
#include "hooks/runtime.hpp"

namespace py = pybind11;
using namespace weir;

namespace {

std::string write_hook(const std::string& name, const std::string& source) {
  auto path = std::filesystem::temp_directory_path() / ("weir_bridge_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(path) << source;
  return path.string();
}

std::string run_text(const std::string& input, const std::string& from, const std::string& to,
                     std::vector<StageSpec> stages, OnError on_error = OnError::fail) {
  PipelineSpec spec;
  spec.from = from;
  spec.to = to;
  spec.stages = std::move(stages);
  spec.on_error = on_error;
  std::string out;
  auto sink = string_sink(out);
  run_over(spec, memory_source(input, "in." + from), *sink);
  sink->flush();
  return out;
}

StageSpec hook(const std::string& ref, const char* mode = nullptr) {
  StageSpec s;
  s.verb = "hook";
  s.args = {ref};
  if (mode) s.options = {{mode, ""}};
  return s;
}

}  // namespace

TEST_CASE("a record hook changes, drops and multiplies records", "[hooks]") {
  std::string file = write_hook("rec.py",
                                "def f(rec, ctx):\n"
                                "    if rec['id'] == '2':\n"
                                "        return False\n"
                                "    if rec['id'] == '3':\n"
                                "        return [{'id': '3a'}, {'id': '3b'}]\n"
                                "    rec['x'] = int(rec['id']) * 10\n");
  CHECK(run_text("id\n1\n2\n3\n", "csv", "jsonl", {hook(file + ":f")}) ==
        "{\"id\":1,\"x\":10}\n{\"id\":\"3a\"}\n{\"id\":\"3b\"}\n");
}

TEST_CASE("values cross the boundary with their types", "[hooks]") {
  std::string file = write_hook("types.py",
                                "def f(rec, ctx):\n"
                                "    assert rec['n'] == 12 and isinstance(rec['n'], int)\n"
                                "    assert rec['x'] == 1.5 and rec['t'] is True and rec['z'] is None\n"
                                "    assert rec['o'] == {'k': [1, 2]} and rec['s'] == 'a\"b'\n"
                                "    rec['out'] = [rec['n'], None, 'x']\n");
  CHECK(run_text("{\"n\":12,\"x\":1.5,\"t\":true,\"z\":null,\"o\":{\"k\":[1,2]},\"s\":\"a\\\"b\"}\n", "jsonl",
                 "jsonl", {hook(file + ":f")}) ==
        "{\"n\":12,\"x\":1.5,\"t\":true,\"z\":null,\"o\":{\"k\":[1,2]},\"s\":\"a\\\"b\",\"out\":[12,null,\"x\"]}\n");
}

TEST_CASE("a batch hook sees numpy columns and keeps by mask", "[hooks]") {
  std::string file = write_hook("batch.py",
                                "import numpy as np\n"
                                "def f(batch, ctx):\n"
                                "    ms = batch['ms']\n"
                                "    assert isinstance(ms, np.ndarray) and ms.dtype == np.float64\n"
                                "    batch['double'] = ms * 2\n"
                                "    batch.keep(ms > 10)\n");
  CHECK(run_text("ms\n5\n20\n30.5\n", "csv", "csv", {hook(file + ":f", "batch")}) == "ms,double\n20,40\n30.5,61\n");
}

TEST_CASE("a hook's exception is a HookError naming the record and the traceback", "[hooks]") {
  std::string file = write_hook("raise.py", "def f(rec, ctx):\n    return rec['nope']\n");
  try {
    run_text("id\n1\n", "csv", "csv", {hook(file + ":f")});
    FAIL("no HookError");
  } catch (const HookError& e) {
    std::string what = e.what();
    CHECK(what.rfind("weir: hook " + file + ":f raised on in.csv:2: KeyError: 'nope'\nTraceback", 0) == 0);
    CHECK(what.find("return rec['nope']") != std::string::npos);
  }
}

TEST_CASE("under skip a failing record is counted and dropped", "[hooks]") {
  std::string file = write_hook("skip.py", "def f(rec, ctx):\n    if rec['id'] == '2':\n        raise ValueError('no')\n");
  CHECK(run_text("id\n1\n2\n3\n", "csv", "csv", {hook(file + ":f")}, OnError::skip) == "id\n1\n3\n");
}

TEST_CASE("a decode hook makes records from lines and an encode hook makes lines", "[hooks]") {
  std::string file = write_hook("codec.py",
                                "def parse(line, ctx):\n"
                                "    k, v = line.split('=')\n"
                                "    return {'k': k, 'v': int(v)}\n"
                                "def fmt(rec, ctx):\n"
                                "    return f\"{rec['k']}:{rec['v'] + 1}\"\n");
  CHECK(run_text("a=1\nb=2\n", "lines", "lines", {hook(file + ":parse", "decode"), hook(file + ":fmt", "encode")}) ==
        "a:2\nb:3\n");
}

TEST_CASE("from_python and to_python agree on every kind", "[hooks]") {
  py::gil_scoped_acquire gil;
  hooks::Runtime& runtime = hooks::Runtime::start(StageContext{});
  Batch batch;
  auto round = [&](py::object value) {
    Field f = hooks::from_python(value, "x", batch, runtime);
    return std::make_pair(std::string(f.value), f.kind);
  };
  CHECK(round(py::str("07")) == std::make_pair(std::string("07"), ValueKind::text));
  CHECK(round(py::int_(42)) == std::make_pair(std::string("42"), ValueKind::json));
  CHECK(round(py::float_(2.5)) == std::make_pair(std::string("2.5"), ValueKind::json));
  CHECK(round(py::bool_(false)) == std::make_pair(std::string("false"), ValueKind::json));
  CHECK(round(py::none()) == std::make_pair(std::string(), ValueKind::json));
  CHECK(py::cast<long>(hooks::to_python(Field("x", "7", ValueKind::json), runtime)) == 7);
  CHECK(py::cast<std::string>(hooks::to_python(Field("x", "7"), runtime)) == "7");
}
