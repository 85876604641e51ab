# SPDX-License-Identifier: MIT
"""End-to-end: the amsop CLI over lwIP (AMSOP_LWIP_BIN: amsop-lwip-sockets
or amsop-lwip-raw) on a TAP device in a network namespace of its own,
against the HTTPS simulator listening on the kernel side of that link, with
certificate and host-name verification on (the simulator's certificate is
for `localhost`, which the board resolves through its static host table).

Skips only when the machine has no network namespaces or /dev/net/tun.
"""
import json
import os
import re
import subprocess
import sys
import time
import unittest

import lwip_netns

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sim"))
from sim_process import SimProcess  # noqa: E402

AMSOP_LWIP_BIN = os.environ.get("AMSOP_LWIP_BIN", "")
AMSOP_SIM = os.environ.get("AMSOP_SIM", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                     "..", "sim", "amsop_sim.py"))
SUB = "0a6ec948-5a62-437d-b9df-934dc7c1b722"
TOKEN = "lwip-e2e-token.abcdefghijklmnopqrstuvwxyz0123456789"
WHY_NOT = lwip_netns.unavailable()


class Sim(SimProcess):
    """The simulator inside the namespace, bound to the link's host side."""

    def __init__(self, ns, *args):
        super().__init__(*args, token=TOKEN, bind=lwip_netns.HOST_IP, prefix=ns.exec_prefix(),
                         sim=AMSOP_SIM, dir_prefix="amsop-lwip-")


def stats(stderr, prefix):
    """key=value pairs of the 'amsop: stats:' or 'amsop: lwip:' line."""
    for line in stderr.splitlines():
        if line.startswith(prefix):
            return {k: (int(v) if v.isdigit() else v)
                    for k, v in re.findall(r"(\w+)=(\S+)", line)}
    raise AssertionError(f"no '{prefix}' line in: {stderr}")


@unittest.skipIf(WHY_NOT is not None, f"cannot create a TAP link: {WHY_NOT}")
class LwipTapE2E(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        if not os.access(AMSOP_LWIP_BIN, os.X_OK):
            raise RuntimeError("AMSOP_LWIP_BIN is not an executable: " + AMSOP_LWIP_BIN)
        cls.ns = lwip_netns.TapNamespace()
        cls.addClassCleanup(cls.ns.delete)

    def start_sim(self, *args):
        sim = Sim(self.ns, *args)
        self.addCleanup(sim.stop)
        return sim

    def run_board(self, sim, command, op, *extra, timeout=60):
        args = self.ns.exec_prefix() + [
            AMSOP_LWIP_BIN, "--tap", lwip_netns.TAP, "--ip", lwip_netns.LWIP_IP,
            "--resolve", f"localhost={lwip_netns.HOST_IP}", command,
            "--subscription", SUB, "--resource-group", "rg", "--account", "acct",
            "--operation", op, "--endpoint", f"https://localhost:{sim.port}",
            "--ca-file", sim.ca, "--token-file", sim.token_file, "--verbose", *extra]
        env = {k: v for k, v in os.environ.items() if k != "AMSOP_ACCESS_TOKEN"}
        start = time.monotonic()
        proc = subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=env,
                              stdin=subprocess.DEVNULL)
        return proc, time.monotonic() - start

    def report(self, name, proc, seconds, sim):
        s, lw = stats(proc.stderr, "amsop: stats:"), stats(proc.stderr, "amsop: lwip:")
        conns = sorted({r["conn"] for r in sim.requests()})
        print(f"\n[{lw['flavour']}] {name}: {seconds:.1f}s, sim saw {len(sim.requests())} "
              f"requests on connections {conns}; client {s}; lwip {lw}", file=sys.stderr)
        return s, lw

    def test_wait_inprogress_to_succeeded_on_one_connection(self):
        sim = self.start_sim("--operation", "op-keep=Succeeded:3", "--retry-after", "1")
        proc, secs = self.run_board(sim, "wait", "op-keep", "--output", "json", "--timeout", "40")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        reads = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
        self.assertEqual([r["status"] for r in reads], ["InProgress", "Succeeded"])
        s, lw = self.report("wait InProgress->Succeeded (keep-alive)", proc, secs, sim)
        polls = [r for r in sim.requests() if r["method"] == "GET"]
        self.assertEqual(len(polls), 4)          # 3 InProgress answers, then Succeeded
        self.assertEqual(s["requests"], 4)
        self.assertEqual(s["connects"], 1)       # one keep-alive connection served every poll
        self.assertEqual(s["reconnects"], 0)
        self.assertEqual({r["conn"] for r in polls}, {polls[0]["conn"]})
        self.assertEqual(lw["tcp_connects"], 1)
        self.assertEqual(lw["host_table_hits"], 1)
        self.assertGreaterEqual(secs, 2.5)       # Retry-After: 1 honoured between polls
        self.assertNotIn(TOKEN, proc.stdout + proc.stderr)

    def test_server_closes_after_each_reply_client_reconnects(self):
        sim = self.start_sim("--operation", "op-close=Succeeded:2", "--retry-after", "1",
                             "--close-after", "1")
        proc, secs = self.run_board(sim, "wait", "op-close", "--timeout", "40")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("InProgress", proc.stdout)
        self.assertIn("Succeeded", proc.stdout)
        s, lw = self.report("server closes after each reply", proc, secs, sim)
        polls = [r for r in sim.requests() if r["method"] == "GET"]
        self.assertEqual(len(polls), 3)
        self.assertEqual(len({r["conn"] for r in polls}), 3)  # a new connection per poll
        self.assertEqual(s["connects"], 3)
        # The simulator says "Connection: close", so the client closes first
        # and opens a new lwIP TCP connection for each poll, resuming TLS.
        self.assertEqual(lw["tcp_connects"], 3)
        self.assertEqual(s["tls_handshakes"], 3)
        self.assertGreaterEqual(s["tls_resumed"], 1)

    def test_server_killed_while_idle_then_back(self):
        """A reset of the server between polls: the idle keep-alive
        connection dies, the next poll fails, and the wait loop's retry
        reaches the restarted server on a new connection."""
        sim = self.start_sim("--operation", "op-kill=Succeeded:1", "--retry-after", "2")
        args = self.ns.exec_prefix() + [
            AMSOP_LWIP_BIN, "--tap", lwip_netns.TAP, "--ip", lwip_netns.LWIP_IP,
            "--resolve", f"localhost={lwip_netns.HOST_IP}", "wait", "--subscription", SUB,
            "--resource-group", "rg", "--account", "acct", "--operation", "op-kill",
            "--endpoint", f"https://localhost:{sim.port}", "--ca-file", sim.ca,
            "--token-file", sim.token_file, "--verbose", "--timeout", "40"]
        board = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 stdin=subprocess.DEVNULL)
        self.addCleanup(lambda: board.poll() is None and board.kill())
        deadline = time.monotonic() + 20
        while not sim.requests() and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertTrue(sim.requests(), "the board never reached the simulator")
        port, ca_dir = sim.port, sim.dir
        sim.stop()  # kills the server and the board's idle connection (RST on the next send)
        restarted = Sim.__new__(Sim)
        restarted.dir = ca_dir  # same certificates, same port
        restarted.proc = subprocess.Popen(
            self.ns.exec_prefix() + [sys.executable, AMSOP_SIM, "--state-dir", ca_dir, "--port",
                                     str(port), "--bind", lwip_netns.HOST_IP, "--token", TOKEN,
                                     "--lifetime", "120", "--quiet", "--operation",
                                     "op-kill=Succeeded:0"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.addCleanup(restarted.stop)
        out, err = board.communicate(timeout=60)
        self.assertEqual(board.returncode, 0, err)
        self.assertIn("Succeeded", out)
        s, lw = stats(err, "amsop: stats:"), stats(err, "amsop: lwip:")
        print(f"\n[{lw['flavour']}] server killed and restarted: client {s}; lwip {lw}",
              file=sys.stderr)
        self.assertGreaterEqual(s["connects"], 2)
        self.assertGreaterEqual(lw["tcp_connects"], 2)


if __name__ == "__main__":
    unittest.main()
