#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Static checks that make check runs: cppcheck (warnings are errors) and
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
echo "clang-format: checking"
clang-format --dry-run -Werror "${files[@]}"
echo "lint ok"
