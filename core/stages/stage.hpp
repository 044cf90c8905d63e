#pragma once
/// Stages: the verbs of a pipeline. Each takes batches and pushes batches
/// downstream; the last stage feeds the writer.
///
///   push(batch) -> (change, drop or keep records) -> emit(batch) -> next
///   finish()    -> (flush what was kept: tail, sort, count) -> next.finish()
///
/// push() returns false when this stage wants no more input (head has its
/// rows), and that propagates upstream so the reader stops reading.

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors/policy.hpp"
#include "core/record/batch.hpp"
#include "core/record/column_types.hpp"

namespace weir {

/// What a copy of an aggregating stage made of one batch (Stage::fold).
class Partial {
 public:
  virtual ~Partial() = default;
};

class Reader;
class Sink;
class TextBuffer;
class Writer;

class Stage {
 public:
  virtual ~Stage() = default;
  /// Takes ownership of the records in `batch` (it may move the batch away).
  virtual bool push(Batch& batch) = 0;
  /// No more input: emit what is held, then finish downstream.
  virtual void finish() { next_->finish(); }
  void set_next(Stage* next) { next_ = next; }

  /// The most records this stage ever passes on, when that is bounded (head -n N).
  virtual std::optional<std::size_t> output_limit() const { return std::nullopt; }
  /// Told by the pipeline that the next stage takes at most n records, so a
  /// stage that reorders (sort) needs to keep only its first n.
  virtual void limit_output(std::size_t) {}
  /// Once the run is over: notes for stderr about what the stage met (a
  /// field an expression reads that no record had), each "VERB: what".
  virtual void notes(std::vector<std::string>&) const {}

  /// True when what the stage makes of a batch depends on that batch alone
  /// (it keeps nothing from one batch to the next and reports nothing to the
  /// error policy): the parallel engine then runs copies of it, made from
  /// the same StageSpec, on several batches at once, before putting the
  /// batches back in input order. The default, false, runs the stage on one
  /// batch at a time, in input order, as -j 1 does.
  virtual bool per_record() const { return false; }
  /// Called on a copy made for another thread (per_record, folds) with the
  /// stage it copies, before the copy takes a batch.
  virtual void follow(Stage& /*original*/) {}
  /// On a copy: gives the stage it follows what it saw (notes, whether it
  /// kept a record), as a union: handing back twice changes nothing. Called
  /// on the original's thread when the copy's threads are done with an
  /// input, before the original's finish(). The copy itself lives on to the
  /// end of the run (a batch handed on may point into it) and may take the
  /// next input's batches.
  virtual void hand_back() {}
  /// On a copy: whether it may take a batch now. False until the original
  /// has decided what the copies must share (column types, decided in
  /// input order); the parallel engine then leaves the batch to the original.
  virtual bool ready() { return true; }

  /// What the stage reads of its records, when it can say (nullopt: it may
  /// read any field): then a reader may leave the other fields out of the
  /// records (Reader::project), giving records of a projected Header
  /// (Header::whole) whose text is the whole row.
  struct FieldUse {
    std::vector<std::string> reads;
    /// The records it emits are records it was given, unchanged (filter,
    /// head): the stages after it read them too. Else what it emits is its
    /// own (stats; top -a's whole records, made from the row's text).
    bool hands_on = false;
  };
  virtual std::optional<FieldUse> field_use() const { return std::nullopt; }
  /// The last stage: Writer::writes_plain_rows.
  virtual char writes_plain_rows() const { return 0; }

  /// How many fields the stage may add to each record in place
  /// (Batch::make_room, grow): the readers leave that much room after each
  /// record, so that adding them copies nothing.
  virtual std::size_t fields_added() const { return 0; }

  /// True for a stage that must run on the thread that runs the pipeline:
  /// a Python hook (Python raises KeyboardInterrupt on the main thread
  /// alone). Otherwise the parallel engine may run the stages after the
  /// per-record ones on its reading threads, one batch at a time, in order.
  virtual bool keeps_to_caller_thread() const { return false; }

  /// True for a stage that makes its own records (seqgen): first in a
  /// pipeline, no input is read at all.
  virtual bool ignores_input() const { return false; }

  /// True for an aggregating stage (count, uniq) whose copies, made from
  /// the same StageSpec, fold batches into Partials on any thread, which
  /// this stage then merges in input order: the same as if it had been
  /// pushed those batches.
  virtual bool folds() const { return false; }
  /// On a copy: what `batch` adds to the aggregate.
  virtual std::unique_ptr<Partial> fold(Batch&) { return nullptr; }
  /// Adds a copy's fold of `batch` (its records may be gone).
  virtual void merge(Partial&, Batch&) {}

  /// The last stage, when it writes (Writer::render): the output text of
  /// `batch`, made on a reading thread, and the header its records share;
  /// nullptr when it is not made.
  virtual const Header* render(const Batch&, TextBuffer&) const { return nullptr; }
  /// Takes text render() made for `records` records, in input order; false
  /// when it does not (push() must take the batch).
  virtual bool push_rendered(const Header*, std::string_view, std::size_t /*records*/) { return false; }

  // -------- the parallel engine: output made on the reading threads after
  // the stages that run in input order (step's numbers, the writer's text)

  /// True when every batch the stage emits points only into memory the
  /// batch keeps, or that the stage keeps unchanged to the end of the run,
  /// so that the writer may hold it past push() and write it later (step;
  /// not a stage whose records point into copies it frees or reuses, nor
  /// one pointing a value at a buffer it rewrites for the next record).
  virtual bool hands_on_own_batches() const { return false; }
  /// True when the next stage takes fields of numbers whose text is not
  /// made yet (Field::defer_number): a stage pushing to it may defer them.
  virtual bool takes_deferred_numbers() const { return false; }
  /// The last stage, when it writes: from now on (`on`) or no more, hold
  /// the batches pushed instead of writing them; false when it cannot.
  virtual bool hold(bool /*on*/) { return false; }
  /// Moves the batches held since the last call to the end of `out`.
  virtual void take_held(std::vector<Batch>& /*out*/) {}
  /// On any thread, for a held batch: makes its deferred numbers and, as
  /// render() does, its output text (nullptr: not made).
  virtual const Header* finish_held(Batch&, TextBuffer&) const { return nullptr; }
  /// In input order: writes a held batch, its text when finish_held made it.
  virtual void write_held(Batch&, const Header*, std::string_view) {}

  /// A header-only batch (Batch::bare_header: an empty result's columns, or
  /// a header-only input's) pushed into a stage that works record by record
  /// (per_record): its names become those the stage gives a record of them
  /// with empty values (cut -o, template, label, case -k ...), then push().
  /// A stage that renames a bare header itself (select, rename, derive)
  /// overrides it with push().
  virtual bool push_bare(Batch& batch);
  /// push(), or push_bare() for a header-only batch into a per-record stage:
  /// how a batch is handed to a stage.
  bool receive(Batch& batch) {
    if (batch.bare_header && batch.empty() && per_record()) return push_bare(batch);
    return push(batch);
  }

 protected:
  bool emit(Batch& batch) { return next_->receive(batch); }
  Stage* next_ = nullptr;
};

/// For stages that build batches of their own (sort, sample, count, stats,
/// uniq): the input their records came from, so that messages and `weir
/// check` reports name it — the one file, or "(several inputs)".
class InputNames {
 public:
  void see(const Batch& batch) {
    if (!source_) source_ = batch.source_ptr();
    else if (!several_ && *source_ != batch.source()) several_ = true;
  }
  void name(Batch& out) const {
    static const auto several = std::make_shared<const std::string>("(several inputs)");
    if (several_) out.set_source(several);
    else if (source_) out.set_source(source_);
  }

 private:
  std::shared_ptr<const std::string> source_;
  bool several_ = false;
};

/// What a stage may need to know about the run it is part of.
struct StageContext {
  std::string base_dir = ".";          ///< relative hook paths start here
  bool no_hooks = false;               ///< --no-hooks
  std::optional<std::string> python;   ///< --python / WEIR_PYTHON
  bool records_to_stdout = true;       ///< hook print() must then go to stderr
  ErrorPolicy* errors = nullptr;       ///< the run's --on-error policy
  DeclaredTypes types;                 ///< --types and the config's: typed views of text
  /// How a stage's own input (join's left file) is read where not as the
  /// run's input is: `format` names its format (else its extension, else
  /// the run's); a delimiter and whether a header line comes first (Miller's
  /// join --ifs and --implicit-csv-header).
  struct OtherInput {
    const std::string* format = nullptr;
    char delimiter = '\0';  ///< '\0': the run's
    std::optional<bool> header;
  };
  /// Opens a reader over another input with the run's read options but for
  /// `how`. Throws SetupError when it cannot be opened. Unset outside a pipeline.
  std::function<std::unique_ptr<Reader>(const std::string& path, const OtherInput& how)> open_reader;
  /// Makes a writer into `sink` for the file `path` (tee, split) with the
  /// run's write options: `format` names it, else the path's extension,
  /// else the run's output format. Unset outside a pipeline.
  std::function<std::unique_ptr<Writer>(Sink& sink, const std::string& path, const std::string* format)> open_writer;
  /// The extension of the run's output format ("csv"), for files a stage names.
  std::string output_extension = "csv";
  /// The run's output format's name ("csv"), for files a stage writes in it.
  std::string output_format = "csv";
  /// -j N: the threads a stage may use for work of its own (sort orders its records on them).
  int threads = 1;
  /// Whether count and uniq fold chunks on the threads (Stage::folds): with
  /// 3 threads or more, where the ordered side alone would limit the run.
  /// With 2 it counts faster than a fold and its merge, which hash each key
  /// twice (count -g at -j 2: 57.6 ms in order, 59.4 ms folded; bench/README,
  /// session 29).
  bool counts_fold() const { return threads > 2; }
};

/// A verb as the user wrote it: already split into options and arguments.
struct StageSpec {
  std::string verb;
  std::vector<std::string> args;  ///< positional arguments
  /// (long option name without dashes, value) in command-line order; flags
  /// that take no value have an empty value.
  std::vector<std::pair<std::string, std::string>> options;

  /// Set by the pipeline while the stage is made (valid only during make()).
  const StageContext* context = nullptr;

  /// Whether option `name` was given (a verb reads its options by its
  /// rows' setters, with_options; this is for what checks a spec).
  bool gave(std::string_view name) const;
};

/// What an option's value (or a verb's argument) is. Declared once in the
/// option's row, it decides how the command line checks the value, and what
/// help, the config's JSON Schema and the shell completions say about it.
enum class OptionKind {
  flag,        ///< takes no value
  count,       ///< a whole number >= 0
  size,        ///< bytes: a whole number with K, M or G
  number,      ///< any number (seqgen --start -5, histogram --lo 0.5)
  fields,      ///< field names, comma-separated
  list,        ///< other names, comma-separated (aggregates, regexes)
  expression,  ///< a weir expression (weir help expressions)
  pairs,       ///< NAME=VALUE or NAME:VALUE items, comma-separated
  choice,      ///< one of the row's `choices`
  format,      ///< a format's name (csv, jsonl, ...)
  file,        ///< a path
  text,        ///< anything else (a name, a separator, a regex)
};

struct OptionInfo {
  std::string_view short_name;  ///< "-n", or empty
  std::string_view long_name;   ///< "--lines"
  std::string_view value_name;  ///< "N"; empty for a flag
  std::string_view help;
  OptionKind kind = OptionKind::text;
  std::vector<std::string_view> choices = {};  ///< the values a choice takes
  /// A count's bounds (--threads: 1 to 1024).
  std::int64_t least = 0;
  std::int64_t most = std::numeric_limits<std::int64_t>::max();
  /// A choice's other spellings, beyond `choices` (UTF8 and latin-1 for --encoding).
  bool (*also_takes)(std::string_view value) = nullptr;
  /// Another spelling of a Miller-style short name (sort's -rt for -tr),
  /// read but not shown.
  std::string_view short_alias = {};

  /// (a row that names no value is a flag whatever its kind)
  bool takes_value() const { return kind != OptionKind::flag && !value_name.empty(); }
  /// The name messages give it: "-n", else "--lines".
  std::string_view shown_name() const { return short_name.empty() ? long_name : short_name; }
};

/// An option's row and what it sets in a `Target` (the main options set a
/// PipelineSpec, weir check's a check::CheckSpec); no setter: the option is
/// read elsewhere. The row's kind has checked the value before the setter
/// runs (check_option_value).
template <class Target>
struct SettingRow {
  OptionInfo info;
  void (*set)(Target& target, const std::string& value) = nullptr;
};

/// The rows' OptionInfo, for help, completions, the man page and the schema.
template <class Target>
std::vector<OptionInfo> option_infos(const std::vector<SettingRow<Target>>& rows) {
  std::vector<OptionInfo> infos;
  for (const SettingRow<Target>& row : rows) infos.push_back(row.info);
  return infos;
}

/// The row of option `long_name` ("--to"), or nullptr.
template <class Target>
const SettingRow<Target>* row_named(const std::vector<SettingRow<Target>>& rows, std::string_view long_name) {
  for (const SettingRow<Target>& row : rows) {
    if (row.info.long_name == long_name) return &row;
  }
  return nullptr;
}

/// Checks `text` as a value of the option in `row`, by the row's kind, and
/// throws UsageError "WHO: -n expects a whole number >= 0, got 'ten'" (no
/// "WHO: " when `who` is empty: a main option; the option as `spelled` on
/// the command line, else its shown_name()) when it is not one:
///   count   a whole number from `least` to `most`
///   size    a whole number of bytes, or of K, M or G (KB, MB, GB; 500M)
///   number  a finite number
///   choice  one of `choices` (or what `also_takes` takes)
///   format  a format's name (csv, jsonl, json, ...)
/// The command line and a config check every value so, as they read it; the
/// other kinds are checked by what reads them (an expression when compiled,
/// field names when split).
void check_option_value(std::string_view who, const OptionInfo& row, const std::string& text,
                        std::string_view spelled = {});
/// The value of a count, a size or a number that check_option_value passed.
std::int64_t count_value(const std::string& text);
std::size_t size_value(const std::string& text);
double number_value(const std::string& text);

/// "flag", "count", ... (for the JSON Schema and completions).
std::string_view option_kind_name(OptionKind kind);

struct ExampleInfo {
  std::string_view command;      ///< a whole command line, starting with "weir"
  std::string_view explanation;
};

/// One row of the stage registry: drives parsing, help, the man page.
struct StageInfo {
  std::string_view name;
  std::string_view summary;   ///< one line, for `weir --help`
  std::string_view usage;     ///< "head [-n N]"
  std::string_view description;
  std::vector<OptionInfo> options = {};  ///< (set by with_options when the rows set an options struct)
  std::size_t min_args = 0;   ///< positional arguments the verb takes
  std::size_t max_args = 0;
  OptionKind arg_kind = OptionKind::text;  ///< what the arguments are, when there are any
  std::vector<ExampleInfo> examples;
  /// Makes the stage; throws UsageError for bad option or argument values.
  /// (A verb with options sets it by with_options, core/stages/verb_options.hpp.)
  std::function<std::unique_ptr<Stage>(const StageSpec&)> make = {};
  /// For verbs with a variable number of arguments: whether a word is one
  /// (derive's NAME=EXPR); the first word that is not starts the files.
  bool (*accepts_arg)(std::string_view) = nullptr;
  /// Options that stand for the arguments (sort -nr KEY, as in Miller): once
  /// one is given, the verb takes no argument and its words are files.
  std::vector<std::string_view> arg_options = {};
};

/// Every verb, in the order help lists them.
const std::vector<StageInfo>& stages();
/// Adds a verb defined outside core (the Python hook stage); call before
/// parsing the command line, or from a plugin's loader (set_stage_plugin).
void register_stage(StageInfo info);
/// Verbs in a plugin loaded on first use: weir's Python hook stage lives in
/// a shared library, so that a run without hooks never loads libpython
/// (whose relocations were most of weir's start-up). `load` registers the
/// plugin's verbs and is called once: when one of `names` is looked up, or
/// when every verb is listed (help). It throws SetupError when it cannot.
void set_stage_plugin(std::vector<std::string> names, void (*load)());
/// The verb called `name`, or nullptr.
const StageInfo* find_stage(std::string_view name);
/// Names of all verbs (for did-you-mean).
std::vector<std::string> stage_names();

/// Splits "a,b,c" (no empty names allowed); UsageError naming the verb
/// otherwise (no verb when `verb` is empty: a row's setter).
std::vector<std::string> parse_field_list(std::string_view verb, const std::string& text);
/// The names without repeats, the first of each kept: a record holds a
/// field once (select x,x; stats -a p50,p50), as Miller's lists do.
std::vector<std::string> distinct_names(std::vector<std::string> names);

}  // namespace weir
