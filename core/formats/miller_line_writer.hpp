#pragma once
/// The writer of Miller's one-record-a-line formats without quoting: dkvp
/// (name=value joined by ',') and nidx (values joined by ' '). JSON null is
/// written as null, as Miller writes it.

#include <string_view>

#include "core/formats/format.hpp"

namespace weir {

class MillerLineWriter final : public Writer {
 public:
  /// `names`: name=value (dkvp), else the values alone (nidx); the
  /// separator is --ofs, else `separator`.
  MillerLineWriter(Sink& sink, const WriteOptions& options, char separator, bool names)
      : sink_(sink), separator_(options.delimiter ? options.delimiter : separator), names_(names) {}

  void write(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      auto fields = batch[r].fields();
      for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) sink_.put(separator_);
        if (names_) {
          sink_.write(fields[i].name);
          sink_.put('=');
        }
        sink_.write(fields[i].is_json_null() ? std::string_view("null") : fields[i].value);
      }
      sink_.put('\n');
      sink_.maybe_flush();
    }
  }

 private:
  Sink& sink_;
  char separator_;
  bool names_;
};

}  // namespace weir
