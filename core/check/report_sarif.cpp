// sarif: SARIF 2.1.0, the format code-scanning services (GitHub, GitLab,
// Azure DevOps) read. One run: the tool and its rules, then one result per
// violation. Kept until finish(): the rules list must be complete (a rule
// that shows up only in violations, "malformed", gets an entry too) and
// results point into it by index. Every rule has the short and full
// description and the help text GitHub's code scanning requires (the SARIF
// Multitool's rule GH2012).

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "core/check/json_out.hpp"
#include "core/check/report.hpp"

namespace weir::check {

namespace {

std::string_view sarif_level(Severity severity) {
  switch (severity) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::info:
      return "note";
  }
  return "error";
}

// A byte a URI may hold as it is (RFC 3986: unreserved, sub-delims, '@',
// and '/' between segments). Everything else, ':' included (in a relative
// reference's first segment it would read as a scheme), is percent-encoded.
bool uri_safe(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '-':
    case '.':
    case '_':
    case '~':
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
    case '@':
    case '/':
      return true;
    default:
      return false;
  }
}

// The artifact URI of a file as weir names it: a relative reference for a
// relative path ("./" dropped), a file:// URI for an absolute one, "stdin"
// for standard input. Bytes a URI cannot hold are percent-encoded (UTF-8).
std::string sarif_uri(std::string_view path) {
  if (path == "(stdin)") return "stdin";
  std::string out;
  if (!path.empty() && path.front() == '/') {
    out = "file://";
  } else {
    while (path.size() > 2 && path.substr(0, 2) == "./") path.remove_prefix(2);
  }
  for (char c : path) {
    auto byte = static_cast<unsigned char>(c);
    if (uri_safe(byte)) {
      out += c;
    } else {
      out += fmt::format("%{:02X}", byte);
    }
  }
  return out;
}

// A one-line statement of the rule: its id and severity, then what it checks.
std::string full_description(const RuleInfo& rule) {
  std::string text = fmt::format("weir check rule '{}' ({})", rule.id, severity_name(rule.severity));
  if (!rule.description.empty()) text += fmt::format(": {}", rule.description);
  return text;
}

// What the rule asks and what to do: the rule's own help, else one made
// from its description.
std::string help_text(const RuleInfo& rule) {
  if (!rule.help.empty()) return rule.help;
  std::string text = rule.description.empty()
                         ? fmt::format("A record breaks the rule '{}'.", rule.id)
                         : fmt::format("A record breaks the rule '{}' when this does not hold: {}.", rule.id,
                                       rule.description);
  return text + " Fix the record, or change the rule in the config (weir-config(5), RULES).";
}

class SarifReporter final : public Reporter {
 public:
  SarifReporter(Sink& sink, const ReportOptions& options) : sink_(sink), options_(options) {}

  void begin(const std::vector<RuleInfo>& rules) override {
    for (const auto& rule : rules) add_rule(rule);
  }

  void add(const Violation& v) override {
    if (!rule_index_.count(v.rule)) add_rule({v.rule, v.severity, "", {}, ""});
    violations_.push_back(v);
  }

  void finish(const Summary&) override {
    JsonOut out(sink_, JsonOut::Style::pretty);
    out.begin_object();
    out.key("$schema").string("https://json.schemastore.org/sarif-2.1.0.json");
    out.key("version").string("2.1.0");
    out.key("runs").begin_array().begin_object();
    write_tool(out);
    // weir counts columns in characters; SARIF's default is UTF-16 code units
    out.key("columnKind").string("unicodeCodePoints");
    out.key("results").begin_array();
    for (const auto& v : violations_) write_result(out, v);
    out.end_array();
    out.end_object().end_array();
    out.end_object();
    sink_.put('\n');
    sink_.flush();
  }

 private:
  void add_rule(const RuleInfo& rule) {
    // the first description of an id wins
    if (rule_index_.emplace(rule.id, rules_.size()).second) rules_.push_back(rule);
  }

  void write_tool(JsonOut& out) const {
    out.key("tool").begin_object().key("driver").begin_object();
    out.key("name").string("weir");
    if (!options_.tool_version.empty()) out.key("version").string(options_.tool_version);
    if (!options_.information_uri.empty()) out.key("informationUri").string(options_.information_uri);
    out.key("rules").begin_array();
    for (const auto& rule : rules_) {
      out.begin_object();
      out.key("id").string(rule.id);
      out.key("shortDescription")
          .begin_object()
          .key("text")
          .string(rule.description.empty() ? rule.id : rule.description)
          .end_object();
      out.key("fullDescription").begin_object().key("text").string(full_description(rule)).end_object();
      out.key("help").begin_object().key("text").string(help_text(rule)).end_object();
      out.key("defaultConfiguration")
          .begin_object()
          .key("level")
          .string(sarif_level(rule.severity))
          .end_object();
      write_tags(out, rule.tags);
      out.end_object();
    }
    out.end_array();
    out.end_object().end_object();
  }

  // SARIF wants the tags unique
  static void write_tags(JsonOut& out, const std::vector<std::string>& tags) {
    if (tags.empty()) return;
    out.key("properties").begin_object().key("tags").begin_array();
    for (std::size_t i = 0; i < tags.size(); ++i) {
      bool seen = false;
      for (std::size_t j = 0; j < i && !seen; ++j) seen = tags[j] == tags[i];
      if (!seen) out.string(tags[i]);
    }
    out.end_array().end_object();
  }

  void write_result(JsonOut& out, const Violation& v) const {
    out.begin_object();
    out.key("ruleId").string(v.rule);
    out.key("ruleIndex").integer(static_cast<std::int64_t>(rule_index_.at(v.rule)));
    out.key("level").string(sarif_level(v.severity));
    out.key("message").begin_object().key("text").string(v.message).end_object();
    out.key("locations").begin_array().begin_object();
    out.key("physicalLocation").begin_object();
    out.key("artifactLocation").begin_object().key("uri").string(sarif_uri(v.file)).end_object();
    // line 0: the file as a whole, no region
    if (v.line > 0) {
      out.key("region").begin_object();
      out.key("startLine").integer(v.line);
      out.key("startColumn").integer(std::max<std::int64_t>(v.column, 1));  // SARIF: >= 1
      if (!v.record.empty()) out.key("snippet").begin_object().key("text").string(v.record).end_object();
      out.end_object();
    }
    out.end_object();
    out.end_object().end_array();
    if (!v.fingerprint.empty()) {
      out.key("partialFingerprints").begin_object().key("weir/v1").string(v.fingerprint).end_object();
    }
    out.end_object();
  }

  Sink& sink_;
  ReportOptions options_;
  std::vector<RuleInfo> rules_;
  std::unordered_map<std::string, std::size_t> rule_index_;
  std::vector<Violation> violations_;
};

}  // namespace

std::unique_ptr<Reporter> make_sarif_reporter(Sink& sink, const ReportOptions& options) {
  return std::make_unique<SarifReporter>(sink, options);
}

}  // namespace weir::check
