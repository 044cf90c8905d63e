#!/usr/bin/env bash
# help_examples.sh WEIR -- runs every example that `weir help VERB` shows,
# that `weir --help` lists and that the man page gives, in a scratch folder
# holding examples/, and fails if one fails: the docs never show a command
# that does not work.
set -u
weir_bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/bin" "$scratch/work"
ln -s "$weir_bin" "$scratch/bin/weir"
ln -s "$root/examples" "$scratch/work/examples"
export PATH="$scratch/bin:$PATH"
cd "$scratch/work" || exit 1
verbs=$(weir --help | sed -n '/^Verbs:/,/^$/p' | awk 'NF && !/^Verbs:/ { print $1 }')
status=0
count=0
run() {
    count=$((count + 1))
    if ! out=$(bash -c "$1" 2>&1 > /dev/null); then
        echo "FAILED: $1"
        echo "$out" | head -5
        status=1
    fi
}
for verb in $verbs; do
    while IFS= read -r example; do run "$example"; done < <(weir help "$verb" | sed -n 's/^  \(weir .*\)$/\1/p')
done
while IFS= read -r example; do run "$example"; done < <(weir --help | sed -n '/^Examples:/,/^$/p' | sed -n 's/^  \(weir .*\)$/\1/p')
for topic in run config check; do
    while IFS= read -r example; do run "$example"; done < <(weir help "$topic" | sed -n '/^Examples:/,/^$/p' | sed -n 's/^  \(weir .*\)$/\1/p')
done
# the man page: indented example lines and lines in ``` blocks that start with weir
while IFS= read -r example; do run "$example"; done < <(weir help --scdoc "$root/man/weir.1.scd.in" |
    grep -v '^weir - ' | sed -n 's/^\t\{0,1\}\(weir [^*]*\)$/\1/p')
echo "$count examples run"
[ "$count" -gt 0 ] || { echo "no examples found"; exit 1; }
exit $status
