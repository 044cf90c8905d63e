#pragma once
/// Input encodings: a Source in latin1, cp1252 or UTF-16 read as UTF-8
/// (through glibc's iconv, streaming, in bounded memory), and the detection
/// of a UTF-16 file by its byte order mark. Everything after this layer --
/// the readers, the stages -- sees UTF-8 only.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/io/source.hpp"

namespace weir {

enum class Encoding {
  utf8,
  latin1,  ///< ISO-8859-1: every byte is the code point of the same value
  cp1252,  ///< Windows-1252: latin1 with 0x80-0x9F mostly printable (€, ’, ...)
  utf16,   ///< UTF-16 by its byte order mark, little-endian without one
  utf16le,
  utf16be,
};

/// The encoding an --encoding value names, case-insensitively: utf-8/utf8,
/// latin1/latin-1/iso-8859-1, cp1252/windows-1252, utf-16, utf-16le,
/// utf-16be. nullopt for any other name.
std::optional<Encoding> encoding_named(std::string_view name);

/// The canonical name, as encoding_named accepts it and `weir sniff` prints
/// it: "utf-8", "latin1", "cp1252", "utf-16", "utf-16le", "utf-16be".
std::string_view encoding_name(Encoding encoding);

/// Every name encoding_named accepts, in lower case, canonical names first:
/// the candidates for "did you mean ...?".
const std::vector<std::string>& encoding_names();

/// Reads `source` as `from` and yields UTF-8. A UTF-16 byte order mark at the
/// start is dropped (none is added); for utf16 it decides the byte order.
/// Input that is not valid in `from` (a lone surrogate, an odd number of
/// bytes in UTF-16; a UTF-16 byte order mark contradicting utf16le/utf16be)
/// throws InputError naming the file and the byte offset, with line 0, once
/// the text before it has been read: no U+FFFD is ever put in its place.
/// cp1252's five undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) are read as
/// the C1 controls U+0081 etc., as latin1 reads them. utf8 returns `source`
/// itself.
std::unique_ptr<Source> transcoding_source(std::unique_ptr<Source> source, Encoding from);

/// The source to parse: `given` (the --encoding option) when set, else what
/// the first bytes say. A UTF-16 byte order mark means UTF-16 (the mark is
/// dropped); a UTF-32 one throws InputError ("UTF-32 is not supported"); any
/// other input is taken as UTF-8 and yielded byte for byte, a UTF-8 byte
/// order mark included (the CSV reader skips it). When `detected` is not
/// null it receives the encoding in effect, with utf16 resolved to utf16le
/// or utf16be.
std::unique_ptr<Source> detect_encoding(std::unique_ptr<Source> source, std::optional<Encoding> given,
                                        Encoding* detected = nullptr);

}  // namespace weir
