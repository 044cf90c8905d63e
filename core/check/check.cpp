// weir check: the final stage that holds records to the rules, and the run.

#include "core/check/check.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iterator>
#include <unordered_set>

#include <fmt/format.h>
#include <simdjson.h>

#include "core/check/baseline.hpp"
#include "core/errors/error.hpp"
#include "core/errors/policy.hpp"
#include "core/formats/json_text.hpp"
#include "core/formats/utf8.hpp"
#include "core/io/source.hpp"

namespace weir::check {

namespace {

constexpr std::string_view kMalformed = "malformed";

bool named_by(const RuleInfo& rule, const std::vector<std::string>& names) {
  for (const auto& name : names) {
    if (name == rule.id) return true;
    if (std::find(rule.tags.begin(), rule.tags.end(), name) != rule.tags.end()) return true;
  }
  return false;
}

// Whether --select and --ignore leave `rule` on (check.ignore works per file).
bool selected(const RuleInfo& rule, const CheckSpec& spec) {
  return (spec.select.empty() || named_by(rule, spec.select)) && !named_by(rule, spec.deselect);
}

// A record without source text (made by a hook, sort, count), as JSON.
std::string render_record(const RecordRef& record) {
  std::string out;
  auto sink = string_sink(out);
  write_json_record(*sink, record);
  sink->flush();
  return out;
}

/// The rules of the input itself: a record weir could not read
/// ("malformed": bad quotes under --strict, invalid JSON or UTF-8, too large)
/// and, one rule a kind, the rows it read only with a repair or left out.
std::vector<RuleInfo> input_rules() {
  std::vector<RuleInfo> rules;
  auto add = [&](std::string id, std::string description, std::string help, Severity severity = Severity::error) {
    RuleInfo& info = rules.emplace_back();
    info.id = std::move(id);
    info.description = std::move(description);
    info.severity = severity;
    info.tags = {"input"};
    info.help = std::move(help) + " The rule is weir's own: --ignore " + info.id + " (or check.ignore in the config) "
                "turns it off.";
  };
  add(std::string(kMalformed), "the input is well-formed in its format (quotes, field counts, JSON syntax, UTF-8)",
      "weir could not read this record in the input's format: a bad quote under --strict, invalid JSON, "
      "bytes that are not UTF-8 or a record over --max-record-size. Fix the file where the report points.");
  add("ragged", "every row has as many fields as the header (a short row is padded, extra values kept)",
      "The row has fewer or more fields than the header: a missing or extra delimiter, or an unquoted "
      "delimiter inside a value. weir read it padded (or kept the extra values); fix the row or quote the value.");
  add("stray-quote", "a quote opens a well-formed field (else it is read as text)",
      "A quote inside an unquoted field, or text after a closing quote: weir read the quote as text. Quote the "
      "whole field and double the quotes inside it.");
  add("unterminated-quote", "every quoted field is closed (else its quote is read as text)",
      "A quoted field is never closed: weir read its quote as text so that the rest of the file is not one "
      "field. Close the quote, or double a quote meant as text.");
  add("preamble", "the table starts on the first line (lines above it are not read)",
      "Lines above the table's header (a title, notes) were not read as records. Remove them, or leave the "
      "warning: the records are read from the header on.",
      Severity::warning);
  add("second-table", "the file holds one table (the rows of a second one are not read)",
      "A second table starts in the file (a header-like row after a blank line or at a new width): its rows "
      "were not read. Split the file in two.");
  add("comment", "the table holds no comment lines (lines starting with the comment character are not read)",
      "Lines starting with a comment character weir detected (#) were not read as records. Remove them, give "
      "--comment # to say the file has comments, or --comment none to read them as rows.",
      Severity::warning);
  add("repeated-header", "the header line comes once (the header line again below it is not read)",
      "A line equal to the header stands among the rows, as where files with a header were joined into one "
      "(cat a.csv b.csv): it was not read as a record, and the rows after it were. Remove it.",
      Severity::warning);
  return rules;
}

/// The input rule a reader problem of `kind` breaks: its index in input_rules().
std::size_t input_rule_of(DataErrorKind kind) {
  switch (kind) {
    case DataErrorKind::ragged: return 1;
    case DataErrorKind::stray_quote: return 2;
    case DataErrorKind::unterminated_quote: return 3;
    case DataErrorKind::preamble: return 4;
    case DataErrorKind::second_table: return 5;
    case DataErrorKind::comment: return 6;
    case DataErrorKind::repeated_header: return 7;
    default: return 0;
  }
}

/// The end of a check's pipeline: records in, violations out.
class CheckStage final : public Stage {
 public:
  CheckStage(const CheckSpec& spec, std::vector<std::unique_ptr<Rule>> rules, const std::vector<Reporter*>& reporters,
             Summary& summary)
      : spec_(spec), rules_(std::move(rules)), reporters_(reporters), summary_(summary) {
    input_rules_ = input_rules();
    if (spec.baseline) baseline_ = load_baseline(*spec.baseline);
  }

  std::vector<RuleInfo> rule_infos() const {
    std::vector<RuleInfo> infos;
    for (const auto& rule : rules_) infos.insert(infos.end(), rule->rules().begin(), rule->rules().end());
    infos.insert(infos.end(), input_rules_.begin(), input_rules_.end());
    return infos;
  }

  /// Reading a malformed record: reported in line order with the records around it.
  void malformed(DataError error) { pending_.push_back(std::move(error)); }

  bool keeps_to_caller_thread() const override {
    return std::any_of(rules_.begin(), rules_.end(), [](const auto& rule) { return rule->keeps_to_caller_thread(); });
  }

  bool push(Batch& batch) override {
    if (stopped_) return false;
    if (batch.source() != file_) {
      // errors at the end of the file before (an unterminated quote, a
      // corrupt stream) come before this file's
      auto other = std::stable_partition(pending_.begin(), pending_.end(),
                                         [&](const DataError& e) { return e.file != batch.source(); });
      for (auto it = pending_.begin(); it != other; ++it) {
        if (!report_malformed(*it)) return false;
      }
      pending_.erase(pending_.begin(), other);
      begin_file(batch.source());
    }
    summary_.records += static_cast<std::int64_t>(batch.size());
    findings_.clear();
    owners_.clear();
    for (std::size_t o = 0; o < rules_.size(); ++o) {
      rules_[o]->check(batch, findings_);
      owners_.resize(findings_.size(), static_cast<std::uint32_t>(o));
    }
    // in record order; a record's findings in rule order
    order_.resize(findings_.size());
    for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = static_cast<std::uint32_t>(i);
    std::stable_sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) {
      if (findings_[a].record != findings_[b].record) return findings_[a].record < findings_[b].record;
      return owners_[a] < owners_[b];
    });
    std::sort(pending_.begin(), pending_.end(),
              [](const DataError& a, const DataError& b) { return a.line < b.line; });
    std::size_t next_pending = 0;
    for (std::uint32_t i : order_) {
      const Finding& finding = findings_[i];
      RecordRef record = batch[finding.record];
      // a reader's repair of this record comes before the rules' findings on it
      while (next_pending < pending_.size() && pending_[next_pending].line <= record.where().line) {
        if (!report_malformed(pending_[next_pending++])) return false;
      }
      if (!report_finding(finding, owners_[i], record, batch)) {
        // stopped here: the records after this one were not checked
        summary_.records -= static_cast<std::int64_t>(batch.size() - finding.record - 1);
        return false;
      }
    }
    while (next_pending < pending_.size()) {
      if (!report_malformed(pending_[next_pending++])) return false;
    }
    pending_.clear();
    return true;
  }

  void finish() override {
    std::sort(pending_.begin(), pending_.end(),
              [](const DataError& a, const DataError& b) { return a.line < b.line; });
    for (const DataError& error : pending_) {
      if (!report_malformed(error)) break;  // --max-violations reached (maybe before finish)
    }
    pending_.clear();
    for (auto& rule : rules_) {
      rule->finish();
      rule->notes(summary_.notes);
    }
  }

  const std::vector<Violation>& all() const { return all_; }
  bool failed() const { return failed_; }

  /// A violation a worker found (replay_check): fingerprinted there.
  bool replay(Violation v) { return deliver(std::move(v), true); }

 private:
  void begin_file(const std::string& file) {
    file_ = file;
    for (auto& rule : rules_) rule->begin_file(file);
    // which rules this file reports: --select, --ignore, then check.ignore globs
    enabled_.clear();
    for (const auto& rule : rules_) {
      std::vector<bool> on;
      for (const RuleInfo& info : rule->rules()) on.push_back(enabled(info));
      enabled_.push_back(std::move(on));
    }
    input_enabled_.clear();
    for (const RuleInfo& info : input_rules_) input_enabled_.push_back(enabled(info));
  }

  bool enabled(const RuleInfo& info) const {
    if (!selected(info, spec_)) return false;
    for (const IgnoreEntry& entry : spec_.ignore) {
      if (path_matches(entry.files, file_) && named_by(info, entry.rules)) return false;
    }
    return true;
  }

  bool report_finding(const Finding& finding, std::uint32_t owner, const RecordRef& record, Batch& batch) {
    const RuleInfo& info = rules_[owner]->rules()[finding.rule];
    if (!enabled_[owner][finding.rule]) return true;
    Violation v;
    v.file = batch.source();
    Place place = place_of(record, finding.field);
    v.line = finding.line.value_or(record.where().line + place.lines_after);
    v.rule = info.id;
    v.severity = finding.severity.value_or(info.severity);
    v.message = finding.message;
    v.field = finding.field;
    std::string_view text = record.text();
    v.record = text.empty() ? render_record(record) : std::string(text);
    v.column = finding.column.value_or(place.column);
    return deliver(std::move(v));
  }

  // Where `field`'s value sits in the record's source text, when the value
  // still points into it (a quoted value: its opening quote): the lines
  // after the record's first (a quoted line break before it) and the column.
  // Else the record's first line, column 1.
  struct Place {
    std::int64_t lines_after = 0;
    std::int64_t column = 1;
  };
  static Place place_of(const RecordRef& record, std::string_view name) {
    std::string_view text = record.text();
    if (name.empty() || text.empty()) return {};
    const Field* field = record.find(name);
    // a value inside nested JSON (user.name): the top-level field that holds it
    if (!field && name.find('.') != std::string_view::npos) field = record.find(name.substr(0, name.find('.')));
    if (!field) return {};
    const char* at = field->value.data();
    if (!at || at < text.data() || at > text.data() + text.size()) return {};
    if (at > text.data() && (at[-1] == '"' || at[-1] == '\'')) --at;
    std::string_view before = text.substr(0, static_cast<std::size_t>(at - text.data()));
    Place place;
    std::size_t newline = before.rfind('\n');
    if (newline != std::string_view::npos) {
      place.lines_after = static_cast<std::int64_t>(std::count(before.begin(), before.end(), '\n'));
      before.remove_prefix(newline + 1);
    }
    place.column = static_cast<std::int64_t>(utf8_characters(before)) + 1;
    return place;
  }

  // A record the reader rejected or repaired: a violation of the input rule
  // of its kind ("malformed", "ragged", "preamble", ...).
  bool report_malformed(const DataError& error) {
    std::size_t rule = input_rule_of(error.kind);
    if (!input_enabled_[rule]) return true;
    Violation v;
    v.file = error.file;
    v.line = error.line;
    v.column = error.column > 0 ? error.column : 1;
    v.rule = input_rules_[rule].id;
    v.severity = input_rules_[rule].severity;
    v.message = error.message;
    v.record = error.excerpt;
    return deliver(std::move(v));
  }

  // Fingerprint, baseline, reporters, counts. False once --max-violations is reached.
  bool deliver(Violation v, bool fingerprinted = false) {
    if (stopped_) return false;
    if (!fingerprinted) v.fingerprint = fingerprints_.fingerprint(v);
    if (spec_.write_baseline) all_.push_back(v);
    if (baseline_.count(v.fingerprint)) {
      ++summary_.baselined;
      return true;
    }
    for (Reporter* reporter : reporters_) reporter->add(v);
    switch (v.severity) {
      case Severity::error: ++summary_.errors; break;
      case Severity::warning: ++summary_.warnings; break;
      case Severity::info: ++summary_.infos; break;
    }
    if (spec_.fail_on && v.severity >= *spec_.fail_on) failed_ = true;
    if (spec_.max_violations && summary_.total() >= *spec_.max_violations) {
      summary_.stopped_after = *spec_.max_violations;
      stopped_ = true;
      return false;
    }
    return true;
  }

  const CheckSpec& spec_;
  std::vector<std::unique_ptr<Rule>> rules_;
  const std::vector<Reporter*>& reporters_;
  Summary& summary_;
  std::vector<RuleInfo> input_rules_;
  std::vector<bool> input_enabled_;  // for this file, by input rule
  std::unordered_set<std::string> baseline_;
  Fingerprinter fingerprints_;
  std::string file_;
  std::vector<std::vector<bool>> enabled_;
  std::vector<Finding> findings_;
  std::vector<std::uint32_t> owners_;
  std::vector<std::uint32_t> order_;
  std::vector<DataError> pending_;
  std::vector<Violation> all_;  // for --write-baseline
  bool failed_ = false;
  bool stopped_ = false;
};

std::vector<std::unique_ptr<Rule>> make_rules(const CheckSpec& spec, const StageContext& context) {
  std::vector<std::unique_ptr<Rule>> rules;
  if (spec.schema) rules.push_back(make_schema_rule(*spec.schema));
  std::unordered_set<std::string> ids;
  for (const RuleSpec& rule : spec.rules) {
    if (!ids.insert(rule.id).second) {
      throw UsageError(fmt::format("{}: rule id '{}' is used twice", rule.origin.empty() ? "--rule" : rule.origin, rule.id));
    }
    rules.push_back(rule.hook ? make_hook_rule(rule, context) : make_expr_rule(rule, context.types));
  }
  return rules;
}

// --select, --ignore and check.ignore must name rules or tags that exist.
void check_names(const CheckSpec& spec, const std::vector<RuleInfo>& infos) {
  std::vector<std::string> known;
  for (const RuleInfo& info : input_rules()) known.push_back(info.id);
  known.emplace_back("input");
  for (const RuleInfo& info : infos) {
    known.push_back(info.id);
    known.insert(known.end(), info.tags.begin(), info.tags.end());
  }
  auto check = [&](const std::vector<std::string>& names, std::string_view where) {
    for (const auto& name : names) {
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        throw UsageError(fmt::format("{}: no rule or tag is called '{}'{}", where, name, did_you_mean(name, known)));
      }
    }
  };
  check(spec.select, "--select");
  check(spec.deselect, "--ignore");
  for (const IgnoreEntry& entry : spec.ignore) check(entry.rules, "check.ignore");
}

// The rules that run: made, their names checked; a rule that
// --select/--ignore leave nothing of does not run at all.
std::vector<std::unique_ptr<Rule>> selected_rules(const CheckSpec& spec, const StageContext& context) {
  std::vector<std::unique_ptr<Rule>> rules = make_rules(spec, context);
  std::vector<RuleInfo> all_infos;
  for (const auto& rule : rules) all_infos.insert(all_infos.end(), rule->rules().begin(), rule->rules().end());
  check_names(spec, all_infos);
  std::erase_if(rules, [&](const std::unique_ptr<Rule>& rule) {
    return std::none_of(rule->rules().begin(), rule->rules().end(),
                        [&](const RuleInfo& info) { return selected(info, spec); });
  });
  return rules;
}

StageContext rule_context(const PipelineSpec& pipeline) {
  StageContext context;
  context.base_dir = pipeline.base_dir;
  context.no_hooks = pipeline.no_hooks;
  context.python = pipeline.python;
  context.types = pipeline.types;  // rule hooks see the types hooks see
  context.records_to_stdout = true;  // reports may go to stdout: hook print() goes to stderr
  return context;
}

std::string read_report(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SetupError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

CheckResult replay_check(const CheckSpec& spec, const std::vector<std::string>& files,
                         const std::vector<std::string>& reports, const std::vector<std::string>& notes,
                         const std::vector<Reporter*>& reporters) {
  auto start = std::chrono::steady_clock::now();
  CheckResult result;
  CheckStage stage(spec, selected_rules(spec, rule_context(spec.pipeline)), reporters, result.summary);
  for (Reporter* reporter : reporters) reporter->begin(stage.rule_infos());
  bool stopped = false;
  std::vector<std::string> empty;  // notes: files without records
  simdjson::dom::parser parser;
  for (std::size_t i = 0; i < files.size() && i < reports.size(); ++i) {
    result.summary.files.push_back(input_name(files[i]));
    std::string text = read_report(reports[i]);
    auto bad = [&](std::string_view why) {
      return SetupError(fmt::format("{}: not a weir check json report ({})", reports[i], why));
    };
    std::int64_t records = 0;
    simdjson::dom::document_stream lines;
    if (auto error = parser.parse_many(text).get(lines)) throw bad(simdjson::error_message(error));
    for (auto line : lines) {
      simdjson::dom::element object;
      if (auto error = line.get(object)) throw bad(simdjson::error_message(error));
      simdjson::dom::element summary;
      if (!object["summary"].get(summary)) {
        std::int64_t n = 0;
        if (!summary["records"].get(n)) records = n;
        if (!summary["baselined"].get(n)) result.summary.baselined += n;
        continue;
      }
      if (stopped) continue;
      Violation v;
      std::string_view text_value;
      auto text_of = [&](const char* key) -> std::string {
        return object[key].get(text_value) ? std::string() : std::string(text_value);
      };
      v.file = text_of("file");
      v.rule = text_of("rule");
      v.message = text_of("message");
      v.field = text_of("field");
      v.record = text_of("record");
      v.fingerprint = text_of("fingerprint");
      std::optional<Severity> severity = parse_severity(text_of("severity"));
      if (!severity || object["line"].get(v.line) || object["column"].get(v.column)) throw bad("a violation without its fields");
      v.severity = *severity;
      if (!stage.replay(std::move(v))) stopped = true;
    }
    result.summary.records += records;
    if (records == 0) {
      bool header_rule = spec.schema && spec.schema->header != HeaderRule::any;
      empty.push_back(
          fmt::format("{}: no records to check{}", result.summary.files.back(), header_rule ? ", so its header was not checked" : ""));
    }
  }
  // as run_check: the rules' notes, then the files without records
  result.summary.notes = notes;
  result.summary.notes.insert(result.summary.notes.end(), empty.begin(), empty.end());
  if (spec.write_baseline) write_baseline(*spec.write_baseline, stage.all());
  result.failed = stage.failed();
  result.summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (Reporter* reporter : reporters) reporter->finish(result.summary);
  return result;
}

CheckResult run_check(const CheckSpec& spec, const std::vector<Reporter*>& reporters) {
  auto start = std::chrono::steady_clock::now();
  CheckResult result;
  PipelineSpec pipeline = spec.pipeline;
  pipeline.inputs = expand_inputs(spec.pipeline.inputs.empty() ? std::vector<std::string>{"-"} : spec.pipeline.inputs,
                                  spec.include, spec.exclude);
  CheckStage stage(spec, selected_rules(spec, rule_context(pipeline)), reporters, result.summary);
  std::vector<RuleInfo> infos = stage.rule_infos();
  ErrorPolicy errors([&stage](DataError error) { stage.malformed(std::move(error)); });
  Execution execution(pipeline, errors);
  std::vector<std::int64_t> read_before;  // records read when each file was opened
  execution.on_input([&](const std::string& file) {
    result.summary.files.push_back(input_name(file));
    read_before.push_back(execution.stats().records_read);
  });
  execution.connect(stage);
  execution.let_threads_run_stages(stage);
  for (Reporter* reporter : reporters) reporter->begin(infos);
  for (;;) {
    try {
      if (!execution.step()) break;
    } catch (const InputError& e) {
      // what the error policy cannot take (a corrupt gzip or zstd stream)
      // ends that file, not the check
      stage.malformed(e.error());
      execution.skip_input();
    }
  }
  // how the readers read what left them a choice, then (a file without
  // records passes every rule) the files without records: an empty export
  const std::vector<std::string>& read_notes = errors.notes();
  result.summary.notes.insert(result.summary.notes.end(), read_notes.begin(), read_notes.end());
  for (std::size_t i = 0; i < read_before.size(); ++i) {
    std::int64_t end = i + 1 < read_before.size() ? read_before[i + 1] : execution.stats().records_read;
    if (end > read_before[i]) continue;
    bool header_rule = spec.schema && spec.schema->header != HeaderRule::any;
    result.summary.notes.push_back(fmt::format("{}: no records to check{}", result.summary.files[i],
                                               header_rule ? ", so its header was not checked" : ""));
  }
  if (spec.write_baseline) write_baseline(*spec.write_baseline, stage.all());
  result.failed = stage.failed();
  result.summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (Reporter* reporter : reporters) reporter->finish(result.summary);
  return result;
}

std::string summary_line(const Summary& summary) {
  auto count = [](std::int64_t n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
  };
  std::string line = fmt::format("weir check: {}, {}, {}", count(summary.errors, "error", "errors"),
                                 count(summary.warnings, "warning", "warnings"), count(summary.infos, "info", "infos"));
  if (summary.baselined) line += fmt::format(" (and {} in the baseline)", summary.baselined);
  line += fmt::format(" in {}, {} ({:.2f} s)", count(static_cast<std::int64_t>(summary.files.size()), "file", "files"),
                      count(summary.records, "record", "records"), summary.seconds);
  if (summary.stopped_after) {
    line += fmt::format("; stopped after {} (--max-violations)", count(*summary.stopped_after, "violation", "violations"));
  }
  return line;
}

}  // namespace weir::check
