#!/usr/bin/env bash
# Installs weir's build and test dependencies from Debian's packages.
# Idempotent and quick when everything is there: apt runs only for what is missing.
set -euo pipefail
packages=(
  cmake g++ make ninja-build pkg-config
  libcli11-dev libfmt-dev nlohmann-json3-dev libsimdjson-dev libre2-dev
  zlib1g-dev libzstd-dev libisal-dev nettle-dev libtbb-dev pybind11-dev catch2
  python3 python3-dev python3-numpy python3-pandas python3-pytest python3-venv python3-jsonschema python3-lxml python3-dask python3-distributed
  scdoc gzip zstd miller
  dpkg-dev file  # cpack -G DEB: dpkg-shlibdeps makes Depends (tests/package)
  zsh fish  # the completion scripts are checked by their shells (tests/cases/help)
  clang libclang-rt-14-dev  # tests/fuzz/run.sh: libFuzzer, ASan, UBSan
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "weir: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# Microsoft's SARIF Multitool, from npm where npm is: it checks weir check's
# SARIF with GitHub's rules (tests/check/test_report_schema.py, skipped
# without it). Not an apt package; a failed download only skips that test.
if ! command -v sarif-multitool >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  npm install -g --no-fund --no-audit @microsoft/sarif-multitool >/dev/null 2>&1 ||
    echo "weir: could not install @microsoft/sarif-multitool from npm; its test is skipped" >&2
fi
