#include "core/expr/expression.hpp"

#include "core/record/number_text.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "core/errors/error.hpp"
#include "core/expr/builtin_impl.hpp"
#include "core/expr/builtins.hpp"
#include "core/formats/utf8.hpp"
#include "core/record/nested.hpp"

namespace weir::expr {

namespace {

// Miller's regex captures: after `s =~ "(a)(b)"`, "\1" and "\2" in text are
// the groups (and "\0" the match), for the rest of the record; after a =~
// that failed, they are empty; before any, "\1" is itself.
struct Captures {
  const Batch* batch = nullptr;  // the record they belong to
  std::int64_t line = 0;
  std::int64_t offset = 0;
  bool set = false;
  std::string group[10];
};

Captures& last_captures() {
  thread_local Captures captures;
  return captures;
}

// Whether any expression holds a text with \0..\9: =~ then keeps its groups
// (a match that does not is a cheaper call).
std::atomic<bool>& captures_wanted() {
  static std::atomic<bool> wanted{false};
  return wanted;
}

bool has_capture_reference(std::string_view text) {
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] == '\\' && text[i + 1] >= '0' && text[i + 1] <= '9') return true;
  }
  return false;
}

}  // namespace

enum class Expression::Op : std::uint8_t {
  literal, field, negate, logical_not, logical_and, logical_or, coalesce,
  add, subtract, multiply, divide, modulo,
  eq, ne, lt, le, gt, ge, match, not_match, in, not_in, call,
  conditional,  // c ? a : b (args: c, a, b)
  slice,        // a[m:n] (args: from, to)
};

struct Expression::Node {
  Op op = Op::literal;
  int a = -1;
  int b = -1;
  std::vector<int> args;  // in (...) and call arguments
  std::vector<double> numbers;  // in (...) of number literals only: sorted, for a binary search
  int number_slot = -1;   // a comparison FIELD OP NUMBER: the field's slot (fast path)
  double number = 0;      // ... and the number
  Value literal;
  int slot = -1;          // field slot
  std::shared_ptr<re2::RE2> regex;
  std::shared_ptr<re2::RE2> dynamic_regex;  // sub/gsub/regextract with a pattern that is not a literal: the last one
  Builtin builtin{};
  std::size_t column = 0;
  bool captures = false;  // a string literal holding \0..\9: the last =~'s captures go in
};

Expression::Expression() = default;
Expression::Expression(Expression&&) noexcept = default;
Expression& Expression::operator=(Expression&&) noexcept = default;
Expression::~Expression() = default;

// ------------------------------------------------------------------ parser

/// Precedence climbing, lowest first:
///   or < and < not < comparison (== != < <= > >= =~ !~ in) < ?? < + - < * / % < . < unary - < ** < primary
class Parser {
 public:
  Parser(Expression& e, std::vector<Token> tokens) : e_(e), tokens_(std::move(tokens)) {}

  int parse() {
    int root = parse_conditional();
    if (peek().kind == Tok::rparen) fail("')' without a matching '('", peek().column);
    if (peek().kind != Tok::end) {
      fail(fmt::format("found {} after a complete expression (a missing operator?)", describe(peek().kind)),
           peek().column);
    }
    return root;
  }

 private:
  using Op = Expression::Op;

  const Token& peek() const { return tokens_[pos_]; }
  const Token& take() { return tokens_[pos_++]; }
  bool accept(Tok kind) {
    if (peek().kind != kind) return false;
    ++pos_;
    return true;
  }
  [[noreturn]] static void fail(std::string message, std::size_t column) {
    throw ExprError{std::move(message), column};
  }
  void expect(Tok kind, std::string_view context) {
    if (peek().kind != kind) {
      fail(fmt::format("expected {} {}, found {}", describe(kind), context, describe(peek().kind)), peek().column);
    }
    ++pos_;
  }

  // Parentheses, calls, 'not' and unary minus recurse (here and when
  // evaluating): a limit keeps "((((...))))" from overflowing the stack.
  static constexpr int kMaxDepth = 256;
  class Nest {
   public:
    Nest(Parser& parser, std::size_t column) : parser_(parser) {
      if (++parser_.depth_ > kMaxDepth) {
        fail(fmt::format("the expression nests too deeply (more than {} levels)", kMaxDepth), column);
      }
    }
    ~Nest() { --parser_.depth_; }
    Nest(const Nest&) = delete;
    Nest& operator=(const Nest&) = delete;

   private:
    Parser& parser_;
  };

  // Evaluation recurses once per level of the tree: a long chain of
  // operators ("1+1+...") is deep too, though the parser loops over it.
  static constexpr int kMaxLevels = 2000;

  int add(Expression::Node node) {
    int depth = 0;
    for (int child : {node.a, node.b}) {
      if (child >= 0) depth = std::max(depth, depths_[static_cast<std::size_t>(child)]);
    }
    for (int child : node.args) depth = std::max(depth, depths_[static_cast<std::size_t>(child)]);
    if (++depth > kMaxLevels) {
      fail(fmt::format("the expression is too deep to evaluate (more than {} operations inside one another)",
                       kMaxLevels),
           node.column);
    }
    depths_.push_back(depth);
    e_.nodes_.push_back(std::move(node));
    return static_cast<int>(e_.nodes_.size()) - 1;
  }
  // Whether the subtree at `index` reads a field.
  bool reads_field(int index) const {
    if (index < 0) return false;
    const Expression::Node& node = e_.nodes_[static_cast<std::size_t>(index)];
    if (node.op == Op::field) return true;
    if (reads_field(node.a) || reads_field(node.b)) return true;
    return std::any_of(node.args.begin(), node.args.end(), [&](int arg) { return reads_field(arg); });
  }
  // `2 > 26`: a number literal compared with something that reads no field.
  void note_bare_number(int literal, int other) {
    for (const auto& [index, text] : number_texts_) {
      if (index != literal || reads_field(other)) continue;
      if (std::find(e_.bare_numbers_.begin(), e_.bare_numbers_.end(), text) == e_.bare_numbers_.end()) {
        e_.bare_numbers_.push_back(text);
      }
    }
  }

  int binary(Op op, int a, int b, std::size_t column) {
    Expression::Node n;
    n.op = op;
    n.a = a;
    n.b = b;
    n.column = column;
    // `status >= 500`: the field's cached number is compared directly
    bool comparison = op == Op::eq || op == Op::ne || op == Op::lt || op == Op::le || op == Op::gt || op == Op::ge;
    if (comparison) {
      // (only a comparison has both operands: negate's b is -1, found by fuzz_expr)
      const Expression::Node& left = e_.nodes_[static_cast<std::size_t>(a)];
      const Expression::Node& right = e_.nodes_[static_cast<std::size_t>(b)];
      note_bare_number(a, b);
      note_bare_number(b, a);
      if (left.op == Op::field && right.op == Op::literal && right.literal.type == Type::number &&
          !std::isnan(right.literal.number)) {
        n.number_slot = left.slot;
        n.number = right.literal.number;
      }
    }
    return add(std::move(n));
  }

  // c ? a : b, the loosest; right-assoc: a ? b : c ? d : e
  int parse_conditional() {
    int condition = parse_or();
    if (peek().kind != Tok::question) return condition;
    std::size_t col = take().column;
    Nest nest(*this, col);
    int then = parse_conditional();
    expect(Tok::colon, "after the value for true in 'c ? a : b'");
    int otherwise = parse_conditional();
    Expression::Node n;
    n.op = Op::conditional;
    n.args = {condition, then, otherwise};
    n.column = col;
    return add(std::move(n));
  }

  int parse_or() {
    int left = parse_and();
    while (peek().kind == Tok::kw_or) {
      std::size_t col = take().column;
      left = binary(Op::logical_or, left, parse_and(), col);
    }
    return left;
  }
  int parse_and() {
    int left = parse_not();
    while (peek().kind == Tok::kw_and) {
      std::size_t col = take().column;
      left = binary(Op::logical_and, left, parse_not(), col);
    }
    return left;
  }
  int parse_not() {
    if (peek().kind == Tok::kw_not) {
      std::size_t col = take().column;
      Nest nest(*this, col);
      return binary(Op::logical_not, parse_not(), -1, col);
    }
    return parse_comparison();
  }
  int parse_comparison() {
    int left = parse_coalesce();
    for (;;) {
      Tok kind = peek().kind;
      std::size_t col = peek().column;
      Op op;
      switch (kind) {
        case Tok::eq: op = Op::eq; break;
        case Tok::ne: op = Op::ne; break;
        case Tok::lt: op = Op::lt; break;
        case Tok::le: op = Op::le; break;
        case Tok::gt: op = Op::gt; break;
        case Tok::ge: op = Op::ge; break;
        case Tok::match: op = Op::match; break;
        case Tok::not_match: op = Op::not_match; break;
        case Tok::kw_in: op = Op::in; break;
        case Tok::kw_not:
          // `x not in (...)`: false for a null x, like every comparison with null
          if (tokens_[pos_ + 1].kind != Tok::kw_in) return left;
          ++pos_;
          left = parse_in(left, tokens_[pos_].column, Op::not_in);
          continue;
        default: return left;
      }
      if (op == Op::in) {
        left = parse_in(left, col, Op::in);
        continue;
      }
      ++pos_;
      if (op == Op::match || op == Op::not_match) {
        const Token& pattern = peek();
        if (pattern.kind != Tok::string) {
          fail(fmt::format("the pattern after {} must be a quoted string, found {}", describe(kind),
                           describe(pattern.kind)),
               pattern.column);
        }
        ++pos_;
        auto regex = std::make_shared<re2::RE2>(pattern.text, re2::RE2::Quiet);
        if (!regex->ok()) fail(fmt::format("invalid regular expression: {}", regex->error()), pattern.column);
        Expression::Node n;
        n.op = op;
        n.a = left;
        n.regex = std::move(regex);
        n.column = col;
        left = add(std::move(n));
        continue;
      }
      left = binary(op, left, parse_coalesce(), col);
    }
  }
  int parse_in(int left, std::size_t col, Op op) {
    ++pos_;  // 'in'
    expect(Tok::lparen, "after 'in'");
    Expression::Node n;
    n.op = op;
    n.a = left;
    n.column = col;
    if (peek().kind != Tok::rparen) {
      do {
        n.args.push_back(parse_coalesce());
      } while (accept(Tok::comma));
    }
    expect(Tok::rparen, "to close the list after 'in ('");
    bool all_numbers = !n.args.empty();
    for (int arg : n.args) {
      const Expression::Node& item = e_.nodes_[static_cast<std::size_t>(arg)];
      if (item.op != Op::literal || item.literal.type != Type::number || std::isnan(item.literal.number)) {
        all_numbers = false;
      } else {
        n.numbers.push_back(item.literal.number);
      }
    }
    if (all_numbers) std::sort(n.numbers.begin(), n.numbers.end());
    else n.numbers.clear();
    return add(std::move(n));
  }
  int parse_coalesce() {
    int left = parse_additive();
    while (peek().kind == Tok::coalesce) {
      std::size_t col = take().column;
      left = binary(Op::coalesce, left, parse_additive(), col);
    }
    return left;
  }
  int parse_additive() {
    int left = parse_multiplicative();
    for (;;) {
      Tok kind = peek().kind;
      if (kind != Tok::plus && kind != Tok::minus) return left;
      std::size_t col = take().column;
      left = binary(kind == Tok::plus ? Op::add : Op::subtract, left, parse_multiplicative(), col);
    }
  }
  int parse_multiplicative() {
    int left = parse_dot();
    for (;;) {
      Tok kind = peek().kind;
      Op op;
      if (kind == Tok::star) op = Op::multiply;
      else if (kind == Tok::slash) op = Op::divide;
      else if (kind == Tok::percent) op = Op::modulo;
      else return left;
      std::size_t col = take().column;
      left = binary(op, left, parse_dot(), col);
    }
  }
  // Miller's dot, binding tighter than * and / as in Miller: a . b is
  // concat(a, b), the texts joined
  int parse_dot() {
    int left = parse_unary();
    while (peek().kind == Tok::dot) {
      Expression::Node n;
      n.op = Op::call;
      n.builtin = Builtin::concat;
      n.column = take().column;
      n.args = {left, parse_unary()};
      left = add(std::move(n));
    }
    return left;
  }
  int parse_unary() {
    if (peek().kind == Tok::minus) {
      std::size_t col = take().column;
      Nest nest(*this, col);
      return binary(Op::negate, parse_unary(), -1, col);
    }
    if (peek().kind == Tok::plus) take();
    return parse_power();
  }
  // Miller's x ** y, pow(x, y): binding tighter than a sign (-2 ** 2 is -4),
  // from the right (2 ** 3 ** 2 is 2 ** 9)
  int parse_power() {
    int base = parse_postfix();
    if (peek().kind != Tok::power) return base;
    Expression::Node n;
    n.op = Op::call;
    n.builtin = Builtin::pow;
    n.column = take().column;
    Nest nest(*this, n.column);
    n.args = {base, parse_unary()};
    return add(std::move(n));
  }
  // s[m:n]: the characters m to n, from 1, both included (as in Miller)
  int parse_postfix() {
    int value = parse_primary();
    while (peek().kind == Tok::lbracket) {
      std::size_t col = take().column;
      Nest nest(*this, col);
      int from = parse_or();
      if (peek().kind != Tok::colon) {
        fail("expected ':' in a slice s[m:n] (a position in an array goes in the name: items[0])", peek().column);
      }
      ++pos_;
      int to = parse_or();
      expect(Tok::rbracket, "to close the slice s[m:n]");
      Expression::Node n;
      n.op = Op::slice;
      n.a = value;
      n.args = {from, to};
      n.column = col;
      value = add(std::move(n));
    }
    return value;
  }
  int parse_primary() {
    const Token& t = peek();
    Expression::Node n;
    n.column = t.column;
    switch (t.kind) {
      case Tok::number: {
        ++pos_;
        n.literal = Value::of_number_text(std::strtod(t.text.c_str(), nullptr), t.text);
        int index = add(std::move(n));
        number_texts_.emplace_back(index, t.text);
        return index;
      }
      case Tok::string: {
        ++pos_;
        e_.literals_.push_back(t.text);
        n.literal = Value::of(std::string_view(e_.literals_.back()));
        n.captures = has_capture_reference(t.text);
        return add(std::move(n));
      }
      case Tok::kw_true:
      case Tok::kw_false:
        ++pos_;
        n.literal = Value::of(t.kind == Tok::kw_true);
        return add(std::move(n));
      case Tok::kw_null:
        ++pos_;
        return add(std::move(n));
      case Tok::lparen: {
        ++pos_;
        Nest nest(*this, t.column);
        int inner = parse_conditional();
        expect(Tok::rparen, "to close '('");
        return inner;
      }
      case Tok::name: {
        ++pos_;
        // a name then '(' is a call, spaces or not; a `name` in backticks is a field
        if (peek().kind == Tok::lparen && e_.source_[t.column] != '`') return parse_call(t);
        if (t.text == "case" && e_.source_[t.column] != '`' && starts_case_when()) return parse_case_when(t);
        n.op = Op::field;
        auto it = std::find(e_.field_names_.begin(), e_.field_names_.end(), t.text);
        n.slot = static_cast<int>(it - e_.field_names_.begin());
        if (it == e_.field_names_.end()) e_.field_names_.push_back(t.text);
        return add(std::move(n));
      }
      case Tok::end: fail("expected a value (a field, a number, a 'string', ...), found the end of the expression", t.column);
      default: fail(fmt::format("expected a value (a field, a number, a 'string', ...), found {}", describe(t.kind)), t.column);
    }
  }
  // SQL's CASE, for people who write it: `case when c then v ... [else v] end`
  // and `case x when 1 then v ... end` (x == 1). Its words are not reserved:
  // `case` starts one only when followed by `when` or by a value and a
  // `when`, and a field called when, then, else or end is written in
  // backticks inside it.
  bool word_at(std::size_t pos, std::string_view word) const {
    const Token& t = tokens_[pos];
    return t.kind == Tok::name && t.text == word && e_.source_[t.column] != '`';
  }
  bool starts_case_when() const {
    if (word_at(pos_, "when")) return true;
    // case SUBJECT when ...: a value, then `when` before the expression ends
    const Tok next = tokens_[pos_].kind;
    if (next != Tok::name && next != Tok::number && next != Tok::string && next != Tok::lparen) return false;
    for (std::size_t p = pos_; tokens_[p].kind != Tok::end; ++p) {
      if (word_at(p, "when")) return true;
    }
    return false;
  }
  int parse_case_when(const Token& start) {
    Nest nest(*this, start.column);
    int subject = word_at(pos_, "when") ? -1 : parse_or();
    std::vector<std::pair<int, int>> arms;  // (condition, value)
    while (word_at(pos_, "when")) {
      std::size_t col = take().column;
      int condition = parse_or();
      if (subject >= 0) condition = binary(Op::eq, subject, condition, col);
      if (!word_at(pos_, "then")) {
        fail(fmt::format("expected 'then' after the condition of 'case when', found {}", describe(peek().kind)),
             peek().column);
      }
      ++pos_;
      arms.emplace_back(condition, parse_conditional());
    }
    if (arms.empty()) fail("expected 'when' after 'case' and its value", peek().column);
    int otherwise;
    if (word_at(pos_, "else")) {
      ++pos_;
      otherwise = parse_conditional();
    } else {
      Expression::Node none;  // no else: null, as SQL's
      none.column = start.column;
      otherwise = add(std::move(none));
    }
    if (!word_at(pos_, "end")) {
      fail(fmt::format("expected 'when', 'else' or 'end' in 'case', found {}", describe(peek().kind)),
           peek().column);
    }
    ++pos_;
    for (auto arm = arms.rbegin(); arm != arms.rend(); ++arm) {
      Expression::Node n;
      n.op = Op::conditional;
      n.args = {arm->first, arm->second, otherwise};
      n.column = start.column;
      otherwise = add(std::move(n));
    }
    return otherwise;
  }

  int parse_call(const Token& name) {
    const BuiltinInfo* info = find_builtin(name.text);
    if (!info) {
      fail(fmt::format("unknown function '{}'{}", name.text, did_you_mean(name.text, builtin_names())), name.column);
    }
    ++pos_;  // '('
    Nest nest(*this, name.column);
    Expression::Node n;
    n.op = Op::call;
    n.builtin = info->id;
    n.column = name.column;
    if (peek().kind != Tok::rparen) {
      do {
        n.args.push_back(parse_conditional());
      } while (accept(Tok::comma));
    }
    expect(Tok::rparen, fmt::format("to close the arguments of {}()", name.text));
    check_literal_arguments(n);
    int count = static_cast<int>(n.args.size());
    if (count < info->min_args || count > info->max_args) {
      std::string wanted = info->min_args == info->max_args ? fmt::format("{}", info->min_args)
                           : info->max_args > 64 ? fmt::format("at least {}", info->min_args)
                                                 : fmt::format("{} to {}", info->min_args, info->max_args);
      fail(fmt::format("{}() takes {} argument{}, got {}", name.text, wanted,
                       info->min_args == 1 && info->max_args == 1 ? "" : "s", count),
           name.column);
    }
    return add(std::move(n));
  }

  // Mistakes seen in literal arguments are reported now, with a caret: a bad
  // regex for sub/gsub/regextract (then compiled once here), a format fmtnum cannot use.
  void check_literal_arguments(Expression::Node& n) {
    auto literal_text = [&](std::size_t i) -> const Expression::Node* {
      if (i >= n.args.size()) return nullptr;
      const Expression::Node& arg = e_.nodes_[static_cast<std::size_t>(n.args[i])];
      return arg.op == Op::literal && arg.literal.type == Type::string ? &arg : nullptr;
    };
    if (n.builtin == Builtin::sub || n.builtin == Builtin::gsub || n.builtin == Builtin::regextract ||
        n.builtin == Builtin::regextract_or_else) {
      if (const auto* pattern = literal_text(1)) {
        auto regex = std::make_shared<re2::RE2>(
            re2::StringPiece(pattern->literal.text.data(), pattern->literal.text.size()), re2::RE2::Quiet);
        if (!regex->ok()) fail(fmt::format("invalid regular expression: {}", regex->error()), pattern->column);
        n.regex = std::move(regex);
      }
    }
    if (n.builtin == Builtin::fmtnum || n.builtin == Builtin::fmtifnum) {
      if (const auto* format = literal_text(1)) {
        if (auto why = check_number_format(format->literal.text)) {
          fail(fmt::format("fmtnum cannot use the format '{}': {}", format->literal.text, *why), format->column);
        }
      }
    }
  }

  Expression& e_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  std::vector<int> depths_;  // of each node's subtree
  std::vector<std::pair<int, std::string>> number_texts_;  // number literals: node and spelling
};

Expression Expression::compile(std::string_view source) {
  // a bound on the work and memory one expression (from a config, say) may ask for
  static constexpr std::size_t kMaxLength = std::size_t{1} << 20;
  if (source.size() > kMaxLength) {
    throw ExprError{fmt::format("the expression is longer than {} bytes", kMaxLength), kMaxLength};
  }
  Expression e;
  e.source_ = std::string(source);
  Parser parser(e, tokenize(source));
  e.root_ = parser.parse();
  // a text with \1 takes the last =~'s captures, as in Miller: also sub's
  // and gsub's replacement (which, before any =~, takes its own match's)
  if (std::any_of(e.nodes_.begin(), e.nodes_.end(), [](const Node& n) { return n.captures; })) {
    captures_wanted().store(true, std::memory_order_relaxed);
  }
  e.bound_.resize(e.field_names_.size());
  e.nested_.resize(e.field_names_.size());
  // each call runs at most once per evaluation
  e.scratch_.resize(static_cast<std::size_t>(
      std::count_if(e.nodes_.begin(), e.nodes_.end(), [](const Node& n) { return n.op == Op::call; })));
  return e;
}

// ------------------------------------------------------------------ evaluation

struct Expression::TypeHandoff {
  std::atomic<bool> ready{false};
  ColumnTypes types;  // set once, before ready
  void publish(const ColumnTypes& decided) {
    types = decided;
    ready.store(true, std::memory_order_release);
  }
};

void Expression::use_types(const DeclaredTypes& declared) {
  types_ = std::make_unique<ColumnTypes>(declared);
  types_decided_ = false;
  // made here, on the original's thread: copies are made on others
  handoff_ = std::make_shared<TypeHandoff>();
}

void Expression::prepare(Batch& batch) {
  if (!types_ || types_decided_) return;
  types_->learn(batch);
  // a dotted name is a path into JSON, whose values carry their own types
  types_decided_ = std::all_of(field_names_.begin(), field_names_.end(), [&](const std::string& name) {
    return is_nested_path(name) || types_->type_of(name) != ColumnType::unknown;
  });
  if (types_decided_ && handoff_) handoff_->publish(*types_);
}

void Expression::share_types(Expression& copy) const {
  // may run on the copy's thread: reads only what use_types() set
  copy.handoff_ = handoff_;
  copy.types_decided_ = false;
}

bool Expression::types_ready() {
  if (!types_ || types_decided_) return true;
  if (!handoff_ || !handoff_->ready.load(std::memory_order_acquire)) return false;
  *types_ = handoff_->types;
  types_decided_ = true;
  return true;
}

namespace {

// Cheap first test for the missing marks (NA, N/A, n/a, NaN, nan, null,
// NULL, None, #N/A, <NA>): short, and one of four first characters.
bool may_be_missing_mark(std::string_view v) {
  return !v.empty() && v.size() <= 4 && (v[0] == 'N' || v[0] == 'n' || v[0] == '#' || v[0] == '<');
}

}  // namespace

void Expression::bind(const RecordRef& record, Batch& batch) {
  const Header* header = record.header();
  if (!header || header->id != header_id_) {
    positions_.assign(field_names_.size(), -1);
    for (std::size_t k = 0; k < field_names_.size(); ++k) {
      for (std::size_t i = 0; i < record.size(); ++i) {
        if (record[i].name == field_names_[k]) {
          positions_[k] = static_cast<int>(i);
          break;
        }
      }
      if (positions_[k] < 0 && is_nested_path(field_names_[k])) positions_[k] = -2;
    }
    header_id_ = header ? header->id : 0;
  }
  for (std::size_t k = 0; k < field_names_.size(); ++k) {
    int p = positions_[k];
    if (p >= 0) {
      const Field& f = record[static_cast<std::size_t>(p)];
      bound_[k] = &f;
      if (types_ && f.kind == ValueKind::text && may_be_missing_mark(f.value) && is_missing_mark(f.value)) {
        // N/A in a number or bool column is a missing value, as everywhere else
        ColumnType type = types_->type_of(record, static_cast<std::size_t>(p));
        if (type == ColumnType::integer || type == ColumnType::real || type == ColumnType::boolean) {
          bound_[k] = nullptr;
        }
      }
    } else if (p == -2) {
      auto found = lookup_nested(record, field_names_[k], batch);
      if (found) nested_[k] = *found;
      bound_[k] = found ? &nested_[k] : nullptr;
    } else {
      bound_[k] = nullptr;
    }
  }
}

std::string& Expression::scratch() {
  if (scratch_used_ == scratch_.size()) scratch_.emplace_back();
  std::string& s = scratch_[scratch_used_++];
  s.clear();
  return s;
}

Value Expression::evaluate(const RecordRef& record, Batch& batch) {
  scratch_used_ = 0;
  // the captures of a =~ last for the rest of the record (the next
  // assignments of a put), not into the next one (only looked at when some
  // expression reads them: a filter's every record)
  if (captures_wanted().load(std::memory_order_relaxed)) {
    Captures& captures = last_captures();
    const Provenance where = record.where();
    if (captures.batch != &batch || captures.line != where.line || captures.offset != where.offset) {
      captures.batch = &batch;
      captures.line = where.line;
      captures.offset = where.offset;
      captures.set = false;
    }
  }
  if (!field_names_.empty()) bind(record, batch);
  return eval(root_);
}

std::string_view format_number(double n, char* buffer, std::size_t size) {
  WEIR_ASSERT(size >= kNumberTextMost);
  static_cast<void>(size);  // (with NDEBUG the assertion reads nothing)
  return number_text(n, buffer);
}

std::string_view text_of(const Value& v, char* buffer, std::size_t size) {
  switch (v.type) {
    case Type::string: return v.text;
    case Type::number: return v.wide ? integer_text(v.integer, buffer) : format_number(v.number, buffer, size);
    case Type::boolean: return v.boolean ? "true" : "false";
    case Type::null: return {};
  }
  return {};
}

namespace {

/// -1, 0, 1; or 2 when the values cannot be compared (a null).
// The fast paths' view of a field: its cached number when it holds one and
// is not a JSON string ("500" compares as text would, by the general path).
std::optional<double> number_in(const Field* f) {
  if (!f || f->kind == ValueKind::string || f->value.empty()) return std::nullopt;
  return f->number();
}

int compare(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return 2;
  bool numeric = a.type == Type::number || b.type == Type::number || a.type == Type::boolean ||
                 b.type == Type::boolean || (a.field && b.field);
  if (numeric) {
    auto x = a.as_number();
    auto y = b.as_number();
    if (x && y) {
      if (std::isnan(*x) || std::isnan(*y)) return 2;
      return compare_exact(*x, a.wide_part_of(*x), *y, b.wide_part_of(*y));
    }
    // a number against text that is not one (N/A, unknown, inf): no answer,
    // as with null; comparing it as text would put "N/A" above 500
    if (a.type == Type::number || b.type == Type::number) return 2;
  }
  char ba[kNumberTextMost], bb[kNumberTextMost];
  std::string_view s = text_of(a, ba, sizeof ba);
  std::string_view t = text_of(b, bb, sizeof bb);
  int c = s.compare(t);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

}  // namespace

Value Expression::with_captures(std::string_view text) {
  const Captures& captures = last_captures();
  std::string& out = scratch();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9') {
      out += captures.group[text[i + 1] - '0'];
      ++i;
    } else {
      out += text[i];
    }
  }
  return Value::of(std::string_view(out));
}

Value Expression::eval(int index) {
  const Node& n = nodes_[static_cast<std::size_t>(index)];
  switch (n.op) {
    case Op::literal:
      if (n.captures && last_captures().set) return with_captures(n.literal.text);
      return n.literal;
    case Op::field:
      if (absent_rules_ && positions_[static_cast<std::size_t>(n.slot)] == -1) {
        Value absent;
        absent.absent = true;
        return absent;
      }
      return Value::of(bound_[static_cast<std::size_t>(n.slot)]);
    case Op::negate: {
      Value v = eval(n.a);
      if (v.absent) return v;
      auto x = v.as_number();
      if (!x) return Value::null();
      if (std::fabs(*x) >= kExactIntegerLimit) {
        const ExactNumber e = v.exact(*x);
        if (e.is_int && e.i != INT64_MIN) return Value::of_integer(-e.i);
      }
      return Value::of(-*x);
    }
    case Op::logical_not: return Value::of(!eval(n.a).truthy());
    case Op::logical_and: return Value::of(eval(n.a).truthy() && eval(n.b).truthy());
    case Op::logical_or: return Value::of(eval(n.a).truthy() || eval(n.b).truthy());
    case Op::coalesce: {
      Value v = eval(n.a);
      return v.is_null() ? eval(n.b) : v;
    }
    case Op::add:
    case Op::subtract:
    case Op::multiply:
    case Op::divide:
    case Op::modulo: {
      const Value a = eval(n.a), b = eval(n.b);
      // Miller's absent: x + absent is x, absent - x is x
      if (b.absent) return a;
      if (a.absent && n.op != Op::divide && n.op != Op::modulo) return b;
      auto x = a.as_number();
      auto y = b.as_number();
      if (!x || !y) return Value::null();
      // integers past 2^53, where a double is not exact: as Miller's int64
      // (a double again when the result overflows, or a value is no integer)
      auto exact = [&]() -> std::optional<Value> {
        const ExactNumber i = a.exact(*x), j = b.exact(*y);
        if (!i.is_int || !j.is_int) return std::nullopt;
        ExactNumber r;
        switch (n.op) {
          case Op::add: r = i.plus(j); break;
          case Op::subtract: r = i.minus(j); break;
          case Op::multiply: r = i.times(j); break;
          case Op::modulo:
            if (j.i == 0) return std::nullopt;
            // the sign of the divisor, as Miller's % (-7 % 2 is 1); INT64_MIN % -1 overflows
            r = ExactNumber::integer(j.i == -1 ? 0 : i.i % j.i);
            if (r.i != 0 && (r.i < 0) != (j.i < 0)) r.i += j.i;
            break;
          default: return std::nullopt;
        }
        return r.is_int ? std::optional<Value>(Value::of_integer(r.i)) : std::nullopt;
      };
      if (std::fabs(*x) >= kExactIntegerLimit || std::fabs(*y) >= kExactIntegerLimit) {
        if (std::optional<Value> v = exact()) return *v;
      }
      double r;
      switch (n.op) {
        case Op::add: r = *x + *y; break;
        case Op::subtract: r = *x - *y; break;
        case Op::multiply: r = *x * *y; break;
        case Op::divide:
          if (*y == 0) return Value::null();
          r = *x / *y;
          break;
        default:
          if (*y == 0) return Value::null();
          r = std::fmod(*x, *y);
          if (r != 0 && (r < 0) != (*y < 0)) r += *y;  // the sign of the divisor, as Miller's %
          break;
      }
      // inf - inf, 0 * inf: no numeric answer, like division by zero
      if (std::isnan(r)) return Value::null();
      // integers whose result is past 2^53, where a double is not exact
      if (std::fabs(r) >= kExactIntegerLimit) {
        if (std::optional<Value> v = exact()) return *v;
      }
      return Value::of(r);
    }
    case Op::eq:
    case Op::ne:
    case Op::lt:
    case Op::le:
    case Op::gt:
    case Op::ge:
      if (n.number_slot >= 0) {
        // a field holding a number (not a JSON string) against a number: no
        // Value made; anything else takes the general path below
        if (auto number = number_in(bound_[static_cast<std::size_t>(n.number_slot)])) {
          double x = *number;
          double y = n.number;
          if (std::isnan(x)) return Value::of(false);  // NaN compares false with everything
          if (x == y && std::fabs(x) >= kExactIntegerLimit) return eval_rest(n);  // by the digits
          switch (n.op) {
            case Op::eq: return Value::of(x == y);
            case Op::ne: return Value::of(x != y);
            case Op::lt: return Value::of(x < y);
            case Op::le: return Value::of(x <= y);
            case Op::gt: return Value::of(x > y);
            default: return Value::of(x >= y);
          }
        }
      }
      return eval_rest(n);
    default:
      return eval_rest(n);
  }
}

// The operators with a general path: comparisons of any values, regex
// matches, in (...), function calls.
Value Expression::eval_rest(const Node& n) {
  switch (n.op) {
    case Op::eq: return Value::of(compare(eval(n.a), eval(n.b)) == 0);
    case Op::ne: {
      int c = compare(eval(n.a), eval(n.b));
      return Value::of(c == -1 || c == 1);
    }
    case Op::lt: return Value::of(compare(eval(n.a), eval(n.b)) == -1);
    case Op::le: {
      int c = compare(eval(n.a), eval(n.b));
      return Value::of(c == -1 || c == 0);
    }
    case Op::gt: return Value::of(compare(eval(n.a), eval(n.b)) == 1);
    case Op::ge: {
      int c = compare(eval(n.a), eval(n.b));
      return Value::of(c == 1 || c == 0);
    }
    case Op::match:
    case Op::not_match: {
      Value v = eval(n.a);
      if (v.is_null()) return Value::of(false);
      char buffer[kNumberTextMost];
      std::string_view text = text_of(v, buffer, sizeof buffer);
      if (n.op == Op::match && captures_wanted().load(std::memory_order_relaxed)) {
        // \0 the match, \1..\9 its groups, for the texts after it; none when it fails
        Captures& captures = last_captures();
        const int groups = std::min(n.regex->NumberOfCapturingGroups(), 9);
        re2::StringPiece found[10];
        const bool hit = n.regex->Match(re2::StringPiece(text.data(), text.size()), 0, text.size(),
                                        re2::RE2::UNANCHORED, found, groups + 1);
        captures.set = true;
        for (int g = 0; g < 10; ++g) {
          captures.group[g].assign(hit && g <= groups && found[g].data() ? std::string_view(found[g].data(), found[g].size())
                                                                        : std::string_view());
        }
        return Value::of(hit);
      }
      bool hit = re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *n.regex);
      return Value::of(n.op == Op::match ? hit : !hit);
    }
    case Op::in:
    case Op::not_in: {
      // status in (200, 404): a number is looked up once in the sorted list;
      // a field's cached number needs no Value
      const Node& item = nodes_[static_cast<std::size_t>(n.a)];
      std::optional<double> x;
      if (!n.numbers.empty() && item.op == Op::field) x = number_in(bound_[static_cast<std::size_t>(item.slot)]);
      Value v;
      if (!x) {
        v = eval(n.a);
        if (v.is_null()) return Value::of(false);
        if (!n.numbers.empty()) x = v.as_number();
      }
      if (x) {
        bool found = !std::isnan(*x) && std::binary_search(n.numbers.begin(), n.numbers.end(), *x);
        if (!found || std::fabs(*x) < kExactIntegerLimit) return Value::of(found == (n.op == Op::in));
        // past 2^53 one double is many integers: compared one by one, by their digits
        if (v.is_null()) v = eval(n.a);
      }
      // text that is not a number against a list of numbers: no answer, so
      // false for 'not in' too (as != is with null)
      if (!n.numbers.empty() && !x) return Value::of(false);
      bool found = false;
      for (int arg : n.args) {
        if (compare(v, eval(arg)) == 0) {
          found = true;
          break;
        }
      }
      return Value::of(found == (n.op == Op::in));
    }
    case Op::conditional:
      return eval(eval(n.args[0]).truthy() ? n.args[1] : n.args[2]);
    case Op::slice: {
      Value v = eval(n.a);
      if (v.is_null()) return Value::null();
      auto from = eval(n.args[0]).as_number();
      auto to = eval(n.args[1]).as_number();
      if (!from || !to) return Value::null();
      char buffer[kNumberTextMost];
      std::string_view text = text_of(v, buffer, sizeof buffer);
      std::string& out = scratch();
      slice_text(text, *from, *to, out);
      return Value::of(std::string_view(out));
    }
    case Op::call:
      switch (n.builtin) {
        case Builtin::if_: return eval(eval(n.args[0]).truthy() ? n.args[1] : n.args[2]);
        case Builtin::case_:
          for (std::size_t i = 0; i + 1 < n.args.size(); i += 2) {
            if (eval(n.args[i]).truthy()) return eval(n.args[i + 1]);
          }
          return n.args.size() % 2 ? eval(n.args.back()) : Value::null();
        case Builtin::coalesce:
          for (int arg : n.args) {
            Value v = eval(arg);
            if (!v.is_null()) return v;
          }
          return Value::null();
        case Builtin::sub:
        case Builtin::gsub: return replace(n);
        case Builtin::regextract:
        case Builtin::regextract_or_else: return extract(n);
        default: break;
      }
      if (((n.builtin == Builtin::is_null && n.args.size() == 1) ||
           (n.builtin == Builtin::starts_with && n.args.size() == 2)) &&
          nodes_[static_cast<std::size_t>(n.args[0])].op == Op::field) {
        // is_null(f), starts_with(f, 'text'): the field read in place, no Values made
        const Field* f = bound_[static_cast<std::size_t>(nodes_[static_cast<std::size_t>(n.args[0])].slot)];
        if (!f || f->is_null()) return Value::of(n.builtin == Builtin::is_null);
        if (n.builtin == Builtin::is_null) return Value::of(false);
        const Node& prefix = nodes_[static_cast<std::size_t>(n.args[1])];
        if (f->kind != ValueKind::json && prefix.op == Op::literal && prefix.literal.type == Type::string) {
          return Value::of(f->value.starts_with(prefix.literal.text));
        }
      }
      return call(n);
    default: break;
  }
  return Value::null();
}

// The regex of sub, gsub or regextract (its second argument): compiled once
// when it is a literal, else when its text changes from the last record's;
// none for a null or invalid pattern.
const re2::RE2* Expression::regex_of(const Node& n) {
  if (n.regex) return n.regex.get();
  Value pattern = eval(n.args[1]);
  if (pattern.is_null()) return nullptr;
  char buffer[kNumberTextMost];
  std::string_view p = text_of(pattern, buffer, sizeof buffer);
  Node& cached = nodes_[static_cast<std::size_t>(&n - nodes_.data())];
  if (!cached.dynamic_regex || cached.dynamic_regex->pattern() != p) {
    cached.dynamic_regex = std::make_shared<re2::RE2>(re2::StringPiece(p.data(), p.size()), re2::RE2::Quiet);
  }
  return cached.dynamic_regex->ok() ? cached.dynamic_regex.get() : nullptr;
}

[[gnu::noinline]] Value Expression::replace(const Node& n) {
  Value text = eval(n.args[0]);
  if (text.is_null()) return Value::null();
  char b0[kNumberTextMost], b2[kNumberTextMost];
  std::string_view s = text_of(text, b0, sizeof b0);
  const re2::RE2* regex = regex_of(n);
  if (!regex) return Value::null();
  Value rewrite = eval(n.args[2]);
  std::string& out = scratch();
  regex_replace(s, *regex, text_of(rewrite, b2, sizeof b2), n.builtin == Builtin::gsub, out);
  return Value::of(std::string_view(out));
}

// regextract, regextract_or_else: the first match in the text; else Miller's
// absent (nothing is assigned) or the third argument.
[[gnu::noinline]] Value Expression::extract(const Node& n) {
  Value text = eval(n.args[0]);
  if (text.is_null()) return Value::null();
  char buffer[kNumberTextMost];
  std::string_view s = text_of(text, buffer, sizeof buffer);
  const re2::RE2* regex = regex_of(n);
  if (!regex) return Value::null();
  re2::StringPiece match;
  if (regex->Match(re2::StringPiece(s.data(), s.size()), 0, s.size(), re2::RE2::UNANCHORED, &match, 1)) {
    std::string& out = scratch();
    out.assign(match.data(), match.size());
    return Value::of(std::string_view(out));
  }
  if (n.builtin == Builtin::regextract_or_else) return eval(n.args[2]);
  Value none;
  none.absent = absent_rules_;
  return none;
}

// Apart from eval() so that eval's frame, one per level of the tree, does
// not hold the argument array.
[[gnu::noinline]] Value Expression::call(const Node& n) {
  Value args[kMaxInlineArgs];
  std::size_t count = std::min(n.args.size(), kMaxInlineArgs);
  for (std::size_t i = 0; i < count; ++i) args[i] = eval(n.args[i]);
  // Miller's absent: a . b of fields the record has neither of is absent
  if (absent_rules_ && n.builtin == Builtin::concat &&
      std::all_of(args, args + count, [](const Value& v) { return v.absent; })) {
    return args[0];
  }
  return call_builtin(n.builtin, std::span<const Value>(args, count), scratch());
}

std::string format_expr_error(std::string_view verb, std::string_view source, const ExprError& error) {
  // the caret counts characters, not bytes
  std::size_t at = std::min<std::size_t>(error.column, source.size());
  std::size_t column = utf8_characters(source.substr(0, at));
  // a long expression is shown around the column only, "..." where cut
  constexpr std::size_t kContext = 60;
  std::size_t from = 0;
  std::size_t to = source.size();
  if (source.size() > 3 * kContext) {
    from = at > kContext ? at - kContext : 0;
    to = std::min(source.size(), at + kContext);
    auto continuation = [&](std::size_t i) { return (static_cast<unsigned char>(source[i]) & 0xC0) == 0x80; };
    while (from > 0 && continuation(from)) --from;
    while (to < source.size() && continuation(to)) ++to;
  }
  std::string shown = fmt::format("{}{}{}", from > 0 ? "..." : "", source.substr(from, to - from),
                                  to < source.size() ? "..." : "");
  std::size_t caret = utf8_characters(source.substr(from, at - from)) + (from > 0 ? 3 : 0);
  return fmt::format("{}: {} (column {})\n  {}\n  {}^", verb, error.message, column + 1, shown,
                     std::string(caret, ' '));
}

}  // namespace weir::expr
