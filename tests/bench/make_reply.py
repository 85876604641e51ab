#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Writes the reply the parse benchmark reads: exactly the bytes the simulator
(tests/sim/amsop_sim.py) sends for an InProgress status read (status line,
the ARM headers, Retry-After, a chunked CRLF-indented JSON body), with the
body taken from the Azure REST spec example.
usage: make_reply.py SPEC_JSON OUT"""
import json
import os
import sys
import types

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sim"))
import amsop_sim  # noqa: E402  pylint: disable=wrong-import-position


def main():
    spec = json.load(open(sys.argv[1], encoding="utf-8"))
    body = spec["responses"]["200"]["body"]
    sim = types.SimpleNamespace(opts=types.SimpleNamespace(retry_after="5"), port=443)
    req = {"hdr": {"x-ms-correlation-request-id": "c1d2e3f4-0000-4000-8000-000000000001"}}
    hdrs = [("Content-Type", "application/json; charset=utf-8")] + amsop_sim.retry_after(sim)
    reply = amsop_sim.Reply(200, amsop_sim.pretty_json(body), hdrs, chunked=True)
    wire = amsop_sim.serialize(sim, req, reply, close=False)
    with open(sys.argv[2], "wb") as f:
        f.write(wire)
    head, _, _ = wire.partition(b"\r\n\r\n")
    print("reply: %d bytes, %d header lines, JSON body %d bytes (chunked)" % (
        len(wire), head.count(b"\r\n"), len(reply.body)))


if __name__ == "__main__":
    main()
