#pragma once
/// The header line of an empty result. A stage whose output may hold no
/// record (filter keeping nothing, tail -n 0, sort of a header-only file)
/// still gives the writer the input's header, so that CSV and TSV output
/// keeps its columns, as Miller and qsv do. Only a named header counts: an
/// input read with --no-header has none to keep.

#include <memory>
#include <string>
#include <vector>

#include "core/record/batch.hpp"
#include "core/record/header.hpp"

namespace weir {

class FirstHeader {
 public:
  /// Remembers the header of `batch`'s records (or its bare header), if none yet.
  void see(Batch& batch) {
    if (header_ || seen_) return;
    const Header* h = batch.bare_header;
    if (!h && batch.size() > 0) h = batch[0].header();
    if (h && h->whole) h = h->whole.get();  // (a projected header's records are whole rows)
    if (!h && batch.size() == 0) return;
    seen_ = true;  // the first records decide, header or not
    if (h && !h->positional) header_ = std::make_shared<const Header>(h->names);
  }
  /// The same, for a stage whose output columns are its own (uniq's fields):
  /// `names` when the input had a named header.
  void see(Batch& batch, const std::vector<std::string>& names) {
    bool had = header_ != nullptr;
    see(batch);
    if (!had && header_) header_ = std::make_shared<const Header>(names);
  }

  /// A batch with the header and no record, when one was seen.
  bool bare(Batch& out) const {
    if (!header_) return false;
    out.keep(header_);
    out.bare_header = header_.get();
    return true;
  }

 private:
  std::shared_ptr<const Header> header_;
  bool seen_ = false;
};

/// FirstHeader for a stage that drops records (filter, having-fields): it
/// notes whether anything went on, and at the end gives the header when
/// nothing did.
class EmptyResult {
 public:
  void see(Batch& batch) { header_.see(batch); }
  /// Whether `batch`, after the stage dropped records, goes on: when it has
  /// records, or is a header-only input's bare header.
  bool goes_on(const Batch& batch) {
    if (batch.empty() && !batch.bare_header) return false;
    kept_ = true;
    return true;
  }
  /// A copy made for another thread hands back whether it kept anything.
  void merge(const EmptyResult& copy) { kept_ = kept_ || copy.kept_; }
  /// At the end: a batch with the header and no record, when nothing went on.
  bool bare(Batch& out) const { return !kept_ && header_.bare(out); }

 private:
  FirstHeader header_;
  bool kept_ = false;
};

}  // namespace weir
