#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Regenerates the seed corpora in tests/fuzz/corpus/ from the Azure spec
vectors (tests/vectors) and from replies the simulator really sends.

    python3 tests/fuzz/gen_corpus.py [VECTORS_DIR]

Standard library only. The simulator runs on loopback for a few seconds; its
raw TLS replies (status line, headers, chunked body) are stored as captured.
File names are content hashes, so reruns only add what is new.
"""
import hashlib
import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SIM = os.path.join(ROOT, "tests", "sim", "amsop_sim.py")
TOKEN = "fuzz-corpus-token"
SUB, RG, ACC = "0a6ec948-5a62-437d-b9df-934dc7c1b722", "mediaresources", "slitestmedia10"


def put(kind, data):
    if isinstance(data, str):
        data = data.encode()
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(HERE, "corpus", kind, name), "wb") as f:
        f.write(data)


def json_bodies(vectors):
    """Every JSON object the vectors show as a reply body or schema example."""
    out = []
    for fn in sorted(os.listdir(vectors)):
        if not fn.endswith(".json"):
            continue
        with open(os.path.join(vectors, fn), encoding="utf-8") as f:
            doc = json.load(f)
        for code, resp in doc.get("responses", {}).items():
            if isinstance(resp, dict) and "body" in resp:
                out.append(resp["body"])
            for v in (resp.get("headers") or {}).values() if isinstance(resp, dict) else ():
                if isinstance(v, str) and v.startswith("https://"):
                    put("url", v)
        params = doc.get("parameters") or {}
        if "subscriptionId" in params:
            put("ids", "\n".join([params["subscriptionId"], params.get("resourceGroupName", ""),
                                  params.get("accountName", ""), params.get("operationId", "")]))
    return out


def http_wraps(body):
    """A JSON body as a Content-Length reply and as a chunked reply."""
    raw = json.dumps(body, indent=2).replace("\n", "\r\n").encode()
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n" \
           b"x-ms-request-id: 7d2b1c1e-0000-4000-8000-000000000001\r\nRetry-After: 5\r\n"
    put("http", head + b"Content-Length: %d\r\n\r\n" % len(raw) + raw)
    half = len(raw) // 2
    put("http", head + b"Transfer-Encoding: chunked\r\n\r\n" +
        b"%x\r\n" % half + raw[:half] + b"\r\n" + b"%x;ext=1\r\n" % (len(raw) - half) +
        raw[half:] + b"\r\n0\r\nX-Trailer: 1\r\n\r\n")


def sim_replies():
    """Raw replies of the simulator: status reads, 202 starts, errors."""
    state = tempfile.mkdtemp(prefix="amsop-fuzz-corpus-")
    proc = subprocess.Popen([sys.executable, SIM, "--state-dir", state, "--port", "0",
                             "--token", TOKEN, "--polls", "1", "--throttle-every", "5",
                             "--lifetime", "60", "--quiet"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        ready = os.path.join(state, "ready.json")
        deadline = time.monotonic() + 30
        while not os.path.exists(ready) and time.monotonic() < deadline:
            time.sleep(0.05)
        with open(ready, encoding="utf-8") as f:
            info = json.load(f)
        ctx = ssl.create_default_context(cafile=info["ca"])
        base = f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.Media/mediaservices/{ACC}"
        reqs = [("POST", base + "/liveEvents/ev1/start"),
                ("GET", base + "/liveEventOperations/62e4d893-d233-4005-988e-a428d9f77076"),
                ("GET", base + "/liveEventOperations/unknown-op"),
                ("GET", base + "/liveEventOperationsX/1"),
                ("DELETE", base + "/liveEventOperations/1"),
                ("GET", base + "/liveEvents/ev1/operationLocations/1")]
        for auth in (f"Bearer {TOKEN}", "Bearer wrong", None):
            for method, path in reqs:
                for query in ("?api-version=2022-11-01", "", "?api-version=1999"):
                    with socket.create_connection(("127.0.0.1", info["port"]), timeout=10) as s:
                        with ctx.wrap_socket(s, server_hostname="localhost") as t:
                            req = f"{method} {path}{query} HTTP/1.1\r\nHost: localhost\r\n"
                            if auth:
                                req += f"Authorization: {auth}\r\n"
                            req += "Content-Length: 0\r\nConnection: close\r\n\r\n"
                            t.sendall(req.encode())
                            data = b""
                            while True:
                                chunk = t.recv(65536)
                                if not chunk:
                                    break
                                data += chunk
                    put("http", data)
                    head, _, body = data.partition(b"\r\n\r\n")
                    for line in head.split(b"\r\n"):
                        if line.lower().startswith((b"azure-asyncoperation:", b"location:")):
                            url = line.split(b":", 1)[1].strip()
                            put("url", url)
                            put("url", url.replace(b"localhost:%d" % info["port"],
                                                   b"management.azure.com"))
                    if b"chunked" in head.lower():
                        text, rest = b"", body
                        while rest:
                            size, _, rest = rest.partition(b"\r\n")
                            n = int(size.split(b";")[0], 16)
                            if n == 0:
                                break
                            text, rest = text + rest[:n], rest[n + 2:]
                        body = text
                    if body.strip():
                        put("json", body)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)


def main():
    vectors = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "tests", "vectors")
    for kind in ("http", "json", "url", "ids"):
        os.makedirs(os.path.join(HERE, "corpus", kind), exist_ok=True)
    for body in json_bodies(vectors):
        put("json", json.dumps(body))
        put("json", json.dumps(body, indent=2).replace("\n", "\r\n"))
        http_wraps(body)
    # Identifier edge cases the builder documents (non-ASCII resource group,
    # parentheses, longest account).
    put("ids", f"{SUB}\nrg.(x)_-\u00e9\u4e2d\nabc\nop-1.2_3")
    put("ids", f"{SUB}\n{'r' * 90}\n{'a' * 24}\n{'o' * 128}")
    # Other providers' operation status URLs (amsop_target.h), subscription
    # and resource-group scope.
    arm = "https://management.azure.com/subscriptions/" + SUB
    put("url", arm + "/providers/Microsoft.Compute/locations/westeurope/operations/"
        "62e4d893-d233-4005-988e-a428d9f77076?api-version=2024-07-01")
    put("url", arm + f"/resourceGroups/{RG}/providers/Microsoft.Sql/servers/s1/databases/d%281%29"
        "/operationStatuses/op.1?api-version=2023-08-01&t=1")
    sim_replies()


if __name__ == "__main__":
    main()
