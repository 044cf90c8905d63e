// A compressed stream from a pipe that pauses (core/io/source.cpp,
// DecodingSource): more_now() says whether a read now gives decoded bytes
// without waiting for the pipe, and a read never waits for the pipe while
// the decoder holds decoded bytes. (BlockReader hands a block on when
// more_now() is false: a `tail -f` of a compressed log is written as it
// comes; tests/cli/test_streaming.py runs that through the binary.)

#include <zstd.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "core/errors/error.hpp"
#include "core/io/source.hpp"
#include "tests/unit/test_support.hpp"

namespace {

using weir::test::gzip_bytes;

// A pipe the test writes to: more_now() is whether bytes written are
// unread; a read of none before close() would wait, and fails the test.
class Pipe final : public weir::Source {
 public:
  Pipe() : Source("in") {}
  void write(const std::string& bytes) { unread_ += bytes; }
  void close() { closed_ = true; }

  bool may_pause() const override { return true; }
  bool more_now() override { return !unread_.empty() || closed_; }
  std::size_t read(char* buffer, std::size_t capacity) override {
    if (unread_.empty() && !closed_) throw std::logic_error("a read of the pipe would wait");
    const std::size_t n = std::min(capacity, unread_.size());
    unread_.copy(buffer, n);
    unread_.erase(0, n);
    return n;
  }

 private:
  std::string unread_;
  bool closed_ = false;
};

struct Stream {
  Pipe* pipe;
  std::unique_ptr<weir::Source> decoded;
};

// The decoder of what `first` begins (a gzip or zstd magic number).
Stream open(const std::string& first) {
  auto pipe = std::make_unique<Pipe>();
  Pipe* raw = pipe.get();
  raw->write(first);
  return {raw, weir::decompressed(std::move(pipe))};
}

// What the stream decodes to before it would wait, read 1,000 bytes at a time.
std::string read_now(weir::Source& decoded) {
  std::string out;
  char buffer[1000];
  while (decoded.more_now()) {
    const std::size_t got = decoded.read(buffer, sizeof buffer);
    if (got == 0) break;
    out.append(buffer, got);
  }
  return out;
}

std::string zstd_frame(const std::string& text) {
  std::string frame(ZSTD_compressBound(text.size()), '\0');
  frame.resize(ZSTD_compress(frame.data(), frame.size(), text.data(), text.size(), 3));
  return frame;
}

// `text` as a writer gives it before it pauses: flushed, the stream not
// ended (zstd: ZSTD_e_flush inside one frame; gzip: Z_SYNC_FLUSH).
std::string flushed(const std::string& text, bool gzip) {
  if (gzip) return weir::test::gzip_flushed(text);
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  std::string out(ZSTD_compressBound(text.size()) + 64, '\0');
  ZSTD_inBuffer in{text.data(), text.size(), 0};
  ZSTD_outBuffer o{out.data(), out.size(), 0};
  while (ZSTD_compressStream2(cctx, &o, &in, ZSTD_e_flush) != 0) {
  }
  ZSTD_freeCCtx(cctx);
  out.resize(o.pos);
  return out;
}

std::string lines(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += "line " + std::to_string(i) + ",some text that repeats\n";
  return out;
}

}  // namespace

TEST_CASE("paused decoding: a member or frame is given, a part of the next one waits", "[gzip]") {
  for (const bool gzip : {true, false}) {
    INFO((gzip ? "gzip" : "zstd"));
    const std::string a = gzip ? gzip_bytes("a\n") : zstd_frame("a\n");
    const std::string b = gzip ? gzip_bytes("b\n") : zstd_frame("b\n");
    // the pipe has the first and 5 bytes of the second (part of its header)
    Stream s = open(a + b.substr(0, 5));
    REQUIRE(read_now(*s.decoded) == "a\n");
    REQUIRE_FALSE(s.decoded->more_now());
    s.pipe->write(b.substr(5));
    REQUIRE(read_now(*s.decoded) == "b\n");
    REQUIRE_FALSE(s.decoded->more_now());
    s.pipe->close();
    REQUIRE(s.decoded->more_now());
    char buffer[16];
    REQUIRE(s.decoded->read(buffer, sizeof buffer) == 0);
  }
}

TEST_CASE("paused decoding: what the decoder holds past a full read is given before the pipe is read", "[gzip]") {
  // (300 KB decoded from a few KB: the decoder holds more than one read's room)
  const std::string text = lines(10000);
  for (const bool gzip : {true, false}) {
    INFO((gzip ? "gzip" : "zstd"));
    Stream s = open(gzip ? gzip_bytes(text) : zstd_frame(text));
    REQUIRE(read_now(*s.decoded) == text);
    REQUIRE_FALSE(s.decoded->more_now());
    s.pipe->close();
    char buffer[16];
    REQUIRE(s.decoded->read(buffer, sizeof buffer) == 0);
    // the same flushed, the stream going on after a pause
    Stream paused = open(flushed(text, gzip));
    REQUIRE(read_now(*paused.decoded) == text);
    REQUIRE_FALSE(paused.decoded->more_now());
  }
}

TEST_CASE("paused decoding: damage found by looking ahead is the next read's error", "[gzip]") {
  std::string gz = gzip_bytes(lines(200));
  gz[gz.size() - 6] ^= 0x55;  // (the trailer's CRC-32)
  Stream s = open(gz);
  s.pipe->close();
  std::string out;
  char buffer[1000];
  try {
    while (std::size_t got = (s.decoded->more_now(), s.decoded->read(buffer, sizeof buffer))) out.append(buffer, got);
    FAIL("no error");
  } catch (const weir::InputError& e) {
    REQUIRE(e.error().message == "corrupt gzip data: incorrect data check");
  }
  REQUIRE(lines(200).compare(0, out.size(), out) == 0);  // (what came before it, if any)
}

TEST_CASE("paused decoding: a read that fills its room at a member's or frame's end, then the end", "[gzip]") {
  const std::string text = lines(3000);
  for (const bool gzip : {true, false}) {
    INFO((gzip ? "gzip" : "zstd"));
    const std::string one = gzip ? gzip_bytes(text) : zstd_frame(text);
    for (const std::string& stream : {one, one + one}) {
      Stream s = open(stream);
      s.pipe->close();
      std::string out, buffer(text.size(), '\0');
      while (std::size_t got = s.decoded->read(buffer.data(), buffer.size())) out.append(buffer.data(), got);
      REQUIRE(out == (stream.size() == one.size() ? text : text + text));
    }
  }
}
