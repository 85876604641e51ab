#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Static checks that make check runs: cppcheck (warnings are errors),
# clang-14's static analyzer (clang --analyze, any finding is an error) and
# clang-format conformance of every C file we own.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mapfile -t files < <(git ls-files '*.c' '*.h' 2>/dev/null || find core port boards tests -name '*.[ch]')
cfg="$(mktemp -d)"
trap 'rm -rf "$cfg"' EXIT
/usr/bin/python3 tools/kconfig_header.py Kconfig "$cfg/amsop_config.h"
echo "cppcheck: ${#files[@]} files"
cppcheck --quiet --error-exitcode=1 --enable=warning,style,performance,portability \
    --std=c99 --inline-suppr --suppress=missingIncludeSystem --suppress=unusedFunction \
    --suppress=constParameterCallback \
    -I core/include/amsop -I core/src -I port/include -I port/posix -I port/tls/include \
    -I "$cfg" core port boards
# The analyzer over what the host builds: the core, the POSIX and TLS ports,
# the CLI (the lwIP ports need lwIP's headers; `make lwip-check` builds them).
mapfile -t analyzed < <(printf '%s\n' "${files[@]}" | grep -E '^(core/src|port/common|port/posix|port/tls|boards/posix)/.*\.c$')
echo "clang --analyze: ${#analyzed[@]} files"
analyzer="${CLANG_ANALYZER:-clang-14}"
report="$cfg/analyze.txt"
: >"$report"
for f in "${analyzed[@]}"; do
    "$analyzer" --analyze -std=c99 -D_POSIX_C_SOURCE=200809L -Xanalyzer -analyzer-output=text \
        -I core/include/amsop -I core/src -I port/include -I port/posix -I port/tls/include \
        -I port/tls/mbedtls -I "$cfg" -o /dev/null "$f" >>"$report" 2>&1 || echo "$f: analyzer failed" >>"$report"
done
if grep -qE 'warning:|error:|analyzer failed' "$report"; then
    cat "$report" >&2
    echo "clang --analyze: findings above" >&2
    exit 1
fi
echo "clang-format: checking"
clang-format --dry-run -Werror "${files[@]}"
echo "lint ok"
