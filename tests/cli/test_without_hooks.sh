#!/usr/bin/env bash
# weir copied alone, without libweir_python.so beside it (or in ../lib/weir):
# everything but the hook verb works, --help and did-you-mean included; a
# hook says why it cannot run. (Listing every verb for --help loaded the
# plugin, and its failure ended --help with exit 2.)
set -u
weir=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp "$weir" "$dir/weir"
cd "$dir"
printf 'a\n1\n' > in.csv
fail=0
check() {  # check NAME WANT_CODE WANT_OUT WANT_ERR CMD...
    local name=$1 code=$2 out=$3 err=$4; shift 4
    local got_out got_err got_code
    got_out=$("$@" 2> err.txt); got_code=$?; got_err=$(cat err.txt)
    if [ "$got_code" != "$code" ] || [ "$got_out" != "$out" ] || [ "$got_err" != "$err" ]; then
        echo "FAIL $name: exit $got_code (want $code)"; echo "stdout: $got_out"; echo "stderr: $got_err"; fail=1
    fi
}
check cat 0 $'a\n1' '' ./weir cat in.csv
check did-you-mean 2 '' "weir: unknown verb 'sorrt' (did you mean 'sort'?)" ./weir sorrt in.csv
check hook 2 '' 'weir: cannot load the Python hooks: no libweir_python.so next to weir or in ../lib/weir' \
    ./weir hook x.py:f in.csv
help=$(./weir --help 2> err.txt); code=$?
if [ "$code" != 0 ] || [ -s err.txt ] || [[ "$help" != "weir 0."*"Usage: weir [OPTIONS] VERB"* ]]; then
    echo "FAIL --help: exit $code"; cat err.txt; fail=1
fi
exit $fail
