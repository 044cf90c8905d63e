// JSON Lines writer: one compact object per record, keys in record order.
// Values from JSON keep their type and text; untyped text (csv, tsv, ...)
// is written as its column's type says (core/record/column_types.hpp), the
// same type a Python hook and `import weir` see.
//
// At -j N a batch's text is made on the thread that parsed it (render())
// when the type of every column in it is already decided: types are
// decided in input order, here (write()), and never change once decided,
// so the text is what write() would make, and write() would learn nothing
// from the batch. A batch with a column still undecided is written here.

#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "core/formats/format.hpp"
#include "core/formats/json_text.hpp"

namespace weir {

namespace {

/// A Sink that hands what it writes to a TextBuffer (render's output).
class TextBufferSink final : public Sink {
 public:
  TextBuffer* target = nullptr;

 protected:
  void write_out(std::string_view text) override {
    if (!target) return;
    char* end = target->room(text.size());
    std::memcpy(end, text.data(), text.size());
    target->end_at(end + text.size());
  }
};

/// a == b for a field name, inline: a name is a dozen bytes, and a call to
/// memcmp per field of every record cost a tenth of a JSON Lines render
inline bool same_name(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  if (n >= 8 && n <= 16) {
    std::uint64_t a0, a1, b0, b1;
    std::memcpy(&a0, a.data(), 8);
    std::memcpy(&a1, a.data() + n - 8, 8);
    std::memcpy(&b0, b.data(), 8);
    std::memcpy(&b1, b.data() + n - 8, 8);
    return a0 == b0 && a1 == b1;
  }
  return a == b;
}

/// What render() says its text stands for: JSON Lines has no header line,
/// so any text made is written as it is.
const Header& no_header() {
  static const Header header({});
  return header;
}

class JsonlWriter final : public Writer {
 public:
  JsonlWriter(Sink& sink, const WriteOptions& options)
      : sink_(sink), types_(options.types), decided_(std::make_shared<const ColumnTypes>(types_)) {}

  // (columns written as text, then null: ColumnTypes::late_types)
  void notes(std::vector<std::string>& out) const override {
    for (std::string& note : types_.late_type_notes("written", "null")) out.push_back(std::move(note));
  }

  void write(Batch& batch) override {
    std::size_t known = types_.known();
    types_.learn(batch);
    if (types_.known() != known) {
      std::lock_guard lock(decided_mutex_);
      decided_ = std::make_shared<const ColumnTypes>(types_);
    }
    for (std::size_t r = 0; r < batch.size(); ++r) {
      write_json_record(sink_, batch[r], &types_);
      sink_.put('\n');
      sink_.maybe_flush();
    }
  }

  const Header* render(const Batch& batch, TextBuffer& text) const override {
    std::shared_ptr<const ColumnTypes> decided;
    {
      std::lock_guard lock(decided_mutex_);
      decided = decided_;
    }
    // a copy per thread (type_of() keeps a cache), made again when the
    // types decided change
    thread_local std::shared_ptr<const ColumnTypes> copied_from;
    thread_local std::unique_ptr<ColumnTypes> types;
    if (copied_from != decided) {
      types = std::make_unique<ColumnTypes>(*decided);
      copied_from = decided;
    }
    // a column without a type: write() is to learn from this batch (JSON
    // values decide a column too, for the text that may come later)
    if (!decided_all(batch, *types)) return nullptr;
    thread_local TextBufferSink out;
    out.target = nullptr;
    out.flush();  // (drops what a render cut short by an exception left)
    out.target = &text;
    for (std::size_t r = 0; r < batch.size(); ++r) {
      write_json_record(out, batch.fields_of(r), batch.header_of(r), types.get());
      out.put('\n');
      out.maybe_flush();
    }
    out.flush();
    return &no_header();
  }

  // Whether every column of every record in `batch` has a type. A header's
  // columns are looked up once; a record without one (JSON) by name, but a
  // name the record before had at the same place was looked up already.
  static bool decided_all(const Batch& batch, const ColumnTypes& types) {
    thread_local std::vector<std::string_view> checked;
    checked.clear();
    const Header* checked_header = nullptr;
    for (std::size_t r = 0; r < batch.size(); ++r) {
      std::span<const Field> fields = batch.fields_of(r);
      const Header* header = batch.header_of(r);
      std::size_t from = 0;
      if (header) {
        if (header != checked_header) {
          for (std::size_t i = 0; i < header->names.size(); ++i) {
            if (types.type_of(header, i, header->names[i]) == ColumnType::unknown) return false;
          }
          checked_header = header;
        }
        from = header->names.size();  // (a ragged row's extra values are named by place)
      }
      if (checked.size() < fields.size()) checked.resize(fields.size());
      for (std::size_t i = from; i < fields.size(); ++i) {
        if (!checked[i].empty() && same_name(fields[i].name, checked[i])) continue;
        if (types.type_of(header, i, fields[i].name) == ColumnType::unknown) return false;
        checked[i] = fields[i].name;
      }
    }
    return true;
  }

  bool write_rendered(const Header* /*header*/, std::string_view text) override {
    sink_.write(text);
    sink_.maybe_flush();
    return true;
  }

 private:
  Sink& sink_;
  ColumnTypes types_;
  // types_ as of its last change, for render() on other threads
  mutable std::mutex decided_mutex_;
  std::shared_ptr<const ColumnTypes> decided_;
};

}  // namespace

std::unique_ptr<Writer> make_jsonl_writer(Sink& sink, const WriteOptions& options) {
  return std::make_unique<JsonlWriter>(sink, options);
}

}  // namespace weir
