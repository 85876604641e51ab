# SPDX-License-Identifier: MIT
"""Helpers for the hostile-server suites: run the real CLI
against fault_server.py listeners over real TLS on loopback, and mark the
cases whose fix needs a core/ change as expected failures.

NEEDS_CORE_FIX (next to this file) lists one test method name per line,
followed by the reason; `#` starts a comment. Each listed test is wrapped
in unittest.expectedFailure, so the suite stays green while it fails and
reports an "unexpected success" the day the core is fixed (then remove the
line). A listed name that no test has is an error.
"""
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from fault_cases import OP, reply  # noqa: E402,F401
from fault_server import FaultServer  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
AMSOP_BIN = os.environ.get("AMSOP_BIN", os.path.join(ROOT, "build", "boards", "posix", "amsop"))
SUB = "0a6ec948-5a62-437d-b9df-934dc7c1b722"
TOKEN = "hostile-token.abcdefghijklmnopqrstuvwxyz"
AAD_TOKEN = "aad-token.ZYXWVUTSRQPONMLKJIHGFEDCBA0123456789"
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
CLIENT_ID = "6f1e2d3c-4b5a-4978-8877-665544332211"
SECRET = "hostile~Secret.value"
STATE = tempfile.mkdtemp(prefix="amsop-hostile-")
OPS_PATH = (f"/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Media/"
            f"mediaservices/account1/liveEventOperations/")
ARM_IDS = ["--subscription", SUB, "--resource-group", "rg", "--account", "account1"]
TIME_SCALE = float(os.environ.get("AMSOP_FAULT_TIME_SCALE", "1"))

OK_BODY = json.dumps({"name": OP, "status": "Succeeded", "error": None})
RUNNING_BODY = json.dumps({"name": OP, "status": "InProgress"})


def token_reply(token=AAD_TOKEN, expires_in=3600):
    return reply(body=json.dumps({"token_type": "Bearer", "expires_in": expires_in,
                                  "ext_expires_in": expires_in, "access_token": token}))


def accepted(url, header="Azure-AsyncOperation", extra=()):
    return reply(202, "Accepted", headers=[(header, url), *extra], body="")


def token_file(content=TOKEN + "\n", name="token"):
    path = os.path.join(STATE, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(content)
    return path


def server(test, scripts, lifetime=90):
    s = FaultServer(STATE, scripts, lifetime=lifetime)
    test.addCleanup(s.stop)
    return s


def run(args, env=None, timeout=120, stdout=subprocess.PIPE, creds=None):
    """Runs the CLI: (CompletedProcess, seconds). creds: an authority server
    whose endpoint is used with client credentials from the environment."""
    full_env = {k: v for k, v in os.environ.items()
                if k != "AMSOP_ACCESS_TOKEN" and not k.startswith("AZURE_")}
    if creds is not None:
        full_env.update({"AZURE_TENANT_ID": TENANT, "AZURE_CLIENT_ID": CLIENT_ID,
                         "AZURE_CLIENT_SECRET": SECRET, "AZURE_SUBSCRIPTION_ID": SUB,
                         "AZURE_AUTHORITY_HOST": creds.endpoint})
    if env:
        full_env.update(env)
    wrapper = shlex.split(os.environ.get("AMSOP_WRAPPER", ""))
    start = time.monotonic()
    proc = subprocess.run(wrapper + [AMSOP_BIN, *args], stdout=stdout, stderr=subprocess.PIPE,
                          timeout=timeout * TIME_SCALE, env=full_env, stdin=subprocess.DEVNULL)
    took = time.monotonic() - start
    for name in ("stdout", "stderr"):
        v = getattr(proc, name)
        if isinstance(v, bytes):
            setattr(proc, name, v.decode("utf-8", "replace"))
    if proc.stdout is None:
        proc.stdout = ""
    return proc, took


def arm(srv, cmd="get", op=OP, tok=None, extra=()):
    """The argument list of an ARM call against srv with a token file."""
    args = [cmd, *ARM_IDS, "--operation", op, "--endpoint", srv.endpoint, "--ca-file", srv.ca]
    if tok is not None:
        args += ["--token-file", tok]
    return args + list(extra)


def json_lines(text):
    return [json.loads(line) for line in text.splitlines() if line.strip().startswith("{")]


def info(proc):
    return f"\n--- exit {proc.returncode}\n--- stderr ---\n{proc.stderr}\n--- stdout ---\n{proc.stdout}"


def mark_needs_core_fix(module_globals, path=os.path.join(HERE, "NEEDS_CORE_FIX")):
    """Wraps every test named in NEEDS_CORE_FIX (and defined in this
    module) in unittest.expectedFailure."""
    classes = [v for v in module_globals.values()
               if isinstance(v, type) and issubclass(v, unittest.TestCase)]
    known = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                known.add(line.split()[0])
    mine = set()
    for cls in classes:
        for name in list(vars(cls)):
            if name in known:
                setattr(cls, name, unittest.expectedFailure(getattr(cls, name)))
                mine.add(name)
    return known, mine


def check_all_marks_exist(module_names):
    """Every NEEDS_CORE_FIX name belongs to some test (called by one suite)."""
    known, _ = mark_needs_core_fix({})
    return sorted(known - set(module_names))
