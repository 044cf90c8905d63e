#!/usr/bin/env bash
# test_bless.sh WEIR -- tests/run_case.sh --bless rewrites a case's expout,
# experr and expcode from what the case gives, and creates none that would
# say nothing.
set -euo pipefail
weir=$1
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "test_bless.sh: $*"; exit 1; }

# a case with stale expectations: wrong stdout and exit status, no experr
mkdir "$tmp/stale"
printf 'a\n1\n2\n' > "$tmp/stale/in.csv"
printf 'weir head -n 1 in.csv\nweir nosuchverb in.csv\n' > "$tmp/stale/cmd"
printf 'a\n9\n' > "$tmp/stale/expout"
printf '0\n' > "$tmp/stale/expcode"
# a passing case with no expectation files at all: blessing adds none
mkdir "$tmp/quiet"
printf 'true\n' > "$tmp/quiet/cmd"

bash "$here/run_case.sh" "$weir" "$tmp/stale" > /dev/null && fail "the stale case passed before blessing"
bash "$here/run_case.sh" --bless "$weir" "$tmp/stale" "$tmp/quiet" > "$tmp/diff" || fail "--bless failed"
grep -qxF -- '-9' "$tmp/diff" && grep -qxF -- '+1' "$tmp/diff" || { cat "$tmp/diff"; fail "no diff of expout shown"; }
[ "$(cat "$tmp/stale/expout")" = $'a\n1' ] || fail "expout: $(cat "$tmp/stale/expout")"
[ "$(cat "$tmp/stale/expcode")" = 2 ] || fail "expcode: $(cat "$tmp/stale/expcode")"
grep -q "unknown verb 'nosuchverb'" "$tmp/stale/experr" || fail "experr: $(cat "$tmp/stale/experr")"
bash "$here/run_case.sh" "$weir" "$tmp/stale" > /dev/null || fail "the blessed case fails"
[ "$(ls -A "$tmp/quiet")" = cmd ] || fail "blessing a quiet case made: $(ls -A "$tmp/quiet")"
# blessing again changes nothing and prints nothing
bash "$here/run_case.sh" --bless "$weir" "$tmp/stale" > "$tmp/again"
[ ! -s "$tmp/again" ] || { cat "$tmp/again"; fail "a second --bless printed a diff"; }
echo ok
