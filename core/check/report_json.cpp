// json: JSON Lines, one object per violation, then one summary object.

#include "core/check/json_out.hpp"
#include "core/check/report.hpp"

namespace weir::check {

namespace {

class JsonReporter final : public Reporter {
 public:
  explicit JsonReporter(Sink& sink) : sink_(sink) {}

  void add(const Violation& v) override {
    JsonOut out(sink_, JsonOut::Style::compact);
    out.begin_object();
    out.key("file").string(v.file);
    out.key("line").integer(v.line);
    out.key("column").integer(v.column);
    out.key("rule").string(v.rule);
    out.key("severity").string(severity_name(v.severity));
    out.key("message").string(v.message);
    out.key("field");
    if (v.field.empty()) {
      out.null();
    } else {
      out.string(v.field);
    }
    out.key("record").string(v.record);
    out.key("fingerprint").string(v.fingerprint);
    out.end_object();
    sink_.put('\n');
    sink_.maybe_flush();
  }

  void finish(const Summary& summary) override {
    JsonOut out(sink_, JsonOut::Style::compact);
    out.begin_object().key("summary").begin_object();
    out.key("errors").integer(summary.errors);
    out.key("warnings").integer(summary.warnings);
    out.key("infos").integer(summary.infos);
    out.key("baselined").integer(summary.baselined);
    out.key("files").integer(static_cast<std::int64_t>(summary.files.size()));
    out.key("records").integer(summary.records);
    out.key("seconds").number(summary.seconds);
    out.key("stopped_after");
    if (summary.stopped_after) {
      out.integer(*summary.stopped_after);
    } else {
      out.null();
    }
    out.end_object().end_object();
    sink_.put('\n');
    sink_.flush();
  }

 private:
  Sink& sink_;
};

}  // namespace

std::unique_ptr<Reporter> make_json_reporter(Sink& sink, const ReportOptions&) {
  return std::make_unique<JsonReporter>(sink);
}

}  // namespace weir::check
