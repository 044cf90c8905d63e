#include "core/pipeline/quarantine.hpp"

#include <fmt/format.h>

#include "core/formats/json_text.hpp"

namespace weir {

Quarantine::Quarantine(const std::string& path) : path_(path), sink_(file_sink(path)) {}

void Quarantine::add(const DataError& error, bool rejected) {
  Sink& out = *sink_;
  out.write("{\"file\":");
  write_json_string(out, error.file);
  out.write(fmt::format(",\"line\":{},\"column\":{},\"offset\":{},\"kind\":\"{}\",\"action\":\"{}\",\"message\":",
                        error.line, error.column, error.offset, data_error_kind_name(error.kind),
                        rejected ? "rejected" : "repaired"));
  write_json_string(out, error.message);
  out.write(",\"raw\":");
  write_json_string(out, error.raw.empty() ? error.excerpt : error.raw);
  out.write("}\n");
  out.maybe_flush();
}

void Quarantine::close() {
  if (!sink_) return;
  sink_->flush();
  sink_->commit();
  sink_.reset();
}

}  // namespace weir
