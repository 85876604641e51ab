#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs each libFuzzer target for SECONDS, JOBS at a time, and prints one line
# per target: executions, corpus size, and findings (crash files). With
# FUZZ_EXECS set (make fuzz-10m: 10000000) each target runs that many
# executions instead, without a time limit, and the line says whether the
# count was reached.
#   tests/fuzz/fuzz_long.sh BUILD_FUZZ SECONDS JOBS TARGET...
set -euo pipefail
build=$1 secs=$2 jobs=$3
shift 3
src=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$build/long"
run_one() {
    local t=$1
    local regs=()
    mkdir -p "$build/corpus/$t"
    # git keeps no empty directory: a target may have no regressions yet.
    [ -d "$src/regressions/$t" ] && regs=("$src/regressions/$t")
    local limit=(-max_total_time="$secs")
    [ -n "${FUZZ_EXECS:-}" ] && limit=(-runs="$FUZZ_EXECS")
    "$build/tests/fuzz/fuzz_$t" "${limit[@]}" -max_len=8192 -print_final_stats=1 \
        -artifact_prefix="$build/long/$t-" "$build/corpus/$t" "$src/corpus/$t" \
        "${regs[@]}" >"$build/long/$t.log" 2>&1 || true
}
pids=()
for t in "$@"; do
    run_one "$t" &
    pids+=($!)
    if [ ${#pids[@]} -ge "$jobs" ]; then
        wait "${pids[0]}"
        pids=("${pids[@]:1}")
    fi
done
for p in "${pids[@]}"; do wait "$p"; done
bad=0
for t in "$@"; do
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$build/long/$t.log" | grep -o '[0-9]*$' || echo 0)
    # find, not ls: with pipefail an ls of no crash file would end the script
    crashes=$(find "$build/long" -maxdepth 1 -name "$t-*" | wc -l)
    secs_used=$(sed -n 's/.*Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$build/long/$t.log")
    line="fuzz_$t: $execs executions in ${secs_used:-$secs}s, corpus $(ls "$build/corpus/$t" | wc -l), findings $crashes"
    if [ -n "${FUZZ_EXECS:-}" ]; then
        if [ "$execs" -ge "$FUZZ_EXECS" ]; then line="$line, TARGET $FUZZ_EXECS executions MET"
        else line="$line, TARGET $FUZZ_EXECS executions NOT MET"; bad=1; fi
    fi
    echo "$line"
    [ "$crashes" -eq 0 ] || bad=1
done
exit $bad
