#include "cli/completion.hpp"

#include <fmt/format.h>

#include "cli/check_command.hpp"
#include "cli/sniff_command.hpp"
#include "config/verb_chain.hpp"
#include "core/errors/error.hpp"
#include "core/formats/format.hpp"
#include "core/stages/stage.hpp"

namespace weir::cli {

namespace {

// The commands that are not verbs, completed where a verb may stand.
constexpr std::string_view kCommands = "run check sniff config help completion";

// Single quotes for the shell: 'it'\''s'.
std::string shell_quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string joined(const std::vector<std::string_view>& words) { return fmt::format("{}", fmt::join(words, " ")); }

// The formats an option takes: --from only those weir reads (not table).
std::string format_names(const OptionInfo& o) {
  std::vector<std::string_view> names;
  for (const auto& f : formats()) {
    if (o.long_name != "--from" || f.make_reader) names.push_back(f.name);
  }
  return joined(names);
}

std::string verb_names() {
  std::vector<std::string_view> names;
  for (const auto& s : stages()) names.push_back(s.name);
  return joined(names);
}

// What completes an option's value: a word list, or "@files" / "@fields".
std::string value_words(const OptionInfo& o) {
  switch (o.kind) {
    case OptionKind::choice: return joined(o.choices);
    case OptionKind::format: return format_names(o);
    case OptionKind::file: return "@files";
    case OptionKind::fields: return "@fields";
    default: return "";
  }
}

// The option rows of a command word ("" for the main options alone).
struct Table {
  std::string name;
  const std::vector<OptionInfo>* options;
};

std::vector<Table> tables() {
  std::vector<Table> out;
  out.push_back({"", &config::main_options()});
  out.push_back({"check", &check_options()});
  out.push_back({"sniff", &sniff_options()});
  for (const auto& s : stages()) out.push_back({std::string(s.name), &s.options});
  return out;
}

// ---------------------------------------------------------------- bash

std::string bash_script() {
  std::string out = fmt::format(
      "# bash completion for weir (made by `weir completion bash`): verbs, their options, formats,\n"
      "# choices, files, and field names from the header of a .csv/.tsv file on the line)\n"
      "_weir_verbs={}\n"
      "_weir_commands={}\n"
      "# (global: bash-completion and zsh's autoload source this inside a function)\n"
      "typeset -gA _weir_options=()  # command -> its options\n"
      "typeset -gA _weir_values=()   # command:option -> what completes its value\n",
      shell_quoted(verb_names()), shell_quoted(kCommands));
  for (const auto& t : tables()) {
    std::vector<std::string_view> names;
    for (const auto& o : *t.options) {
      if (!o.short_name.empty()) names.push_back(o.short_name);
      names.push_back(o.long_name);
      if (!o.takes_value()) continue;
      for (std::string_view spelled : {o.short_name, o.long_name}) {
        if (!spelled.empty())
          out += fmt::format("_weir_values[{}:{}]={}\n", t.name, spelled, shell_quoted(value_words(o)));
      }
    }
    // (keys unquoted: zsh keeps quotes in a subscript; names are letters, digits, - and :)
    out += fmt::format("_weir_options[{}]={}\n", t.name.empty() ? "main" : t.name, shell_quoted(joined(names)));
  }
  out += R"bash(
# field names from the first line of the last .csv/.tsv file named on the line
_weir_fields() {
    local i w file= sep=,
    for ((i = ${#COMP_WORDS[@]} - 1; i > 0; i--)); do
        w=${COMP_WORDS[i]}
        case $w in *.csv|*.tsv) [[ -r $w ]] && { file=$w; break; } ;; esac
    done
    [[ -n $file ]] || return
    [[ $file == *.tsv ]] && sep=$'\t'
    local header
    IFS= read -r header < "$file" || [[ -n $header ]] || return
    header=${header%$'\r'}
    header=${header//\"/}
    local IFS=$sep
    printf '%s\n' $header
}

_weir_complete() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    # --to=csv is three words in COMP_WORDS (= breaks words)
    [[ $prev == = ]] && ((COMP_CWORD > 1)) && prev=${COMP_WORDS[COMP_CWORD - 2]}
    # the command the cursor is in: the first word that is no option and no
    # option's value, since the start or the last 'then'
    local command= after_then= i w
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        if [[ $w == then ]]; then command=; after_then=1; continue; fi
        if [[ $w == -* ]]; then
            if [[ -n ${_weir_values[$command:$w]+x} || -n ${_weir_values[:$w]+x} ]]; then
                ((i++))
                [[ ${COMP_WORDS[i]} == = ]] && ((i++))
            fi
            continue
        fi
        [[ -z $command ]] && command=$w
    done
    # an option's value
    local key=
    if [[ -n ${_weir_values[$command:$prev]+x} ]]; then key=$command:$prev
    elif [[ -n ${_weir_values[:$prev]+x} ]]; then key=:$prev
    fi
    if [[ -n $key ]]; then
        case ${_weir_values[$key]} in
            @files) COMPREPLY=($(compgen -f -- "$cur")) ;;
            @fields)
                # after a comma: the next name of a list
                local head= rest=$cur
                [[ $cur == *,* ]] && { head=${cur%,*},; rest=${cur##*,}; }
                local IFS=$'\n'
                COMPREPLY=($(compgen -P "$head" -W "$(_weir_fields)" -- "$rest")) ;;
            *) COMPREPLY=($(compgen -W "${_weir_values[$key]}" -- "$cur")) ;;
        esac
        return
    fi
    if [[ $cur == -* ]]; then
        local options=${_weir_options[main]}
        [[ -n $command && -n ${_weir_options[$command]+x} ]] && options="${_weir_options[$command]} $options"
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
    elif [[ -z $command && -n $after_then ]]; then
        COMPREPLY=($(compgen -W "$_weir_verbs" -- "$cur"))
    elif [[ -z $command ]]; then
        COMPREPLY=($(compgen -W "$_weir_verbs $_weir_commands" -- "$cur"))
    elif [[ $command == completion ]]; then
        COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur"))
    elif [[ $command == help ]]; then
        COMPREPLY=($(compgen -W "$_weir_verbs run check sniff config expressions" -- "$cur"))
    elif [[ $command == config && $prev == config ]]; then
        COMPREPLY=($(compgen -W "validate show schema" -- "$cur"))
    elif [[ " $_weir_verbs " == *" $command "* ]]; then
        COMPREPLY=($(compgen -W "then" -- "$cur") $(compgen -f -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}
complete -o filenames -F _weir_complete weir
)bash";
  return out;
}

// ---------------------------------------------------------------- fish

std::string fish_script() {
  std::string out = fmt::format(
      "# fish completion for weir (made by `weir completion fish`)\n"
      "# (global: the conditions below are run at completion time, long after\n"
      "# this script was sourced)\n"
      "set -g __weir_verbs {}\n"
      "set -g __weir_commands {}\n"
      "# a verb or command is wanted first, and after each 'then'\n"
      "function __weir_wants_verb\n"
      "    set -l words (commandline -opc)\n"
      "    test \"$words[-1]\" = then; and return 0\n"
      "    for word in $words[2..-1]\n"
      "        contains -- $word $__weir_verbs $__weir_commands; and return 1\n"
      "    end\n"
      "    return 0\n"
      "end\n"
      "# the verb or command the cursor is in (since the last 'then') is $argv[1]\n"
      "function __weir_in\n"
      "    set -l current\n"
      "    for word in (commandline -opc)[2..-1]\n"
      "        if test \"$word\" = then\n"
      "            set current\n"
      "        else if test -z \"$current\"; and contains -- $word $__weir_verbs $__weir_commands\n"
      "            set current $word\n"
      "        end\n"
      "    end\n"
      "    test \"$current\" = \"$argv[1]\"\n"
      "end\n"
      "# field names from the first line of the last .csv/.tsv file on the line;\n"
      "# after a comma, each follows the names before it (status,m -> status,method)\n"
      "function __weir_fields\n"
      "    set -l file\n"
      "    for word in (commandline -opc)\n"
      "        string match -qr '\\.(csv|tsv)$' -- $word; and test -r $word; and set file $word\n"
      "    end\n"
      "    test -n \"$file\"; or return\n"
      "    set -l sep ,\n"
      "    string match -q '*.tsv' -- $file; and set sep \\t\n"
      "    read -l header < $file; or test -n \"$header\"; or return\n"
      "    set -l head (string replace -r '[^,]*$' '' -- (commandline -ct))\n"
      "    for name in (string replace -r '\\r$' '' -- $header | string replace -a '\"' '' | string split -- $sep)\n"
      "        echo $head$name\n"
      "    end\n"
      "end\n"
      "complete -c weir -f\n"
      "complete -c weir -n __weir_wants_verb -a '$__weir_verbs $__weir_commands'\n"
      "complete -c weir -n 'not __weir_wants_verb; and __fish_seen_subcommand_from $__weir_verbs' -a then -d 'then another verb'\n"
      "complete -c weir -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'\n"
      "complete -c weir -n '__fish_seen_subcommand_from config' -a 'validate show schema'\n",
      verb_names(), kCommands);
  for (const auto& t : tables()) {
    std::string condition =
        t.name.empty() ? std::string() : fmt::format(" -n '__weir_in {}'", t.name);
    for (const auto& o : *t.options) {
      std::string line = fmt::format("complete -c weir{}", condition);
      if (!o.short_name.empty()) {
        // -nr (a Miller-style short option of two letters) is an old-style option in fish
        line += o.short_name.size() == 2 ? fmt::format(" -s {}", o.short_name.substr(1))
                                         : fmt::format(" -o {}", o.short_name.substr(1));
      }
      line += fmt::format(" -l {}", o.long_name.substr(2));
      if (o.takes_value()) {
        std::string words = value_words(o);
        if (words == "@files") line += " -r -F";
        else if (words == "@fields") line += " -x -a '(__weir_fields)'";
        else if (words.empty()) line += " -x";
        else line += fmt::format(" -x -a {}", shell_quoted(words));
      }
      line += fmt::format(" -d {}\n", shell_quoted(o.help.substr(0, 60)));
      out += line;
    }
  }
  out += "complete -c weir -n '__fish_seen_subcommand_from $__weir_verbs' -F\n";
  return out;
}

}  // namespace

std::string completion_script(const std::string& shell) {
  if (shell == "bash") return bash_script();
  // zsh runs the bash script through its bashcompinit
  if (shell == "zsh") {
    return "#compdef weir\n# zsh completion for weir (made by `weir completion zsh`): the bash one, via bashcompinit\n"
           "autoload -U +X bashcompinit && bashcompinit\n" +
           bash_script() +
           "# autoloaded from $fpath as _weir on the first completion: this one as well\n"
           "[[ ${funcstack[1]} == _weir ]] && _bash_complete -o filenames -F _weir_complete\n";
  }
  if (shell == "fish") return fish_script();
  throw UsageError(fmt::format("completion: expected bash, zsh or fish, got '{}'{}", shell,
                               did_you_mean(shell, {"bash", "zsh", "fish"})));
}

}  // namespace weir::cli
