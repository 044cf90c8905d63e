#pragma once
/// --rejects FILE: one JSON line per input rejected or repaired, with where
/// it was, what kind of problem it had and its whole raw text, so that
/// nothing a user gave is lost:
///
///   {"file":"a.csv","line":7,"column":12,"offset":311,"kind":"ragged",
///    "action":"repaired","message":"ragged row: ...","raw":"1,2,3"}

#include <memory>
#include <string>

#include "core/errors/error.hpp"
#include "core/io/sink.hpp"

namespace weir {

class Quarantine {
 public:
  /// Creates `path` (atomically, when closed). Throws SetupError.
  explicit Quarantine(const std::string& path);
  void add(const DataError& error, bool rejected);
  /// Writes the file out; also after a failed run, so what was read is kept.
  void close();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::unique_ptr<Sink> sink_;
};

}  // namespace weir
