#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds diff_reply.c against two cores (OLD and NEW source trees, the
# config header of an existing build) and compares their dumps over the
# http and json fuzz corpora and the reference reply. Zero differences or
# exit 1.
#   tools/diff_reply/run.sh OLD_TREE NEW_TREE [GENERATED_DIR] [OUT_DIR]
set -euo pipefail
old=$1 new=$2
gen=${3:-$new/build/generated}
out=${4:-/tmp/diff_reply}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
build_one() { # tree name
    local t=$1 n=$2 o="$out/$2"
    rm -rf "$o"; mkdir -p "$o"
    for c in "$t"/core/src/*.c; do
        gcc -std=c99 -O2 -D_POSIX_C_SOURCE=200809L -I"$gen" -I"$t/core/include/amsop" \
            -I"$t/core/src" -c "$c" -o "$o/$(basename "$c" .c).o"
    done
    ar rcs "$o/libcore.a" "$o"/*.o
    # Each core with its own tree's driver when it has one: the public API
    # may differ between the two (the dump they print must not).
    local drv="$t/tools/diff_reply/diff_reply.c"
    [ -f "$drv" ] || drv="$here/diff_reply.c"
    gcc -std=c99 -O2 -D_POSIX_C_SOURCE=200809L -I"$gen" -I"$t/core/include/amsop" -I"$t/core/src" \
        "$drv" "$o/libcore.a" -o "$out/diff_reply_$n"
}
build_one "$old" old
build_one "$new" new
# The corpora of both trees (a seed either one has), each file once.
declare -A seen=()
files=()
for f in "$new"/tests/fuzz/corpus/http/* "$new"/tests/fuzz/corpus/json/* \
         "$old"/tests/fuzz/corpus/http/* "$old"/tests/fuzz/corpus/json/* \
         "$new"/tests/bench/reference-reply.bin; do
    [ -f "$f" ] || continue
    k="$(basename "$(dirname "$f")")/$(basename "$f")"
    [ -n "${seen[$k]:-}" ] && continue
    seen[$k]=1
    files+=("$f")
done
"$out/diff_reply_old" "${files[@]}" >"$out/old.txt" 2>/dev/null
"$out/diff_reply_new" "${files[@]}" >"$out/new.txt" 2>/dev/null
echo "diff_reply: ${#files[@]} files, $(wc -l <"$out/new.txt") runs each side"
if cmp -s "$out/old.txt" "$out/new.txt"; then
    echo "diff_reply: no differences"
else
    diff "$out/old.txt" "$out/new.txt" | head -20
    echo "diff_reply: DIFFERENCES"
    exit 1
fi
