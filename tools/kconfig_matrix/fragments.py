#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Write Kconfig fragments that put every int option at the ends of its range.

usage: fragments.py KCONFIG OUT_DIR
Writes OUT_DIR/min.config (every int at its lower bound, every bool off) and
OUT_DIR/max.config (every int at its upper bound, every bool on), and prints
their paths. Together the two builds reach both ends of every range.
"""
import os
import sys

import kconfiglib


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    kconf = kconfiglib.Kconfig(sys.argv[1], warn_to_stderr=False)
    os.makedirs(sys.argv[2], exist_ok=True)
    for end in ("min", "max"):
        lines = []
        for sym in kconf.unique_defined_syms:
            if sym.type == kconfiglib.INT and sym.ranges:
                lo, hi = sym.ranges[0][0], sym.ranges[0][1]
                val = lo if end == "min" else hi
                lines.append(f"CONFIG_{sym.name}={int(val.str_value, 0)}")
            elif sym.type == kconfiglib.BOOL and not sym.choice:
                lines.append(f"CONFIG_{sym.name}=y" if end == "max"
                             else f"# CONFIG_{sym.name} is not set")
        path = os.path.join(sys.argv[2], f"{end}.config")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
