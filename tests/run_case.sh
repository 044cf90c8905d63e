#!/usr/bin/env bash
# run_case.sh WEIR CASE_DIR -- runs one CLI case folder.
# run_case.sh --bless [WEIR] CASE_DIR... -- rewrites what the cases expect.
#
# A case folder holds `cmd` (a shell command line; `weir` is on PATH), input
# files, and what to expect: `expout` (stdout), `experr` (stderr) and
# `expcode` (exit status). A missing expout/experr means "empty"; a missing
# expcode means 0. Times in stderr ("(0.01 s)") read "(T s)". The case runs in a scratch copy of its folder, so it may
# write files (-o); `ls`/`cat` in cmd can show them.
# On a mismatch it prints the command and a diff, and fails.
#
# --bless (like Miller's `regtest -p`): runs each case and writes its actual
# stdout, stderr and exit status into expout, experr and expcode, printing
# the diff of what changed. A file that does not exist is created only when
# it would say something (output, or an exit status other than 0). WEIR
# defaults to $WEIR, else build/release/weir (README's build). Read the diff before committing:
# blessing makes any output the expected one.
#   tests/run_case.sh --bless tests/cases/sort/0007-numeric-reverse
set -u
if [ "${1:-}" = "--bless" ]; then
    shift
    here=$(cd "$(dirname "$0")" && pwd)
    weir=${WEIR:-$here/../build/release/weir}
    if [ $# -gt 0 ] && [ -f "$1" ] && [ ! -f "$1/cmd" ]; then weir=$1; shift; fi
    [ $# -gt 0 ] || { echo "usage: run_case.sh --bless [WEIR] CASE_DIR..."; exit 2; }
    [ -x "$weir" ] || { echo "run_case.sh: no weir binary at $weir (give its path first, or set WEIR)"; exit 2; }
    failed=0
    for dir in "$@"; do
        [ -f "$dir/cmd" ] || { echo "run_case.sh: no case folder with a cmd at $dir"; failed=1; continue; }
        actual=$(mktemp -d)
        WEIR_CASE_ACTUAL=$actual bash "$0" "$weir" "$dir" > /dev/null
        [ -f "$actual/code" ] || { echo "run_case.sh: $dir did not run"; rm -rf "$actual"; failed=1; continue; }
        [ "$(cat "$actual/code")" = 0 ] && [ ! -f "$dir/expcode" ] && rm "$actual/code"
        for pair in stdout:expout stderr:experr code:expcode; do
            from=$actual/${pair%%:*} to=$dir/${pair##*:}
            [ -f "$from" ] || continue
            [ -f "$to" ] || [ -s "$from" ] || continue
            cmp -s "$from" "$to" 2>/dev/null && continue
            was=/dev/null
            [ -f "$to" ] && was=$to
            diff -u --label "$to" --label "$to (actual)" "$was" "$from"
            cp "$from" "$to"
        done
        rm -rf "$actual"
    done
    exit $failed
fi
# (a case folder renamed since cmake listed it must fail here: an empty
# case_dir would make the copy below copy the whole file system)
[ -f "$1" ] || { echo "run_case.sh: no weir binary at $1"; exit 1; }
[ -f "$2/cmd" ] || { echo "run_case.sh: no case folder with a cmd at $2 (re-run cmake if it was renamed)"; exit 1; }
weir_path=$1
[[ $weir_path == */* ]] || weir_path=./$weir_path
weir_dir=$(cd "${weir_path%/*}" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
if [ "${weir_path##*/}" != weir ]; then  # (cmd calls it weir)
    mkdir "$scratch/.bin" && ln -s "$weir_dir/${weir_path##*/}" "$scratch/.bin/weir"
    weir_dir=$scratch/.bin
fi
case_dir=$(cd "$2" && pwd)
cp -R "$case_dir"/. "$scratch"/
cd "$scratch" || exit 1
# (the suite runs ~1,700 cases, so this script starts as few programs as it
# can: a process start costs several milliseconds here)
PATH="$weir_dir:$PATH" NO_COLOR=1 LC_ALL=C.UTF-8 bash ./cmd > .stdout 2> .stderr
code=$?
# whole_file FILE: the file's text into $text, by a shell builtin; fails when
# the file holds a NUL byte (read stops there), for the caller to use cmp
whole_file() {
    text=
    [ -s "$1" ] || return 0
    ! IFS= read -r -d '' text < "$1"
}
# weir check's summary ends with the time taken: "(0.01 s)" reads "(T s)"
if ! whole_file .stderr || [[ $text == *" s)"* ]]; then
    sed -i -E 's/\([0-9]+\.[0-9]+ s\)/(T s)/' .stderr
fi
# --bless asks for what the case gave
if [ -n "${WEIR_CASE_ACTUAL:-}" ]; then
    cp .stdout "$WEIR_CASE_ACTUAL/stdout"
    cp .stderr "$WEIR_CASE_ACTUAL/stderr"
    echo "$code" > "$WEIR_CASE_ACTUAL/code"
fi
status=0
expect() { # name actual expected-file
    local expected=/dev/null
    [ -f "$3" ] && expected=$3
    local expected_text
    if whole_file "$expected"; then
        expected_text=$text
        if whole_file "$2" && [ "$text" == "$expected_text" ]; then return 0; fi
    fi
    if ! cmp -s "$expected" "$2"; then
        echo "--- $1 differs (expected vs actual):"
        diff -u "$expected" "$2" | head -n 60
        status=1
    fi
}
expect stdout .stdout expout
expect stderr .stderr experr
want=0
[ -f expcode ] && read -r want < expcode
if [ "$code" != "$want" ]; then
    echo "--- exit code: expected $want, got $code"
    status=1
fi
if [ $status -ne 0 ]; then
    echo "case: $case_dir"
    echo "cmd:  $(cat cmd)"
fi
exit $status
