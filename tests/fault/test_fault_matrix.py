# SPDX-License-Identifier: MIT
"""Fault-injection matrix: the real amsop CLI, over real TLS on loopback,
against fault_server.py playing each misbehaviour in fault_cases.py.

Per case: the exact error name on stderr ("amsop: AMSOP_ERR_...: ..."), the
documented exit code, the CLI returned within the case's deadline, and the
--output json it printed holds only whole values (exact expected fields,
or, when the read failed, no body field at all).

Environment: AMSOP_BIN (the CLI), optional AMSOP_WRAPPER (a command
prefix such as valgrind) and AMSOP_FAULT_ONLY (comma-separated case names).
"""
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from fault_cases import OP, cases  # noqa: E402
from fault_server import FaultServer  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
AMSOP_BIN = os.environ.get("AMSOP_BIN", os.path.join(ROOT, "build", "boards", "posix", "amsop"))
SUB = "0a6ec948-5a62-437d-b9df-934dc7c1b722"
TOKEN = "fault-token.abcdefghijklmnopqrstuvwxyz"
STATE = tempfile.mkdtemp(prefix="amsop-fault-")
ERR_RE = re.compile(r"^amsop: (AMSOP_[A-Z0-9_]+): ", re.M)


def run_cli(server, c, token_file):
    args = [AMSOP_BIN, c["cmd"], "--subscription", SUB, "--resource-group", "rg",
            "--account", "account1", "--operation", OP, "--endpoint", server.endpoint,
            "--ca-file", server.ca, "--token-file", token_file, "--output", "json", *c["args"]]
    wrapper = shlex.split(os.environ.get("AMSOP_WRAPPER", ""))
    start = time.monotonic()
    proc = subprocess.run(wrapper + args, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL, errors="replace")
    return proc, time.monotonic() - start


def dotted(doc, name):
    for part in name.split("."):
        doc = doc[part]
    return doc


class FaultMatrix(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.token_file = os.path.join(STATE, "token")
        with open(cls.token_file, "w", encoding="utf-8") as f:
            f.write(TOKEN + "\n")

    def check_case(self, c):
        server = FaultServer(STATE, c["scripts"])
        self.addCleanup(server.stop)
        proc, took = run_cli(server, c, self.token_file)
        info = f"\n--- stderr ---\n{proc.stderr}\n--- stdout ---\n{proc.stdout}"
        # Under a wrapper (valgrind) time runs slower: deadlines scale.
        slack = float(os.environ.get("AMSOP_FAULT_TIME_SCALE", "1"))
        self.assertLess(took, c["deadline"] * slack, "returned too late" + info)
        names = ERR_RE.findall(proc.stderr)
        if c["err"] == "AMSOP_OK":
            self.assertEqual(names, [], info)
        else:
            self.assertEqual(names, [c["err"]], info)
        self.assertEqual(proc.returncode, c["exit"], info)
        self.assertNotIn(TOKEN, proc.stdout + proc.stderr)
        lines = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
        if c["no_output"]:
            # A failed read may report what arrived whole (the status code,
            # x-ms-request-id) but no field of the body it could not read.
            for doc in lines:
                self.assertEqual((doc["name"], doc["status"], doc["error"]["code"],
                                  doc["error"]["message"], doc["error"]["target"],
                                  doc["error"]["detailsCount"], doc["truncated"]),
                                 (None, None, None, None, None, 0, []), info)
        if c["fields"] is not None:
            self.assertTrue(lines, "no JSON result" + info)
            last = lines[-1]
            for name, want in c["fields"].items():
                self.assertEqual(dotted(last, name), want, name + info)
            if "truncated" not in c["fields"]:
                self.assertEqual(last["truncated"], [], info)
        for doc in lines:  # every printed field whole: the name is ours or absent
            self.assertIn(doc["name"], (None, OP, *[v for k, v in (c["fields"] or {}).items()
                                                      if k == "name"]), info)
        if c["requests"] is not None:
            self.assertEqual(server.requests(), c["requests"], info)
        if c["connections"] is not None:
            self.assertEqual(len(server.received), c["connections"], info)
        if c["reconnects"] is not None:
            self.assertIn(f"reconnects={c['reconnects']} ", proc.stderr, info)


def _make(c):
    def test(self):
        self.check_case(c)
    return test


ONLY = [n for n in os.environ.get("AMSOP_FAULT_ONLY", "").split(",") if n]
for _c in cases():
    if not ONLY or _c["name"] in ONLY:
        setattr(FaultMatrix, "test_" + _c["name"], _make(_c))

if __name__ == "__main__":
    unittest.main()
