#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Scaling replies for `make bench`: the reference reply's status line and
headers with a chunked, CR LF pretty-printed ErrorResponse-shaped body whose
error.message is N bytes or whose error.details has N entries.

usage: make_scaling.py REFERENCE_REPLY OUT_DIR
Writes OUT_DIR/message-<N>.bin and OUT_DIR/details-<N>.bin and prints
"kind N path" per file.
"""
import json
import os
import sys

MESSAGES = (100, 1024, 51200)
DETAILS = (1, 10, 1000, 10000)


def reply(head, doc):
    body = json.dumps(doc, indent=2).replace("\n", "\r\n").encode()
    chunks = b""
    for off in range(0, len(body), 4096):
        part = body[off:off + 4096]
        chunks += b"%x\r\n%s\r\n" % (len(part), part)
    return head + chunks + b"0\r\n\r\n"


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    ref = open(sys.argv[1], "rb").read()
    head = ref[:ref.index(b"\r\n\r\n") + 4]
    assert b"Transfer-Encoding: chunked" in head
    os.makedirs(sys.argv[2], exist_ok=True)
    base = {"name": "8ef4deac-e820-433d-8184-639309e0a522", "status": "Failed"}
    for n in MESSAGES:
        text = ("The live event operation failed. " * (n // 33 + 1))[:n]
        doc = dict(base, error={"code": "LiveEventOperationFailed", "message": text})
        path = os.path.join(sys.argv[2], "message-%d.bin" % n)
        open(path, "wb").write(reply(head, doc))
        print("message", n, path)
    for n in DETAILS:
        details = [{"code": "Detail%d" % i, "message": "The channel could not be allocated."}
                   for i in range(n)]
        doc = dict(base, error={"code": "LiveEventOperationFailed", "message": "failed",
                                "details": details})
        path = os.path.join(sys.argv[2], "details-%d.bin" % n)
        open(path, "wb").write(reply(head, doc))
        print("details", n, path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
