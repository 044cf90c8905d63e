// Each reader keeps a record's source text (RecordSlot::text): what `weir
// check` shows for a violation and counts columns in.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/errors/policy.hpp"
#include "core/formats/format.hpp"
#include "core/io/source.hpp"

namespace {

std::vector<std::string> texts(const std::string& input, const std::string& format) {
  weir::ErrorPolicy errors(weir::OnError::skip);
  weir::ReadOptions options;
  auto reader = weir::format_named(format).make_reader(weir::memory_source(input, "in." + format), options, errors);
  std::vector<std::string> out;
  weir::Batch batch;
  while (reader->read(batch)) {
    for (std::size_t i = 0; i < batch.size(); ++i) out.emplace_back(batch[i].text());
  }
  return out;
}

}  // namespace

TEST_CASE("record text: csv rows without their line end, quoted newlines kept", "[record-text]") {
  CHECK(texts("a,b\r\n1,2\r\n\"x\ny\",3\n4,5", "csv") == std::vector<std::string>{"1,2", "\"x\ny\",3", "4,5"});
}

TEST_CASE("record text: jsonl values without the blanks after them; arrays give none", "[record-text]") {
  CHECK(texts("{\"a\": 1}  \r\n{\"b\": [1, 2]}\n", "jsonl") ==
        std::vector<std::string>{"{\"a\": 1}", "{\"b\": [1, 2]}"});
  CHECK(texts("{\"a\": \"\\u00e9\"}\n", "jsonl") == std::vector<std::string>{"{\"a\": \"\\u00e9\"}"});
  CHECK(texts("[{\"a\": 1}, {\"a\": 2}]\n", "jsonl") == std::vector<std::string>{"", ""});
}

TEST_CASE("record text: tsv, logfmt and lines keep the line", "[record-text]") {
  CHECK(texts("a\tb\n1\t2\n", "tsv") == std::vector<std::string>{"1\t2"});
  CHECK(texts("a=1 b=\"x y\"\r\n", "logfmt") == std::vector<std::string>{"a=1 b=\"x y\""});
  CHECK(texts("one\ntwo\n", "lines") == std::vector<std::string>{"one", "two"});
}
