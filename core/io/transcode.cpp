// Decoding to UTF-8 with iconv, a buffer of raw bytes in and one of UTF-8
// out; detection by byte order mark. The API is described in transcode.hpp.

#include "core/io/transcode.hpp"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "core/errors/error.hpp"

namespace weir {

namespace {

constexpr std::size_t kChunk = 64 << 10;

struct Alias {
  std::string_view name;
  Encoding encoding;
};

// The first row of each encoding is its canonical name.
constexpr Alias kAliases[] = {
    {"utf-8", Encoding::utf8},          {"latin1", Encoding::latin1},    {"cp1252", Encoding::cp1252},
    {"utf-16", Encoding::utf16},        {"utf-16le", Encoding::utf16le}, {"utf-16be", Encoding::utf16be},
    {"utf8", Encoding::utf8},           {"latin-1", Encoding::latin1},   {"iso-8859-1", Encoding::latin1},
    {"windows-1252", Encoding::cp1252},
};

const char* iconv_name(Encoding encoding) {
  switch (encoding) {
    case Encoding::utf8:
      return "UTF-8";
    case Encoding::latin1:
      return "ISO-8859-1";
    case Encoding::cp1252:
      return "CP1252";
    case Encoding::utf16:
      break;  // resolved by the byte order mark first
    case Encoding::utf16le:
      return "UTF-16LE";
    case Encoding::utf16be:
      return "UTF-16BE";
  }
  WEIR_ASSERT(false);
  return "UTF-8";
}

/// "UTF-16LE", "CP1252": how a message spells the encoding.
std::string display_name(Encoding encoding) {
  std::string out(encoding_name(encoding));
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

/// Undecodable input is malformed input (exit 3), located by file and byte
/// offset only: there are no lines before the text is decoded.
InputError bad_input(const std::string& name, std::int64_t offset, std::string message) {
  DataError error;
  error.file = name;
  error.offset = offset;
  error.message = std::move(message);
  return InputError(std::move(error));
}

constexpr std::string_view kUtf16LeBom{"\xFF\xFE", 2};
constexpr std::string_view kUtf16BeBom{"\xFE\xFF", 2};
constexpr std::string_view kUtf32LeBom{"\xFF\xFE\x00\x00", 4};
constexpr std::string_view kUtf32BeBom{"\x00\x00\xFE\xFF", 4};

/// Converts `inner` from a non-UTF-8 encoding to UTF-8 with iconv, through
/// two fixed buffers: in_ holds raw bytes not yet converted (a character cut
/// by a read boundary waits there for its other bytes), out_ converted bytes
/// not yet handed out.
class TranscodingSource final : public Source {
 public:
  /// `head`: the first bytes of `inner`, already read from it by the caller.
  TranscodingSource(std::unique_ptr<Source> inner, Encoding from, std::string_view head)
      : Source(inner->name()), inner_(std::move(inner)), from_(from), in_(kChunk), out_(kChunk) {
    WEIR_ASSERT(from != Encoding::utf8 && head.size() <= in_.size());
    std::copy(head.begin(), head.end(), in_.data());
    in_end_ = head.size();
    if (from_ == Encoding::utf16 || is_utf16()) take_bom();
    cd_ = iconv_open("UTF-8", iconv_name(from_));
    if (cd_ == reinterpret_cast<iconv_t>(-1)) {  // NOLINT(performance-no-int-to-ptr): iconv_open failed
      throw SetupError(
          fmt::format("{}: cannot convert from {}: {}", name(), display_name(from_), std::strerror(errno)));
    }
  }
  ~TranscodingSource() override { iconv_close(cd_); }

  /// The encoding read, utf16 resolved to utf16le or utf16be.
  Encoding encoding() const { return from_; }

  bool more_now() override { return out_pos_ < out_end_ || inner_->more_now(); }
  bool may_pause() const override { return inner_->may_pause(); }
  bool decodes() const override { return true; }

  std::size_t read(char* buffer, std::size_t capacity) override {
    if (out_pos_ == out_end_ && !fill()) return 0;
    std::size_t n = std::min(capacity, out_end_ - out_pos_);
    std::memcpy(buffer, out_.data() + out_pos_, n);
    out_pos_ += n;
    return n;
  }

 private:
  /// Drops a UTF-16 byte order mark; for utf16 it decides the byte order.
  void take_bom() {
    while (in_end_ < 2 && read_more()) {
    }
    std::string_view start(in_.data(), std::min<std::size_t>(in_end_, 2));
    Encoding marked = start == kUtf16LeBom   ? Encoding::utf16le
                      : start == kUtf16BeBom ? Encoding::utf16be
                                             : Encoding::utf16;
    if (marked == Encoding::utf16) {
      if (from_ == Encoding::utf16) from_ = Encoding::utf16le;
      return;
    }
    if (from_ != Encoding::utf16 && from_ != marked) {
      throw bad_input(name(), 0,
                      fmt::format("the input starts with a {} byte order mark, but the encoding "
                                  "given is {}",
                                  display_name(marked), encoding_name(from_)));
    }
    from_ = marked;
    in_begin_ = 2;
  }

  /// Appends the next read of `inner_` to in_ (moving the unconverted rest to
  /// the front first). False at the end of the input.
  bool read_more() {
    if (at_end_) return false;
    std::memmove(in_.data(), in_.data() + in_begin_, in_end_ - in_begin_);
    in_offset_ += static_cast<std::int64_t>(in_begin_);
    in_end_ -= in_begin_;
    in_begin_ = 0;
    std::size_t got = inner_->read(in_.data() + in_end_, in_.size() - in_end_);
    if (got == 0) {
      at_end_ = true;
      return false;
    }
    in_end_ += got;
    incomplete_ = false;
    return true;
  }

  /// Refills out_ with the next converted text. False at the end of the input.
  bool fill() {
    out_pos_ = out_end_ = 0;
    for (;;) {
      if (in_begin_ == in_end_ || incomplete_) {
        // hand out what is converted before a read that may block (a pipe)
        if (out_end_ > 0) return true;
        if (!read_more()) {
          if (in_begin_ < in_end_) throw truncated();
          return false;
        }
      }
      char* in = in_.data() + in_begin_;
      std::size_t in_left = in_end_ - in_begin_;
      char* out = out_.data() + out_end_;
      std::size_t out_left = out_.size() - out_end_;
      std::size_t rc = iconv(cd_, &in, &in_left, &out, &out_left);
      int err = errno;
      in_begin_ = static_cast<std::size_t>(in - in_.data());
      out_end_ = static_cast<std::size_t>(out - out_.data());
      if (rc != static_cast<std::size_t>(-1)) continue;  // all of in_ converted
      if (err == E2BIG) return true;
      if (err == EINVAL) {  // a character cut by the end of in_: read its other bytes
        incomplete_ = true;
        continue;
      }
      // EILSEQ. glibc's CP1252 has no mapping for the five bytes Windows-1252
      // leaves undefined; like Python's and the WHATWG decoders, we read them
      // as the C1 controls of the same value (0x81 -> U+0081) rather than
      // failing a file over a byte that some Windows tools do write.
      auto byte = static_cast<unsigned char>(in_[in_begin_]);
      if (from_ == Encoding::cp1252 &&
          (byte == 0x81 || byte == 0x8D || byte == 0x8F || byte == 0x90 || byte == 0x9D)) {
        if (out_left < 2) return true;
        out_[out_end_++] = '\xC2';  // U+0080..U+00BF in UTF-8: C2 then the byte
        out_[out_end_++] = static_cast<char>(byte);
        ++in_begin_;
        continue;
      }
      // the text before the bad bytes is handed out first; the next fill()
      // stops at the same place with nothing converted and throws
      if (out_end_ > 0) return true;
      throw invalid();
    }
  }

  /// UTF-16 of a known byte order (after take_bom(), utf16 is one of these).
  bool is_utf16() const { return from_ == Encoding::utf16le || from_ == Encoding::utf16be; }

  /// The 16-bit code unit at in_[index].
  unsigned unit_at(std::size_t index) const {
    auto a = static_cast<unsigned char>(in_[index]);
    auto b = static_cast<unsigned char>(in_[index + 1]);
    return from_ == Encoding::utf16le ? a | b << 8 : a << 8 | b;
  }

  /// "invalid UTF-16LE at byte offset 6: `what`", for the byte at in_[index].
  InputError invalid_at(std::size_t index, std::string_view what) const {
    std::int64_t offset = in_offset_ + static_cast<std::int64_t>(index);
    return bad_input(name(), offset,
                     fmt::format("invalid {} at byte offset {}: {}", display_name(from_), offset, what));
  }

  /// The bytes at in_begin_ that iconv rejected (EILSEQ).
  InputError invalid() const {
    // glibc's UTF-16 decoder rejects only surrogates: a low one first, or a
    // high one not followed by a low one
    if (is_utf16() && in_end_ - in_begin_ >= 2) {
      return invalid_at(in_begin_, fmt::format("lone surrogate 0x{:04X}", unit_at(in_begin_)));
    }
    return invalid_at(in_begin_, fmt::format("byte 0x{:02X} has no Unicode mapping",
                                             static_cast<unsigned char>(in_[in_begin_])));
  }

  /// The input ended inside a character (iconv said EINVAL, no more came).
  InputError truncated() const {
    std::size_t left = in_end_ - in_begin_;
    if (is_utf16() && left % 2 == 1) {
      return invalid_at(in_end_ - 1, "an odd number of bytes (the input ends with half a character)");
    }
    if (is_utf16() && left == 2) {
      return invalid_at(in_begin_,
                        fmt::format("lone surrogate 0x{:04X} at the end of the input", unit_at(in_begin_)));
    }
    return invalid_at(in_begin_, "the input ends inside a character");
  }

  std::unique_ptr<Source> inner_;
  Encoding from_;
  iconv_t cd_;
  std::vector<char> in_;
  std::size_t in_begin_ = 0;  // in_[in_begin_, in_end_) is read but not converted
  std::size_t in_end_ = 0;
  std::int64_t in_offset_ = 0;  // the input's byte offset of in_[0]
  bool incomplete_ = false;     // in_ ends inside a character
  bool at_end_ = false;         // inner_ has returned 0
  std::vector<char> out_;
  std::size_t out_pos_ = 0;  // out_[out_pos_, out_end_) is converted but not read
  std::size_t out_end_ = 0;
};

}  // namespace

std::optional<Encoding> encoding_named(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const Alias& alias : kAliases) {
    if (alias.name == lower) return alias.encoding;
  }
  return std::nullopt;
}

std::string_view encoding_name(Encoding encoding) {
  for (const Alias& alias : kAliases) {
    if (alias.encoding == encoding) return alias.name;
  }
  WEIR_ASSERT(false);
  return "utf-8";
}

const std::vector<std::string>& encoding_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const Alias& alias : kAliases) out.emplace_back(alias.name);
    return out;
  }();
  return names;
}

std::unique_ptr<Source> transcoding_source(std::unique_ptr<Source> source, Encoding from) {
  if (from == Encoding::utf8) return source;
  return std::make_unique<TranscodingSource>(std::move(source), from, std::string_view());
}

namespace {

// UTF-16 without a byte order mark (a spreadsheet's "Unicode text" export):
// the first bytes are mostly ASCII characters, each with a zero byte after
// it (LE) or before it (BE), which UTF-8 text never is. Read as UTF-8 it
// came out with a NUL between every two characters, exit 0.
std::optional<Encoding> bomless_utf16(std::string_view head, std::size_t least_pairs = 4) {
  const std::size_t pairs = head.size() / 2;
  if (pairs < least_pairs) return std::nullopt;
  std::size_t little = 0, big = 0;
  for (std::size_t i = 0; i + 1 < head.size(); i += 2) {
    little += head[i] != '\0' && head[i + 1] == '\0';
    big += head[i] == '\0' && head[i + 1] != '\0';
  }
  if (little * 10 >= pairs * 9) return Encoding::utf16le;
  if (big * 10 >= pairs * 9) return Encoding::utf16be;
  return std::nullopt;
}

}  // namespace

std::unique_ptr<Source> detect_encoding(std::unique_ptr<Source> source, std::optional<Encoding> given,
                                        Encoding* detected) {
  std::string head;
  if (!given) {
    head = read_up_to(*source, 4);
    // (more is read only when these look like UTF-16 text: a stream of short
    // UTF-8 records is not held up waiting for 64 bytes)
    if (bomless_utf16(head, 2)) head += read_up_to(*source, 60);
    // FF FE 00 00 could also be UTF-16LE starting with U+0000; no text file
    // does, so the UTF-32 marks are tested first.
    if (head.starts_with(kUtf32LeBom) || head.starts_with(kUtf32BeBom)) {
      throw bad_input(source->name(), 0,
                      fmt::format("UTF-32 is not supported (the input starts with a UTF-32{} byte order "
                                  "mark); convert it first: iconv -f UTF-32 -t UTF-8",
                                  head.starts_with(kUtf32LeBom) ? "LE" : "BE"));
    }
    if (head.starts_with(kUtf16LeBom) || head.starts_with(kUtf16BeBom)) given = Encoding::utf16;
    else given = bomless_utf16(head);
  }
  if (!given || *given == Encoding::utf8) {
    if (detected) *detected = Encoding::utf8;
    return replay_source(std::move(head), std::move(source));
  }
  auto transcoder = std::make_unique<TranscodingSource>(std::move(source), *given, head);
  if (detected) *detected = transcoder->encoding();
  return transcoder;
}

}  // namespace weir
