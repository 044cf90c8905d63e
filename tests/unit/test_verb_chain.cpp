// The words of a pipeline as `import weir` reads them (parse_verb_chain), and
// a config with words over it (merged_pipeline, runnable_pipeline). The
// command line's own messages are pinned by tests/cases/; hooks, and the
// hook stages runnable_pipeline adds, are tested where Python is (tests/hooks/).

#include <catch2/catch.hpp>

#include <filesystem>

#include "config/config.hpp"
#include "config/runnable_pipeline.hpp"
#include "config/verb_chain.hpp"
#include "core/errors/error.hpp"

using weir::PipelineSpec;
using weir::UsageError;
using weir::config::Config;
using weir::config::ConfigError;
using weir::config::parse_config;
using weir::config::parse_verb_chain;
using weir::config::PipelineWords;
using weir::config::Setting;

namespace {

std::string usage_error_of(const std::vector<std::string>& words) {
  try {
    parse_verb_chain(words);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("verb chain: main options before the verbs, among them and among the files", "[verb_chain]") {
  PipelineWords words = parse_verb_chain(
      {"--strict", "filter", "status >= 500", "-d", ";", "then", "head", "-n", "2", "a.csv", "--to", "jsonl", "b.csv"});
  REQUIRE(words.pipeline.stages.size() == 2);
  CHECK(words.pipeline.stages[0].verb == "filter");
  CHECK(words.pipeline.stages[0].args == std::vector<std::string>{"status >= 500"});
  CHECK(words.pipeline.stages[1].verb == "head");
  CHECK(words.pipeline.stages[1].options == std::vector<std::pair<std::string, std::string>>{{"lines", "2"}});
  CHECK(words.pipeline.inputs == std::vector<std::string>{"a.csv", "b.csv"});
  CHECK(words.pipeline.read.strict);
  CHECK(words.pipeline.read.delimiter == ';');
  CHECK(words.pipeline.to == "jsonl");
  // in order, to be applied again over a config's settings
  CHECK(words.settings == std::vector<Setting>{{"--strict", ""}, {"--delimiter", ";"}, {"--to", "jsonl"}});
  CHECK_FALSE(words.config);
}

TEST_CASE("verb chain: -c names a config, with or without verbs after it", "[verb_chain]") {
  PipelineWords alone = parse_verb_chain({"-c", "weir.json"});
  CHECK(alone.config == "weir.json");
  CHECK(alone.pipeline.stages.empty());
  PipelineWords with_verbs = parse_verb_chain({"--config=weir.json", "head"});
  CHECK(with_verbs.config == "weir.json");
  REQUIRE(with_verbs.pipeline.stages.size() == 1);
  CHECK(with_verbs.settings.empty());
}

TEST_CASE("verb chain: the weir command's own options and bad words are UsageErrors", "[verb_chain]") {
  CHECK(usage_error_of({}) == "no verb given (for example: filter 'status >= 500' then head)");
  CHECK(usage_error_of({"--version", "cat"}) == "--version is an option of the weir command, not of a pipeline");
  CHECK(usage_error_of({"cat", "-h"}) ==
        "-h/--help is an option of the weir command, not of a pipeline (weir help cat shows the verb's)");
  CHECK(usage_error_of({"--form", "csv", "cat"}) == "unknown option '--form' (did you mean '--from'?)");
  CHECK(usage_error_of({"filtr", "x"}) == "unknown verb 'filtr' (did you mean 'filter'?)");
  CHECK(usage_error_of({"head", "-n"}) == "head: option -n needs a value");
  CHECK(usage_error_of({"cat", "then"}) == "'then' must be followed by a verb");
}

TEST_CASE("verb chain: short flags bundle, Miller's single-dash names first", "[verb_chain]") {
  using Options = std::vector<std::pair<std::string, std::string>>;
  // -un is -u -n; the last letter may take the next word as its value
  PipelineWords words = parse_verb_chain({"count-distinct", "-un", "-f", "a,b", "then", "count-distinct", "-nf", "a", "x.csv"});
  REQUIRE(words.pipeline.stages.size() == 2);
  CHECK(words.pipeline.stages[0].options == Options{{"unlashed", ""}, {"number", ""}, {"fields", "a,b"}});
  CHECK(words.pipeline.stages[1].options == Options{{"number", ""}, {"fields", "a"}});
  CHECK(words.pipeline.inputs == std::vector<std::string>{"x.csv"});
  // sort -nr is Miller's option, not -n -r
  PipelineWords sort = parse_verb_chain({"sort", "-nr", "x"});
  REQUIRE(sort.pipeline.stages.size() == 1);
  CHECK(sort.pipeline.stages[0].options == Options{{"numeric-desc", "x"}});
  // a letter that takes a value takes the rest of the word (getopt's -fn = -f n)
  PipelineWords attached = parse_verb_chain({"count-distinct", "-fn", "a"});
  CHECK(attached.pipeline.stages[0].options == Options{{"fields", "n"}});
  CHECK(attached.pipeline.inputs == std::vector<std::string>{"a"});
  // an unknown letter leaves the word as it was
  CHECK(usage_error_of({"count-distinct", "-nz"}) == "count-distinct: unknown option '-nz' (did you mean '-n'?)");
}

TEST_CASE("verb chain: CLI11 reads each part between 'then's from the option rows", "[verb_chain]") {
  using Options = std::vector<std::pair<std::string, std::string>>;
  // --opt=value, -nVALUE and a value that looks like an option (taken as it is)
  PipelineWords words = parse_verb_chain({"seqgen", "--start=-5", "--stop", "-3", "then", "head", "-n1", "then",
                                          "fill-empty", "-v", "-1"});
  REQUIRE(words.pipeline.stages.size() == 3);
  CHECK(words.pipeline.stages[0].options == Options{{"start", "-5"}, {"stop", "-3"}});
  CHECK(words.pipeline.stages[1].options == Options{{"lines", "1"}});
  CHECK(words.pipeline.stages[2].options == Options{{"value", "-1"}});
  // options keep the order they were written in, across rows (sort's keys)
  PipelineWords sort = parse_verb_chain({"sort", "-f", "a", "-nr", "b", "-f", "c", "x.csv"});
  CHECK(sort.pipeline.stages[0].options == Options{{"text", "a"}, {"numeric-desc", "b"}, {"text", "c"}});
  CHECK(sort.pipeline.inputs == std::vector<std::string>{"x.csv"});
  // a verb's name is the verb's (cut -o), the main option keeps its long name
  PipelineWords cut = parse_verb_chain({"cut", "-o", "-f", "b,a", "--output", "out.csv", "in.csv"});
  CHECK(cut.pipeline.stages[0].options == Options{{"order", ""}, {"fields", "b,a"}});
  CHECK(cut.pipeline.output == "out.csv");
  // after "--", every word is a file, also one that looks like an option or
  // 'then', but for the arguments the verb still needs
  PipelineWords dashes = parse_verb_chain({"cat", "--", "-x.csv", "then"});
  CHECK(dashes.pipeline.inputs == std::vector<std::string>{"-x.csv", "then"});
  PipelineWords grep = parse_verb_chain({"grep", "-i", "--", "-foo", "in.csv"});
  CHECK(grep.pipeline.stages[0].args == std::vector<std::string>{"-foo"});
  CHECK(grep.pipeline.inputs == std::vector<std::string>{"in.csv"});
  // an option that stands for the arguments counts for the words after it
  PipelineWords keys = parse_verb_chain({"sort", "host", "-nr", "ms", "in.csv"});
  CHECK(keys.pipeline.stages[0].args == std::vector<std::string>{"host"});
  CHECK(keys.pipeline.stages[0].options == Options{{"numeric-desc", "ms"}});
  CHECK(keys.pipeline.inputs == std::vector<std::string>{"in.csv"});
  // Miller's -nr=x, as -nr x
  CHECK(parse_verb_chain({"sort", "-nr=x"}).pipeline.stages[0].options == Options{{"numeric-desc", "x"}});
  // Miller's format flags are the main options they stand for
  PipelineWords miller = parse_verb_chain({"--c2j", "head", "--fs", ";", "--from", "in.csv"});
  CHECK(miller.pipeline.from == "csv");
  CHECK(miller.pipeline.to == "json");
  CHECK(miller.pipeline.read.delimiter == ';');
  CHECK(miller.pipeline.inputs == std::vector<std::string>{"in.csv"});
  PipelineWords io = parse_verb_chain({"--io", "json", "-p", "--allow-ragged-csv-input", "cat"});
  CHECK(io.settings == std::vector<Setting>{{"--from", "json"}, {"--to", "json"}, {"--from", "nidx"},
                                           {"--to", "nidx"}, {"--ragged", "keep"}});
  // weir's messages over CLI11's
  CHECK(usage_error_of({"--trim=yes", "cat"}) == "option --trim takes no value");
  CHECK(usage_error_of({"cat", "--number=yes"}) == "cat: option --number takes no value");
  CHECK(usage_error_of({"cat", "-nq"}) == "cat: unknown option '-nq' (did you mean '-n'?)");
  CHECK(usage_error_of({"-o", "", "cat"}) == "-o expects a file's path, got ''");
  // an empty --opt= is an empty value, not the next word (which would be the file to write)
  CHECK(usage_error_of({"cat", "--rejects=", "in.csv"}) == "--rejects expects a file's path, got ''");
  CHECK(usage_error_of({"head", "--lines=", "in.csv"}) == "head: --lines expects a whole number >= 0, got ''");
  CHECK(usage_error_of({"sort", "-nr"}) == "sort: option -nr needs a value");
  CHECK(usage_error_of({"cut", "-f", "then", "head"}) ==
        "cut: option -f needs a value ('then' ends the verb's words: a value 'then' cannot be given)");
  CHECK(usage_error_of({"then", "cat"}) == "expected a verb, got 'then'");
  CHECK(usage_error_of({"cat", "then", "then", "head"}) == "'then' must be followed by a verb");
  CHECK(usage_error_of({"cat", "x.csv", "then", "head"}) == "'then' after the file 'x.csv': files come after the last verb");
}

TEST_CASE("verb chain: --types declares column types, the later one winning per name", "[verb_chain]") {
  using weir::ColumnType;
  PipelineWords words =
      parse_verb_chain({"--types", "zip:str,n:float", "cat", "--types=n:int,*:str,a:b:bool", "x.csv"});
  CHECK(words.pipeline.types == weir::DeclaredTypes{{"*", ColumnType::str},
                                                    {"a:b", ColumnType::boolean},  // the last ':' ends the name
                                                    {"n", ColumnType::integer},
                                                    {"zip", ColumnType::str}});
  CHECK(words.settings ==
        std::vector<Setting>{{"--types", "zip:str,n:float"}, {"--types", "n:int,*:str,a:b:bool"}});
}

TEST_CASE("verb chain: a bad --types names the bad part and the types there are", "[verb_chain]") {
  CHECK(usage_error_of({"--types", "zip:string2", "cat"}) ==
        "--types: 'zip:string2': unknown type 'string2' (str, int, float, bool)");
  CHECK(usage_error_of({"--types", "a:int,zip", "cat"}) ==
        "--types: 'zip': expected NAME:TYPE (str, int, float, bool)");
  CHECK(usage_error_of({"--types", ":int", "cat"}) ==
        "--types: ':int': expected NAME:TYPE (str, int, float, bool)");
  CHECK(usage_error_of({"--types", "a:int,", "cat"}) ==
        "--types: '': expected NAME:TYPE (str, int, float, bool)");
  CHECK(usage_error_of({"--types", "a:", "cat"}) == "--types: 'a:': unknown type '' (str, int, float, bool)");
  CHECK(usage_error_of({"cat", "--types"}) == "cat: option --types needs a value");
}

TEST_CASE("runnable pipeline: --types in the words over the config's types, name by name", "[verb_chain]") {
  using weir::ColumnType;
  auto folder = std::filesystem::temp_directory_path();
  Config config = parse_config(R"J({"version": 1, "input": {"types": {"zip": "int", "n": "float"}},
    "schema": {"fields": [{"name": "id", "type": "int"}]}})J",
                               (folder / "weir.json").string());
  PipelineWords words = parse_verb_chain({"--types", "zip:str,id:str,*:str", "cat"});
  PipelineSpec spec = weir::config::runnable_pipeline(config, words);
  CHECK(spec.types == weir::DeclaredTypes{{"*", ColumnType::str},
                                          {"id", ColumnType::str},
                                          {"n", ColumnType::real},  // the config's: not named in the words
                                          {"zip", ColumnType::str}});
}

TEST_CASE("runnable pipeline: the words' settings override the config's, verbs follow its stages", "[verb_chain]") {
  auto folder = std::filesystem::temp_directory_path();
  Config config = parse_config(R"J({"version": 1, "input": {"format": "tsv", "delimiter": "|"},
    "output": {"format": "jsonl"}, "pipeline": [{"filter": "status >= 500"}]})J",
                               (folder / "weir.json").string());
  PipelineWords words = parse_verb_chain({"--to", "csv", "head", "-n", "1", "a.tsv"});
  PipelineSpec spec = weir::config::runnable_pipeline(config, words);
  CHECK(spec.from == "tsv");  // the config's, not overridden
  CHECK(spec.read.delimiter == '|');
  CHECK(spec.to == "csv");  // the words win
  REQUIRE(spec.stages.size() == 2);
  CHECK(spec.stages[0].verb == "filter");
  CHECK(spec.stages[1].verb == "head");
  CHECK(spec.inputs == std::vector<std::string>{"a.tsv"});
  CHECK(spec.base_dir == config.pipeline.base_dir);
}

TEST_CASE("runnable pipeline: no words, no config: the words' pipeline as it is", "[verb_chain]") {
  PipelineWords words = parse_verb_chain({"--trim", "cat", "x.csv"});
  PipelineSpec spec = weir::config::build_pipeline(words);
  CHECK(spec.read.trim);
  CHECK(spec.inputs == std::vector<std::string>{"x.csv"});
  REQUIRE(spec.stages.size() == 1);
  CHECK(spec.stages[0].verb == "cat");
}

TEST_CASE("runnable pipeline: a config given as text is named by words.config", "[verb_chain]") {
  PipelineWords words;
  words.config = "<dict>";
  try {
    weir::config::build_pipeline(words, std::string_view(R"J({"version": 2})J"));
    FAIL("a config of version 2 was accepted");
  } catch (const ConfigError& e) {
    REQUIRE_FALSE(e.problems().empty());
    CHECK(e.problems()[0].starts_with("<dict>: version: "));
  }
}

TEST_CASE("option rows: each value is checked by its row's kind as it is read", "[verb_chain]") {
  // a count, with the row's bounds; the option as the words spelled it
  CHECK(usage_error_of({"head", "-n", "ten"}) == "head: -n expects a whole number >= 0, got 'ten'");
  CHECK(usage_error_of({"head", "--lines=-1"}) == "head: --lines expects a whole number >= 0, got '-1'");
  CHECK(usage_error_of({"histogram", "-f", "x", "--nbins", "0"}) == "histogram: --nbins expects a whole number >= 1, got '0'");
  CHECK(usage_error_of({"-j", "0", "cat"}) == "-j expects a whole number from 1 to 1024, got '0'");
  CHECK(usage_error_of({"--threads", "1025", "cat"}) == "--threads expects a whole number from 1 to 1024, got '1025'");
  // a size: bytes or K, M, G; past 2^64 bytes is no size
  CHECK(usage_error_of({"--max-record-size", "20000000000G", "cat"}) ==
        "--max-record-size expects a size such as 500M or 2G (bytes, K, M or G), got '20000000000G'");
  CHECK(parse_verb_chain({"--max-record-size", "2K", "cat"}).pipeline.read.max_record_size == 2048);
  // a number: finite, as a field's value reads
  CHECK(usage_error_of({"seqgen", "--stop", "inf"}) == "seqgen: --stop expects a number, got 'inf'");
  // a choice: one of its values, with did-you-mean; --encoding also takes its aliases
  CHECK(usage_error_of({"--ragged", "kep", "cat"}) == "--ragged expects keep, pad, skip or error, got 'kep' (did you mean 'keep'?)");
  CHECK(parse_verb_chain({"--encoding", "LATIN-1", "cat"}).pipeline.read.encoding == weir::Encoding::latin1);
  // a format: its own message, with the formats there are
  CHECK(usage_error_of({"--to", "xml", "cat"}).starts_with("unknown format 'xml'"));
  // the setters: each row sets its part of the pipeline
  PipelineWords words = parse_verb_chain({"--on-error", "skip", "--max-rejects", "3", "-j", "2", "--no-header", "cat"});
  CHECK(words.pipeline.on_error == weir::OnError::skip);
  CHECK(words.pipeline.max_rejects == 3);
  CHECK(words.pipeline.threads == 2);
  CHECK(words.pipeline.read.header == false);
}

TEST_CASE("option rows: a verb made from a spec no parser read checks and sets its values the same way", "[verb_chain]") {
  // (a config, import weir: with_options checks each value by its row, then
  // the row's setter fills the verb's options)
  weir::StageSpec spec;
  spec.verb = "head";
  spec.options.emplace_back("lines", "x");
  const weir::StageInfo* head = weir::find_stage("head");
  REQUIRE(head != nullptr);
  CHECK_THROWS_WITH(head->make(spec), "head: -n expects a whole number >= 0, got 'x'");
  spec.options.back().second = "3";
  CHECK(head->make(spec)->output_limit() == 3u);
  // given twice, the last value wins
  spec.options.emplace_back("lines", "5");
  CHECK(head->make(spec)->output_limit() == 5u);
  // a setter's error gets the verb's name
  spec.options.emplace_back("group-by", "a,,b");
  CHECK_THROWS_WITH(head->make(spec), "head: empty field name in 'a,,b' (names are separated by commas)");
  // a name no row of the verb sets is weir's bug, in every build
  spec.options.back() = {"nothing-given", "1"};
  CHECK_THROWS_WITH(head->make(spec), "weir bug: head was given an option --nothing-given no row of its sets");
}

TEST_CASE("stage registry: every verb's row is made on demand under its own name", "[verb_chain]") {
  // (rows are made when first looked up; the name a row is listed under must
  // be the name inside it, or find_stage would hand out the wrong verb)
  for (const std::string& name : weir::stage_names()) {
    const weir::StageInfo* info = weir::find_stage(name);
    REQUIRE(info != nullptr);
    CHECK(info->name == name);
    CHECK(info->make != nullptr);
  }
  CHECK(weir::find_stage("sort-within-records")->name == "sort-within-records");
  CHECK(weir::find_stage("no-such-verb") == nullptr);
}
