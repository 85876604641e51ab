#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Reads every valgrind log in DIR (one per CLI run) and fails unless each
says "ERROR SUMMARY: 0 errors" and has nothing in use at exit (no leak of
any kind). Prints one line: runs, errors, bytes in use at exit.

    python3 tests/soak/valgrind_summary.py DIR
"""
import glob
import os
import re
import sys


def main():
    logs = sorted(glob.glob(os.path.join(sys.argv[1], "vg.*.log")))
    runs = errors = in_use = 0
    bad = []
    for path in logs:
        with open(path, errors="replace") as f:
            text = f.read()
        m = re.search(r"ERROR SUMMARY: (\d+) errors", text)
        u = re.search(r"in use at exit: ([\d,]+) bytes", text)
        if not m:
            continue  # a wrapped child that was not the CLI (none expected)
        runs += 1
        errors += int(m.group(1))
        in_use += int(u.group(1).replace(",", "")) if u else 0
        if int(m.group(1)) or (u and u.group(1) != "0"):
            bad.append(path)
    print(f"valgrind memcheck: {runs} CLI runs, ERROR SUMMARY total: {errors} errors, "
          f"in use at exit total: {in_use} bytes")
    for path in bad:
        print("  see", path)
    sys.exit(1 if bad or runs == 0 else 0)


if __name__ == "__main__":
    main()
