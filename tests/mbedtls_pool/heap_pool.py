#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Zero heap, whole path: the amsop CLI linked statically against mbedTLS
2.28 built with MBEDTLS_MEMORY_BUFFER_ALLOC_C (tools/mbedtls_build) runs a
full `wait` (TLS handshake, five polls, one reconnect after the simulator
closes the connection) under tests/heap/malloc_count.c. The executable -
core, port, CLI and all of mbedTLS - must make zero system heap calls;
libc's own calls are listed by caller (AMSOP_MALLOC_DETAIL). Prints the
mbedTLS pool's peak use from the CLI's --verbose statistics.

    python3 tests/mbedtls_pool/heap_pool.py AMSOP_BIN MALLOC_COUNT_SO
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "e2e"))
os.environ["AMSOP_BIN"] = sys.argv[1]
import e2e_util as u  # noqa: E402


def main():
    counter = sys.argv[2]
    sim = u.Sim("--operation", f"{u.OP}=Succeeded:4", "--retry-after", "0", "--close-after", "2")
    try:
        report = os.path.join(sim.dir, "heap.txt")
        proc, took = u.run_cli(sim, "wait", u.ids_target(), "--verbose", preload=counter,
                               env={"AMSOP_MALLOC_REPORT": report, "AMSOP_MALLOC_DETAIL": "1"})
        with open(report) as f:
            lines = f.read().splitlines()
        requests = len(sim.requests())
    finally:
        sim.stop()
    print(proc.stderr.strip())
    print("heap calls by object (and caller) during amsop wait:")
    for line in lines:
        print("  " + line)
    counts = {}
    for line in lines:
        obj, _, n = line.rpartition(" ")
        if n.isdigit() and not obj.startswith(" "):
            counts[obj.strip()] = counts.get(obj.strip(), 0) + int(n)
    peak = re.search(r"mbedtls_pool_peak=(\d+) blocks=(\d+)", proc.stderr)
    stats = re.search(r"connects=(\d+) reconnects=(\d+)", proc.stderr)
    # The report lists objects that made calls: the executable must be absent,
    # and nothing at all may allocate once the network path has started
    # ("NET " lines: after the first connect; libc's before it are start-up:
    # reading the token and CA files, the name lookup, the time zone).
    net_calls = sum(n for k, n in counts.items() if k.startswith("NET "))
    exe_calls = sum(n for k, n in counts.items() if k.endswith("EXECUTABLE"))
    ok = (proc.returncode == 0 and exe_calls == 0 and net_calls == 0 and peak is not None and
          not any("mbed" in k or "amsop" in k for k in counts) and requests >= 5 and stats and
          int(stats.group(1)) >= 2)
    print(f"heap-pool: exit {proc.returncode}, {requests} requests, "
          f"executable heap calls {exe_calls}, after the first connect {net_calls}, "
          f"libc at start-up {sum(counts.values()) - net_calls}, "
          f"pool peak {peak.group(1) if peak else '?'} bytes in "
          f"{peak.group(2) if peak else '?'} blocks: {'PASS' if ok else 'FAIL'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
