#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Prints the figures the README quotes, measured now:
#   tools/figures.sh [BUILD_DIR]     (after `make check` or `make build`)
# - core/ size for the firmware targets (tools/cross_build.sh)
# - RAM of the structs a caller places (sizeof, host, default Kconfig)
# - heap calls during an end-to-end `amsop wait` by object (LD_PRELOAD counter)
# - the number of tests ctest runs
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"

tools_out="$build/figures"
mkdir -p "$tools_out"
"$root/tools/cross_build.sh" "$build/cross" | head -5

cat > "$tools_out/sizeof.c" <<'SRC'
#include <stdio.h>
#include "amsop.h"
int main(void)
{
    printf("caller-placed RAM (host, default Kconfig): amsop_client_t %zu B, "
           "amsop_result_t %zu B, amsop_target_t %zu B\n",
           sizeof(amsop_client_t), sizeof(amsop_result_t), sizeof(amsop_target_t));
    return 0;
}
SRC
cc -std=c99 -I"$root/core/include/amsop" -I"$build/generated" "$tools_out/sizeof.c" \
    -o "$tools_out/sizeof"
"$tools_out/sizeof"

echo "heap calls during an end-to-end amsop wait (3 TLS connections, 5 polls):"
ctest --test-dir "$build" -R e2e_heap_e2e -V 2>&1 | sed -n 's/^[0-9]*:   /  /p'
echo "tests: $(ctest --test-dir "$build" -N | sed -n 's/^Total Tests: //p') ctest entries"
