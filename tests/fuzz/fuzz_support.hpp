#pragma once
// What the libFuzzer harnesses share: reader options drawn from the fuzzer's
// bytes, and a reading turned into text that two readings can be compared by.
//
// A harness fails (abort, which libFuzzer reports as a crash with the input
// saved) when an invariant breaks; an exception other than the ones weir
// documents for bad input escapes to libFuzzer, which reports it too.

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/errors/policy.hpp"
#include "core/formats/format.hpp"
#include "core/io/source.hpp"

namespace weir::fuzz {

/// Stops the run with `what`, and the two texts that should have agreed.
[[noreturn]] inline void mismatch(std::string_view what, std::string_view a, std::string_view b) {
  std::fprintf(stderr, "\n=== weir fuzz: %.*s\n--- first:\n%.*s\n--- second:\n%.*s\n", static_cast<int>(what.size()),
               what.data(), static_cast<int>(a.size()), a.data(), static_cast<int>(b.size()), b.data());
  std::abort();
}

/// Reader options the fuzzer picks, from the last bytes of its input (what
/// FuzzedDataProvider consumes first), so that seed files read as themselves.
inline ReadOptions read_options(FuzzedDataProvider& in) {
  ReadOptions o;
  auto flags = in.ConsumeIntegral<std::uint16_t>();
  if (flags & 1) o.strict = true;
  if (flags & 2) o.delimiter = ",;|\t: "[(flags >> 8) % 6];
  if (flags & 4) o.quote = (flags & 0x800) ? '\0' : '\'';
  if (flags & 8) o.header = (flags & 0x1000) != 0;
  if (flags & 16) o.ragged = static_cast<Ragged>((flags >> 13) % 4);
  if (flags & 32) o.trim = true;
  if (flags & 64) o.keep_blank_lines = true;
  if (flags & 128) o.comment = '#';
  if ((flags & 0x300) == 0x300) o.escape = (flags & 0x4000) ? Escape::backslash : Escape::none;
  if ((flags & 0x8100) == 0x8100) o.max_record_size = 64;  // the too-large path, often
  return o;
}

/// A tiny block size (1..64 bytes past the padding) so that records are cut
/// by block ends everywhere.
inline std::size_t tiny_block(FuzzedDataProvider& in) { return 1 + in.ConsumeIntegral<std::uint8_t>() % 64; }

/// Every record (line, then name=value:kind for each field) and every
/// malformed or repaired input (line:col kind message), collected as
/// `weir check` does, so that nothing stops the reading.
struct Reading {
  std::string records;
  std::string errors;
  bool operator==(const Reading&) const = default;
};

inline void add_record(std::string& out, RecordRef record) {
  out += fmt::format("@{}:", record.where().line);
  for (const Field& f : record.fields()) {
    out += f.name;
    out += '=';
    out += f.value;
    out += fmt::format(":{}|", static_cast<int>(f.kind));
    (void)f.number();  // numbers are parsed lazily: parse every one
  }
  out += '\n';
}

inline Reading read_all(ReaderFactory make, const std::string& bytes, ReadOptions options, std::size_t block) {
  options.block_size = block;
  Reading out;
  ErrorPolicy errors([&out](DataError e) {
    out.errors += fmt::format("{}:{} {} {}\n", e.line, e.column, data_error_kind_name(e.kind), e.message);
    (void)format_data_error(e);  // the caret line too
  });
  try {
    auto reader = make(memory_source(bytes, "fuzz.in"), options, errors);
    Batch batch;
    while (reader->read(batch)) {
      for (std::size_t r = 0; r < batch.size(); ++r) add_record(out.records, batch[r]);
      if (batch.bare_header) out.records += "(bare header)\n";
    }
  } catch (const InputError& e) {
    // corrupt compressed data, or an input the reader cannot go on past
    out.errors += "stopped: " + e.error().message + "\n";
  } catch (const UsageError& e) {
    out.errors += std::string("usage: ") + e.what() + "\n";  // options that do not go together
  }
  return out;
}

/// Reads under --on-error fail: it stops at the first malformed record with
/// an InputError, whose message must render.
inline void read_failing(ReaderFactory make, const std::string& bytes, const ReadOptions& options) {
  ErrorPolicy errors(OnError::fail);
  try {
    auto reader = make(memory_source(bytes, "fuzz.in"), options, errors);
    Batch batch;
    while (reader->read(batch)) {
    }
  } catch (const InputError& e) {
    (void)format_data_error(e.error());
  } catch (const UsageError&) {
  }
}

/// The common reader harness: options from the input, then the same bytes
/// read with one big block and with tiny blocks must give the same records
/// and errors (a record cut by a block's end is carried whole).
inline void check_reader(ReaderFactory make, const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  ReadOptions options = read_options(in);
  std::size_t block = tiny_block(in);
  std::string bytes = in.ConsumeRemainingBytesAsString();
  Reading whole = read_all(make, bytes, options, std::size_t{1} << 20);
  Reading cut = read_all(make, bytes, options, block);
  if (whole.records != cut.records) mismatch("records differ between one block and tiny blocks", whole.records, cut.records);
  if (whole.errors != cut.errors) mismatch("errors differ between one block and tiny blocks", whole.errors, cut.errors);
  read_failing(make, bytes, options);
}

}  // namespace weir::fuzz
