# SPDX-License-Identifier: MIT
"""Peak RAM of a whole HTTPS poll with the firmware's mbedTLS configuration.

Builds mbedTLS from the Debian source for the host with
port/tls/mbedtls/amsop_mbedtls_config.h + MBEDTLS_MEMORY_DEBUG (cached in
~/.cache/amsop-build), links it with core/, the POSIX port and port/tls
into tools/size/ram_peak_main.c, and runs POLLS status reads (one reconnect
with session resumption included) against tests/bench/bench_tls_server on
loopback: once with an ECDSA P-256 certificate, once with an RSA-2048 leaf
under an RSA-4096 root (the shape of management.azure.com's chain).
Called by size.py with the build directory that holds bench_tls_server.
"""
import glob
import os
import subprocess
import time

import size as S
import whole_client as W

TOKEN = "ram-peak-token.abc_DEF-123"


def host_mbedtls(msrc):
    flags = ["-O2", "-DNDEBUG", "-DAMSOP_MBEDTLS_MEMORY_DEBUG", "-I" + W.MBEDTLS_CFG_DIR,
             "-I" + os.path.join(msrc, "include"),
             '-DMBEDTLS_CONFIG_FILE="amsop_mbedtls_config.h"']
    d = os.path.join(W.CACHE, "mbedtls-host-%s" % W.digest(
        [os.path.join(W.MBEDTLS_CFG_DIR, "amsop_mbedtls_config.h")], flags))
    lib = os.path.join(d, "libmbedall.a")
    if not os.path.exists(lib):
        os.makedirs(d, exist_ok=True)
        objs = []
        for s in sorted(glob.glob(os.path.join(msrc, "library", "*.c"))):
            o = os.path.join(d, os.path.basename(s)[:-2] + ".o")
            S.run(["gcc"] + flags + ["-c", s, "-o", o])
            objs.append(o)
        S.run(["ar", "rcs", lib] + objs)
    return lib


def certs(d):
    os.makedirs(d, exist_ok=True)
    if os.path.exists(os.path.join(d, "rsa-server.pem")):
        return
    sh = """
set -e
cd "$1"
openssl ecparam -name prime256v1 -genkey -noout -out ec-ca.key
openssl req -x509 -new -key ec-ca.key -subj /CN=amsop-ec-ca -days 30 -out ec-ca.pem
openssl ecparam -name prime256v1 -genkey -noout -out ec-server.key
openssl req -new -key ec-server.key -subj /CN=localhost -out ec.csr
printf 'subjectAltName=DNS:localhost\\n' > ext.cnf
openssl x509 -req -in ec.csr -CA ec-ca.pem -CAkey ec-ca.key -CAcreateserial -days 30 \
    -extfile ext.cnf -out ec-server.pem
openssl genrsa -out rsa-ca.key 4096
openssl req -x509 -new -key rsa-ca.key -sha384 -subj /CN=amsop-rsa-ca -days 30 -out rsa-ca.pem
openssl genrsa -out rsa-server.key 2048
openssl req -new -key rsa-server.key -subj /CN=localhost -out rsa.csr
openssl x509 -req -in rsa.csr -CA rsa-ca.pem -CAkey rsa-ca.key -CAcreateserial -days 30 \
    -sha256 -extfile ext.cnf -out rsa-server.pem
"""
    subprocess.run(["bash", "-c", sh, "certs", d], check=True, capture_output=True)


def build_prog(out, inc, lib, msrc):
    d = os.path.join(out, "ram_peak")
    os.makedirs(d, exist_ok=True)
    ca_c = os.path.join(d, "amsop_ca_bundle.c")
    S.run(["cmake", "-DAMSOP_CA_FILES=" + "|".join(W.CA_FILES), "-DAMSOP_CA_OUT=" + ca_c, "-P",
           os.path.join(S.ROOT, "port", "tls", "ca_bundle.cmake")])
    srcs = (glob.glob(os.path.join(S.ROOT, "core", "src", "*.c")) +
            glob.glob(os.path.join(S.ROOT, "port", "common", "*.c")) +
            glob.glob(os.path.join(S.ROOT, "port", "posix", "*.c")) +
            glob.glob(os.path.join(S.ROOT, "port", "tls", "*.c")) +
            [ca_c, os.path.join(S.ROOT, "tools", "size", "ram_peak_main.c")])
    exe = os.path.join(d, "ram_peak")
    S.run(["gcc", "-std=c99", "-O2", "-D_POSIX_C_SOURCE=200809L", "-DAMSOP_MBEDTLS_MEMORY_DEBUG",
           '-DMBEDTLS_CONFIG_FILE="amsop_mbedtls_config.h"', "-I" + W.MBEDTLS_CFG_DIR,
           "-I" + inc] + ["-I" + os.path.join(S.ROOT, p) for p in (
               "core/include/amsop", "core/src", "port/include", "port/posix",
               "port/tls/include", "port/tls")] +
          ["-isystem", os.path.join(msrc, "include"), "-o", exe] + srcs + [lib, "-lpthread"])
    return exe


def run_against(build, exe, out, cert, key, ca, polls):
    server = os.path.join(build, "tests", "bench", "bench_tls_server")
    reply = os.path.join(out, "reply.bin")
    S.run(["/usr/bin/python3", os.path.join(S.ROOT, "tests", "bench", "make_reply.py"),
           os.path.join(S.ROOT, "tests", "vectors", "operation-inprogress.json"), reply])
    port_file = os.path.join(out, "ram_peak.port")
    if os.path.exists(port_file):
        os.remove(port_file)
    srv = subprocess.Popen([server, cert, key, reply, TOKEN, port_file,
                            os.path.join(out, "ram_peak.stats")])
    try:
        for _ in range(200):
            if os.path.exists(port_file) and open(port_file).read().strip():
                break
            time.sleep(0.05)
        port = open(port_file).read().strip()
        ep = "https://localhost:%s" % port
        url = (ep + "/subscriptions/0a6ec948-5a62-437d-b9df-934dc7c1b722/resourceGroups/rg/"
               "providers/Microsoft.Media/mediaservices/acct/liveEventOperations/"
               "62e4d893-d233-4005-988e-a428d9f77076?api-version=2022-11-01")
        r = subprocess.run([exe, ep, ca, TOKEN, url, str(polls)], capture_output=True, text=True,
                           timeout=120)
        if r.returncode != 0:
            return None, r.stderr.strip()
        return dict(kv.split("=") for kv in r.stdout.split()), ""
    finally:
        srv.terminate()
        srv.wait(timeout=10)


def report(build, out, inc, label):
    server = os.path.join(build, "tests", "bench", "bench_tls_server")
    if not os.path.exists(server):
        print("  peak RAM: %s missing (cmake build first); skipped" % server)
        return
    msrc = W.fetch("mbedtls")
    lib = host_mbedtls(msrc)
    exe = build_prog(out, inc, lib, msrc)
    cd = os.path.join(W.CACHE, "ram-peak-certs")
    certs(cd)
    print("  peak RAM of HTTPS polls (%s; host build of the firmware mbedTLS config, "
          "5 polls incl. one reconnect with resumption, test root + 3 Azure roots parsed):" % label)
    for name, pre in (("ECDSA P-256 chain", "ec"), ("RSA-2048 leaf / RSA-4096 root", "rsa")):
        # The test root plus the three bundled Azure roots: a device parses
        # those into the pool too.
        ca = os.path.join(out, pre + "-ca-with-azure-roots.pem")
        with open(ca, "w", encoding="utf-8") as f:
            for p in [os.path.join(cd, pre + "-ca.pem")] + W.CA_FILES:
                f.write(open(p, encoding="utf-8").read())
        res, err = run_against(build, exe, out, os.path.join(cd, pre + "-server.pem"),
                               os.path.join(cd, pre + "-server.key"), ca, 5)
        if res is None:
            print("    %-30s failed: %s" % (name, err))
            continue
        total = sum(int(res[k]) for k in ("tls_pool_peak", "sizeof_tls", "sizeof_client",
                                          "sizeof_result", "sizeof_target", "stack_peak"))
        print("    %-30s mbedTLS pool peak %6s + amsop_tls_t %5s + client %5s + result %5s + "
              "target %4s + stack %5s = %6d bytes  (handshakes %s, resumed %s)" % (
                  name, res["tls_pool_peak"], res["sizeof_tls"], res["sizeof_client"],
                  res["sizeof_result"], res["sizeof_target"], res["stack_peak"], total,
                  res["handshakes"], res["resumed"]))
