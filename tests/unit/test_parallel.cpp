// The parallel engine (-j N, core/pipeline/parallel_input.hpp): whatever the
// input, the number of threads and where blocks end, a run gives -j 1's
// output, counts and first error. Inputs are generated so that line breaks
// sit inside quoted fields, beside doubled and backslash-escaped quotes and
// in CRLF pairs at every turn; tiny blocks put a chunk boundary at each.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <functional>
#include <random>

#include "core/errors/error.hpp"
#include "core/pipeline/pipeline.hpp"
#include "test_support.hpp"

namespace {

// The thread-per-size rule's tests read files of a few MiB: a thread per MiB
// there is the default's rule (a thread per 16 MiB) on a sixteenth of the data.
constexpr std::int64_t kTestBytesPerThread = 1 << 20;

struct Outcome {
  std::string output;
  std::string error;  // the InputError that ended the run, formatted
  weir::RunStats stats;
};

struct Run {
  std::string format = "csv";
  std::vector<weir::StageSpec> stages;
  weir::ReadOptions read;
  weir::OnError on_error = weir::OnError::skip;
  std::optional<std::int64_t> max_rejects;
};

// How the input is read: as a regular file is (each chunk by the thread
// that parses it), as a pipe is (cut and copied in turn by the threads), or
// as decompressed input is (cut on a thread of its own, ahead).
enum class Read { anywhere, pipe, decoded };

const char* name_of(Read read) {
  return read == Read::anywhere ? "anywhere" : read == Read::pipe ? "pipe" : "decoded";
}

Outcome run_source(std::unique_ptr<weir::Source> source, const Run& how, int threads, std::size_t block_size);

Outcome run(const std::string& input, const Run& how, int threads, std::size_t block_size,
            Read read = Read::anywhere) {
  return run_source(weir::memory_source(input, "in." + how.format, read == Read::anywhere, read == Read::decoded),
                    how, threads, block_size);
}

Outcome run_source(std::unique_ptr<weir::Source> source, const Run& how, int threads, std::size_t block_size) {
  weir::PipelineSpec spec;
  spec.from = how.format;
  spec.to = how.format == "csv" || how.format == "tsv" ? how.format : "jsonl";
  spec.stages = how.stages;
  spec.read = how.read;
  spec.read.block_size = block_size;
  spec.on_error = how.on_error;
  spec.max_rejects = how.max_rejects;
  spec.threads = threads;
  Outcome outcome;
  auto sink = weir::string_sink(outcome.output);
  try {
    outcome.stats = weir::run_over(spec, std::move(source), *sink);
  } catch (const weir::InputError& e) {
    outcome.error = weir::format_data_error(e.error());
  }
  sink->flush();
  return outcome;
}

std::vector<std::string> run_notes(const std::string& input, const Run& how, int threads) {
  return run(input, how, threads, std::size_t{1} << 20).stats.notes;
}

std::string first_skipped(const weir::RunStats& s) {
  if (s.skipped == 0) return "";
  return weir::format_data_error(s.first_skipped);
}

// -j 1 with the default block size against several threads and tiny blocks.
void require_same(const std::string& input, const Run& how) {
  Outcome serial = run(input, how, 1, std::size_t{1} << 20);
  for (std::size_t block : {1, 3, 8, 29, 64, 300}) {
    for (auto [threads, read] : {std::pair{2, Read::anywhere}, {3, Read::anywhere}, {3, Read::pipe},
                                 {2, Read::decoded}, {3, Read::decoded}}) {
      CAPTURE(input, block, threads, name_of(read));
      Outcome parallel = run(input, how, threads, block, read);
      REQUIRE(parallel.output == serial.output);
      REQUIRE(parallel.error == serial.error);
      // head stops the reading: how much was read depends on where blocks end
      if (how.stages.empty() || how.stages.back().verb != "head") {
        REQUIRE(parallel.stats.records_read == serial.stats.records_read);
      }
      REQUIRE(parallel.stats.written == serial.stats.written);
      REQUIRE(parallel.stats.skipped == serial.stats.skipped);
      REQUIRE(parallel.stats.rejected == serial.stats.rejected);
      REQUIRE(parallel.stats.repaired == serial.stats.repaired);
      REQUIRE(first_skipped(parallel.stats) == first_skipped(serial.stats));
      REQUIRE(parallel.stats.notes == serial.stats.notes);
    }
  }
}

std::string pick(std::mt19937& rng, const std::vector<std::string>& from) {
  return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(rng)];
}

// A CSV file of `rows` rows whose fields are drawn from `values`, each row
// ended by `newline`.
std::string csv_file(std::mt19937& rng, int rows, const std::vector<std::string>& values, const std::string& newline) {
  std::string out = "id,a,b" + newline;
  for (int i = 0; i < rows; ++i) out += std::to_string(i) + "," + pick(rng, values) + "," + pick(rng, values) + newline;
  return out;
}

const std::vector<std::string> kQuoted = {
    "plain", "", "\"q\"", "\"a\nb\"", "\"a\r\nb\"", "\"\n\"", "\"x\"\"y\"", "\"\"\"\n\"\"\"", "\"a,b\"",
    "\"\n\n\n\"", "\"ends\n\"", "\"\nstarts\"", "\"caf\xC3\xA9\"", "12.5"};

weir::StageSpec verb(std::string name, std::vector<std::string> args) {
  weir::StageSpec spec;
  spec.verb = std::move(name);
  spec.args = std::move(args);
  return spec;
}

}  // namespace

TEST_CASE("parallel: quoted line breaks at every turn, LF and CRLF, read as -j 1 does", "[threads]") {
  std::mt19937 rng(12);
  for (const std::string newline : {"\n", "\r\n"}) {
    for (int n = 0; n < 4; ++n) {
      std::string input = csv_file(rng, 40, kQuoted, newline);
      require_same(input, Run{});
      Run strict;
      strict.read.strict = true;
      require_same(input, strict);
    }
  }
}

TEST_CASE("parallel: a CSV file is cut where its records start, wherever its quoted fields hold line breaks",
          "[threads]") {
  // The quotes before each line break say which breaks end records: no
  // chunk starts inside a quoted field, so none is parsed again in order
  // (one thread's work), at any block size, read in any way.
  std::mt19937 rng(61);
  for (const std::string newline : {"\n", "\r\n"}) {
    std::string input = csv_file(rng, 300, kQuoted, newline);
    Outcome serial = run(input, Run{}, 1, std::size_t{1} << 20);
    for (std::size_t block : {1, 7, 64, 300, 4096}) {
      for (auto [threads, read] : {std::pair{2, Read::anywhere}, {3, Read::anywhere}, {3, Read::pipe},
                                   {2, Read::decoded}}) {
        CAPTURE(newline, block, threads, name_of(read));
        Outcome parallel = run(input, Run{}, threads, block, read);
        REQUIRE(parallel.output == serial.output);
        REQUIRE(parallel.stats.records_read == serial.stats.records_read);
        REQUIRE(parallel.stats.reparsed == 0);
      }
    }
  }
}

TEST_CASE("parallel: a lone quote read as text, then quoted line breaks: read as -j 1 reads them",
          "[threads]") {
  // 5'11" is text (lenient): by the quotes' count every line after it is
  // inside a quoted field. Where no quote follows, the chunks' ends are
  // taken for records' ends; where quoted line breaks follow, the count is
  // found wrong once and the rest is cut at line breaks, each cut checked.
  for (int rows : {3000, 30000}) {
    std::string input = "id,height,note\n";
    for (int i = 0; i < rows; ++i) {
      input += std::to_string(i) + "," + (i == rows / 2 ? "5'11\"" : "170") + "," +
               (i % 700 == 699 ? "\"a\nb\"" : "x") + "\n";
    }
    if (rows == 3000) require_same(input, Run{});
    Outcome serial = run(input, Run{}, 1, std::size_t{1} << 20);
    for (std::size_t block : {300, 1 << 20}) {
      for (auto [threads, read] : {std::pair{2, Read::anywhere}, {3, Read::pipe}}) {
        CAPTURE(rows, block, threads, name_of(read));
        Outcome parallel = run(input, Run{}, threads, block, read);
        REQUIRE(parallel.output == serial.output);
        REQUIRE(parallel.stats.records_read == rows);
        REQUIRE(parallel.stats.reparsed <= 12);
      }
    }
  }
}

TEST_CASE("parallel: gzip input, cut ahead on a thread of its own, read to its end or to its damage",
          "[threads]") {
  std::mt19937 rng(11);
  const std::string text = csv_file(rng, 40000, kQuoted, "\n");  // (past the sniffer's 256 KiB)
  const std::string gz = weir::test::gzip_bytes(text);
  Run cat;
  Run head;  // (stops the reading halfway: the thread reading ahead is stopped)
  head.stages = {verb("head", {})};
  head.stages[0].options = {{"lines", "20000"}};
  for (const Run& how : {cat, head}) {
    // whole, and cut off two thirds in (the records before the cut are read)
    for (const std::string& bytes : {gz, gz.substr(0, gz.size() * 2 / 3)}) {
      auto gzip = [&] { return weir::decompressed(weir::memory_source(bytes, "in.csv.gz", false)); };
      Outcome serial = run_source(gzip(), how, 1, std::size_t{1} << 20);
      if (bytes.size() < gz.size() && how.stages.empty()) {
        REQUIRE(serial.error ==
                "weir: in.csv.gz: truncated gzip data (the file ends in the middle of the stream)\n");
        REQUIRE(std::count(serial.output.begin(), serial.output.end(), '\n') > 1000);
      }
      for (auto [threads, block] : {std::pair<int, std::size_t>{2, 1000}, {3, 8192}}) {
        CAPTURE(bytes.size(), threads, block);
        Outcome parallel = run_source(gzip(), how, threads, block);
        REQUIRE(parallel.output == serial.output);
        REQUIRE(parallel.error == serial.error);
      }
    }
  }
}

TEST_CASE("parallel: the records before the input fails are read as -j 1 reads them, after a lone quote too",
          "[threads]") {
  // After a lone quote (5'11") the quotes' count is wrong: what the cutting
  // thread and the ordered side hold back as one long quoted field is in
  // fact records. When the input then fails (a damaged gzip member, a lone
  // UTF-16 surrogate), they are read before the failure is raised.
  std::string text = "a,b\n1,\"q,1\"\n2,\"multi\nline\"\n";
  // (past the sniffer's sample)
  for (int i = 0; i < 12000; ++i) text += std::to_string(i) + ",abcdefghabcdefghabcd\n";
  text += "12000,5'11\"\n0,y\n1,y\n4000,\"";
  for (int k = 0; k < 200; ++k) text += std::to_string(k) + ",abcdefgh\n";
  text += "\"\n";
  for (int i = 0; i < 50; ++i) text += std::to_string(i) + ",zzz\n";
  const std::string gz = weir::test::gzip_bytes(text);
  const std::string damaged_gz = gz + gz.substr(0, 12) + std::string(28, '\xff');
  std::string utf16 = "\xff\xfe";
  for (char c : text) utf16 += {c, '\0'};
  utf16 += std::string("\x00\xd8", 2);  // (a lone surrogate)
  auto gzip = [&] { return weir::decompressed(weir::memory_source(damaged_gz, "in.csv.gz", false)); };
  auto wide = [&] { return weir::memory_source(utf16, "in.csv", false); };
  for (const auto& make : {std::function<std::unique_ptr<weir::Source>()>(gzip), std::function(wide)}) {
    for (std::size_t block : {64, 1000, 1 << 20}) {
      Outcome serial = run_source(make(), Run{}, 1, block);
      REQUIRE(!serial.error.empty());
      REQUIRE(std::count(serial.output.begin(), serial.output.end(), '\n') > 12200);  // (the 50 after too)
      for (int threads : {2, 3}) {
        CAPTURE(block, threads, serial.error);
        Outcome parallel = run_source(make(), Run{}, threads, block);
        REQUIRE(parallel.output == serial.output);
        REQUIRE(parallel.error == serial.error);
      }
    }
  }
}

TEST_CASE("parallel: per-record verbs on threads, the others in order", "[threads]") {
  std::mt19937 rng(7);
  std::string input = csv_file(rng, 60, kQuoted, "\n");
  Run filter;
  filter.stages = {verb("filter", {"len(a) > 3"}), verb("derive", {"n=id * 2"}), verb("select", {"n,a"})};
  require_same(input, filter);
  Run counted;
  counted.stages = {verb("grep", {"\n"}), verb("cat", {}), verb("count", {})};
  require_same(input, counted);
  Run head;
  head.stages = {verb("filter", {"id >= 5"}), verb("head", {})};
  require_same(input, head);
  // verbs that rebuild records (new field lists, values stored in the batch)
  weir::StageSpec cut = verb("cut", {});
  cut.options = {{"fields", "b,id,a"}, {"order", ""}};
  weir::StageSpec reorder = verb("reorder", {});
  reorder.options = {{"fields", "a"}, {"end", ""}};
  weir::StageSpec tmpl = verb("template", {});
  tmpl.options = {{"fields", "a,id,z"}, {"fill-with", "-"}};
  weir::StageSpec stringify = verb("json-stringify", {});
  stringify.options = {{"fields", "a"}};
  Run rebuilt;
  rebuilt.stages = {verb("sec2gmt", {"id"}), cut, reorder, tmpl, stringify};
  require_same(input, rebuilt);
  // and verbs that add records or fields (a value split on "a")
  weir::StageSpec explode = verb("nest", {});
  explode.options = {{"evar", "a"}, {"field", "a"}};
  weir::StageSpec unsparsify = verb("unsparsify", {});
  unsparsify.options = {{"fields", "c,a"}, {"fill-with", "0"}};
  rebuilt.stages = {explode, unsparsify};
  require_same(input, rebuilt);
}

TEST_CASE("parallel: count and uniq fold chunks on threads and merge them in order", "[threads]") {
  std::mt19937 rng(9);
  std::string input = csv_file(rng, 80, kQuoted, "\n");
  weir::StageSpec by_a = verb("count", {});
  by_a.options = {{"group-by", "a,b"}};
  Run count;
  count.stages = {by_a};
  require_same(input, count);
  count.stages = {verb("count", {})};
  require_same(input, count);
  count.stages = {verb("filter", {"id % 3 != 0"}), by_a};
  require_same(input, count);
  weir::StageSpec uniq = verb("uniq", {"b"});
  uniq.options = {{"count", ""}};
  Run distinct;
  distinct.stages = {verb("derive", {"c=len(a)"}), uniq};
  require_same(input, distinct);
  weir::StageSpec how_many = verb("uniq", {"a"});
  how_many.options = {{"number", ""}};
  distinct.stages = {how_many};
  require_same(input, distinct);
  // a malformed row that fails the run stops the counting where -j 1 does
  Run failing;
  failing.read.strict = true;
  failing.on_error = weir::OnError::fail;
  failing.stages = {by_a};
  require_same(input + "9,\"x\"y,1\n10,a,b\n", failing);
}

// Rows of a group, two numbers with rounding-sensitive decimals, ties,
// missing marks and words among them.
std::string numbers_file(std::mt19937& rng, int rows) {
  const std::vector<std::string> groups = {"a", "b", "c", "\"d,e\""};
  const std::vector<std::string> numbers = {"0.1", "0.2", "0.3", "1e-9", "123456.789", "-7", "7", "7", "N/A",
                                            "", "x", "3.3333333333333335", "1e300", "-0.0"};
  std::string out = "g,x,y\n";
  for (int i = 0; i < rows; ++i) out += pick(rng, groups) + "," + pick(rng, numbers) + "," + pick(rng, numbers) + "\n";
  return out;
}

TEST_CASE("parallel: stats and top fold chunks on threads; merged in input order to the last bit",
          "[threads]") {
  std::mt19937 rng(21);
  std::string input = numbers_file(rng, 120);
  weir::StageSpec stats = verb("stats", {});
  stats.options = {{"aggregates", "count,sum"}, {"fields", "x"}, {"group-by", "g"}};
  Run run;
  run.stages = {stats};
  REQUIRE(::run("g,x\na,1\nb,2\na,3\nb,x\n", run, 3, 3).output == "g,x_count,x_sum\na,2,4\nb,2,2\n");
  stats.options = {{"aggregates", "count,sum,mean,min,max,stddev,p50,p90,distinct"}, {"fields", "x,y"}, {"group-by", "g"}};
  run.stages = {stats};
  require_same(input, run);
  stats.options = {{"aggregates", "sum,mean"}, {"fields", "y"}};
  run.stages = {verb("filter", {"x != 7"}), stats};
  require_same(input, run);
  weir::StageSpec top = verb("top", {});
  top.options = {{"count", "2"}, {"fields", "x"}, {"group-by", "g"}, {"all-fields", ""}};
  run.stages = {top};
  require_same(input, run);
  REQUIRE(::run("g,x\na,1\nb,2\na,3\nb,x\na,3\n", run, 3, 3).output == "g,x\na,3\na,3\nb,2\n");
  top.options = {{"count", "3"}, {"fields", "x,y"}, {"min", ""}};
  run.stages = {top};
  require_same(input, run);
}

TEST_CASE("parallel: sort then head keeps each chunk's best records and offers them in input order",
          "[threads]") {
  std::mt19937 rng(33);
  std::string input = numbers_file(rng, 120);
  weir::StageSpec head = verb("head", {});
  head.options = {{"lines", "4"}};
  Run run;
  run.stages = {verb("sort", {"x:nr"}), head};
  // (ties keep input order: the first 3 is b's, whatever chunk it is in)
  REQUIRE(::run("g,x\na,1\nb,3\na,3\nb,x\na,2\n", run, 3, 3).output == "g,x\nb,3\na,3\na,2\na,1\n");
  require_same(input, run);
  // ties past the first chunk: the earliest four of them
  std::string ties = "id,x\n";
  for (int i = 1; i <= 80; ++i) ties += std::to_string(i) + (i > 40 ? ",5\n" : ",1\n");
  for (std::size_t block : {16, 64}) {
    REQUIRE(::run(ties, run, 3, block).output == "id,x\n41,5\n42,5\n43,5\n44,5\n");
  }
  run.stages = {verb("sort", {"g,y:n"}), head};
  require_same(input, run);
  run.stages = {verb("filter", {"x != 7"}), verb("sort", {"y:nr"}), head};
  require_same(input, run);
  // quoted fields with line breaks, made whole again from their row's text
  input = csv_file(rng, 60, kQuoted, "\r\n");
  run.stages = {verb("sort", {"a"}), head};
  require_same(input, run);
  // a key one record has, where a chunk's best four leave it out: no note
  // that no record has it, as at -j 1 (the threads' finds are handed back)
  std::string keyed;
  for (int i = 0; i < 80; ++i) keyed += i == 61 ? "{\"b\":1}\n" : "{\"a\":" + std::to_string(i % 5) + "}\n";
  Run json;
  json.format = "jsonl";
  json.stages = {verb("sort", {"a,b"}), head};
  REQUIRE(run_notes(keyed, json, 1).empty());
  require_same(keyed, json);
}

TEST_CASE("parallel: sort orders a large input and writes it on threads, as -j 1 does", "[threads]") {
  // (past the 65,536 records from which -j N sorts on its threads and makes
  // the output there, a batch at a time, written in order)
  std::mt19937 rng(8);
  const std::vector<std::string> xs = {"1", "2.5", "-3", "", "x", "10"}, ts = {"b", "a", "q,r", "ab", "A"};
  std::string csv = "id,x,t\n", jsonl;
  std::string first_ten;  // the id of the first record whose x is 10
  for (int i = 0; i < 70000; ++i) {
    const std::string x = pick(rng, xs), t = pick(rng, ts), id = std::to_string(i);
    if (x == "10" && first_ten.empty()) first_ten = id;
    csv += id + "," + x + "," + (t == "q,r" ? "\"q,r\"" : t) + "\n";
    jsonl += "{\"id\":" + id + ",\"x\":\"" + x + "\",\"t\":\"" + t + "\"}\n";
  }
  Run run;
  run.stages = {verb("sort", {"x:nr"})};
  Outcome serial = ::run(csv, run, 1, std::size_t{1} << 20);
  // (the first of the 10s first: ties keep input order)
  REQUIRE(serial.output.compare(7, first_ten.size() + 4, first_ten + ",10,") == 0);
  struct Case {
    const char* keys;
    const char* format;
    bool numbered;  // then cat -n: the next stage is no writer
  };
  for (const Case& c :
       {Case{"x:nr", "csv", false}, Case{"t,x:n", "jsonl", false}, Case{"t:c", "csv", true}}) {
    run.format = c.format;
    run.stages = {verb("sort", {c.keys})};
    if (c.numbered) run.stages.push_back(verb("cat", {})), run.stages.back().options = {{"number", ""}};
    const std::string& input = run.format == "csv" ? csv : jsonl;
    Outcome one = ::run(input, run, 1, std::size_t{1} << 20);
    for (int threads : {2, 3}) {
      CAPTURE(c.keys, c.format, c.numbered, threads);
      Outcome parallel = ::run(input, run, threads, std::size_t{1} << 16);
      REQUIRE(parallel.output == one.output);
      REQUIRE(parallel.stats.written == one.stats.written);
    }
  }
}

TEST_CASE("parallel: filter and derive copies read with the run's column types and give its notes",
          "[threads]") {
  // x is a number column (N/A in it is null) decided on the first batch;
  // z has no value until row 50: decided there, in order
  std::string input = "x,y,z\n";
  for (int i = 0; i < 100; ++i) {
    input += (i % 7 == 3 ? std::string("N/A") : std::to_string(i)) + "," + std::to_string(i % 5) + "," +
             (i < 50 ? std::string() : i % 2 ? "N/A" : "5") + "\n";
  }
  Run run;
  run.stages = {verb("filter", {"x != 3 and stauts > 1"}), verb("derive", {"s=x + y", "t=z == \"N/A\""})};
  require_same(input, run);
  run.stages = {verb("filter", {"x != 3 and is_null(z)"}), verb("derive", {"w=zz ?? 1"})};
  require_same(input, run);
  run.stages = {verb("filter", {"2 > 1"})};
  require_same(input, run);
}

TEST_CASE("parallel: malformed rows are skipped, counted and located as -j 1 does", "[threads]") {
  std::mt19937 rng(3);
  // stray and unclosed quotes, ragged rows, invalid UTF-8
  std::vector<std::string> messy = kQuoted;
  for (const char* bad : {"ab\"c", "\"open", "\"x\"y", "1,2,3", "\xFF", "\"a\"\"\nb"}) messy.push_back(bad);
  for (int n = 0; n < 6; ++n) {
    std::string input = csv_file(rng, 30, messy, n % 2 ? "\r\n" : "\n");
    require_same(input, Run{});
    Run strict;
    strict.read.strict = true;
    require_same(input, strict);
    Run failing = strict;
    failing.on_error = weir::OnError::fail;
    require_same(input, failing);
    Run limited;
    limited.max_rejects = 3;
    require_same(input, limited);
  }
}

TEST_CASE("parallel: backslash escapes, comments and CR-only files", "[threads]") {
  std::mt19937 rng(5);
  std::vector<std::string> escaped = {"plain", "\"a\\\"b\"", "\"a\\\\\"", "\"x\\\"\ny\"", "\"\\\"\\\"\"", ""};
  Run backslash;
  backslash.read.escape = weir::Escape::backslash;
  for (int n = 0; n < 3; ++n) require_same(csv_file(rng, 40, escaped, "\n"), backslash);

  Run comments;
  comments.read.comment = '#';
  require_same("a,b\n1,2\n# note\n\"3\n#4\",5\n#\n6,7\n", comments);

  std::string cr_only = csv_file(rng, 40, {"x", "\"a\rb\"", "", "\"\"\"\""}, "\r");
  require_same(cr_only, Run{});
  // a CR-only file is read on one thread (a chunk cut after a CR cannot
  // tell whether a LF follows: each was parsed again, in order)
  CHECK(run(cr_only, Run{}, 3, 64).stats.threads == 1);
  CHECK(run(csv_file(rng, 40, {"x", "\"a\rb\""}, "\n"), Run{}, 3, 64).stats.threads == 3);
}

TEST_CASE("parallel: copies that saw a nested field tell the original before its notes are given",
          "[threads]") {
  // copies take batches at once when every field read is a path into JSON;
  // the first records lack `req`, later ones have it: no note at any -j
  std::string input;
  for (int i = 0; i < 40; ++i) input += i < 30 ? "{\"a\":1}\n" : "{\"a\":2,\"req\":{\"x\":" + std::to_string(i) + "}}\n";
  Run run;
  run.format = "jsonl";
  run.stages = {verb("derive", {"y=req.x"}), verb("tail", {})};
  require_same(input, run);
  run.stages = {verb("filter", {"req.x > 35"})};
  require_same(input, run);
  REQUIRE(run_notes(input, run, 1).empty());
}

TEST_CASE("parallel: JSON Lines, TSV, logfmt and lines split at line breaks", "[threads]") {
  Run jsonl;
  jsonl.format = "jsonl";
  require_same("{\"a\":1}\n{\"a\":\"x\\ny\"}\n\n{bad}\n{\"a\":[1,2]}\r\n{\"b\":{\"c\":2}}\n{\"a\":3}", jsonl);

  Run tsv;
  tsv.format = "tsv";
  require_same("a\tb\n1\tx\\ty\n2\t\\n\n3\n4\t5\t6\n7\t8\n", tsv);
  // as spreadsheets write it: quoted fields holding tabs and line breaks
  require_same("a\tb\r\n1\t\"x\ty\"\r\n2\t\"line\r\nbreak\"\r\n3\t\"\"\"q\"\"\"\r\n", tsv);

  Run logfmt;
  logfmt.format = "logfmt";
  require_same("a=1 b=\"x y\"\n=bad\nc=3\n\nd=\"open\ne=5\n", logfmt);

  Run lines;
  lines.format = "lines";
  require_same("one\ntwo\r\n\nthree", lines);
}

TEST_CASE("parallel: a record longer than the block and --max-record-size", "[threads]") {
  std::string input = "id,blob\n1,short\n2," + std::string(500, 'x') + "\n3,\"" + std::string(300, '\n') + "\"\n4,end\n";
  require_same(input, Run{});
  // (a record past the limit that holds line breaks is passed over to its
  // first line's end when blocks cut it, and whole when one holds it: not
  // tried here, -j 1 itself depends on the block size there)
  std::string long_line = "id,blob\n1,short\n2," + std::string(1500, 'x') + "\n3,\"a\nb\"\n4,end\n";
  Run limited;
  limited.read.max_record_size = 1000;  // past the excerpt an error shows
  require_same(long_line, limited);
  limited.on_error = weir::OnError::fail;
  require_same(long_line, limited);
}

TEST_CASE("parallel: quoted fields over many chunks, with quotes inside and without, read as -j 1 does",
          "[threads]") {
  // Past 1 MiB of one quoted field the chunks are cut at line breaks again
  // (guesses, found wrong); 600 KiB of lines with no quote in a quoted field
  // are first taken for records (as after a lone quote), found wrong, and
  // not taken so again. The record is carried from chunk to chunk, its
  // buffer doubling, and parsed again each time it has doubled.
  std::string quoted_lines;
  for (int i = 0; quoted_lines.size() < (3 << 19); ++i) {
    quoted_lines += i % 7 ? "line\n" : "a \"\"q\"\" line\n";
  }
  std::string bare_lines;
  while (bare_lines.size() < (600 << 10)) bare_lines += "no quote here\n";
  std::string input = "id,text,n\n";
  auto plain_rows = [&input](int from, int to) {
    for (int i = from; i < to; ++i) input += std::to_string(i) + ",plain," + std::to_string(i) + "\n";
  };
  plain_rows(0, 5000);
  input += "5000,\"" + quoted_lines + "\",1\n";
  plain_rows(5001, 10000);
  input += "10000,\"" + bare_lines + "\",2\n";
  plain_rows(10001, 15000);
  Run quoted;
  quoted.read.quote = '"';  // (the sniffer's sample ends inside the first long field: no quoting, it says)
  Outcome serial = run(input, quoted, 1, std::size_t{1} << 20);
  REQUIRE(serial.stats.records_read == 15000);
  for (auto [threads, read] : {std::pair{2, Read::anywhere}, {3, Read::anywhere}, {2, Read::pipe}}) {
    CAPTURE(threads, name_of(read));
    Outcome parallel = run(input, quoted, threads, std::size_t{1} << 20, read);
    REQUIRE(parallel.error == serial.error);
    REQUIRE(parallel.stats.records_read == serial.stats.records_read);
    REQUIRE(parallel.output == serial.output);
  }
}

TEST_CASE("parallel: a record past --max-record-size in a record carried over chunks, as -j 1 reads it",
          "[threads]") {
  // A record over many chunks is parsed again once its bytes have doubled;
  // one passed over as too large leaves what follows its first line to be
  // parsed at once, as -j 1 does (against -j 1 with the same blocks: where
  // a too-large record holding line breaks is cut depends on them).
  std::string input = "id,a,b\n";
  for (int i = 0; i < 60; ++i) input += std::to_string(i) + ",x,y\n";
  input += "60,\"" + std::string(40, '\n') + "\",z\n";
  for (int i = 0; i < 30; ++i) input += std::string(40, 'Z') + "\n";
  input += "90,\"q\"\"\nr\",s\n91,5'11\",t\n";
  for (int i = 92; i < 150; ++i) input += std::to_string(i) + ",\"a\nb\",c\n";
  // (found by a fuzzer: a too-large record passed over inside a record carried)
  const std::string zs = std::string(74, 'Z') + "\n";
  std::string fuzzed = "h0,h1,h2\nbc\",\"\n\"\n\",\"bcbc \n" + zs + zs + zs + zs +
                      "\"a \"\"\",\" \",\n\"\n \"\"aa \nbc,\n\",\"\"\" \", 1.  a1\n \",,\"\"\"\nbcbc bca,a";
  // (and a record that passes the limit only with bytes joined to it)
  std::string fuzzed_too =
      "\xEF\xBB\xBFh0,h1,h2,h3,h4\nba1 1211,.b .22,aa a,b,5'11\"\n .,212,b,\"\nb22a 1, .b,bbb 2,.1b,aa.11a \n"
      "1  2b2,11 .1bb,  1,b2aa2,1..11.1a\nb2bb. ,b212.,a. 2,b,2aa.1\na,1bb,12bb2, b 1 .,  b \n"
      "11a, .,1.2.a1,.. .    ,.. ...\n 1ba2b12,, a,.1a.211 ,\n 2,.ba,221.b,2a1,.bbab  \n"
      ",a.2b.  a,b,11b1b2 ,bbbb22\n1..,2a1  ,b2,\"\",1b2.  \n . 2,12b.2, b2 ,b22.a ,abb12.2\n"
      ".1a,\"\na\"\"bc\",2 b 2  b,2,a.\nb1b2.,b 1 1ab.,\"aa ";
  Run limited;
  limited.read.max_record_size = 300;
  for (const std::string* text : {&input, &fuzzed, &fuzzed_too}) {
    for (std::size_t block : {17, 33, 64}) {
      Outcome serial = run(*text, limited, 1, block);
      for (auto [threads, read] : {std::pair{2, Read::anywhere}, {3, Read::decoded}, {2, Read::pipe}}) {
        CAPTURE(*text, block, threads, name_of(read));
        Outcome parallel = run(*text, limited, threads, block, read);
        REQUIRE(parallel.output == serial.output);
        REQUIRE(parallel.stats.records_read == serial.stats.records_read);
        REQUIRE(parallel.stats.rejected == serial.stats.rejected);
        REQUIRE(parallel.stats.repaired == serial.stats.repaired);
      }
    }
  }
}

TEST_CASE("parallel: records kept past the end of the threads keep the names their copies gave",
          "[threads]") {
  // tail hands its records on at the end, after the threads' stages are
  // done; a field derive added is named by the copy's own string, which
  // must outlive them (a long name: not stored inside the string object)
  const std::string name = "a_name_longer_than_a_short_string_buffer";
  std::string input = "id,a\n";
  for (int i = 0; i < 400; ++i) input += std::to_string(i) + ",x\n";
  weir::PipelineSpec spec;
  spec.from = "csv";
  spec.to = "jsonl";
  spec.stages = {verb("derive", {name + "=id * 2"}), verb("tail", {})};
  spec.stages.back().options = {{"lines", "2"}};
  spec.read.block_size = 64;
  spec.threads = 2;
  struct Names final : weir::Stage {
    bool push(weir::Batch& batch) override {
      for (std::size_t r = 0; r < batch.size(); ++r) {
        std::string line;
        for (const weir::Field& f : batch[r].fields()) line += std::string(f.name) + "=" + std::string(f.value) + " ";
        seen.push_back(line);
      }
      return true;
    }
    void finish() override {}
    std::vector<std::string> seen;
  } names;
  weir::ErrorPolicy errors(weir::OnError::fail);
  weir::Execution execution(spec, errors, weir::memory_source(input, "in.csv"));
  execution.connect(names);
  while (execution.step()) {
  }
  REQUIRE(names.seen == std::vector<std::string>{"id=398 a=x " + name + "=796 ", "id=399 a=x " + name + "=798 "});
}

TEST_CASE("parallel: unless told how many, a file gets a thread per 16 MiB", "[threads]") {
  CHECK(weir::PipelineSpec{}.bytes_per_thread == 16 << 20);
  constexpr std::int64_t kPerThread = kTestBytesPerThread;
  // rows of 16 bytes: a file just under 2 MiB, and one whose bytes after
  // its first block (read before the threads start) are just over
  std::string under = "id,name\n";
  const std::string row = "123456,abcdefgh\n";
  while (under.size() + row.size() < 2 * kPerThread) under += row;
  std::string over = under;
  for (int i = 0; i < (64 << 10) / 16 + 2; ++i) over += row;

  auto threads_of = [](const std::string& input, int asked, bool anywhere) {
    weir::PipelineSpec spec;
    spec.from = "csv";
    spec.to = "csv";
    spec.threads = asked;
    spec.bytes_per_thread = kPerThread;
    std::string out;
    auto sink = weir::string_sink(out);
    weir::RunStats stats = weir::run_over(spec, weir::memory_source(input, "in.csv", anywhere), *sink);
    sink->flush();
    REQUIRE(out == input);
    return stats.threads;
  };
  weir::PipelineSpec by_default;
  const int cores = weir::threads_for(by_default);  // (WEIR_THREADS, else every core)
  const bool env = std::getenv("WEIR_THREADS") != nullptr;
  CHECK(threads_of(under, 0, true) == (env ? cores : 1));
  CHECK(threads_of(over, 0, true) == (env ? cores : std::min(cores, 2)));
  // of a pipe the size is not known: every core
  CHECK(threads_of(under, 0, false) == cores);
  // -j N is taken as said
  CHECK(threads_of(under, 3, true) == 3);
}

TEST_CASE("parallel: a small file read on one thread leaves the next file its threads", "[threads]") {
  constexpr std::int64_t kPerThread = kTestBytesPerThread;
  std::string big = "id,name\n";
  const std::string row = "123456,abcdefgh\n";
  while (big.size() < 2 * kPerThread + (256 << 10)) big += row;
  weir::test::TempDir dir;
  weir::PipelineSpec spec;
  spec.bytes_per_thread = kPerThread;
  spec.inputs = {dir.file("small.csv", "id,name\n1,a\n"), dir.file("big.csv", big)};
  std::string out;
  auto sink = weir::string_sink(out);
  weir::RunStats stats = weir::run(spec, *sink);
  sink->flush();
  CHECK(out == "id,name\n1,a\n" + big.substr(8));
  const int cores = weir::threads_for(weir::PipelineSpec{});
  CHECK(stats.threads == (std::getenv("WEIR_THREADS") ? cores : std::min(cores, 2)));
}

TEST_CASE("parallel: step's numbers and the output text made on the threads, written in input order",
          "[threads]") {
  std::mt19937 rng(33);
  std::string input = numbers_file(rng, 150);
  weir::StageSpec step = verb("step", {});
  step.options = {{"steppers", "delta,shift,rsum,counter,ratio,ewma"}, {"fields", "x,y"}, {"group-by", "g"}};
  Run run;
  run.stages = {step};
  require_same(input, run);
  REQUIRE(::run("g,x\na,0.1\nb,2\na,0.2\nb,x\na,0.3\n", run, 3, 3).output ==
          "g,x,x_delta,x_shift,x_rsum,x_counter,x_ratio,x_ewma_0.5\n"
          "a,0.1,0,,0.1,1,1,0.1\n"
          "b,2,0,,2,1,1,2\n"
          "a,0.2,0.1,0.1,0.30000000000000004,2,2,0.15000000000000002\n"
          "b,x,,,,,,\n"
          "a,0.3,0.09999999999999998,0.2,0.6000000000000001,3,1.4999999999999998,0.225\n");
  // after a per-record stage, out as JSON Lines, and with a stage after it
  // (not held: step hands its batches to head)
  run.stages = {verb("filter", {"x != 7"}), step};
  require_same(input, run);
  run.format = "jsonl";
  std::string jsonl;
  for (int i = 0; i < 150; ++i) {
    jsonl += "{\"i\":" + std::to_string(i % 7) + ",\"x\":" + pick(rng, {"0.1", "0.7", "1e-9", "-3"}) + "}\n";
  }
  // (no empty results: JSON Lines output types a column by the first batch
  // holding a value, so an empty one depends on the block size)
  step.options = {{"steppers", "delta,rsum"}, {"fields", "x,i"}};
  run.stages = {step};
  require_same(jsonl, run);
  run.format = "csv";
  weir::StageSpec head = verb("head", {});
  head.options = {{"lines", "7"}};
  step.options = {{"steppers", "rsum"}, {"fields", "x"}};
  run.stages = {step, head};
  require_same(input, run);
  // a window (its records are its own copies: not held)
  step.options = {{"steppers", "shift_lead,slwin_1_1"}, {"fields", "x"}, {"group-by", "g"}};
  run.stages = {step};
  require_same(input, run);
  // a malformed row that fails the run: the records before it are written
  Run failing;
  failing.read.strict = true;
  failing.on_error = weir::OnError::fail;
  step.options = {{"steppers", "rsum"}, {"fields", "x"}};
  failing.stages = {step};
  require_same(input + "a,\"1\"2,3\nb,1,1\n", failing);
}

TEST_CASE("parallel: a file seen in place across its views reads as -j 1 reads it", "[threads]") {
  // Over 8 MiB, quoted line breaks at every turn: the chunks in a view of 4
  // MiB are seen in place (mmap, the bytes after each the next ones, not
  // zeros), a chunk across a view's end is read, and so is the file's end.
  std::mt19937 rng(41);
  std::string input = csv_file(rng, 1000, kQuoted, "\n");
  while (input.size() < (9 << 20) + 12345) input += csv_file(rng, 1000, kQuoted, "\n").substr(6);
  weir::test::TempDir dir;
  const std::string path = dir.file("big.csv", input);
  weir::see_files_in_place();  // (as the command line does)
  for (const std::string verb_name : {"cat", "tac"}) {
    Run how;
    how.stages = {verb(verb_name, {})};
    Outcome serial = run(input, how, 1, std::size_t{1} << 20);
    for (int threads : {2, 3}) {
      CAPTURE(verb_name, threads);
      Outcome parallel = run_source(weir::open_source(path), how, threads, std::size_t{1} << 20);
      REQUIRE(parallel.error == serial.error);
      REQUIRE(parallel.stats.records_read == serial.stats.records_read);
      REQUIRE(parallel.output == serial.output);
      REQUIRE(parallel.stats.reparsed == 0);  // (a chunk's records across a view's start are read)
    }
  }
}

TEST_CASE("parallel: stats picks the percentiles of many numbers on the threads, as -j 1 does", "[threads]") {
  // (past the 65,536 numbers from which -j N picks each group's percentiles
  // on its threads, a group and field a task)
  std::mt19937 rng(52);
  std::string input = numbers_file(rng, 50000);
  weir::StageSpec stats = verb("stats", {});
  stats.options = {{"aggregates", "count,p0,p10,median,p90,p99,p100"}, {"fields", "x,y"}, {"group-by", "g"}};
  Run run;
  run.stages = {stats};
  Outcome one = ::run(input, run, 1, std::size_t{1} << 20);
  REQUIRE(one.output.starts_with("g,x_count,x_p0,x_p10,x_median,x_p90,x_p99,x_p100,y_count,"));
  for (int threads : {2, 3}) {
    CAPTURE(threads);
    REQUIRE(::run(input, run, threads, std::size_t{1} << 16).output == one.output);
  }
}

namespace {

// A regular file whose reads give fewer bytes than its size: one in /sys
// (its size a page, its text a line), or one cut short while it is read.
class ShortFile final : public weir::Source {
 public:
  ShortFile(std::string text, std::int64_t size, bool shorter)
      : Source("short.csv"), text_(std::move(text)), size_(size), shorter_(shorter) {}
  std::size_t read(char* buffer, std::size_t capacity) override {
    const std::size_t n = read_at(static_cast<std::int64_t>(pos_), buffer, capacity);
    pos_ += n;
    return n;
  }
  std::size_t read_at(std::int64_t offset, char* buffer, std::size_t capacity) override {
    const std::size_t at = std::min(static_cast<std::size_t>(offset), text_.size());
    const std::size_t n = std::min(capacity, text_.size() - at);
    std::memcpy(buffer, text_.data() + at, n);
    return n;
  }
  std::int64_t given() const override { return static_cast<std::int64_t>(pos_); }
  std::int64_t file_size() const override { return size_; }
  bool got_shorter() const override { return shorter_; }

 private:
  std::string text_;
  std::size_t pos_ = 0;
  std::int64_t size_;
  bool shorter_;
};

}  // namespace

TEST_CASE("parallel: a file that reads shorter than its size ends there, or fails when it was cut",
          "[threads]") {
  std::string text = "id,name\n";
  while (text.size() < 5000) text += std::to_string(text.size()) + ",abc\n";
  Run how;
  const std::size_t block = 512;
  for (int threads : {1, 2}) {
    CAPTURE(threads);
    // (its size says more than it holds, as a file in /sys does: read to its end)
    Outcome sys = run_source(std::make_unique<ShortFile>(text, 8192, false), how, threads, block);
    CHECK(sys.output == text);
    CHECK(sys.error.empty());
    // (it held more when it was opened: the bytes cut off are not there to read)
    try {
      run_source(std::make_unique<ShortFile>(text, 8192, true), how, threads, block);
      FAIL("no error");
    } catch (const weir::SetupError& e) {
      CHECK(std::string(e.what()) == "short.csv: cannot read: the file got shorter while it was read");
    }
  }
}
