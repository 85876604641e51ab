# SPDX-License-Identifier: MIT
"""Property test of the connection-reuse path (bytes on an idle kept connection): a seeded
random script of server behaviours after each reply (keep the connection,
close with or without close_notify, reset, push an unrequested reply or
stray bytes while idle, glue extra bytes to the reply, drop the request),
driven through one client by reuse_driver.c over real TLS on loopback.

Property: a read that returned AMSOP_OK carries the name of the operation
it asked for (the server answers each request with the id from its path;
unrequested replies name "unasked-N"). Liveness: most reads succeed, and
every behaviour was played.

Environment: AMSOP_REUSE_DRIVER (the driver), AMSOP_REUSE_SEED (default
12012), AMSOP_REUSE_COUNT (default 240 reads).
"""
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from fault_cases import reply  # noqa: E402
from fault_server import FaultServer, answer  # noqa: E402
from hostile_util import STATE, TIME_SCALE  # noqa: E402

DRIVER = os.environ.get("AMSOP_REUSE_DRIVER",
                        os.path.join(os.path.dirname(os.path.dirname(HERE)), "build", "tests",
                                     "fault", "amsop_reuse_driver"))
SEED = int(os.environ.get("AMSOP_REUSE_SEED", "12012"))
COUNT = int(os.environ.get("AMSOP_REUSE_COUNT", "240"))
GAP_MS = 10  # after the server is idle, before the next request
BEHAVIOURS = ("keep", "keep", "keep", "close_notify", "fin", "reset", "conn_close_header",
              "idle_reply_close", "idle_reply_keep", "idle_error_close", "idle_garbage_keep",
              "idle_fin", "glued_reply", "drop_request")
PATH_OP = re.compile(rb"^GET /subscriptions/[^ ]*/liveEventOperations/([A-Za-z0-9-]+)\?")


class Behaviour:
    """Chooses, per request, what the server does: deterministic from SEED
    (requests are sequential, so the choice order is the request order)."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.played = {}
        self.unasked = 0
        self.log = []  # (operation asked for, behaviour played), in order
        self.started = 0
        self.finished = 0

    def done(self):
        with self.lock:
            self.finished += 1

    def idle(self, timeout):
        """Waits (bounded) until the server has played everything it started."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self.lock:
                if self.finished >= self.started:
                    return True
            time.sleep(0.002)
        return False

    def body(self, name, status="InProgress"):
        return json.dumps({"name": name, "status": status})

    def __call__(self, req):
        m = PATH_OP.match(req)
        op = m.group(1).decode() if m else "unparsed"
        with self.lock:
            kind = self.rng.choice(BEHAVIOURS)
            self.started += 1
            self.played[kind] = self.played.get(kind, 0) + 1
            self.log.append((op, kind))
            self.unasked += 1
            stray = f"unasked-{self.unasked}"
            idle_delay = self.rng.uniform(0.0, 0.004)
        ok = reply(body=self.body(op))
        unasked = reply(body=self.body(stray, "Succeeded"))
        if kind == "keep":
            return [ok]
        if kind == "close_notify":
            return [ok, ("close",)]
        if kind == "fin":
            return [ok, ("fin",)]
        if kind == "reset":
            return [ok, ("sleep", 0.001), ("reset",)]
        if kind == "conn_close_header":
            return [reply(body=self.body(op), headers=[("Connection", "close")]), ("close",)]
        if kind == "idle_reply_close":
            return [ok, ("sleep", idle_delay), unasked, ("close",)]
        if kind == "idle_reply_keep":
            return [ok, ("sleep", idle_delay), unasked]
        if kind == "idle_error_close":
            return [ok, ("sleep", idle_delay),
                    reply(500, "Internal Server Error",
                          body=json.dumps({"name": stray, "error": {"code": "X"}})), ("close",)]
        if kind == "idle_garbage_keep":
            return [ok, ("sleep", idle_delay), b"HTTP/1.1 200 OK\r\nContent-Le"]
        if kind == "idle_fin":
            return [ok, ("sleep", idle_delay), unasked, ("fin",)]
        if kind == "glued_reply":
            return [ok + unasked]
        return [("close",)]  # drop_request: no reply at all


class ReuseProperty(unittest.TestCase):
    def test_no_reply_attributed_to_a_request_it_did_not_answer(self):
        beh = Behaviour(SEED)
        srv = FaultServer(STATE, [[answer(beh, beh.done)] * (COUNT + 5)], lifetime=600,
                          nodelay=True)
        self.addCleanup(srv.stop)
        start = time.monotonic()
        limit = start + 180 * TIME_SCALE
        drv = subprocess.Popen([DRIVER, srv.endpoint, srv.ca, str(COUNT), "-"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
        self.addCleanup(lambda: drv.poll() is None and drv.kill())
        out = []
        for _ in range(COUNT):
            line = drv.stdout.readline()  # the driver's own I/O timeouts bound this
            if not line or time.monotonic() > limit:
                break
            out.append(line)
            # The next request only once the server has played what it does
            # between requests (idle bytes, close): the client then had the
            # chance to see them, and the property is well defined.
            beh.idle(5.0)
            time.sleep(GAP_MS / 1000.0)
            try:
                drv.stdin.write("\n")
                drv.stdin.flush()
            except BrokenPipeError:
                break  # the driver ended early: reported below
        rest, err = drv.communicate(timeout=30 * TIME_SCALE)
        took = time.monotonic() - start
        proc = subprocess.CompletedProcess(drv.args, drv.returncode, "".join(out) + rest, err)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = [ln.split() for ln in proc.stdout.splitlines() if ln and ln[0].isdigit()]
        self.assertEqual(len(lines), COUNT, proc.stdout[-2000:])
        wrong = [ln for ln in lines if ln[1] == "AMSOP_OK" and ln[2] != f"op-{ln[0]}"]
        ok = sum(1 for ln in lines if ln[1] == "AMSOP_OK")
        stats = proc.stdout.strip().splitlines()[-1]
        summary = (f"seed={SEED} reads={COUNT} ok={ok} wrong={len(wrong)} took={took:.1f}s "
                   f"{stats} played={sorted(beh.played.items())}")
        print("\nreuse property: " + summary, file=sys.stderr)
        for ln in wrong[:8]:
            asked = [kind for op, kind in beh.log if op == f"op-{ln[0]}"]
            print(f"  read {ln[0]} got {ln[2]}; server played {asked} for it; before it: "
                  f"{[k for op, k in beh.log if op == f'op-{int(ln[0]) - 1}']}", file=sys.stderr)
        self.assertEqual(wrong, [], "replies attributed to requests they did not answer: "
                         + summary)
        self.assertGreaterEqual(ok, COUNT // 2, "too few reads succeeded: " + summary)
        self.assertEqual(set(beh.played), set(BEHAVIOURS), summary)


if __name__ == "__main__":
    unittest.main()
