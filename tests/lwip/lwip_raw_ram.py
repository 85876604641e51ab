#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""RAM the raw (NO_SYS=1) lwIP flavour takes, from the linked board.

usage: lwip_raw_ram.py AMSOP_LWIP_RAW_EXE LIBAMSOP_LWIP_RAW_STACK_A AMSOP_CONFIG_H

Prints lwIP's static pools (memp_memory_<POOL>_base) and heap (ram_heap,
MEM_SIZE) as linked, all of lwIP's static data (.data + .bss of the stack
library), and the port's per-connection receive ring (Kconfig). Fails if
the pools or heap are missing (e.g. lwIP built with MEMP_MEM_MALLOC or
MEM_LIBC_MALLOC, which would put them on the C heap).
"""
import re
import subprocess
import sys


def symbols(exe):
    out = subprocess.run(["nm", "-S", "--size-sort", exe], capture_output=True, text=True,
                         check=True).stdout
    syms = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4:
            syms[parts[3]] = int(parts[1], 16)
    return syms


def lib_static(lib):
    out = subprocess.run(["size", "-t", lib], capture_output=True, text=True, check=True).stdout
    total = out.strip().splitlines()[-1].split()
    return int(total[1]), int(total[2])  # data, bss


def main():
    exe, lib, cfg = sys.argv[1:4]
    syms = symbols(exe)
    pools = {k[len("memp_memory_"):-len("_base")]: v for k, v in syms.items()
             if k.startswith("memp_memory_") and k.endswith("_base")}
    heap = syms.get("ram_heap", 0)
    if not pools or heap == 0:
        print("lwIP pools or heap not found as static arrays", file=sys.stderr)
        return 1
    ring = int(re.search(r"CONFIG_AMSOP_LWIP_RAW_RX_RING_SIZE\s+(\d+)", open(cfg).read()).group(1))
    data, bss = lib_static(lib)
    print("lwIP raw flavour RAM (boards/lwip-tap/raw/lwipopts.h, as linked):")
    for name, size in sorted(pools.items(), key=lambda kv: -kv[1]):
        print(f"  pool {name:<16} {size:7d} B")
    print(f"  pools total            {sum(pools.values()):7d} B")
    print(f"  heap (ram_heap)        {heap:7d} B")
    print(f"  pools + heap           {sum(pools.values()) + heap:7d} B")
    print(f"  all lwIP static data   {data + bss:7d} B  (.data {data} + .bss {bss})")
    print(f"  port receive ring      {ring:7d} B  (CONFIG_AMSOP_LWIP_RAW_RX_RING_SIZE, "
          "inside amsop_tls_t)")
    print(f"  lwIP + ring            {data + bss + ring:7d} B")
    return 0


if __name__ == "__main__":
    sys.exit(main())
