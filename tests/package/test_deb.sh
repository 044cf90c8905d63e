#!/usr/bin/env bash
# test_deb.sh BUILD_DIR -- the Debian package of a build (cmake/Package.cmake).
# Runs `cpack -G DEB` in BUILD_DIR (nothing is rebuilt; the package goes to a
# temporary folder), then checks the files the .deb lists, its Depends, and
# that the weir it holds runs from a temporary root with nothing of the
# build folder in reach.
set -euo pipefail
build=$(cd "$1" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "test_deb.sh: $*"; exit 1; }

(cd "$build" && cpack -G DEB -B "$tmp/out") > "$tmp/cpack.log" 2>&1 || { cat "$tmp/cpack.log"; fail "cpack failed"; }
debs=("$tmp"/out/*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "expected one .deb, got: ${debs[*]}"
deb=${debs[0]}
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
arch=$(dpkg --print-architecture)
[ "$(basename "$deb")" = "weir_${version}_${arch}.deb" ] || fail "package file named $(basename "$deb")"

# the files: the binary, the three man pages, the config's JSON Schema, and
# the Python package in Debian's own folder when the build has one
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' > "$tmp/files"
want=(/usr/bin/weir /usr/share/man/man1/weir.1 /usr/share/man/man5/weir-config.5 /usr/share/man/man7/weir-hooks.7
      /usr/share/weir/weir.schema.json /usr/share/bash-completion/completions/weir
      /usr/share/zsh/vendor-completions/_weir /usr/share/fish/vendor_completions.d/weir.fish)
python_module=$(cd "$build/python/weir" 2>/dev/null && ls _weir*.so 2>/dev/null || true)
if [ -n "$python_module" ]; then
    want+=(/usr/lib/python3/dist-packages/weir/__init__.py /usr/lib/python3/dist-packages/weir/dask.py
           "/usr/lib/python3/dist-packages/weir/$python_module" /usr/lib/weir/libweir_python.so)
fi
for f in "${want[@]}"; do
    grep -qxF "$f" "$tmp/files" || { cat "$tmp/files"; fail "$f is not in the package"; }
done
# every file under /usr, none in /usr/local or a versioned python folder
if grep -v '/$' "$tmp/files" | grep -vE '^/usr/(bin|share|lib/python3/dist-packages|lib/weir)/' ; then
    fail "files outside /usr/bin, /usr/share, /usr/lib/weir and /usr/lib/python3/dist-packages (above)"
fi

# Depends from dpkg-shlibdeps: the C library and the shared libraries weir
# links (fmt is compiled in: cmake/fmt_format.cpp)
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libstdc++6 libtbb libisal libre2 libsimdjson libzstd zlib1g libnettle; do
    [[ "$depends" == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done
# each package named once (but python3, twice for a range of versions)
dups=$(tr ',' '\n' <<< "$depends" | awk '{print $1}' | grep -vx python3 | sort | uniq -d)
[ -z "$dups" ] || fail "Depends names $dups more than once: $depends"
if [ -n "$python_module" ]; then
    [[ "$depends" == *"libpython3"* && "$depends" == *"python3 (>= 3."* ]] || fail "Depends lacks python3: $depends"
fi

# the packaged weir runs from a temporary root, on its own (no LD_LIBRARY_PATH)
dpkg -x "$deb" "$tmp/root"
out=$(cd "$tmp" && env -u LD_LIBRARY_PATH "$tmp/root/usr/bin/weir" --version)
[[ "$out" == "weir $version"* ]] || fail "weir --version printed: $out"
printf 'a,b\n1,2\n3,4\n' > "$tmp/in.csv"
out=$(cd "$tmp" && env -u LD_LIBRARY_PATH "$tmp/root/usr/bin/weir" --to jsonl filter 'a > 1' in.csv)
[ "$out" = '{"a":3,"b":4}' ] || fail "the packaged weir printed: $out"
# its hooks plugin, /usr/lib/weir/libweir_python.so, is found beside the packaged weir
if [ -n "$python_module" ]; then
    printf 'def keep(rec, ctx):\n    return rec["a"] > 1\n' > "$tmp/keep.py"
    out=$(cd "$tmp" && env -u LD_LIBRARY_PATH "$tmp/root/usr/bin/weir" --to jsonl hook keep.py:keep in.csv)
    [ "$out" = '{"a":3,"b":4}' ] || fail "the packaged weir's hook printed: $out"
fi
# and Debian's python3 imports the packaged weir from its folder
if [ -n "$python_module" ]; then
    out=$(cd "$tmp" && env -u LD_LIBRARY_PATH PYTHONPATH="$tmp/root/usr/lib/python3/dist-packages" /usr/bin/python3 -c \
          'import weir; print(weir.__file__); print(weir.run("filter a>1", ["in.csv"]))')
    [ "$out" = "$tmp/root/usr/lib/python3/dist-packages/weir/__init__.py
[{'a': 3, 'b': 4}]" ] || fail "import weir: $out"
fi
echo "ok: $(basename "$deb"), $(grep -vc '/$' "$tmp/files") files, Depends: $depends"
