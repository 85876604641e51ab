# SPDX-License-Identifier: MIT
"""Start and stop the simulator from a test (standard library only).

One place for what every suite that talks to the simulator needs: launch it
with the real interpreter (so signals reach it, not a pyenv shim), wait for
its ready.json, read its request log, and stop it for sure.
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

SIM = os.path.join(os.path.dirname(os.path.abspath(__file__)), "amsop_sim.py")


def stop_process(proc, timeout=5):
    """SIGTERM, then SIGKILL after timeout seconds; closes its pipes."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream:
            stream.close()


class SimProcess:
    """The simulator as a child process, bounded by --lifetime.

    prefix: words before the interpreter (e.g. `ip netns exec NAME`, which
    execs it, so the PID is still the simulator's)."""

    def __init__(self, *args, token, bind="127.0.0.1", prefix=(), sim=SIM,
                 dir_prefix="amsop-sim-"):
        self.dir = tempfile.mkdtemp(prefix=dir_prefix)
        self.token = token
        cmd = [*prefix, sys.executable, sim, "--state-dir", self.dir, "--port", "0",
               "--bind", bind, "--token", token, "--lifetime", "120", "--quiet", *args]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True)
        ready = os.path.join(self.dir, "ready.json")
        deadline = time.monotonic() + 30
        while not os.path.exists(ready):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("simulator did not start")
            time.sleep(0.05)
        with open(ready, encoding="utf-8") as f:
            info = json.load(f)
        self.port = info["port"]
        self.ca = info["ca"]
        self.token_file = os.path.join(self.dir, "token")
        with open(self.token_file, "w", encoding="utf-8") as f:
            f.write(token + "\n")

    def requests(self):
        """The simulator's request log (the token is redacted there)."""
        path = os.path.join(self.dir, "requests.jsonl")
        if not os.path.exists(path):
            return []
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]

    def stop(self):
        stop_process(self.proc)
