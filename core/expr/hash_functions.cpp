// md5, sha1, sha256 and sha512 (Nettle, Debian's nettle-dev) and crc32 (zlib), as hex text
// and a number, the same as Miller and md5sum/sha1sum print them.

#include <nettle/md5.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>
#include <zlib.h>

#include <fmt/format.h>

#include "core/expr/builtin_impl.hpp"

namespace weir::expr {

namespace {

void append_hex(const std::uint8_t* digest, std::size_t size, std::string& out) {
  for (std::size_t i = 0; i < size; ++i) out += fmt::format("{:02x}", digest[i]);
}

}  // namespace

void md5_hex(std::string_view text, std::string& out) {
  md5_ctx context;
  md5_init(&context);
  md5_update(&context, text.size(), reinterpret_cast<const std::uint8_t*>(text.data()));
  std::uint8_t digest[MD5_DIGEST_SIZE];
  md5_digest(&context, MD5_DIGEST_SIZE, digest);
  append_hex(digest, MD5_DIGEST_SIZE, out);
}

void sha1_hex(std::string_view text, std::string& out) {
  sha1_ctx context;
  sha1_init(&context);
  sha1_update(&context, text.size(), reinterpret_cast<const std::uint8_t*>(text.data()));
  std::uint8_t digest[SHA1_DIGEST_SIZE];
  sha1_digest(&context, SHA1_DIGEST_SIZE, digest);
  append_hex(digest, SHA1_DIGEST_SIZE, out);
}

void sha256_hex(std::string_view text, std::string& out) {
  sha256_ctx context;
  sha256_init(&context);
  sha256_update(&context, text.size(), reinterpret_cast<const std::uint8_t*>(text.data()));
  std::uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_digest(&context, SHA256_DIGEST_SIZE, digest);
  append_hex(digest, SHA256_DIGEST_SIZE, out);
}

void sha512_hex(std::string_view text, std::string& out) {
  sha512_ctx context;
  sha512_init(&context);
  sha512_update(&context, text.size(), reinterpret_cast<const std::uint8_t*>(text.data()));
  std::uint8_t digest[SHA512_DIGEST_SIZE];
  sha512_digest(&context, SHA512_DIGEST_SIZE, digest);
  append_hex(digest, SHA512_DIGEST_SIZE, out);
}

double crc32_of(std::string_view text) {
  uLong crc = ::crc32(0L, Z_NULL, 0);
  // zlib takes at most 4 GiB a call
  while (!text.empty()) {
    auto n = static_cast<uInt>(std::min<std::size_t>(text.size(), 1u << 30));
    crc = ::crc32(crc, reinterpret_cast<const Bytef*>(text.data()), n);
    text.remove_prefix(n);
  }
  return static_cast<double>(crc);
}

}  // namespace weir::expr
