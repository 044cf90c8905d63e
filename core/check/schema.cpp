// The schema rule: one Rule object that checks every constraint of a
// config's `schema` section, record by record.
//
// Speed is the point: `weir check` runs this on every record. So everything
// that can be decided once is decided in the constructor (patterns, formats,
// which checks a field has, which rule ids exist), fields are found by
// position cached per Header id, values are tested in place (schema_types.hpp)
// and a message is only built for a failure: the passing path allocates
// nothing.
//
// Per record, in order: the header (a file's first record only), the column
// count, then each schema field (required, type, enum, pattern, min, max,
// min_length, max_length), then the unique keys. A field that is missing or
// empty skips its other checks (it is only reported if required); a value of
// the wrong type skips the rest of its field's checks (a non-number has no
// "above the maximum"), but not the unique keys.

#include "core/check/schema.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <new>
#include <unordered_set>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <re2/re2.h>
#include <sys/mman.h>

#include "core/check/schema_types.hpp"
#include "core/errors/error.hpp"
#include "core/formats/utf8.hpp"
#include "core/record/nested.hpp"

namespace weir::check {

namespace {

// The rule ids, in the order rules() lists them.
enum class Check : std::uint8_t {
  header,
  columns,
  required,
  type,
  enum_,
  pattern,
  min,
  max,
  min_length,
  max_length,
  unique,
  count
};
constexpr std::array<std::string_view, static_cast<std::size_t>(Check::count)> kCheckIds = {
    "schema.header",     "schema.columns",    "schema.required", "schema.type",
    "schema.enum",       "schema.pattern",    "schema.min",      "schema.max",
    "schema.min_length", "schema.max_length", "schema.unique"};

// ------------------------------------------------------------ key hashing
//
// Unique keys are remembered as 64-bit hashes, not as text, so memory stays
// at 16 bytes a key however long the values are. The price: two different
// keys with the same hash look like a duplicate. For n distinct keys in a
// file the odds of any such false "duplicate" are about n^2 / 2^65: one in
// 37 billion for a million keys, one in 37,000 for a billion. (Not for data
// crafted against the hash: it is fast, not cryptographic.)

std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
  const auto r = static_cast<unsigned __int128>(a) * b;
  return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
}

std::uint64_t read64(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

std::uint64_t read32(const char* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// A wyhash-style hash of `text`, chained from `seed`. The length goes in
// first, so hashing the fields of a combined key one after another keeps
// ("ab", "c") and ("a", "bc") apart: the length is the separator that no
// value can imitate.
std::uint64_t hash_text(std::string_view text, std::uint64_t seed) {
  constexpr std::uint64_t k0 = 0xa0761d6478bd642full, k1 = 0xe7037ed1a0b428dbull, k2 = 0x8ebc6af09c88c6e3ull;
  const char* p = text.data();
  std::size_t n = text.size();
  std::uint64_t h = mix(seed ^ k0, n ^ k1);
  while (n > 16) {
    h = mix(read64(p) ^ k1, read64(p + 8) ^ h);
    p += 16;
    n -= 16;
  }
  std::uint64_t a = 0, b = 0;
  if (n >= 8) {
    a = read64(p);
    b = read64(p + n - 8);
  } else if (n >= 4) {
    a = read32(p);
    b = read32(p + n - 4);
  } else if (n > 0) {
    a = (std::uint64_t{static_cast<unsigned char>(p[0])} << 16) |
        (std::uint64_t{static_cast<unsigned char>(p[n / 2])} << 8) | static_cast<unsigned char>(p[n - 1]);
  }
  return mix(k2 ^ n, mix(a ^ k1, b ^ h));
}

// Memory for big key tables in huge pages where the kernel has them: each
// lookup is a random access, and with 4 KB pages most would miss the TLB as
// well as the cache (a page walk is dear, in a VM dearer still).
template <class T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr std::size_t kHuge = std::size_t{2} << 20;

  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) {}

  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < kHuge) return static_cast<T*>(::operator new(bytes));
    void* p = std::aligned_alloc(kHuge, (bytes + kHuge - 1) / kHuge * kHuge);
    if (!p) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    madvise(p, bytes, MADV_HUGEPAGE);  // a hint: without it, plain pages
#endif
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) {
    if (n * sizeof(T) < kHuge) {
      ::operator delete(p);
    } else {
      std::free(p);
    }
  }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
};

// Key hash -> the line of the first record with that key: open addressing
// with linear probing, at most half full. Hash 0 marks an empty slot.
class KeyIndex {
 public:
  // Room for `more` keys without growing, so that prefetch() and insert()
  // agree on where a hash goes.
  void reserve(std::size_t more) {
    while (2 * (used_ + more) > slots_.size()) grow();
  }

  // Starts loading the slot where `hash` goes (needs reserve() first).
  void prefetch(std::uint64_t hash) const { __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]); }

  // The line of the first record with `hash`; nullopt (and `line`
  // remembered) when it is new. `hash` is not 0.
  std::optional<std::int64_t> insert(std::uint64_t hash, std::int64_t line) {
    if (2 * (used_ + 1) > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.hash == hash) return slot.line;
      if (slot.hash == 0) {
        slot = Slot{hash, line};
        ++used_;
        return std::nullopt;
      }
    }
  }

  void clear() {
    // a big table from a big file is given back rather than wiped
    if (slots_.size() > kStart) {
      slots_ = Slots(kStart);
    } else {
      std::fill(slots_.begin(), slots_.end(), Slot{});
    }
    used_ = 0;
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::int64_t line = 0;
  };
  static constexpr std::size_t kStart = 1024;

  void grow() {
    Slots old = std::move(slots_);
    slots_.assign(std::max(kStart, old.size() * 2), Slot{});
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.hash == 0) continue;
      std::size_t i = s.hash & mask;
      while (slots_[i].hash != 0) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }

  using Slots = std::vector<Slot, HugePageAllocator<Slot>>;
  Slots slots_;
  std::size_t used_ = 0;
};

// ------------------------------------------------------------ messages

// fmt's shortest form of a bound: 10000, 0.5, 1e+21.
std::string number_text(double n) {
  return fmt::format("{}", n);
}

std::string quoted_text(std::string_view text) {
  std::string out;
  append_quoted(out, text);
  return out;
}

// "GET, POST, PUT", or the first ten and how many there are.
std::string values_text(const std::vector<std::string>& values) {
  constexpr std::size_t kShown = 10;
  std::string out;
  for (std::size_t i = 0; i < values.size() && i < kShown; ++i) {
    if (i) out += ", ";
    append_plain_or_quoted(out, values[i]);
  }
  if (values.size() > kShown) out += fmt::format(", \u2026 ({} values)", values.size());
  return out;
}

bool is_numeric(FieldType type) {
  return type == FieldType::int_ || type == FieldType::float_;
}

// The field's value as a number, cached in the field, so that expression
// rules on the same field do not parse it again. A JSON string is never a number.
std::optional<double> number_of(const Field& field) {
  if (field.kind == ValueKind::string) return std::nullopt;
  return field.number();
}

// A pattern that is a literal, maybe anchored ("^/", "\.com$" is not: it
// has a backslash), is tested without RE2: a partial match of a literal is
// a substring search.
enum class Literal : std::uint8_t { none, anywhere, prefix, suffix, whole };

Literal literal_kind(std::string_view pattern, std::string& literal) {
  const bool start = !pattern.empty() && pattern.front() == '^';
  if (start) pattern.remove_prefix(1);
  const bool end = !pattern.empty() && pattern.back() == '$';
  if (end) pattern.remove_suffix(1);
  if (pattern.find_first_of("\\.+*?()|[]{}^$") != std::string_view::npos) return Literal::none;
  literal = std::string(pattern);
  return start && end ? Literal::whole : start ? Literal::prefix : end ? Literal::suffix : Literal::anywhere;
}

// ------------------------------------------------------------ the rule

class SchemaRule final : public Rule {
 public:
  explicit SchemaRule(const SchemaSpec& spec);
  SchemaRule(const SchemaRule&) = delete;  // current_ points into the object
  SchemaRule& operator=(const SchemaRule&) = delete;

  const std::vector<RuleInfo>& rules() const override { return rules_; }
  void begin_file(const std::string& file) override;
  void check(Batch& batch, std::vector<Finding>& out) override;

 private:
  // One schema field, compiled.
  struct FieldCheck {
    std::string name;
    std::size_t slot = 0;              // into names_ / bound_
    std::optional<FieldType> type;     // set only when it can fail (not string, not enum)
    std::string type_label;            // "an int", "a datetime (%H:%M)"
    std::optional<TimeFormat> format;  // date, or datetime with a format
    bool required = false;
    std::vector<std::string> values;                 // enum
    std::unordered_set<std::string_view> value_set;  // enum, when long
    std::string values_label;
    std::unique_ptr<re2::RE2> pattern;
    Literal literal_kind = Literal::none;  // the pattern is this literal
    std::string literal;
    std::optional<double> min, max;
    std::optional<std::size_t> min_length, max_length;
    bool checked = false;  // any of the above: else the field is only in the schema for the header
  };

  // A unique key: one field, or several combined.
  struct KeyCheck {
    std::vector<std::size_t> slots;
    std::vector<std::string> names;
    std::string label;  // "id" or "(user, day)"
    KeyIndex seen;
    std::vector<std::uint64_t> hashes;  // per record of the batch; 0: a part is missing or empty
  };

  // Where each name is in the records of one header (-1: not there).
  struct HeaderPositions {
    std::uint64_t id = 0;
    std::vector<int> positions;
  };

  std::size_t slot_of(const std::string& name);
  void bind(const RecordRef& record, Batch& batch);
  const HeaderPositions& positions_in(const Header& header);
  Field* lookup(std::size_t k, const RecordRef& record, Batch& batch);
  Field* find_nested(std::size_t k, const RecordRef& record, Batch& batch);
  void hash_keys(std::size_t r, Batch& batch);
  void check_header(const RecordRef& record, std::uint32_t index, std::vector<Finding>& out);
  static bool matches(const FieldCheck& check, std::string_view value);
  void check_field(const FieldCheck& check, Field* field, std::uint32_t index, std::vector<Finding>& out);
  void check_key(KeyCheck& key, const RecordRef& record, std::uint32_t index, std::vector<Finding>& out);
  void add(std::vector<Finding>& out, Check check, std::uint32_t record, std::string field,
           std::string message) const;

  std::vector<RuleInfo> rules_;
  std::array<std::uint32_t, static_cast<std::size_t>(Check::count)> rule_index_{};
  HeaderRule header_ = HeaderRule::any;
  std::optional<std::size_t> columns_;
  bool constant_columns_ = false;
  std::vector<FieldCheck> fields_;
  std::vector<KeyCheck> keys_;

  // Field lookup. names_ holds every name a check reads (schema fields, then
  // key fields that are not schema fields); bound_ the record's field of
  // each, or nullptr, after bind().
  std::vector<std::string> names_;
  std::vector<bool> dotted_;  // the name may reach into JSON (a.b)
  std::vector<Field*> bound_;
  std::vector<Field> nested_;  // values found by lookup_nested
  // Where each name is, for the last few headers seen: JSON Lines records
  // with optional keys switch between headers. Header ids start at 1 and
  // are never reused.
  std::array<HeaderPositions, 4> headers_;
  std::size_t next_header_ = 0;  // the entry replaced next
  const HeaderPositions* current_ = &headers_[0];
  std::vector<std::uint32_t> hints_;  // per name, where it was last found in a header-less record

  // Per file.
  bool first_record_ = true;
  std::size_t first_count_ = 0;
};

SchemaRule::SchemaRule(const SchemaSpec& spec)
    : header_(spec.header), columns_(spec.columns), constant_columns_(spec.constant_columns) {
  std::array<bool, static_cast<std::size_t>(Check::count)> used{};
  auto use = [&used](Check c) { used[static_cast<std::size_t>(c)] = true; };
  auto fail = [](const std::string& field, const std::string& what) {
    throw UsageError(fmt::format("schema: field '{}': {}", field, what));
  };
  std::array<std::string, static_cast<std::size_t>(Check::count)> described;
  auto describe = [&described](Check c, const std::string& item) {
    std::string& d = described[static_cast<std::size_t>(c)];
    if (!d.empty()) d += ", ";
    d += item;
  };

  if (header_ != HeaderRule::any) use(Check::header);
  if (columns_ || constant_columns_) use(Check::columns);

  for (const FieldSchema& f : spec.fields) {
    if (f.name.empty()) throw UsageError("schema: a field has no name");
    for (const FieldCheck& seen : fields_) {
      if (seen.name == f.name) fail(f.name, "appears twice in the schema's fields");
    }
    FieldCheck c;
    c.name = f.name;
    c.slot = slot_of(f.name);
    c.required = f.required;
    if (c.required) {
      use(Check::required);
      describe(Check::required, f.name);
    }
    const FieldType type = f.type.value_or(FieldType::string);
    if (f.format && type != FieldType::date && type != FieldType::datetime) {
      fail(f.name, fmt::format("has a format, which only types date and datetime take (its type is {})",
                               field_type_name(type)));
    }
    switch (type) {
      case FieldType::int_:
        c.type_label = "an int";
        break;
      case FieldType::float_:
        c.type_label = "a float";
        break;
      case FieldType::bool_:
        c.type_label = "a bool";
        break;
      case FieldType::date:
      case FieldType::datetime: {
        const bool date = type == FieldType::date;
        std::optional<std::string> format = f.format;
        if (!format && date) format = "%Y-%m-%d";
        if (format) {
          std::string error;
          c.format = TimeFormat::compile(*format, error);
          if (!c.format) fail(f.name, fmt::format("bad format {}: {}", quoted_text(*format), error));
          c.type_label = fmt::format("a {} ({})", date ? "date" : "datetime", *format);
        } else {
          c.type_label = "a datetime (ISO 8601)";
        }
        break;
      }
      case FieldType::enum_:
        if (f.values.empty()) fail(f.name, "is an enum without values");
        break;
      case FieldType::string:
        break;
    }
    if (!c.type_label.empty()) {
      c.type = type;
      use(Check::type);
      describe(Check::type, fmt::format("{} {}", f.name, field_type_name(type)));
    }
    if (!f.values.empty()) {
      c.values = f.values;
      constexpr std::size_t kLinear = 8;  // a few compares beat hashing
      if (c.values.size() > kLinear) c.value_set.insert(c.values.begin(), c.values.end());
      c.values_label = values_text(c.values);
      use(Check::enum_);
      describe(Check::enum_, fmt::format("{} in ({})", f.name, c.values_label));
    }
    if (f.pattern) {
      re2::RE2::Options options(re2::RE2::Quiet);
      c.pattern = std::make_unique<re2::RE2>(*f.pattern, options);
      if (!c.pattern->ok())
        fail(f.name, fmt::format("bad pattern {}: {}", quoted_text(*f.pattern), c.pattern->error()));
      c.literal_kind = literal_kind(*f.pattern, c.literal);
      use(Check::pattern);
      describe(Check::pattern, fmt::format("{} ~ {}", f.name, quoted_text(*f.pattern)));
    }
    if ((f.min || f.max) && f.type && !is_numeric(*f.type)) {
      fail(f.name, fmt::format("min and max apply to numbers (type int or float), and its type is {}",
                               field_type_name(*f.type)));
    }
    if (f.min && f.max && *f.min > *f.max) {
      fail(f.name, fmt::format("min {} is above max {}", number_text(*f.min), number_text(*f.max)));
    }
    if (f.min_length && f.max_length && *f.min_length > *f.max_length) {
      fail(f.name, fmt::format("min_length {} is above max_length {}", *f.min_length, *f.max_length));
    }
    c.min = f.min;
    c.max = f.max;
    c.min_length = f.min_length;
    c.max_length = f.max_length;
    c.checked = c.required || c.type || !c.values.empty() || c.pattern || c.min || c.max || c.min_length ||
                c.max_length;
    if (c.min) {
      use(Check::min);
      describe(Check::min, fmt::format("{} >= {}", f.name, number_text(*c.min)));
    }
    if (c.max) {
      use(Check::max);
      describe(Check::max, fmt::format("{} <= {}", f.name, number_text(*c.max)));
    }
    if (c.min_length) {
      use(Check::min_length);
      describe(Check::min_length, fmt::format("{} >= {}", f.name, *c.min_length));
    }
    if (c.max_length) {
      use(Check::max_length);
      describe(Check::max_length, fmt::format("{} <= {}", f.name, *c.max_length));
    }
    fields_.push_back(std::move(c));
  }

  auto add_key = [&](const std::vector<std::string>& names) {
    KeyCheck key;
    key.names = names;
    for (const std::string& name : names) key.slots.push_back(slot_of(name));
    if (names.size() == 1) {
      key.label = names[0];
    } else {
      key.label = fmt::format("({})", fmt::join(names, ", "));
    }
    use(Check::unique);
    describe(Check::unique, key.label);
    keys_.push_back(std::move(key));
  };
  for (const FieldSchema& f : spec.fields) {
    if (f.unique) add_key({f.name});
  }
  for (std::size_t k = 0; k < spec.unique.size(); ++k) {
    if (spec.unique[k].empty()) throw UsageError(fmt::format("schema: unique[{}] names no field", k));
    for (const std::string& name : spec.unique[k]) {
      if (name.empty()) throw UsageError(fmt::format("schema: unique[{}] has an empty field name", k));
    }
    add_key(spec.unique[k]);
  }

  // rules(): only the ids this schema can produce
  static constexpr std::string_view kHeaderText[] = {
      "", "the header has every schema field", "the header has every schema field, in the schema's order",
      "the header is the schema's fields, in order, and no others"};
  described[static_cast<std::size_t>(Check::header)] = kHeaderText[static_cast<std::size_t>(header_)];
  described[static_cast<std::size_t>(Check::columns)] =
      columns_ ? fmt::format("every record has {} fields", *columns_)
               : "every record has as many fields as its file's first record";
  static constexpr std::string_view kPrefix[] = {"",
                                                 "",
                                                 "present and not empty: ",
                                                 "of their type: ",
                                                 "one of their values: ",
                                                 "matching their pattern: ",
                                                 "at least their minimum: ",
                                                 "at most their maximum: ",
                                                 "at least this many characters: ",
                                                 "at most this many characters: ",
                                                 "unique in each file: "};
  for (std::size_t c = 0; c < used.size(); ++c) {
    if (!used[c]) continue;
    rule_index_[c] = static_cast<std::uint32_t>(rules_.size());
    std::string text = std::string(kPrefix[c]) + described[c];
    std::string help = fmt::format(
        "The config's schema asks: {}. A record or header that does not is reported with the field at fault. "
        "Fix the data, or the schema in the config (weir-config(5), SCHEMA).",
        text);
    rules_.push_back(RuleInfo{std::string(kCheckIds[c]), spec.severity, std::move(text), {"schema"}, std::move(help)});
  }

  bound_.resize(names_.size());
  nested_.resize(names_.size());
  for (HeaderPositions& h : headers_) h.positions.resize(names_.size());
  hints_.resize(names_.size());
  for (const std::string& name : names_) dotted_.push_back(name.find('.') != std::string::npos);
}

std::size_t SchemaRule::slot_of(const std::string& name) {
  auto it = std::find(names_.begin(), names_.end(), name);
  if (it != names_.end()) return static_cast<std::size_t>(it - names_.begin());
  names_.push_back(name);
  return names_.size() - 1;
}

void SchemaRule::begin_file(const std::string& file) {
  (void)file;
  first_record_ = true;
  first_count_ = 0;
  for (KeyCheck& key : keys_) key.seen.clear();
}

void SchemaRule::add(std::vector<Finding>& out, Check check, std::uint32_t record, std::string field,
                     std::string message) const {
  Finding f;
  f.record = record;
  f.rule = rule_index_[static_cast<std::size_t>(check)];
  f.message = std::move(message);
  f.field = std::move(field);
  out.push_back(std::move(f));
}

// Points bound_ at the record's field of each name.
void SchemaRule::bind(const RecordRef& record, Batch& batch) {
  if (const Header* header = record.header()) {
    const std::vector<int>& positions = positions_in(*header).positions;
    const std::size_t size = record.size();
    for (std::size_t k = 0; k < names_.size(); ++k) {
      const auto p = static_cast<std::size_t>(positions[k]);  // -1 becomes huge
      bound_[k] = p < size                         ? &record[p]
                  : positions[k] < 0 && dotted_[k] ? find_nested(k, record, batch)
                                                   : nullptr;
    }
    return;
  }
  for (std::size_t k = 0; k < names_.size(); ++k) bound_[k] = lookup(k, record, batch);
}

const SchemaRule::HeaderPositions& SchemaRule::positions_in(const Header& header) {
  if (current_->id == header.id) return *current_;
  for (const HeaderPositions& h : headers_) {
    if (h.id == header.id) return *(current_ = &h);
  }
  HeaderPositions& h = headers_[next_header_++ % headers_.size()];
  for (std::size_t k = 0; k < names_.size(); ++k) {
    auto it = std::find(header.names.begin(), header.names.end(), names_[k]);
    h.positions[k] = it == header.names.end() ? -1 : static_cast<int>(it - header.names.begin());
  }
  h.id = header.id;
  return *(current_ = &h);
}

// The record's field called names_[k], or nullptr. Records that share a
// Header have their fields in the same places, found once per header;
// other records are searched, starting where the name was last seen.
Field* SchemaRule::lookup(std::size_t k, const RecordRef& record, Batch& batch) {
  const std::size_t size = record.size();
  if (const Header* header = record.header()) {
    const int p = positions_in(*header).positions[k];
    if (p >= 0) return static_cast<std::size_t>(p) < size ? &record[static_cast<std::size_t>(p)] : nullptr;
    return dotted_[k] ? find_nested(k, record, batch) : nullptr;
  }
  const std::string& name = names_[k];
  const std::uint32_t hint = hints_[k];
  if (hint < size && record[hint].name == name) return &record[hint];
  for (std::uint32_t i = 0; i < size; ++i) {
    if (record[i].name == name) {
      hints_[k] = i;
      return &record[i];
    }
  }
  return dotted_[k] ? find_nested(k, record, batch) : nullptr;
}

// "req.host" inside the JSON object in field "req" (its text is stored in the batch).
Field* SchemaRule::find_nested(std::size_t k, const RecordRef& record, Batch& batch) {
  auto nested = lookup_nested(record, names_[k], batch);
  if (!nested) return nullptr;
  nested_[k] = *nested;
  return &nested_[k];
}

void SchemaRule::check(Batch& batch, std::vector<Finding>& out) {
  constexpr std::size_t kAhead = 16;  // records between hashing a key and looking it up
  const std::size_t n = batch.size();
  for (std::size_t r = 0; r < n; ++r) {
    RecordRef record = batch[r];
    const auto index = static_cast<std::uint32_t>(r);
    // (the row as it was written: without the empty values a reader padded
    // a short row with, which were counted, so a short row went unseen
    // while a long one was reported)
    std::size_t width = record.size();
    while (width > 0 && (record.fields()[width - 1].flags & kFieldPadded)) --width;
    if (first_record_) {
      first_record_ = false;
      first_count_ = width;
      if (header_ != HeaderRule::any) check_header(record, index, out);
    }
    if (columns_ && width != *columns_) {
      add(out, Check::columns, index, {},
          fmt::format("{} field{} where the schema says {}", width, width == 1 ? "" : "s", *columns_));
    } else if (constant_columns_ && width != first_count_) {
      add(out, Check::columns, index, {},
          fmt::format("{} field{} where the first record has {}", width, width == 1 ? "" : "s", first_count_));
    }
    if (names_.empty()) continue;
    if (!keys_.empty()) {
      if (r == 0) {
        for (KeyCheck& key : keys_) {
          key.hashes.resize(n);
          key.seen.reserve(n);  // so that a prefetched slot stays where the key goes
        }
        for (std::size_t ahead = 0; ahead < kAhead && ahead < n; ++ahead) hash_keys(ahead, batch);
      }
      if (r + kAhead < n) hash_keys(r + kAhead, batch);
    }
    bind(record, batch);
    for (const FieldCheck& field : fields_) {
      if (field.checked) check_field(field, bound_[field.slot], index, out);
    }
    for (KeyCheck& key : keys_) check_key(key, record, index, out);
  }
}

void SchemaRule::check_header(const RecordRef& record, std::uint32_t index, std::vector<Finding>& out) {
  std::vector<std::string_view> names;
  names.reserve(record.size());
  for (const Field& f : record.fields()) names.push_back(f.name);
  auto position = [&names](std::string_view name) -> std::optional<std::size_t> {
    auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) return std::nullopt;
    return static_cast<std::size_t>(it - names.begin());
  };
  // A header problem is on the header's line (1) in CSV and TSV; JSON Lines
  // have no header line, so it is on the first record's. Both readers share
  // a Header among records with the same names, so record.header() cannot
  // tell them apart; the values can: CSV and TSV values are untyped text,
  // JSON values are strings or JSON, never text.
  const bool header_line = record.header() && record.size() > 0 && record[0].kind == ValueKind::text;
  const std::int64_t line = header_line ? 1 : record.where().line;
  auto report = [&](std::string field, std::string message) {
    add(out, Check::header, index, std::move(field), std::move(message));
    out.back().line = line;
    out.back().column = 1;
  };

  for (const FieldCheck& f : fields_) {
    if (!position(f.name)) report(f.name, fmt::format("header lacks field '{}'", f.name));
  }
  if (header_ == HeaderRule::ordered || header_ == HeaderRule::exact) {
    // Each present field must come after every present field the schema
    // lists before it; the latest of those is the one to name.
    const FieldCheck* latest = nullptr;
    std::size_t latest_position = 0;
    for (const FieldCheck& f : fields_) {
      auto p = position(f.name);
      if (!p) continue;
      if (latest && *p < latest_position) {
        report(f.name, fmt::format("field '{}' comes before '{}' in the header; the schema has '{}' first",
                                   f.name, latest->name, latest->name));
      } else {
        latest = &f;
        latest_position = *p;
      }
    }
  }
  if (header_ == HeaderRule::exact) {
    for (std::string_view name : names) {
      bool known =
          std::any_of(fields_.begin(), fields_.end(), [name](const FieldCheck& f) { return f.name == name; });
      if (!known) report(std::string(name), fmt::format("unexpected field '{}'", name));
    }
  }
}

bool SchemaRule::matches(const FieldCheck& c, std::string_view v) {
  switch (c.literal_kind) {
    case Literal::anywhere:
      return v.find(c.literal) != std::string_view::npos;
    case Literal::prefix:
      return v.starts_with(c.literal);
    case Literal::suffix:
      return v.ends_with(c.literal);
    case Literal::whole:
      return v == c.literal;
    case Literal::none:
      break;
  }
  return re2::RE2::PartialMatch(re2::StringPiece(v.data(), v.size()), *c.pattern);
}

void SchemaRule::check_field(const FieldCheck& c, Field* field, std::uint32_t index,
                             std::vector<Finding>& out) {
  if (!field || field->is_null()) {
    if (c.required) {
      add(out, Check::required, index, c.name,
          field ? fmt::format("required field '{}' is empty", c.name)
                : fmt::format("missing required field '{}'", c.name));
    }
    return;
  }
  const std::string_view v = field->value;
  // JSON Lines values keep their JSON type: "42" (a JSON string) is not an
  // int, where 42 is; CSV values are all text and judged by their text.
  const bool json_string = field->kind == ValueKind::string;
  std::optional<double> number;  // parsed by the type check, for min and max
  if (c.type) {
    bool ok = true;
    switch (*c.type) {
      case FieldType::int_: {
        double n;
        ok = !json_string && parse_int(v, n);
        if (ok) number = n;
        break;
      }
      case FieldType::float_:
        number = number_of(*field);
        ok = number.has_value();
        break;
      case FieldType::bool_:
        ok = !json_string && is_bool(v);
        break;
      case FieldType::date:
      case FieldType::datetime:
        ok = c.format ? c.format->matches(v) : is_iso_datetime(v);
        break;
      case FieldType::string:
      case FieldType::enum_:
        break;
    }
    if (!ok) {
      std::string message = fmt::format("field '{}' is not {}: ", c.name, c.type_label);
      append_quoted(message, v);
      if (json_string && *c.type != FieldType::date && *c.type != FieldType::datetime)
        message += " (a JSON string)";
      add(out, Check::type, index, c.name, std::move(message));
      return;
    }
  }
  if (!c.values.empty()) {
    const bool ok = c.value_set.empty() ? std::find(c.values.begin(), c.values.end(), v) != c.values.end()
                                        : c.value_set.count(v) != 0;
    if (!ok) {
      std::string message = fmt::format("field '{}' is not one of {}: ", c.name, c.values_label);
      append_quoted(message, v);
      add(out, Check::enum_, index, c.name, std::move(message));
    }
  }
  if (c.pattern && !matches(c, v)) {
    std::string message =
        fmt::format("field '{}' does not match the pattern {}: ", c.name, quoted_text(c.pattern->pattern()));
    append_quoted(message, v);
    add(out, Check::pattern, index, c.name, std::move(message));
  }
  if (c.min || c.max) {
    if (!number) number = number_of(*field);
    if (const auto& n = number) {
      auto shown = [&v] {
        std::string s;
        append_plain_or_quoted(s, v);
        return s;
      };
      if (c.min && *n < *c.min) {
        add(out, Check::min, index, c.name,
            fmt::format("field '{}' is {}, below the minimum {}", c.name, shown(), number_text(*c.min)));
      }
      if (c.max && *n > *c.max) {
        add(out, Check::max, index, c.name,
            fmt::format("field '{}' is {}, above the maximum {}", c.name, shown(), number_text(*c.max)));
      }
    } else {
      // no type said it must be a number; the bound does
      std::string message = fmt::format("field '{}' is not a number: ", c.name);
      append_quoted(message, v);
      if (json_string) message += " (a JSON string)";
      add(out, c.min ? Check::min : Check::max, index, c.name, std::move(message));
    }
  }
  // A code point takes 1 to 4 bytes: count them only when the byte count
  // leaves the answer open.
  if (c.min_length && v.size() < 4 * *c.min_length) {
    const std::size_t n = utf8_characters(v);
    if (n < *c.min_length) {
      add(out, Check::min_length, index, c.name,
          fmt::format("field '{}' has {} character{}, fewer than the minimum {}", c.name, n,
                      n == 1 ? "" : "s", *c.min_length));
    }
  }
  if (c.max_length && v.size() > *c.max_length) {
    const std::size_t n = utf8_characters(v);
    if (n > *c.max_length) {
      add(out, Check::max_length, index, c.name,
          fmt::format("field '{}' has {} character{}, more than the maximum {}", c.name, n, n == 1 ? "" : "s",
                      *c.max_length));
    }
  }
}

// Hashes the keys of record r and asks for their table slots. check()
// does this a few records ahead of the record it checks: in a big table
// each key is a cache miss, and this way they overlap instead of queueing
// (and the record's fields are on their way to the cache as well).
//
// A key with a missing or empty part is not checked (its hash is 0): like
// SQL's NULL, an absent value is not a duplicate of another absent value.
void SchemaRule::hash_keys(std::size_t r, Batch& batch) {
  RecordRef record = batch[r];
  for (KeyCheck& key : keys_) {
    std::uint64_t hash = 0x2d358dccaa6c78a5ull;
    bool whole = true;
    for (std::size_t slot : key.slots) {
      const Field* f = lookup(slot, record, batch);
      if (!f || f->is_null()) {
        whole = false;
        break;
      }
      hash = hash_text(f->value, hash);
    }
    hash += hash == 0;  // 0 means "no key" here and "empty slot" in the table
    key.hashes[r] = whole ? hash : 0;
    if (whole) key.seen.prefetch(hash);
  }
}

void SchemaRule::check_key(KeyCheck& key, const RecordRef& record, std::uint32_t index,
                           std::vector<Finding>& out) {
  const std::uint64_t hash = key.hashes[index];
  if (hash == 0) return;
  auto first = key.seen.insert(hash, record.where().line);
  if (!first) return;
  std::string message = "duplicate " + key.label + " ";
  if (key.slots.size() == 1) {
    append_plain_or_quoted(message, bound_[key.slots[0]]->value);
  } else {
    message += "= (";
    for (std::size_t i = 0; i < key.slots.size(); ++i) {
      if (i) message += ", ";
      append_plain_or_quoted(message, bound_[key.slots[i]]->value);
    }
    message += ")";
  }
  message += fmt::format(" (first on line {})", *first);
  add(out, Check::unique, index, key.names[0], std::move(message));
}

}  // namespace

std::unique_ptr<Rule> make_schema_rule(const SchemaSpec& spec) {
  return std::make_unique<SchemaRule>(spec);
}

namespace {
constexpr std::array<std::string_view, 7> kTypeNames = {"string", "int",      "float", "bool",
                                                        "date",   "datetime", "enum"};
}

std::string_view field_type_name(FieldType type) {
  return kTypeNames[static_cast<std::size_t>(type)];
}

std::optional<FieldType> parse_field_type(std::string_view name) {
  for (std::size_t i = 0; i < kTypeNames.size(); ++i) {
    if (kTypeNames[i] == name) return static_cast<FieldType>(i);
  }
  // the names frictionless and JSON Schema use
  if (name == "integer") return FieldType::int_;
  if (name == "number") return FieldType::float_;
  if (name == "boolean") return FieldType::bool_;
  return std::nullopt;
}

}  // namespace weir::check
