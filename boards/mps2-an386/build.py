#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Builds the mps2-an386 firmware image.

usage: build.py OUTDIR [--sizes]

core/, port/ (common, lwIP raw, TLS), boards/posix/cli_exit.c and this
board's files are compiled with arm-none-eabi-gcc -mcpu=cortex-m4 -Os and
-std=c99 -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror; mbedTLS
2.28 and lwIP 2.1.3 come from their Debian source packages and are compiled
as they are, once per configuration, into the cache tools/size/whole_client.py
keeps (the same fetch, compile and cache functions). Linked with newlib-nano
(--specs=nano.specs) and --gc-sections; every malloc entry point is wrapped
to a symbol nobody defines, so an image that could reach the C heap does not
link. Writes OUTDIR/amsop-mps2.elf and .map, and OUTDIR/sizes.json (flash
and RAM per component from the map); --sizes also prints the table.
"""
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools", "size"))
import size as S  # noqa: E402
import whole_client as W  # noqa: E402

CC = "arm-none-eabi-gcc"
HEAP_ENTRIES = ["malloc", "free", "calloc", "realloc", "_malloc_r", "_free_r", "_calloc_r",
                "_realloc_r", "_sbrk", "_sbrk_r"]
COMPONENTS = ["core", "port", "lwip", "mbedtls", "board", "newlib-nano", "libgcc"]


def lwip_sources(lsrc):
    return sorted(glob.glob(os.path.join(lsrc, "src", "core", "*.c")) +
                  glob.glob(os.path.join(lsrc, "src", "core", "ipv4", "*.c")) +
                  [os.path.join(lsrc, "src", "netif", "ethernet.c")])


def component_of(module):
    if module in ("mbedtls", "mbedx509", "mbedcrypto"):
        return "mbedtls"
    if module in ("lwip", "libgcc"):
        return module
    if module.startswith("lib") and module.endswith(".a"):
        return "newlib-nano"
    top = module.split("/")[0]
    if top in ("core", "port"):
        return top
    return "board"  # board/*.o and the CLI's cli_exit.o


def build(out):
    os.makedirs(out, exist_ok=True)
    inc = S.gen_config(out, os.path.join(HERE, "mps2.config"))
    msrc, lsrc = W.fetch("mbedtls"), W.fetch("lwip")
    mcfg = '-DMBEDTLS_CONFIG_FILE="mbedtls_board.h"'
    mflags = S.OPT + W.CPU + ["-I" + HERE, "-I" + W.MBEDTLS_CFG_DIR,
                              "-I" + os.path.join(msrc, "include"), mcfg]
    mlibs = W.build_lib("mbedtls-mps2", sorted(glob.glob(os.path.join(msrc, "library", "*.c"))),
                        mflags, [os.path.join(HERE, "mbedtls_board.h"),
                                 os.path.join(W.MBEDTLS_CFG_DIR, "amsop_mbedtls_config.h")],
                        W.mbedtls_group)
    lflags = S.OPT + W.CPU + ["-DLWIP_NOASSERT", "-I" + os.path.join(lsrc, "src", "include"),
                              "-I" + HERE]
    llibs = W.build_lib("lwip-mps2", lwip_sources(lsrc), lflags,
                        [os.path.join(HERE, "lwipopts.h"), os.path.join(HERE, "arch", "cc.h")],
                        lambda s: "lwip")

    incs = ["-I" + HERE] + ["-I" + os.path.join(ROOT, p) for p in (
        "core/include/amsop", "core/src", "port/include", "port/lwip/include", "port/lwip/raw",
        "port/lwip/common", "port/tls/include", "port/tls", "port/tls/mbedtls", "boards/posix")]
    incs += ["-I" + inc, "-isystem", os.path.join(msrc, "include"), "-isystem",
             os.path.join(lsrc, "src", "include"), mcfg, "-DLWIP_NOASSERT"]
    objs = []
    for sub, pattern in (("core", "core/src/*.c"), ("port", "port/common/*.c"),
                         ("port", "port/lwip/common/*.c"), ("port", "port/lwip/raw/*.c"),
                         ("port", "port/tls/*.c"), ("cli", "boards/posix/cli_exit.c"),
                         ("board", "boards/mps2-an386/*.c")):
        d = os.path.join(out, "obj", sub)
        os.makedirs(d, exist_ok=True)
        for src in sorted(glob.glob(os.path.join(ROOT, pattern))):
            o = os.path.join(d, os.path.basename(src)[:-2] + ".o")
            S.run([CC] + S.WARN + S.OPT + W.CPU + ["-fstack-usage"] + incs + ["-c", src, "-o", o],
                  cwd=d)
            objs.append(o)
    elf = os.path.join(out, "amsop-mps2.elf")
    mp = os.path.join(out, "amsop-mps2.map")
    S.run([CC] + W.CPU + ["--specs=nano.specs", "-nostartfiles", "-Wl,--gc-sections",
                          "-T", os.path.join(HERE, "an386.ld"), "-Wl,-Map=" + mp, "-o", elf]
          + ["-Wl,--wrap=" + f for f in HEAP_ENTRIES] + objs
          + ["-Wl,--start-group"] + mlibs + llibs + ["-lc", "-lgcc", "-Wl,--end-group"])
    return elf, mp


def sizes(elf, mp):
    comps = {}
    for mod, row in S.map_table(mp).items():
        c = comps.setdefault(component_of(mod), {"text": 0, "rodata": 0, "data": 0, "bss": 0})
        for k in c:
            c[k] += row[k]
    syms = {s: W.symbol_size(elf, s) for s in (
        "s_mbedtls_pool", "ram_heap", "memp_memory_PBUF_POOL_base", "s_client", "s_tls",
        "s_result", "s_target", "s_aad", "s_aad_tls", "s_frame")}
    stack = 0
    for line in S.run(["arm-none-eabi-nm", elf]).splitlines():
        f = line.split()
        if len(f) == 3 and f[2] == "__stack_size":
            stack = int(f[0], 16)
    return {"components": comps, "symbols": syms, "stack_size": stack}


def print_sizes(info):
    S.print_table("  mps2-an386 firmware (Cortex-M4, -Os): bytes per component from the link map",
                  info["components"], COMPONENTS)
    c = info["components"]
    flash = sum(r["text"] + r["rodata"] + r["data"] for r in c.values())
    ram = sum(r["data"] + r["bss"] for r in c.values())
    print("    flash (.text+.rodata+.data image) %d; RAM .data+.bss %d, plus the %d-byte stack"
          % (flash, ram, info["stack_size"]))
    print("    of that .bss: " + ", ".join("%s %d" % kv for kv in info["symbols"].items() if kv[1]))


def main(argv):
    if not argv or argv[0].startswith("-"):
        sys.exit(__doc__)
    out = os.path.abspath(argv[0])
    elf, mp = build(out)
    info = sizes(elf, mp)
    with open(os.path.join(out, "sizes.json"), "w", encoding="utf-8") as f:
        json.dump(info, f, indent=1)
    if "--sizes" in argv[1:]:
        print_sizes(info)
    print(elf)


if __name__ == "__main__":
    main(sys.argv[1:])
