// The "pipeline" section: each entry becomes the StageSpec the command line
// would give for the same verb, checked against the stage registry.
//
//   {"filter": "status >= 500", "invert": true}   ==  filter --invert 'status >= 500'
//   {"select": ["id", "status"]}                  ==  select id,status
//   {"derive": {"api": "split(path, '/', 2)"}}    ==  derive 'api=split(path, '/', 2)'
//   {"head": {"lines": 10}}                       ==  head --lines 10
//   {"uniq": {"all": true, "count": true}}        ==  uniq -a -c (options that stand for the arguments)
//   {"hook": "hooks/enrich.py:add_api", "batch": true}

#include <fmt/format.h>

#include "config/checker.hpp"
#include "config/hook_ref.hpp"
#include "config/verb_chain.hpp"

namespace weir::config {

const StageInfo& hook_info() {
  static const StageInfo fallback = {
      .name = "hook",
      .summary = "run a Python function on each record or batch",
      .usage = "hook FILE.py:FUNCTION",
      .description = "",
      .options = {{"", "--batch", "", "call the function once per batch of records", OptionKind::flag},
                  {"", "--decode", "", "the function makes a record from each line", OptionKind::flag},
                  {"", "--encode", "", "the function returns each record's output line", OptionKind::flag}},
      .min_args = 1,
      .max_args = 1,
      .arg_kind = OptionKind::file,
      .examples = {},
      .make = nullptr,
  };
  const StageInfo* registered = find_stage("hook");
  return registered ? *registered : fallback;
}

namespace {

std::vector<std::string> verb_names() {
  std::vector<std::string> names = stage_names();
  if (!find_stage("hook")) names.emplace_back("hook");
  return names;
}

bool is_verb(std::string_view name) {
  return name == "hook" || find_stage(name) != nullptr;
}

std::string option_key(const OptionInfo& option) {
  return std::string(option.long_name.substr(2));
}

// "filter: expected a value ..." -> "expected a value ...": the JSON path names the verb.
std::string without_verb(std::string message, std::string_view verb) {
  std::string prefix = fmt::format("{}: ", verb);
  if (message.starts_with(prefix)) message.erase(0, prefix.size());
  return message;
}

// An option value as the command line would have it: numbers as written,
// arrays joined with commas (field lists).
std::optional<std::string> option_text(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number()) return value.dump();
  if (value.is_array() && !value.empty()) {
    std::string joined;
    for (const auto& item : value) {
      if (!item.is_string() && !item.is_number()) return std::nullopt;
      if (!joined.empty()) joined += ',';
      joined += item.is_string() ? item.get<std::string>() : item.dump();
    }
    return joined;
  }
  return std::nullopt;
}

}  // namespace

void Checker::check_pipeline(const Json& pipeline) {
  if (!pipeline.is_array()) {
    problem("pipeline",
            fmt::format("expected an array of stages such as [{{\"filter\": \"status >= 500\"}}], got {}",
                        describe(pipeline)));
    return;
  }
  for (std::size_t i = 0; i < pipeline.size(); ++i) check_entry(pipeline[i], index_path("pipeline", i));
}

void Checker::check_entry(const Json& entry, const std::string& path) {
  if (!entry.is_object() || entry.empty()) {
    problem(path, fmt::format(
                      "expected an object whose first key is a verb, such as {{\"head\": {{\"lines\": 5}}}}, "
                      "got {}",
                      describe(entry)));
    return;
  }
  const std::string& verb = entry.begin().key();
  if (verb == "hook") {
    if (auto spec = hook_stage(entry, path)) {
      config_.pipeline.stages.push_back(std::move(*spec));
      config_.stage_paths.push_back(path);
    }
    return;
  }
  const StageInfo* info = find_stage(verb);
  if (!info) {
    for (const auto& [key, value] : entry.items()) {
      if (is_verb(key)) {
        problem(path, fmt::format("the first key must be the verb: '{}' comes before '{}'", verb, key));
        return;
      }
    }
    problem(path, fmt::format("unknown verb '{}'{}", verb, did_you_mean(verb, verb_names())));
    return;
  }

  std::size_t problems_before = problems_.size();
  option_paths_.clear();
  StageSpec spec;
  spec.verb = std::string(info->name);
  std::string verb_path = member_path(path, verb);
  std::vector<std::string> arg_paths;
  const Json& value = entry.begin().value();
  // (an object holds options only; {"sort": {"numeric-desc": "x"}}: an
  // option that stands for the arguments, as sort -nr x)
  if (info->max_args == 0 || (!info->arg_options.empty() && value.is_object())) {
    if (!value.is_object()) {
      problem(verb_path,
              fmt::format("{} takes no argument: expected an object of its options ({{}} for none), got {}",
                          verb, describe(value)));
    } else {
      for (const auto& [key, option] : value.items())
        take_option(*info, key, option, member_path(verb_path, key), spec);
    }
  } else {
    take_arguments(*info, value, verb_path, spec, arg_paths);
  }
  for (auto it = std::next(entry.begin()); it != entry.end(); ++it) {
    take_option(*info, it.key(), it.value(), member_path(path, it.key()), spec);
  }
  // The stage's own checks (expressions, counts, field lists) only make
  // sense once its shape is right.
  if (problems_.size() == problems_before) build_check(*info, spec, verb_path, arg_paths);
  config_.pipeline.stages.push_back(std::move(spec));
  config_.stage_paths.push_back(path);
}

std::optional<StageSpec> Checker::hook_stage(const Json& entry, const std::string& path) {
  const StageInfo& info = hook_info();
  StageSpec spec;
  spec.verb = "hook";
  std::optional<HookRef> ref = hook_at(entry.begin().value(), member_path(path, "hook"));
  for (auto it = std::next(entry.begin()); it != entry.end(); ++it) {
    take_option(info, it.key(), it.value(), member_path(path, it.key()), spec);
  }
  // (as the hook stage refuses it when the run is built: validate says so too)
  const int modes = spec.gave("batch") + spec.gave("decode") + spec.gave("encode");
  if (modes > 1) problem(path, "batch, decode and encode exclude each other: give one of them");
  if (!ref) return std::nullopt;
  spec.args.push_back(absolute_hook_arg(base_dir_, *ref));
  return spec;
}

void Checker::take_arguments(const StageInfo& info, const Json& value, const std::string& path,
                             StageSpec& spec, std::vector<std::string>& arg_paths) {
  // rename OLD=NEW and derive NAME=EXPR also take an object {"OLD": "NEW"}
  bool pairs = info.arg_kind == OptionKind::pairs;
  std::vector<std::string> items;
  if (value.is_string()) {
    items.push_back(value.get<std::string>());
    arg_paths.push_back(path);
  } else if (value.is_array() && !value.empty()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (value[i].is_string() || value[i].is_number()) {
        items.push_back(value[i].is_string() ? value[i].get<std::string>() : value[i].dump());
        arg_paths.push_back(index_path(path, i));
      } else {
        problem(index_path(path, i), fmt::format("expected a string, got {}", describe(value[i])));
      }
    }
  } else if (pairs && value.is_object() && !value.empty()) {
    for (const auto& [key, expr] : value.items()) {
      if (expr.is_string()) {
        items.push_back(fmt::format("{}={}", key, expr.get<std::string>()));
        arg_paths.push_back(member_path(path, key));
      } else {
        problem(member_path(path, key), fmt::format("expected a string, got {}", describe(expr)));
      }
    }
  } else {
    problem(path, fmt::format("expected {} ({}), got {}",
                              pairs ? "a string, an array of strings or an object {\"NAME\": \"...\"}"
                                    : "a string or an array of strings",
                              info.usage, describe(value)));
    return;
  }
  if (info.arg_kind == OptionKind::file) {
    for (std::string& item : items) {
      if (item != "-") item = absolute_in(base_dir_, item);
    }
  }
  if (info.max_args == 1 && items.size() > 1) {
    // a list of names is one argument on the command line: a,b,c
    spec.args.push_back(fmt::format("{}", fmt::join(items, ",")));
    arg_paths.assign(1, path);
  } else {
    spec.args = std::move(items);
  }
  if (spec.args.size() > info.max_args) {
    problem(path,
            fmt::format("{} takes at most {} arguments, got {}", info.name, info.max_args, spec.args.size()));
  }
}

void Checker::take_option(const StageInfo& info, std::string_view key, const Json& value,
                          const std::string& path, StageSpec& spec) {
  const OptionInfo* option = nullptr;
  for (const auto& o : info.options) {
    if (o.long_name.substr(2) == key) option = &o;
  }
  if (!option) {
    std::vector<std::string> names;
    for (const auto& o : info.options) names.push_back(option_key(o));
    std::string hint = did_you_mean(key, names);
    for (const auto& o : info.options) {
      // "n" for head: the short name of "lines"
      if (!o.short_name.empty() && o.short_name.substr(1) == key) {
        hint = fmt::format(" (did you mean '{}'?)", option_key(o));
      }
    }
    if (names.empty()) {
      problem(path, fmt::format("unknown option: {} has no options", info.name));
    } else {
      problem(path, fmt::format(
                        "unknown option for {}{}", info.name,
                        hint.empty() ? fmt::format(" (expected one of: {})", fmt::join(names, ", ")) : hint));
    }
    return;
  }
  std::string name = option_key(*option);
  if (spec.gave(name)) {
    problem(path, fmt::format("option '{}' is given twice", name));
    return;
  }
  option_paths_.emplace_back(name, path);
  if (!option->takes_value()) {
    if (!value.is_boolean()) {
      problem(path, fmt::format("expected true or false, got {}", describe(value)));
    } else if (value.get<bool>()) {
      spec.options.emplace_back(name, "");
    }
    return;
  }
  if (auto text = option_text(value)) {
    try {
      check_option_value("", *option, *text);  // (as the command line checks it)
    } catch (const UsageError& e) {
      // "-n expects a whole number >= 0, got 'ten'": the path names the option
      std::string message = e.what();
      if (const std::string lead = fmt::format("{} ", option->shown_name()); message.starts_with(lead)) {
        message.erase(0, lead.size());
      }
      problem(path, message);
      return;
    }
    // (a file a verb reads or writes starts at the config's folder, as
    // every path in a config does: join's left file, tee's, split's prefix)
    spec.options.emplace_back(name, option->kind == OptionKind::file && *text != "-" ? absolute_in(base_dir_, *text)
                                                                                      : *text);
  } else {
    problem(path, fmt::format("expected {} (a string, a number or an array of them), got {}",
                              option->value_name, describe(value)));
  }
}

void Checker::build_check(const StageInfo& info, const StageSpec& spec, const std::string& path,
                          const std::vector<std::string>& arg_paths) {
  if (spec.args.size() < info.min_args && !gave_arg_option(info, spec)) {
    problem(path, fmt::format("missing argument; usage: {}", info.usage));
    return;
  }
  // Making the stage is how its values are checked: the same code that
  // checks them on the command line. Not for the verbs that open files when
  // made (tee, split, join): they need the run's StageContext (without it
  // they crashed, issue 15), and checking a config must not touch files;
  // their values are checked when the pipeline is built.
  if (info.name == "tee" || info.name == "split" || info.name == "join") return;
  auto error_of = [&](const StageSpec& candidate) -> std::optional<std::string> {
    try {
      info.make(candidate);
      return std::nullopt;
    } catch (const UsageError& e) {
      return without_verb(e.what(), info.name);
    } catch (const SetupError& e) {
      return without_verb(e.what(), info.name);
    }
  };
  std::optional<std::string> error = error_of(spec);
  if (!error) return;
  // "-n expects a whole number" is about the option the config calls "lines"
  for (const auto& o : info.options) {
    for (std::string_view spelled : {o.short_name, o.long_name}) {
      if (spelled.empty() || !error->starts_with(fmt::format("{} ", spelled))) continue;
      for (const auto& [name, option_path] : option_paths_) {
        if (name == o.long_name.substr(2)) {
          problem(option_path, error->substr(spelled.size() + 1));
          return;
        }
      }
    }
  }
  if (spec.args.size() > 1) {
    // derive with several assignments: name the one that is wrong
    bool named = false;
    for (std::size_t i = 0; i < spec.args.size(); ++i) {
      StageSpec one = spec;
      one.args.assign(1, spec.args[i]);
      if (auto one_error = error_of(one)) {
        problem(arg_paths[i], *one_error);
        named = true;
      }
    }
    if (named) return;
  }
  problem(path, *error);
}

}  // namespace weir::config
