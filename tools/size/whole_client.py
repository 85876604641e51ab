# SPDX-License-Identifier: MIT
"""The whole client on Cortex-M4: core + port (TLS transport, lwIP raw port)
+ mbedTLS + lwIP, linked with --gc-sections into tools/size/fw/fw_tls_main.c.

mbedTLS and lwIP come from their Debian source packages
(tools/fetch_deb_source.sh); their objects are cached outside the repository
($AMSOP_BUILD_CACHE, default ~/.cache/amsop-build), keyed by the compiler
flags and the configuration headers, so a second run only relinks.
Called by size.py; prints one table of flash and RAM per module group.
"""
import glob
import hashlib
import os
import subprocess
import sys

import size as S  # the caller's module: run, link, map_table, print_table

CPU = ["-mthumb", "-mcpu=cortex-m4"]
MBEDTLS_CFG_DIR = os.path.join(S.ROOT, "port", "tls", "mbedtls")
LWIP_OPTS_DIR = os.path.join(S.ROOT, "boards", "lwip-tap", "raw")
CACHE = os.environ.get("AMSOP_BUILD_CACHE", os.path.expanduser("~/.cache/amsop-build"))
CA_FILES = ["/usr/share/ca-certificates/mozilla/DigiCert_Global_Root_G2.crt",
            "/usr/share/ca-certificates/mozilla/Microsoft_RSA_Root_Certificate_Authority_2017.crt",
            "/usr/share/ca-certificates/mozilla/Microsoft_ECC_Root_Certificate_Authority_2017.crt"]


def fetch(pkg):
    return S.run([os.path.join(S.ROOT, "tools", "fetch_deb_source.sh"), pkg]).strip()


def digest(paths, flags):
    h = hashlib.sha256(" ".join(flags).encode())
    for p in paths:
        h.update(open(p, "rb").read())
    return h.hexdigest()[:12]


def archive(objs, lib):
    if os.path.exists(lib):
        os.remove(lib)
    S.run(["arm-none-eabi-ar", "rcs", lib] + objs)


def build_lib(name, srcs, flags, key_files, groups):
    """Compiles srcs once per (flags, config) into the cache; returns the
    archives, one per group (group: callable src -> archive name)."""
    d = os.path.join(CACHE, "%s-%s" % (name, digest(key_files, flags)))
    stamp = os.path.join(d, ".done")
    libs = {}
    for s in srcs:
        libs.setdefault(groups(s), []).append(s)
    out = [os.path.join(d, "lib%s.a" % g) for g in sorted(libs)]
    if os.path.exists(stamp):
        return out
    os.makedirs(d, exist_ok=True)
    for g, ss in sorted(libs.items()):
        objs = []
        for s in ss:
            o = os.path.join(d, os.path.basename(s)[:-2] + ".o")
            S.run(["arm-none-eabi-gcc"] + flags + ["-c", s, "-o", o])
            objs.append(o)
        archive(objs, os.path.join(d, "lib%s.a" % g))
    open(stamp, "w").close()
    return out


def mbedtls_group(src):
    b = os.path.basename(src)
    if b.startswith(("ssl_", "debug", "net_sockets")):
        return "mbedtls"
    if b.startswith(("x509", "certs", "pkcs7")):
        return "mbedx509"
    return "mbedcrypto"


def report(out, inc, fragment):
    del fragment
    try:
        msrc = fetch("mbedtls")
        lsrc = fetch("lwip")
    except SystemExit:
        print("  whole client: mbedTLS/lwIP source not available (tools/fetch_deb_source.sh); "
              "skipped")
        return
    cfg_h = os.path.join(MBEDTLS_CFG_DIR, "amsop_mbedtls_config.h")
    mflags = S.OPT + CPU + ["-I" + MBEDTLS_CFG_DIR, "-I" + os.path.join(msrc, "include"),
                            '-DMBEDTLS_CONFIG_FILE="amsop_mbedtls_config.h"']
    mlibs = build_lib("mbedtls-cm4", sorted(glob.glob(os.path.join(msrc, "library", "*.c"))),
                      mflags, [cfg_h], mbedtls_group)
    lsrcs = sorted(glob.glob(os.path.join(lsrc, "src", "core", "*.c")) +
                   glob.glob(os.path.join(lsrc, "src", "core", "ipv4", "*.c")) +
                   [os.path.join(lsrc, "src", "netif", "ethernet.c")])
    # Production firmware drops lwIP's printf+abort assertions.
    lflags = S.OPT + CPU + ["-DLWIP_NOASSERT", "-I" + os.path.join(lsrc, "src", "include"), "-I" + LWIP_OPTS_DIR]
    llibs = build_lib("lwip-cm4", lsrcs, lflags,
                      [os.path.join(LWIP_OPTS_DIR, "lwipopts.h"),
                       os.path.join(LWIP_OPTS_DIR, "arch", "cc.h")], lambda s: "lwip")

    # The CA bundle the port compiles in, generated like the CMake build does.
    gen = os.path.join(out, "whole", "gen")
    os.makedirs(gen, exist_ok=True)
    ca_c = os.path.join(gen, "amsop_ca_bundle.c")
    S.run(["cmake", "-DAMSOP_CA_FILES=" + "|".join(CA_FILES), "-DAMSOP_CA_OUT=" + ca_c, "-P",
           os.path.join(S.ROOT, "port", "tls", "ca_bundle.cmake")])

    inc_flags = ["-I" + os.path.join(S.ROOT, p) for p in (
        "core/include/amsop", "port/include", "port/lwip/include", "port/lwip/raw",
        "port/lwip/common", "port/tls/include", "port/tls", "port/tls/mbedtls")]
    inc_flags += ["-I" + inc, "-isystem", os.path.join(msrc, "include"), "-isystem",
                  os.path.join(lsrc, "src", "include"), "-isystem", LWIP_OPTS_DIR,
                  '-DMBEDTLS_CONFIG_FILE="amsop_mbedtls_config.h"', "-DLWIP_NOASSERT"]
    objs = []
    odir = os.path.join(out, "whole", "obj")
    for sub, pattern in (("core", "core/src/*.c"), ("port", "port/common/*.c"),
                         ("port", "port/lwip/common/*.c"), ("port", "port/lwip/raw/*.c"),
                         ("port", "port/tls/*.c"), ("fw", "tools/size/fw/fw_tls_main.c"),
                         ("fw", "tools/size/fw/fw_startup.c"), ("fw", "tools/size/fw/fw_libc.c")):
        d = os.path.join(odir, sub)
        os.makedirs(d, exist_ok=True)
        for src in sorted(glob.glob(os.path.join(S.ROOT, pattern))):
            o = os.path.join(d, os.path.basename(src)[:-2] + ".o")
            extra = ["-fno-builtin", "-fno-tree-loop-distribute-patterns"] \
                if src.endswith("fw_libc.c") else []
            S.run(["arm-none-eabi-gcc"] + S.OPT + CPU + extra + inc_flags + ["-c", src, "-o", o])
            objs.append(o)
    o = os.path.join(odir, "port", "amsop_ca_bundle.o")
    S.run(["arm-none-eabi-gcc"] + S.OPT + CPU + inc_flags + ["-c", ca_c, "-o", o])
    objs.append(o)
    _elf, mp = S.link(out, "whole", "arm-none-eabi-gcc", CPU, [], objs,
                      mlibs + llibs + ["-lc_nano", "-lnosys"])
    table = S.map_table(mp)
    groups = {}
    for k, v in table.items():
        g = k.split("/")[0] if "/" in k else k
        if g == "port" and k.endswith("amsop_ca_bundle.o"):
            g = "port (CA roots, PEM)"
        if g == "fw":
            g = "board stand-ins + startup"
        if k.startswith("lib") and k.endswith(".a") or k in ("libc_nano", "libc"):
            g = "newlib-nano"
        row = groups.setdefault(g, {"text": 0, "rodata": 0, "data": 0, "bss": 0})
        for f in row:
            row[f] += v[f]
    S.print_table("  whole client, cortex-m4 (core + port + mbedTLS 2.28 + lwIP 2.1, "
                  "port/tls/mbedtls/amsop_mbedtls_config.h; .bss includes the %d-byte "
                  "mbedTLS pool)" % pool_bytes(mp), groups,
                  ["core", "port", "port (CA roots, PEM)", "mbedtls", "mbedx509", "mbedcrypto",
                   "lwip", "newlib-nano", "libgcc", "board stand-ins + startup"])
    for sym in ("s_mbedtls_pool", "tls", "client", "result", "target"):
        n = symbol_size(_elf, sym)
        if n:
            print("    %-14s %6d bytes (.bss)" % (sym, n))


def symbol_size(elf, name):
    for line in S.run(["arm-none-eabi-nm", "-S", elf]).splitlines():
        f = line.split()
        if len(f) == 4 and f[3] == name:
            return int(f[1], 16)
    return 0


def pool_bytes(mp):
    """Size of port/tls's mbedTLS pool, read back from the image's symbols."""
    elf = mp[:-4] + ".elf"
    return symbol_size(elf, "s_mbedtls_pool")


if __name__ == "__main__":
    sys.exit("run tools/size/size.py")
