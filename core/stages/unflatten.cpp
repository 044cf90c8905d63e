// unflatten [-f FIELDS] [-s SEP]: fields named by a path (a.b, a.c.1) become
// one nested JSON value per first name, where the first of them was, as
// Miller's unflatten: keys 1..n make an array, the text {} and [] an empty
// object and array. The reverse of flatten.

#include <algorithm>

#include "core/formats/json_text.hpp"
#include "core/stages/stage.hpp"
#include "core/stages/verb_options.hpp"

namespace weir {

namespace {

struct Node {
  std::string_view key;
  const Field* leaf = nullptr;  // set for a value; children otherwise
  std::vector<Node> children;

  Node& child(std::string_view name) {
    for (Node& c : children) {
      if (c.key == name) return c;
    }
    children.push_back(Node{name, nullptr, {}});
    return children.back();
  }
};

class Unflatten final : public Stage {
 public:
  Unflatten(std::vector<std::string> fields, std::string sep)
      : fields_(std::move(fields)), sep_(std::move(sep)), sink_(string_sink(text_)) {}

  bool per_record() const override { return true; }
  bool push(Batch& batch) override {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      RecordRef record = batch[r];
      bool any = false;
      for (Field& f : record.fields()) {
        any = any || root_of(f.name).has_value();
        // the text {} or [] of a field of its own: an empty object or array
        if (f.kind != ValueKind::json && (f.value == "{}" || f.value == "[]") && wanted(f.name)) {
          f.set_value(f.value, ValueKind::json);
        }
      }
      if (!any) continue;
      original_.assign(record.fields().begin(), record.fields().end());
      roots_.clear();
      slots_.clear();  // per output field: a field of the input, or a root (index + 1, negated)
      for (const Field& f : original_) {
        std::optional<std::string_view> root = root_of(f.name);
        if (!root) {
          slots_.push_back(static_cast<std::ptrdiff_t>(&f - original_.data()));
          continue;
        }
        std::size_t k = 0;
        while (k < roots_.size() && roots_[k].key != *root) ++k;
        if (k == roots_.size()) {
          roots_.push_back(Node{*root, nullptr, {}});
          slots_.push_back(-static_cast<std::ptrdiff_t>(k) - 1);
        }
        Node* node = &roots_[k];
        std::string_view rest = f.name.substr(root->size() + sep_.size());
        for (;;) {
          std::size_t at = rest.find(sep_);
          node = &node->child(rest.substr(0, at));
          if (at == std::string_view::npos || sep_.empty()) break;
          rest.remove_prefix(at + sep_.size());
        }
        node->leaf = &f;
      }
      out_.clear();
      for (std::ptrdiff_t s : slots_) {
        if (s >= 0) {
          out_.push_back(original_[static_cast<std::size_t>(s)]);
          continue;
        }
        const Node& root = roots_[static_cast<std::size_t>(-s - 1)];
        text_.clear();
        write(root);
        sink_->flush();
        out_.push_back(Field(root.key, batch.store(text_), ValueKind::json));
      }
      batch.replace_fields(r, out_);
    }
    return emit(batch);
  }

 private:
  bool wanted(std::string_view name) const {
    return fields_.empty() || std::find(fields_.begin(), fields_.end(), name) != fields_.end();
  }

  // the first name of a path this verb unflattens, if `name` is one
  std::optional<std::string_view> root_of(std::string_view name) const {
    if (sep_.empty()) return std::nullopt;
    std::size_t at = name.find(sep_);
    if (at == std::string_view::npos || at == 0 || at + sep_.size() == name.size()) return std::nullopt;
    std::string_view root = name.substr(0, at);
    if (!wanted(root)) return std::nullopt;
    return root;
  }

  static bool is_array(const Node& node) {
    if (node.children.empty()) return false;
    for (std::size_t i = 0; i < node.children.size(); ++i) {
      if (node.children[i].key != std::to_string(i + 1)) return false;
    }
    return true;
  }

  void write(const Node& node) {
    if (node.children.empty()) {
      write_leaf(node.leaf);
      return;
    }
    const bool array = is_array(node);
    sink_->put(array ? '[' : '{');
    for (std::size_t i = 0; i < node.children.size(); ++i) {
      if (i > 0) sink_->put(',');
      if (!array) {
        write_json_string(*sink_, node.children[i].key);
        sink_->put(':');
      }
      write(node.children[i]);
    }
    sink_->put(array ? ']' : '}');
  }

  void write_leaf(const Field* f) {
    if (!f) {
      sink_->write("null");
      return;
    }
    if (f->kind == ValueKind::json) sink_->write(f->value);
    else if (f->kind == ValueKind::text && (f->value == "{}" || f->value == "[]" || is_json_number(f->value)))
      sink_->write(f->value);
    else write_json_string(*sink_, f->value);
  }

  std::vector<std::string> fields_;
  std::string sep_;
  std::string text_;
  std::unique_ptr<Sink> sink_;
  std::vector<Field> original_;
  std::vector<Node> roots_;
  std::vector<std::ptrdiff_t> slots_;
  std::vector<Field> out_;
};

struct UnflattenOptions {
  std::vector<std::string> fields;  // empty: every field
  std::string separator = ".";
};

}  // namespace

StageInfo unflatten_stage_info() {
  return with_options<UnflattenOptions>(
      {
          .name = "unflatten",
          .summary = "fields named by a path (a.b, a.c.1) back to nested JSON values",
          .usage = "unflatten [-f FIELDS] [-s SEP]",
          .description = "As Miller's unflatten: fields whose names are paths joined with SEP (default .) "
                         "become one nested JSON value per first name, where its first field was: a.b=1 and "
                         "a.c.1=5 give a={\"b\":1,\"c\":[5]} (keys 1..n make an array; the text {} and [] an "
                         "empty object and array; text that is a number, a number). With -f, only paths that "
                         "start with these names. flatten reverses it.",
          .min_args = 0,
          .max_args = 0,
          .examples = {{"weir --to jsonl derive 'req.path=path' 'req.status=status' then unflatten then select id,req examples/access.csv",
                        "two fields nested as one object"}},
      },
      {{{"-f", "--fields", "FIELDS", "only paths starting with these names", OptionKind::fields},
        sets<&UnflattenOptions::fields>},
       {{"-s", "--separator", "SEP", "the path separator (default .)", OptionKind::text},
        sets<&UnflattenOptions::separator>}},
      [](const UnflattenOptions& o, const StageSpec&) -> std::unique_ptr<Stage> {
        return std::make_unique<Unflatten>(o.fields, o.separator);
      });
}

}  // namespace weir
