#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Soak: one `amsop wait` makes POLLS status reads against the simulator
(Retry-After: 0, so it polls back to back over one keep-alive connection)
while the simulator is killed and restarted on the same port every
RESTART_EVERY polls. Bounded: POLLS polls or MAX_SECONDS, whichever first.

Reports polls done (the simulator's request logs), reconnects (the CLI's
--verbose statistics), errors by code (HTTP statuses the simulator sent,
AMSOP_ERR_* lines the CLI printed), and the CLI's RSS and peak RSS (VmHWM)
after the first window, after the first whole restart cycle (the baseline:
by then every code path, reconnect and session resumption included, has
touched its pages) and at the end. Fails if the peak RSS grew past the
baseline.

    python3 tests/soak/soak.py AMSOP_BIN [POLLS] [RESTART_EVERY] [MAX_SECONDS]
"""
import collections
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SIM = os.path.join(ROOT, "tests", "sim", "amsop_sim.py")
SUB, RG, ACC = "0a6ec948-5a62-437d-b9df-934dc7c1b722", "mediaresources", "slitestmedia10"
OP = "5aa7c0de-0000-4000-8000-000000000001"
TOKEN = "soak-token.abcdefghijklmnopqrstuvwxyz"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def mem_kib(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                out[line.split(":")[0]] = int(line.split()[1])
    return out


class Sim:
    def __init__(self, state, port):
        self.state, self.port = state, port
        self.proc = None
        self.logs = 0

    def start(self):
        ready = os.path.join(self.state, "ready.json")
        if os.path.exists(ready):
            os.remove(ready)
        self.proc = subprocess.Popen(
            [sys.executable, SIM, "--state-dir", self.state, "--port", str(self.port),
             "--token", TOKEN, "--retry-after", "0", "--operation", f"{OP}=Succeeded:100000000",
             "--lifetime", "900", "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while not os.path.exists(ready):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise RuntimeError("simulator did not start")
            time.sleep(0.02)

    def polls(self):
        path = os.path.join(self.state, "requests.jsonl")
        if not os.path.exists(path):
            return 0
        with open(path, "rb") as f:
            return f.read().count(b"\n")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        # Keep this run's log: the next start appends to a fresh one.
        path = os.path.join(self.state, "requests.jsonl")
        if os.path.exists(path):
            os.replace(path, os.path.join(self.state, f"requests.{self.logs}.jsonl"))
            self.logs += 1


def main():
    binary = sys.argv[1]
    polls = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    every = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    max_s = float(sys.argv[4]) if len(sys.argv) > 4 else 900
    state = tempfile.mkdtemp(prefix="amsop-soak-")
    sim = Sim(state, free_port())
    sim.start()
    token_file = os.path.join(state, "token")
    with open(token_file, "w") as f:
        f.write(TOKEN)
    err_path = os.path.join(state, "cli.stderr")
    with open(err_path, "w") as err:
        cli = subprocess.Popen(
            [binary, "wait", "--subscription", SUB, "--resource-group", RG, "--account", ACC,
             "--operation", OP, "--endpoint", f"https://localhost:{sim.port}", "--ca-file",
             os.path.join(state, "ca.pem"), "--token-file", token_file, "--output", "json",
             "--timeout", str(int(max_s) + 60), "--verbose"],
            stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL)
    start = time.monotonic()
    done = restarts = 0
    first = base = last = None
    while time.monotonic() - start < max_s and cli.poll() is None:
        time.sleep(0.05)
        current = done + sim.polls()
        if current >= polls:
            break
        if sim.polls() >= every:
            if first is None:
                first = mem_kib(cli.pid)
            elif base is None:
                base = mem_kib(cli.pid)  # after one whole reconnect cycle
            done += sim.polls()
            sim.stop()
            sim.start()
            restarts += 1
    if cli.poll() is None:
        last = mem_kib(cli.pid)
        cli.send_signal(signal.SIGTERM)  # ends the wait: AMSOP_ERR_CANCELLED
        cli.wait(timeout=30)
    elapsed = time.monotonic() - start
    sim.stop()
    statuses = collections.Counter()
    total = 0
    for i in range(sim.logs):
        with open(os.path.join(state, f"requests.{i}.jsonl")) as f:
            for line in f:
                if line.strip():
                    total += 1
                    statuses[json.loads(line)["status"]] += 1
    with open(err_path) as f:
        text = f.read()
    errors = collections.Counter(re.findall(r"(AMSOP_ERR_[A-Z_]+)", text))
    stats = re.findall(r"stats: (.*)", text)
    print(f"soak: {total} polls in {elapsed:.1f}s, simulator restarted {restarts} times")
    print(f"soak: CLI {stats[-1] if stats else '(no stats line)'}")
    print(f"soak: HTTP statuses sent: {dict(statuses)}")
    print(f"soak: CLI error lines by code: {dict(errors)} (the final AMSOP_ERR_CANCELLED is "
          "the soak stopping it)")
    print(f"soak: RSS after the first {every} polls: {first} KiB; after the first restart "
          f"cycle ({2 * every} polls): {base} KiB; at the end: {last} KiB")
    ok = total >= polls and base and last and last["VmHWM"] <= base["VmHWM"]
    ok = ok and set(errors) <= {"AMSOP_ERR_CANCELLED"}
    print("soak:", "PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
