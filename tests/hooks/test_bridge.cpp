// The Python bridge from C++: values across the boundary, and hook stages
// in a pipeline run in memory. One interpreter for the whole binary (it is
// started by the first hook stage and never restarted).

#include <catch2/catch.hpp>  // (its main: tests/unit/main.cpp)

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <pybind11/embed.h>

#include "config/runnable_pipeline.hpp"
#include "core/check/rule.hpp"
#include "core/errors/error.hpp"
#include "core/formats/format.hpp"
#include "core/formats/json_text.hpp"
#include "core/pipeline/pipeline.hpp"
#include "hooks/convert.hpp"
#include "hooks/runtime.hpp"
#include "hooks/stream.hpp"

namespace py = pybind11;
using namespace weir;

namespace {

// The files write_hook() wrote, removed when the tests end.
struct WrittenFiles {
  std::vector<std::filesystem::path> paths;
  ~WrittenFiles() {
    std::error_code ignored;
    for (const auto& path : paths) std::filesystem::remove(path, ignored);
  }
};
WrittenFiles written_files;

std::string write_hook(const std::string& name, const std::string& source) {
  auto path = std::filesystem::temp_directory_path() / ("weir_bridge_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(path) << source;
  written_files.paths.push_back(path);
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

// The records of a small CSV text, read as `weir check` would get them.
Batch csv_batch(const std::string& text) {
  ErrorPolicy errors;
  Batch batch;
  auto reader = format_named("csv").make_reader(memory_source(text, "data.csv"), ReadOptions{}, errors);
  REQUIRE(reader->read(batch));
  return batch;
}

check::RuleSpec hook_rule(const std::string& ref) {
  check::RuleSpec spec;
  spec.id = "r";
  spec.hook = ref;
  spec.origin = "rules[0]";
  return spec;
}

// A finding as one line, to compare whole lists: "record|message|field|severity".
std::vector<std::string> describe(const std::vector<check::Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) {
    out.push_back(std::to_string(f.record) + "|" + f.message + "|" + f.field + "|" +
                  (f.severity ? std::string(check::severity_name(*f.severity)) : "-") + "|" + std::to_string(f.rule));
  }
  return out;
}

std::vector<std::string> check_text(check::Rule& rule, const std::string& csv) {
  Batch batch = csv_batch(csv);
  std::vector<check::Finding> findings;
  rule.check(batch, findings);
  return describe(findings);
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
                                "    if rec['id'] == 2:\n"
                                "        return False\n"
                                "    if rec['id'] == 3:\n"
                                "        return [{'id': '3a'}, {'id': '3b'}]\n"
                                "    rec['x'] = int(rec['id']) * 10\n");
  CHECK(run_text("id\n1\n2\n3\n", "csv", "jsonl", {hook(file + ":f")}) ==
        "{\"id\":\"1\",\"x\":10}\n{\"id\":\"3a\"}\n{\"id\":\"3b\"}\n");
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

// A float a record hook sets is written as Python's repr() spells it, so
// that it reads back as a float (2.0 was written 2, and read back an int;
// -0.0 lost its sign); a JSON number past a double's range comes to Python
// as json.loads reads it (1e400 came as 0.0): inf, written back as null.
TEST_CASE("a record hook's floats read back as floats", "[hooks]") {
  std::string file = write_hook("floats.py",
                                "import math\n"
                                "def f(rec, ctx):\n"
                                "    assert rec['big'] == math.inf and rec['neg'] == -math.inf and rec['tiny'] == 0.0\n"
                                "    rec['a'] = 2.0\n"
                                "    rec['b'] = -0.0\n"
                                "    rec['c'] = 1e20\n"
                                "    rec['d'] = 5e-324\n"
                                "    rec['e'] = 0.1\n"
                                "    rec['f'] = 123456.5\n"
                                "    rec['g'] = rec['tiny']\n"
                                "    rec['h'] = rec['big']\n");
  // (values the hook leaves are written as they came)
  CHECK(run_text("{\"big\":1e400,\"neg\":-1e400,\"tiny\":1e-400}\n", "jsonl", "jsonl", {hook(file + ":f")}) ==
        "{\"big\":1e400,\"neg\":-1e400,\"tiny\":1e-400,\"a\":2.0,\"b\":-0.0,\"c\":1e+20,\"d\":5e-324,\"e\":0.1,"
        "\"f\":123456.5,\"g\":0.0,\"h\":null}\n");
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
  std::string file = write_hook("skip.py", "def f(rec, ctx):\n    if rec['id'] == 2:\n        raise ValueError('no')\n");
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

TEST_CASE("a config's input.parse and output.format_hook run first and last, around the words' verbs",
          "[hooks][config]") {
  std::string file = write_hook("io.py",
                                "def parse(line, ctx):\n"
                                "    k, v = line.split('=')\n"
                                "    return {'k': k, 'v': int(v)}\n"
                                "def fmt(rec, ctx):\n"
                                "    return f\"{rec['k']}:{rec['v']}\"\n");
  std::filesystem::path path(file);
  // the hooks relative to the config's folder; the words' hook to the current folder
  config::Config cfg = config::parse_config(
      fmt::format(R"J({{"version": 1, "input": {{"parse": "{0}:parse"}}, "output": {{"format_hook": "{0}:fmt"}},
                      "pipeline": [{{"filter": "v > 1"}}]}})J",
                  path.filename().string()),
      (path.parent_path() / "weir.json").string());
  config::PipelineWords words = config::parse_verb_chain({"--from", "csv", "head", "-n", "1", "then", "hook", "h.py:f"});
  PipelineSpec spec = config::runnable_pipeline(cfg, words);
  CHECK(spec.from == "lines");  // input.parse reads lines, whatever the words say
  CHECK(spec.to == "lines");
  std::vector<std::string> verbs;
  for (const auto& stage : spec.stages) verbs.push_back(stage.verb + " " + (stage.args.empty() ? "" : stage.args[0]));
  std::string here = (std::filesystem::current_path() / "h.py").lexically_normal().string();
  CHECK(verbs == std::vector<std::string>{"hook " + file + ":parse", "filter v > 1", "head ", "hook " + here + ":f",
                                          "hook " + file + ":fmt"});
  CHECK(spec.stages.front().options == std::vector<std::pair<std::string, std::string>>{{"decode", ""}});
  CHECK(spec.stages.back().options == std::vector<std::pair<std::string, std::string>>{{"encode", ""}});
  // a check writes reports, not records: no format hook
  PipelineSpec checked = config::runnable_pipeline(cfg, words, config::Purpose::check);
  CHECK(checked.stages.back().verb + " " + checked.stages.back().args[0] == "hook " + here + ":f");
  CHECK(checked.to != "lines");

  // and it runs: the decode hook's records through the verbs, out through the encode hook
  spec.stages.erase(spec.stages.end() - 2);  // h.py is not there
  std::string out;
  auto sink = string_sink(out);
  run_over(spec, memory_source("a=1\nb=2\nc=3\n", "in.log"), *sink);
  sink->flush();
  CHECK(out == "b:2\n");
}

TEST_CASE("from_python and to_python agree on every kind", "[hooks]") {
  py::gil_scoped_acquire gil;
  hooks::Runtime& runtime = hooks::Runtime::start(StageContext{});
  Batch batch;
  auto round = [&](py::object value) {
    Field f = hooks::from_python(value, "x", batch, runtime);
    return std::make_pair(std::string(f.value), f.kind);
  };
  CHECK(round(py::str("07")) == std::make_pair(std::string("07"), ValueKind::string));
  CHECK(round(py::int_(42)) == std::make_pair(std::string("42"), ValueKind::json));
  CHECK(round(py::float_(2.5)) == std::make_pair(std::string("2.5"), ValueKind::json));
  CHECK(round(py::bool_(false)) == std::make_pair(std::string("false"), ValueKind::json));
  CHECK(round(py::none()) == std::make_pair(std::string(), ValueKind::json));
  CHECK(round(py::float_(std::nan(""))) == std::make_pair(std::string(), ValueKind::json));
  CHECK(round(py::float_(INFINITY)) == std::make_pair(std::string(), ValueKind::json));
  CHECK(py::cast<long>(hooks::to_python(Field("x", "7", ValueKind::json), ColumnType::unknown, runtime)) == 7);
  // text as its column's type says
  CHECK(py::cast<std::string>(hooks::to_python(Field("x", "7"), ColumnType::str, runtime)) == "7");
  CHECK(py::cast<long>(hooks::to_python(Field("x", "7"), ColumnType::integer, runtime)) == 7);
  CHECK(py::cast<double>(hooks::to_python(Field("x", "7"), ColumnType::real, runtime)) == 7.0);
  CHECK(hooks::to_python(Field("x", "N/A"), ColumnType::real, runtime).is_none());
  CHECK(py::cast<std::string>(hooks::to_python(Field("x", "N/A"), ColumnType::str, runtime)) == "N/A");
  CHECK(py::cast<std::string>(hooks::to_python(Field("x", "abc"), ColumnType::integer, runtime)) == "abc");
  CHECK(py::cast<bool>(hooks::to_python(Field("x", "TRUE"), ColumnType::boolean, runtime)) == true);
}

// ---- rule hooks (weir check)

const char* kNumbers = "n,email\n1,a\n2,b\n3,c\n4,d\n5,e\n6,f\n7,g\n";

TEST_CASE("a rule hook's return values become findings", "[hooks][rules]") {
  std::string file = write_hook("rule_returns.py",
                                "import weir\n"
                                "def f(rec, ctx):\n"
                                "    n = rec['n']\n"
                                "    if n == 1: return None\n"
                                "    if n == 2: return True\n"
                                "    if n == 3: return False\n"
                                "    if n == 4: return 'n is four'\n"
                                "    if n == 5: return weir.Violation('bad email', field='email', severity='warning')\n"
                                "    if n == 6: return ['first', weir.Violation('second', field='n')]\n"
                                "    return []\n");
  check::RuleSpec spec = hook_rule(file + ":f");
  spec.message = "n is {n} at {email}";
  auto rule = check::make_hook_rule(spec, StageContext{});
  REQUIRE(rule->rules().size() == 1);
  CHECK(rule->rules()[0].id == "r");
  CHECK(rule->rules()[0].description == "hook " + file + ":f");
  CHECK(check_text(*rule, kNumbers) == std::vector<std::string>{
                                          "2|n is 3 at c||-|0",
                                          "3|n is four||-|0",
                                          "4|bad email|email|warning|0",
                                          "5|first||-|0",
                                          "5|second|n|-|0",
                                      });
  rule->finish();

  // without a message template, False says only that the rule failed
  auto plain = check::make_hook_rule(hook_rule(file + ":f"), StageContext{});
  CHECK(check_text(*plain, "n\n3\n") == std::vector<std::string>{"0|rule failed||-|0"});
  plain->finish();
}

TEST_CASE("a rule hook runs only where its when holds", "[hooks][rules]") {
  std::string file = write_hook("rule_when.py",
                                "calls = []\n"
                                "def f(rec, ctx):\n"
                                "    calls.append(str(rec['n']))\n"
                                "    return f\"line {ctx.line}\"\n"
                                "def called(rec, ctx):\n"
                                "    return ','.join(calls)\n");
  check::RuleSpec spec = hook_rule(file + ":f");
  spec.when = "n >= 6 or email == 'b'";
  auto rule = check::make_hook_rule(spec, StageContext{});
  CHECK(rule->rules()[0].description == "hook " + file + ":f (where n >= 6 or email == 'b')");
  CHECK(check_text(*rule, kNumbers) == std::vector<std::string>{"1|line 3||-|0", "5|line 7||-|0", "6|line 8||-|0"});
  // a batch where it holds nowhere does not call Python at all
  CHECK(check_text(*rule, "n,email\n1,x\n").empty());
  auto calls = check::make_hook_rule(hook_rule(file + ":called"), StageContext{});
  CHECK(check_text(*calls, "n\n1\n") == std::vector<std::string>{"0|2,6,7||-|0"});
  rule->finish();
  calls->finish();
}

TEST_CASE("a rule hook's when that does not compile names the rule", "[hooks][rules]") {
  std::string file = write_hook("rule_badwhen.py", "def f(rec, ctx):\n    return None\n");
  check::RuleSpec spec = hook_rule(file + ":f");
  spec.when = "n >= ";
  try {
    check::make_hook_rule(spec, StageContext{});
    FAIL("no UsageError");
  } catch (const UsageError& e) {
    CHECK(std::string(e.what()) ==
          "rules[0]: rule 'r' when: expected a value (a field, a number, a 'string', ...), found the end of the "
          "expression (column 6)\n  n >= \n       ^");
  }
}

TEST_CASE("a rule hook's exception is a HookError naming the record", "[hooks][rules]") {
  std::string file = write_hook("rule_raise.py", "def no_email(rec, ctx):\n    return rec['note']\n");
  auto rule = check::make_hook_rule(hook_rule(file + ":no_email"), StageContext{});
  try {
    check_text(*rule, "n\n1\n2\n");
    FAIL("no HookError");
  } catch (const HookError& e) {
    std::string what = e.what();
    CHECK(what.rfind("weir: hook " + file + ":no_email raised on data.csv:2: KeyError: 'note'\nTraceback", 0) == 0);
    CHECK(what.find("return rec['note']") != std::string::npos);
  }
}

TEST_CASE("a rule hook's wrong return type is named with what is allowed", "[hooks][rules]") {
  std::string file = write_hook("rule_type.py",
                                "def num(rec, ctx):\n    return 42\n"
                                "def listed(rec, ctx):\n    return ['ok', {'a': 1}]\n");
  const std::string allowed =
      "; a rule hook returns None or True (the record passes), False (it fails), a str (the violation's message), "
      "a weir.Violation or a list of str and weir.Violation";
  auto num = check::make_hook_rule(hook_rule(file + ":num"), StageContext{});
  CHECK_THROWS_WITH(check_text(*num, "n\n1\n"), "weir: hook " + file + ":num returned int on data.csv:2" + allowed);
  auto listed = check::make_hook_rule(hook_rule(file + ":listed"), StageContext{});
  CHECK_THROWS_WITH(check_text(*listed, "n\n1\n"),
                    "weir: hook " + file + ":listed returned dict in the list on data.csv:2" + allowed);
}

TEST_CASE("rule hooks of one file share its setup, and the last runs teardown", "[hooks][rules]") {
  std::string done = write_hook("rule_teardown.txt", "");
  std::filesystem::remove(done);
  std::string file = write_hook("rule_life.py",
                                "def setup(ctx):\n"
                                "    ctx.state['setups'] = ctx.state.get('setups', 0) + 1\n"
                                "    ctx.state['seen'] = 0\n"
                                "def a(rec, ctx):\n"
                                "    ctx.state['seen'] += 1\n"
                                "def b(rec, ctx):\n"
                                "    ctx.state['seen'] += 1\n"
                                "def teardown(ctx):\n"
                                "    open('" + done + "', 'w').write(\n"
                                "        f\"setups={ctx.state['setups']} seen={ctx.state['seen']}\")\n");
  auto a = check::make_hook_rule(hook_rule(file + ":a"), StageContext{});
  auto b = check::make_hook_rule(hook_rule(file + ":b"), StageContext{});
  CHECK(check_text(*a, "n\n1\n2\n").empty());
  CHECK(check_text(*b, "n\n1\n2\n3\n").empty());
  a->finish();
  CHECK_FALSE(std::filesystem::exists(done));
  b->finish();
  std::ifstream in(done);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text == "setups=1 seen=5");
}

TEST_CASE("--no-hooks refuses a rule hook", "[hooks][rules]") {
  StageContext context;
  context.no_hooks = true;
  CHECK_THROWS_MATCHES(check::make_hook_rule(hook_rule("rules.py:no_email"), context), SetupError,
                       Catch::Message("rule 'r' runs a Python hook (rules.py:no_email), and --no-hooks forbids "
                                      "running it"));
}

TEST_CASE("a hook inside the current folder is named relative to it", "[hooks][rules]") {
  std::string here = std::filesystem::current_path().string();
  CHECK(hooks::shown_hook_ref(here + "/rules.py:no_email") == "rules.py:no_email");
  CHECK(hooks::shown_hook_ref(here + "/sub/rules.py:f") == "sub/rules.py:f");
  CHECK(hooks::shown_hook_ref("./rules.py:f") == "./rules.py:f");
  std::string outside = std::filesystem::current_path().parent_path().string() + "/elsewhere/rules.py:f";
  CHECK(hooks::shown_hook_ref(outside) == outside);
}

// ---- the stream behind weir.records()

// The batches a stream hands over, as JSON lines (typed as weir.records() types them).
struct StreamLines {
  ColumnTypes types;
  bool next(hooks::RecordStream& stream, std::string& lines) {
    lines.clear();
    Batch batch;
    if (!stream.next(batch)) return false;
    types.learn(batch);
    auto sink = string_sink(lines);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      write_json_record(*sink, batch[i], &types);
      sink->put('\n');
    }
    sink->flush();
    return true;
  }
};

TEST_CASE("a record stream hands over the records before a malformed one, then raises", "[hooks][stream]") {
  // --strict: a ragged row is malformed (by default it is kept: see below)
  std::string csv = write_hook("stream_bad.csv", "id\n1\n2\n3,x\n4\n");
  PipelineSpec spec;
  spec.inputs = {csv};
  spec.read.strict = true;
  hooks::RecordStream stream(spec);
  StreamLines out;
  std::string lines;
  REQUIRE(out.next(stream, lines));
  CHECK(lines == "{\"id\":1}\n{\"id\":2}\n");
  try {
    out.next(stream, lines);
    FAIL("no InputError");
  } catch (const InputError& e) {
    CHECK(e.error().line == 4);
    CHECK(e.error().message.rfind("ragged row", 0) == 0);
  }
  CHECK_FALSE(out.next(stream, lines));
}

TEST_CASE("a record stream hands over a ragged row as read by default: kept, no error", "[hooks][stream]") {
  std::string csv = write_hook("stream_ragged.csv", "id\n1\n2\n3,x\n4\n");
  PipelineSpec spec;
  spec.inputs = {csv};
  hooks::RecordStream stream(spec);
  StreamLines out;
  std::string all, lines;
  while (out.next(stream, lines)) all += lines;
  // the extra value is kept as a field named by its position
  CHECK(all == "{\"id\":1}\n{\"id\":2}\n{\"id\":3,\"2\":\"x\"}\n{\"id\":4}\n");
  CHECK_FALSE(out.next(stream, lines));
}

TEST_CASE("a record stream hands over the records before a failing hook's, then raises", "[hooks][stream]") {
  std::string csv = write_hook("stream_hook.csv", "id\n1\n2\n3\n4\n");
  std::string file = write_hook("stream_hook.py", "def f(rec, ctx):\n    if rec['id'] == 3:\n        raise ValueError('three')\n");
  PipelineSpec spec;
  spec.inputs = {csv};
  spec.stages = {hook(file + ":f")};
  hooks::RecordStream stream(spec);
  StreamLines out;
  std::string lines;
  REQUIRE(out.next(stream, lines));
  CHECK(lines == "{\"id\":1}\n{\"id\":2}\n");
  try {
    out.next(stream, lines);
    FAIL("no HookError");
  } catch (const HookError& e) {
    CHECK(std::string(e.what()).rfind("weir: hook " + file + ":f raised on " + csv + ":4: ValueError: three\n", 0) == 0);
  }
}

TEST_CASE("a record stream closed early reads no further", "[hooks][stream]") {
  std::string text = "id\n";
  for (int i = 1; i <= 3000; ++i) text += std::to_string(i) + "\n";
  text += "x,y\n";  // a malformed last line, never reached
  std::string csv = write_hook("stream_long.csv", text);
  PipelineSpec spec;
  spec.inputs = {csv};
  spec.read.block_size = 4096;  // many batches
  hooks::RecordStream stream(spec);
  StreamLines out;
  std::string lines;
  REQUIRE(out.next(stream, lines));
  CHECK(lines.rfind("{\"id\":1}\n{\"id\":2}\n", 0) == 0);
  CHECK(std::count(lines.begin(), lines.end(), '\n') < 1500);  // a block of about 1000 records, not 3000
  stream.close();
  CHECK_FALSE(out.next(stream, lines));
}
