#!/usr/bin/python3
"""Write amsop_config.h from Kconfig (and an optional .config in KCONFIG_CONFIG).

Used by CMake and by the firmware builds so that every size and timeout has
exactly one definition: the Kconfig file.
usage: kconfig_header.py KCONFIG OUTPUT_HEADER
"""
import os
import sys

import kconfiglib


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    kconf = kconfiglib.Kconfig(sys.argv[1], warn_to_stderr=True)
    cfg = os.environ.get("KCONFIG_CONFIG", "")
    if cfg and os.path.exists(cfg):
        kconf.load_config(cfg)
    out = sys.argv[2]
    tmp = out + ".tmp"
    kconf.write_autoconf(tmp, header="/* Generated from Kconfig by tools/kconfig_header.py. Do not edit. */\n"
                         "#ifndef AMSOP_CONFIG_H\n#define AMSOP_CONFIG_H\n")
    with open(tmp, "a", encoding="utf-8") as f:
        f.write("#endif\n")
    # Replace only when changed, so builds do not redo everything each configure.
    old = open(out, encoding="utf-8").read() if os.path.exists(out) else None
    new = open(tmp, encoding="utf-8").read()
    if old != new:
        os.replace(tmp, out)
    else:
        os.remove(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
