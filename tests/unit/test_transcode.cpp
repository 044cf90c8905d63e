// Input encodings: names, conversion to UTF-8 (exact bytes), characters cut
// by read boundaries, error messages, and detection by byte order mark.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <limits>

#include "core/errors/error.hpp"
#include "core/io/transcode.hpp"

using weir::Encoding;

namespace {

constexpr std::size_t kAll = std::numeric_limits<std::size_t>::max();

/// Hands out at most `step` bytes a read, so that every character of the
/// input gets cut by a read boundary somewhere.
class TrickleSource final : public weir::Source {
 public:
  TrickleSource(std::string bytes, std::size_t step)
      : Source("in.csv"), bytes_(std::move(bytes)), step_(step) {}
  std::size_t read(char* buffer, std::size_t capacity) override {
    std::size_t n = std::min({capacity, step_, bytes_.size() - pos_});
    std::memcpy(buffer, bytes_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::string bytes_;
  std::size_t step_;
  std::size_t pos_ = 0;
};

std::unique_ptr<weir::Source> trickle(std::string bytes, std::size_t step = kAll) {
  return std::make_unique<TrickleSource>(std::move(bytes), step);
}

/// Everything `source` yields, read `capacity` bytes at a time.
std::string drain(weir::Source& source, std::size_t capacity = 4096) {
  std::string out;
  std::string buffer(capacity, '\0');
  while (std::size_t n = source.read(buffer.data(), capacity)) out.append(buffer.data(), n);
  return out;
}

std::string decode(std::string bytes, Encoding from, std::size_t step = kAll, std::size_t capacity = 4096) {
  return drain(*weir::transcoding_source(trickle(std::move(bytes), step), from), capacity);
}

std::string detect(std::string bytes, std::optional<Encoding> given = std::nullopt,
                   Encoding* detected = nullptr, std::size_t step = kAll) {
  return drain(*weir::detect_encoding(trickle(std::move(bytes), step), given, detected));
}

/// The rendered InputError that `run` throws, or "(no error)". Encoding
/// errors know the file but not the line.
template <class Run>
std::string error_text(Run run) {
  try {
    run();
  } catch (const weir::InputError& e) {
    CHECK(e.error().file == "in.csv");
    CHECK(e.error().line == 0);
    return weir::format_data_error(e.error());
  }
  return "(no error)";
}

/// The bytes of `values`, written out one by one.
std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out += static_cast<char>(v);
  return out;
}

/// `text` as UTF-16 bytes, little- or big-endian, without a byte order mark.
std::string utf16(std::u16string_view text, bool little_endian) {
  std::string out;
  for (char16_t unit : text) {
    char low = static_cast<char>(unit & 0xFF);
    char high = static_cast<char>(unit >> 8);
    out += little_endian ? low : high;
    out += little_endian ? high : low;
  }
  return out;
}

const std::string kLeBom = "\xFF\xFE";
const std::string kBeBom = "\xFE\xFF";
const std::string kGrinning = "\xF0\x9F\x98\x80";  // U+1F600 in UTF-8

}  // namespace

TEST_CASE("transcode: encoding names and aliases, in any case", "[transcode]") {
  CHECK(weir::encoding_named("utf-8") == Encoding::utf8);
  CHECK(weir::encoding_named("utf8") == Encoding::utf8);
  CHECK(weir::encoding_named("UTF-8") == Encoding::utf8);
  CHECK(weir::encoding_named("latin1") == Encoding::latin1);
  CHECK(weir::encoding_named("latin-1") == Encoding::latin1);
  CHECK(weir::encoding_named("ISO-8859-1") == Encoding::latin1);
  CHECK(weir::encoding_named("cp1252") == Encoding::cp1252);
  CHECK(weir::encoding_named("Windows-1252") == Encoding::cp1252);
  CHECK(weir::encoding_named("utf-16") == Encoding::utf16);
  CHECK(weir::encoding_named("UTF-16LE") == Encoding::utf16le);
  CHECK(weir::encoding_named("utf-16be") == Encoding::utf16be);
}

TEST_CASE("transcode: an unknown encoding name is refused, with a did-you-mean", "[transcode]") {
  CHECK(weir::encoding_named("utf-32") == std::nullopt);
  CHECK(weir::encoding_named("ebcdic") == std::nullopt);
  CHECK(weir::encoding_named("") == std::nullopt);
  CHECK(weir::encoding_named("utf16le") == std::nullopt);
  CHECK(weir::did_you_mean("utf16le", weir::encoding_names()) == " (did you mean 'utf-16le'?)");
  CHECK(weir::did_you_mean("ebcdic", weir::encoding_names()) == "");
}

TEST_CASE("transcode: each encoding's canonical name names it", "[transcode]") {
  for (Encoding e : {Encoding::utf8, Encoding::latin1, Encoding::cp1252, Encoding::utf16, Encoding::utf16le,
                     Encoding::utf16be}) {
    CHECK(weir::encoding_named(weir::encoding_name(e)) == e);
  }
  CHECK(weir::encoding_name(Encoding::utf8) == "utf-8");
  CHECK(weir::encoding_name(Encoding::utf16le) == "utf-16le");
  CHECK(weir::encoding_names().front() == "utf-8");
}

TEST_CASE("transcode: latin1 bytes become their code points", "[transcode]") {
  CHECK(decode("caf\xE9,\xFF\n", Encoding::latin1) == "caf\xC3\xA9,\xC3\xBF\n");
  // 0x80-0x9F are the C1 controls in latin1, not cp1252's € and ’
  CHECK(decode("\x80\x92", Encoding::latin1) == "\xC2\x80\xC2\x92");
  CHECK(decode("", Encoding::latin1) == "");
}

TEST_CASE("transcode: cp1252 bytes, the five it leaves undefined as C1 controls", "[transcode]") {
  CHECK(decode("caf\xE9 \x80 it\x92s", Encoding::cp1252) == "caf\xC3\xA9 \xE2\x82\xAC it\xE2\x80\x99s");
  CHECK(decode("\x81\x8D\x8F\x90\x9D", Encoding::cp1252) == "\xC2\x81\xC2\x8D\xC2\x8F\xC2\x90\xC2\x9D");
  CHECK(decode("a\x81", Encoding::cp1252, 1, 1) == "a\xC2\x81");
}

TEST_CASE("transcode: UTF-16 with a byte order mark, which is dropped", "[transcode]") {
  CHECK(decode(bytes({0xFF, 0xFE, 'a', 0, ',', 0, 0xE9, 0, 0x3D, 0xD8, 0x00, 0xDE, '\n', 0}),
               Encoding::utf16le) == "a,\xC3\xA9" + kGrinning + "\n");
  CHECK(decode(bytes({0xFE, 0xFF, 0, 'a', 0, ',', 0, 0xE9, 0xD8, 0x3D, 0xDE, 0x00, 0, '\n'}),
               Encoding::utf16be) == "a,\xC3\xA9" + kGrinning + "\n");
  CHECK(decode(kLeBom + utf16(u"x,y\n1,\U0001F600\n", true), Encoding::utf16) ==
        "x,y\n1," + kGrinning + "\n");
  CHECK(decode(kBeBom + utf16(u"x,y\n1,\U0001F600\n", false), Encoding::utf16) ==
        "x,y\n1," + kGrinning + "\n");
}

TEST_CASE("transcode: UTF-16 without a byte order mark", "[transcode]") {
  CHECK(decode(utf16(u"a\u00E9", true), Encoding::utf16) == "a\xC3\xA9");  // little-endian by default
  CHECK(decode(utf16(u"a\u00E9", true), Encoding::utf16le) == "a\xC3\xA9");
  CHECK(decode(utf16(u"a\u00E9", false), Encoding::utf16be) == "a\xC3\xA9");
  CHECK(decode(kLeBom, Encoding::utf16) == "");
  CHECK(decode("", Encoding::utf16) == "");
}

TEST_CASE("transcode: a byte order mark contradicting the encoding given is an error", "[transcode]") {
  CHECK(
      error_text([] { decode(kLeBom + utf16(u"a", true), Encoding::utf16be); }) ==
      "weir: in.csv: the input starts with a UTF-16LE byte order mark, but the encoding given is utf-16be\n");
  CHECK(
      error_text([] { decode(kBeBom + utf16(u"a", false), Encoding::utf16le); }) ==
      "weir: in.csv: the input starts with a UTF-16BE byte order mark, but the encoding given is utf-16le\n");
}

TEST_CASE("transcode: characters cut by read boundaries, on the way in and out", "[transcode]") {
  const std::u16string text = u"id,name\n1,Jos\u00E9 \U0001F600\u20AC\n2,\U0001F600\U0001F600\n";
  const std::string expected =
      "id,name\n1,Jos\xC3\xA9 " + kGrinning + "\xE2\x82\xAC\n2," + kGrinning + kGrinning + "\n";
  for (std::size_t step : {1, 2, 3, 5}) {
    for (std::size_t capacity : {1, 3, 4096}) {
      INFO("step " << step << ", capacity " << capacity);
      CHECK(decode(kLeBom + utf16(text, true), Encoding::utf16le, step, capacity) == expected);
      CHECK(decode(kBeBom + utf16(text, false), Encoding::utf16be, step, capacity) == expected);
      CHECK(decode(utf16(text, true), Encoding::utf16, step, capacity) == expected);
      CHECK(decode("Jos\xE9 \x80\x81", Encoding::cp1252, step, capacity) ==
            "Jos\xC3\xA9 \xE2\x82\xAC\xC2\x81");
      CHECK(detect(kBeBom + utf16(text, false), std::nullopt, nullptr, step) == expected);
    }
  }
}

TEST_CASE("transcode: long inputs stream through the fixed buffers", "[transcode]") {
  // latin1 doubles in size: the output buffer fills before the input is used up
  std::string latin1(200000, '\xE9');
  std::string expected;
  for (std::size_t i = 0; i < latin1.size(); ++i) expected += "\xC3\xA9";
  CHECK(decode(latin1, Encoding::latin1) == expected);
  // after one two-byte unit, the end of the 64 KiB input buffer falls inside a
  // surrogate pair; 4099-byte reads cut pairs at every place
  std::u16string text = u"a";
  std::string utf8 = "a";
  for (int i = 0; i < 50000; ++i) {
    text += u"\U0001F600";
    utf8 += kGrinning;
  }
  CHECK(decode(utf16(text, true), Encoding::utf16le) == utf8);
  CHECK(decode(utf16(text, false), Encoding::utf16be, 4099, 777) == utf8);
}

TEST_CASE("transcode: a lone surrogate is an error at its byte offset", "[transcode]") {
  std::string high_then_letter = kLeBom + utf16(std::u16string{u'a', 0xD83D, u'b'}, true);
  CHECK(error_text([&] { decode(high_then_letter, Encoding::utf16le); }) ==
        "weir: in.csv: invalid UTF-16LE at byte offset 4: lone surrogate 0xD83D\n");
  CHECK(error_text([&] { decode(high_then_letter, Encoding::utf16, 1, 1); }) ==
        "weir: in.csv: invalid UTF-16LE at byte offset 4: lone surrogate 0xD83D\n");
  std::string low_alone = kBeBom + utf16(std::u16string{u'a', 0xDE00}, false);
  CHECK(error_text([&] { decode(low_alone, Encoding::utf16be, 3); }) ==
        "weir: in.csv: invalid UTF-16BE at byte offset 4: lone surrogate 0xDE00\n");
  std::string two_highs = utf16(std::u16string{0xD83D, 0xD83D, 0xDE00}, true);
  CHECK(error_text([&] { decode(two_highs, Encoding::utf16le); }) ==
        "weir: in.csv: invalid UTF-16LE at byte offset 0: lone surrogate 0xD83D\n");
  std::string high_at_end = kLeBom + utf16(std::u16string{u'a', 0xD83D}, true);
  CHECK(error_text([&] { decode(high_at_end, Encoding::utf16le, 1); }) ==
        "weir: in.csv: invalid UTF-16LE at byte offset 4: lone surrogate 0xD83D at the end of the input\n");
}

TEST_CASE("transcode: an odd number of UTF-16 bytes is an error at the last one", "[transcode]") {
  CHECK(error_text([] { decode(kLeBom + utf16(u"ab", true) + "c", Encoding::utf16le); }) ==
        "weir: in.csv: invalid UTF-16LE at byte offset 6: an odd number of bytes (the input ends with half a "
        "character)\n");
  CHECK(error_text([] { decode(utf16(u"a", false) + "\xD8\x3D\xDE", Encoding::utf16be, 1); }) ==
        "weir: in.csv: invalid UTF-16BE at byte offset 4: an odd number of bytes (the input ends with half a "
        "character)\n");
}

TEST_CASE("transcode: the text before an error is handed out before the error", "[transcode]") {
  std::u16string text(70000, u'x');
  text += char16_t(0xDC00);
  auto source = weir::transcoding_source(trickle(kLeBom + utf16(text, true)), Encoding::utf16le);
  std::string got;
  char buffer[4096];
  std::string error = error_text([&] {
    while (std::size_t n = source->read(buffer, sizeof buffer)) got.append(buffer, n);
  });
  CHECK(got == std::string(70000, 'x'));
  CHECK(error == "weir: in.csv: invalid UTF-16LE at byte offset 140002: lone surrogate 0xDC00\n");
}

TEST_CASE("transcode: detection by a UTF-16 byte order mark", "[transcode]") {
  Encoding detected = Encoding::utf8;
  CHECK(detect(kLeBom + utf16(u"a,\U0001F600\n", true), std::nullopt, &detected) == "a," + kGrinning + "\n");
  CHECK(detected == Encoding::utf16le);
  CHECK(detect(kBeBom + utf16(u"a,\U0001F600\n", false), std::nullopt, &detected, 1) ==
        "a," + kGrinning + "\n");
  CHECK(detected == Encoding::utf16be);
  CHECK(detect(kLeBom, std::nullopt, &detected) == "");
  CHECK(detected == Encoding::utf16le);
}

// A spreadsheet's "Unicode text" export: UTF-16 with no mark. Read as
// UTF-8 it came out with a NUL after every character, exit 0.
TEST_CASE("transcode: UTF-16 without a mark, found by its zero bytes", "[transcode]") {
  Encoding detected = Encoding::utf8;
  for (std::size_t step : {1, 3, 4096}) {
    INFO("step " << step);
    CHECK(detect(utf16(u"name,city\nJos\u00E9,Z\u00FCrich\n", true), std::nullopt, &detected, step) ==
          "name,city\nJos\xC3\xA9,Z\xC3\xBCrich\n");
    CHECK(detected == Encoding::utf16le);
    CHECK(detect(utf16(u"a,b\n1,2\n", false), std::nullopt, &detected, step) == "a,b\n1,2\n");
    CHECK(detected == Encoding::utf16be);
  }
  // four characters are enough; three are not (taken as they are)
  CHECK(detect(utf16(u"a\n1\n", true), std::nullopt, &detected) == "a\n1\n");
  CHECK(detect(utf16(u"a\n1", true), std::nullopt, &detected) == std::string("a\0\n\0" "1\0", 6));
  // UTF-8 with a few NUL bytes is not UTF-16
  const std::string nuls("a,b\n1,\0\n2,x\0y\n", 14);
  CHECK(detect(nuls, std::nullopt, &detected) == nuls);
  CHECK(detected == Encoding::utf8);
}

TEST_CASE("transcode: a UTF-32 byte order mark is refused", "[transcode]") {
  CHECK(
      error_text([] { detect(std::string("\xFF\xFE\0\0a\0\0\0", 8)); }) ==
      "weir: in.csv: UTF-32 is not supported (the input starts with a UTF-32LE byte order mark); convert it "
      "first: iconv -f UTF-32 -t UTF-8\n");
  CHECK(
      error_text([] { detect(std::string("\0\0\xFE\xFF\0\0\0a", 8), std::nullopt, nullptr, 1); }) ==
      "weir: in.csv: UTF-32 is not supported (the input starts with a UTF-32BE byte order mark); convert it "
      "first: iconv -f UTF-32 -t UTF-8\n");
  // told it is UTF-16LE, FF FE 00 00 is a byte order mark and U+0000
  CHECK(detect(std::string("\xFF\xFE\0\0", 4), Encoding::utf16le) == std::string(1, '\0'));
}

TEST_CASE("transcode: without a UTF-16 mark the input passes byte for byte", "[transcode]") {
  Encoding detected = Encoding::latin1;
  const std::string with_bom =
      "\xEF\xBB\xBF"
      "a,b\n\xC3\xA9,\xFF\xFE\n";
  for (std::size_t step : {1, 3, 4096}) {
    INFO("step " << step);
    CHECK(detect(with_bom, std::nullopt, &detected, step) == with_bom);
    CHECK(detected == Encoding::utf8);
  }
  for (const std::string& short_input : {std::string(), std::string("a"), std::string("\xFF"),
                                         std::string("ab\xFE"), std::string("\0\0\xFE", 3)}) {
    CHECK(detect(short_input, std::nullopt, &detected, 1) == short_input);
  }
  // not invalid UTF-8 either: checking it is the readers' business
  CHECK(detect("\xE9\n", std::nullopt) == "\xE9\n");
}

TEST_CASE("transcode: an encoding given overrides detection", "[transcode]") {
  Encoding detected = Encoding::utf8;
  CHECK(detect("caf\xE9\n", Encoding::latin1, &detected) == "caf\xC3\xA9\n");
  CHECK(detected == Encoding::latin1);
  CHECK(detect(kBeBom + utf16(u"a", false), Encoding::utf16, &detected) == "a");
  CHECK(detected == Encoding::utf16be);
  // no mark: little-endian, so the big-endian 00 61 reads as U+6100
  CHECK(detect(utf16(u"a", false), Encoding::utf16, &detected) == "\xE6\x84\x80");
  CHECK(detected == Encoding::utf16le);
  // utf-8 given: a UTF-16 mark is left alone
  CHECK(detect(kLeBom + "a", Encoding::utf8, &detected) == kLeBom + "a");
  CHECK(detected == Encoding::utf8);
}

TEST_CASE("transcode: the error carries the byte offset as data", "[transcode]") {
  std::optional<weir::DataError> error;
  try {
    decode(kBeBom + utf16(std::u16string{u'a', u'b', 0xDFFF}, false), Encoding::utf16be);
  } catch (const weir::InputError& e) {
    error = e.error();
  }
  REQUIRE(error);
  CHECK(error->offset == 6);
  CHECK(error->line == 0);
  CHECK(error->message == "invalid UTF-16BE at byte offset 6: lone surrogate 0xDFFF");
}
