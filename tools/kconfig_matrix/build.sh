#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make kconfig-matrix: the whole product (core, port, TLS, CLI; no tests)
# built with -Werror with every Kconfig int at the low end of its range, then
# at the high end (tools/kconfig_matrix/fragments.py writes the fragments).
#   tools/kconfig_matrix/build.sh OUT_DIR [JOBS]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:?usage: build.sh OUT_DIR [JOBS]}"
jobs="${2:-2}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
for frag in $(/usr/bin/python3 "$root/tools/kconfig_matrix/fragments.py" "$root/Kconfig" "$out"); do
    name="$(basename "$frag" .config)"
    echo "== kconfig-matrix: $name ($frag) =="
    cmake -S "$root" -B "$out/$name" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=gcc \
        -DAMSOP_BUILD_TESTS=OFF "-DAMSOP_KCONFIG_CONFIG=$frag" >"$out/$name.cmake.log" 2>&1 \
        || { tail -n 30 "$out/$name.cmake.log"; exit 1; }
    cmake --build "$out/$name" -j "$jobs" >"$out/$name.build.log" 2>&1 \
        || { grep -E 'error|Error' "$out/$name.build.log" | head -n 30; exit 1; }
    echo "   built: $(grep -c 'Building C object' "$out/$name.build.log") C files, -Werror"
done
