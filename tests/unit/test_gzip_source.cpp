// gzip input (core/io/source.cpp, GzipSource: ISA-L's inflate): what any
// gzip writer makes decodes to its bytes, in reads of any size; concatenated
// members are one stream; a damaged, truncated or trailing-garbage stream is
// an error naming the file, in zlib's words.

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>

#include "core/errors/error.hpp"
#include "core/io/source.hpp"
#include "tests/unit/test_support.hpp"

namespace {

using weir::test::gzip_bytes;

// The decoded bytes of `gz`, read `step`, `step + 1`, ... bytes at a time,
// or "ERROR: message" (and nothing else) when decoding fails.
std::string decode(const std::string& gz, std::size_t step = 65536) {
  auto source = weir::decompressed(weir::memory_source(gz, "in.csv.gz", false));
  std::string out;
  std::string buffer(step + 64, '\0');
  try {
    for (std::size_t n = step;; n = n % (step + 64) + 1) {
      const std::size_t got = source->read(buffer.data(), n);
      if (got == 0) break;
      out.append(buffer.data(), got);
    }
  } catch (const weir::InputError& e) {
    REQUIRE(e.error().file == "in.csv.gz");
    return "ERROR: " + e.error().message;
  }
  return out;
}

// A source giving `bytes` 1 to 7 bytes a read: gzip headers, deflate blocks
// and trailers split at every turn.
class Trickle final : public weir::Source {
 public:
  explicit Trickle(std::string bytes) : Source("in.csv.gz"), bytes_(std::move(bytes)) {}
  std::size_t read(char* buffer, std::size_t capacity) override {
    const std::size_t n = std::min({capacity, bytes_.size() - pos_, 1 + reads_++ % 7});
    std::memcpy(buffer, bytes_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::string bytes_;
  std::size_t pos_ = 0;
  std::size_t reads_ = 0;
};

std::string decode_trickled(const std::string& gz) {
  auto source = weir::decompressed(std::make_unique<Trickle>(gz));
  std::string out;
  char buffer[1000];
  try {
    while (std::size_t got = source->read(buffer, sizeof buffer)) out.append(buffer, got);
  } catch (const weir::InputError& e) {
    return "ERROR: " + e.error().message;
  }
  return out;
}

// Rows of varied text: a few MB that compress with long matches and literals.
std::string rows(int n) {
  std::mt19937 rng(5);
  std::string out = "id,name,score\n";
  const char* names[] = {"ada", "grace", "linus", "barbara", "ken", "dennis"};
  for (int i = 0; i < n; ++i) {
    out += std::to_string(i) + "," + names[rng() % 6] + "," + std::to_string(rng() % 100000) + "\n";
  }
  return out;
}

// `text` gzipped with a header naming a file and a comment, and its CRC
// (FHCRC), as gzip(1) writes a file's name (without the CRC).
std::string gzip_named(const std::string& text) {
  gz_header header{};
  char name[] = "data.csv";
  char comment[] = "made by a test";
  header.name = reinterpret_cast<Bytef*>(name);
  header.comment = reinterpret_cast<Bytef*>(comment);
  header.hcrc = 1;
  return gzip_bytes(text, &header);
}

}  // namespace

TEST_CASE("gzip source: a stream decodes to its bytes, in reads of any size", "[gzip]") {
  const std::string text = rows(100000);  // 1.6 MB, 0.4 MB gzipped: past a 256 KiB read of it
  const std::string gz = gzip_bytes(text);
  REQUIRE(gz.size() > 256 * 1024);
  CHECK(decode(gz) == text);
  CHECK(decode(gz, 4093) == text);
  const std::string some = rows(20000);
  CHECK(decode(gzip_bytes(some), 1) == some);
  CHECK(decode(gzip_named(text)) == text);
  CHECK(decode(gzip_bytes("")).empty());
  CHECK(decode(gzip_bytes("a")) == "a");
}

TEST_CASE("gzip source: concatenated members are one stream", "[gzip]") {
  const std::string a = rows(30000);
  const std::string b = "x,y\n1,2\n";
  CHECK(decode(gzip_bytes(a) + gzip_bytes(b)) == a + b);
  CHECK(decode(gzip_bytes(b) + gzip_bytes("") + gzip_named(a), 7) == b + a);
}

TEST_CASE("gzip source: damage is an error naming the file", "[gzip]") {
  const std::string text = rows(100000);
  const std::string gz = gzip_bytes(text);
  // cut short
  CHECK(decode(gz.substr(0, gz.size() / 2)) == "ERROR: truncated gzip data (the file ends in the middle of the stream)");
  CHECK(decode(gz.substr(0, gz.size() - 3)) == "ERROR: truncated gzip data (the file ends in the middle of the stream)");
  // bytes after a member that start no other (gzip -d drops them, with a
  // warning); zeros after it (a tar block's padding) end the stream
  const std::string at = std::to_string(gz.size());
  CHECK(decode(gz + "garbage after it") ==
        "ERROR: bytes after the gzip data that are not gzip (from byte " + at +
            " on): gzip -d drops them as trailing garbage; a member damaged at its start looks the same");
  CHECK(decode(gz + "x") == "ERROR: bytes after the gzip data that are not gzip (from byte " + at +
                                " on): gzip -d drops them as trailing garbage; a member damaged at its start looks the same");
  CHECK(decode(gz + std::string(1000, '\0')) == text);
  CHECK(decode(gz + std::string(1000, '\0') + "x") ==
        "ERROR: bytes after the gzip data that are not gzip (from byte " + at +
            " on): gzip -d drops them as trailing garbage; a member damaged at its start looks the same");
  // a second member cut after its magic number
  CHECK(decode(gz + "\x1f\x8b") == "ERROR: truncated gzip data (the file ends in the middle of the stream)");
  // a CRC-32 in the trailer that is not the data's
  std::string bad_crc = gz;
  bad_crc[bad_crc.size() - 8] = static_cast<char>(bad_crc[bad_crc.size() - 8] ^ 1);
  CHECK(decode(bad_crc) == "ERROR: corrupt gzip data: incorrect data check");
  // 256 bytes overwritten in the middle of the deflate stream
  std::string middle = gz;
  middle.replace(middle.size() / 2, 256, std::string(256, 'U'));
  CHECK(decode(middle).starts_with("ERROR: corrupt gzip data: "));
  // not deflate (method 9)
  std::string method = gz;
  method[2] = 9;
  CHECK(decode(method) == "ERROR: corrupt gzip data: unknown compression method");
}

TEST_CASE("gzip source: compressed bytes that come a few at a time", "[gzip]") {
  const std::string a = rows(2000);
  const std::string b = "x,y\n1,2\n";
  CHECK(decode_trickled(gzip_named(a) + gzip_bytes(b) + gzip_named(b)) == a + b + b);
  const std::string gz = gzip_named(a);
  CHECK(decode_trickled(gz.substr(0, gz.size() - 1)) ==
        "ERROR: truncated gzip data (the file ends in the middle of the stream)");
  CHECK(decode_trickled(gz + "\x1f\x8b") == "ERROR: truncated gzip data (the file ends in the middle of the stream)");
}
