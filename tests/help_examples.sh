#!/usr/bin/env bash
# help_examples.sh WEIR -- runs every example that `weir help VERB` shows and
# that `weir --help` lists, from the repository root, and fails if one fails:
# the help never shows a command that does not work.
set -u
weir_bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/.." || exit 1
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
ln -s "$weir_bin" "$bin/weir"
export PATH="$bin:$PATH"
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
echo "$count examples run"
[ "$count" -gt 0 ] || { echo "no examples found"; exit 1; }
exit $status
