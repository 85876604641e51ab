# SPDX-License-Identifier: MIT
"""Shared helpers for the end-to-end tests: run the real `amsop` CLI against
the real HTTPS simulator on loopback. Standard library only.

Environment (set by ctest): AMSOP_BIN, AMSOP_SIM, AMSOP_MALLOC_COUNT.
"""
import os
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sim"))
from sim_process import SimProcess  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
AMSOP_BIN = os.environ.get("AMSOP_BIN", os.path.join(ROOT, "build", "boards", "posix", "amsop"))
AMSOP_SIM = os.environ.get("AMSOP_SIM", os.path.join(ROOT, "tests", "sim", "amsop_sim.py"))

SUB = "0a6ec948-5a62-437d-b9df-934dc7c1b722"
RG = "mediaresources"
ACCOUNT = "slitestmedia10"
OP = "62e4d893-d233-4005-988e-a428d9f77076"
TOKEN = "e2e-token.abcdefghijklmnopqrstuvwxyz0123456789_-"


class Sim(SimProcess):
    """The simulator on loopback; endpoint is the URL the CLI is given."""

    def __init__(self, *args, token=TOKEN, bind="127.0.0.1"):
        super().__init__(*args, token=token, bind=bind, sim=AMSOP_SIM, dir_prefix="amsop-e2e-")
        self.endpoint = f"https://localhost:{self.port}"


def ids_target(op=OP):
    return ["--subscription", SUB, "--resource-group", RG, "--account", ACCOUNT, "--operation", op]


def run_cli(sim, command, target, *extra, env=None, timeout=60, token_file=True, preload=None):
    """Runs `amsop COMMAND TARGET --endpoint ... --ca-file ...` and returns
    (CompletedProcess, seconds it took)."""
    args = [AMSOP_BIN, command, *target]
    if sim is not None:
        args += ["--endpoint", sim.endpoint, "--ca-file", sim.ca]
        if token_file:
            args += ["--token-file", sim.token_file]
    args += list(extra)
    full_env = {k: v for k, v in os.environ.items() if k != "AMSOP_ACCESS_TOKEN"}
    if env:
        full_env.update(env)
    if preload:
        full_env["LD_PRELOAD"] = preload
    # AMSOP_WRAPPER (e.g. "valgrind --error-exitcode=99 ...") runs the CLI
    # under a tool; `make valgrind` sets it. Heap-counting runs stay bare.
    wrapper = os.environ.get("AMSOP_WRAPPER", "")
    if wrapper and not preload:
        args = wrapper.split() + args
        timeout *= 10
    start = time.monotonic()
    proc = subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=full_env,
                          stdin=subprocess.DEVNULL)
    return proc, time.monotonic() - start


class SimTestCase(unittest.TestCase):
    """Starts a fresh simulator per test with the class's SIM_ARGS."""

    SIM_ARGS = ()

    def start_sim(self, *args, **kw):
        sim = Sim(*args, **kw)
        self.addCleanup(sim.stop)
        return sim

    def assertNoTokenLeak(self, sim, *texts):
        for text in texts:
            self.assertNotIn(sim.token, text)
