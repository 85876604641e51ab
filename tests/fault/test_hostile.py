# SPDX-License-Identifier: MIT
"""Hostile and broken servers: the real amsop CLI over real TLS
on loopback against fault_server.py listeners, one class per failure class
(dot-segments, idle bytes, deadlines, ...). Cases whose fix needs a core/ change are listed in
NEEDS_CORE_FIX and run as expected failures (see hostile_util.py).

Environment: AMSOP_BIN (the CLI), optional AMSOP_WRAPPER, AMSOP_FAULT_TIME_SCALE.
"""
import json
import os
import re
import socket
import subprocess
import sys
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fault_cases import arm_error, reply  # noqa: E402
from fault_server import CLOSE, FIN, READ, READ_BODY, RESET, drip, hang, send, sleep  # noqa: E402
from hostile_util import (AAD_TOKEN, ARM_IDS, CLIENT_ID, OK_BODY, OP, OPS_PATH,  # noqa: E402
                          RUNNING_BODY, SECRET, TENANT, TIME_SCALE, TOKEN, accepted, arm, info,
                          json_lines, mark_needs_core_fix, run, server, token_file, token_reply)

API = "?api-version=2022-11-01"
EXIT_OUTPUT = 6  # documented: the output could not be written


def action(srv, cmd="start", tok=None, extra=()):
    args = [cmd, *ARM_IDS, "--live-event", "ev1", "--endpoint", srv.endpoint, "--ca-file", srv.ca]
    if tok is not None:
        args += ["--token-file", tok]
    return args + list(extra)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Base(unittest.TestCase):
    def setUp(self):
        self.tok = token_file()

    def assertNothingSent(self, srv, proc):
        self.assertEqual(srv.received, [], "a connection was made" + info(proc))

    def assertNoSecrets(self, proc):
        for s in (TOKEN, AAD_TOKEN, SECRET):
            self.assertNotIn(s, proc.stdout + proc.stderr)


# --- 1. dot-segments ----------------------------------------------------------
DOTS = {"dot": ".", "dotdot": "..", "pct_dot": "%2e", "pct_dotdot_upper": "%2E%2E",
        "pct_dotdot_mixed": "%2e%2E", "half_pct": ".%2E"}


class DotSegments(Base):
    """A `.` or `..` path segment (literal or percent-encoded, any case) is
    refused before anything is sent: exit 2 for input, 4 for a server's."""

    def user_input(self, args, srv):
        proc, _ = run(args)
        self.assertEqual(proc.returncode, 2, info(proc))
        self.assertNothingSent(srv, proc)

    def _ids(self, option, value):
        srv = server(self, [[READ, send(reply())]])
        args = arm(srv, tok=self.tok)
        args[args.index(option) + 1] = value
        self.user_input(args, srv)

    def _url(self, segment, where="last"):
        srv = server(self, [[READ, send(reply())]])
        path = OPS_PATH + (segment if where == "last" else OP)
        if where == "middle":
            path = path.replace("/resourceGroups/rg/", f"/resourceGroups/{segment}/")
        url = srv.endpoint + path + API
        self.user_input(["get", "--url", url, "--endpoint", srv.endpoint, "--ca-file", srv.ca,
                         "--token-file", self.tok], srv)

    def _from_server(self, segment, header):
        srv = server(self, [[READ, send(accepted("https://localhost:PORT" + OPS_PATH + segment
                                                 + API, header))]])
        srv.scripts[0][1] = send(accepted(srv.endpoint + OPS_PATH + segment + API, header))
        proc, _ = run(action(srv, tok=self.tok, extra=["--wait", "--timeout", "10"]))
        self.assertEqual(proc.returncode, 4, info(proc))
        self.assertEqual(srv.requests(), 1, "the operation URL was followed" + info(proc))

    def _tenant(self, value):
        aad = server(self, [[READ_BODY, send(token_reply())]])
        srv = server(self, [[READ, send(reply())]])
        proc, _ = run(arm(srv, "wait", extra=["--timeout", "10"]), creds=aad,
                      env={"AZURE_TENANT_ID": value})
        self.assertEqual(proc.returncode, 2, info(proc))
        self.assertNothingSent(aad, proc)
        self.assertNothingSent(srv, proc)
        self.assertNoSecrets(proc)


for _n, _v in DOTS.items():
    setattr(DotSegments, f"test_operation_id_{_n}", lambda self, v=_v: self._ids("--operation", v))
    setattr(DotSegments, f"test_url_last_segment_{_n}", lambda self, v=_v: self._url(v))
    setattr(DotSegments, f"test_url_middle_segment_{_n}", lambda self, v=_v: self._url(v, "middle"))
    setattr(DotSegments, f"test_async_operation_{_n}",
            lambda self, v=_v: self._from_server(v, "Azure-AsyncOperation"))
    setattr(DotSegments, f"test_location_{_n}", lambda self, v=_v: self._from_server(v, "Location"))
    setattr(DotSegments, f"test_tenant_{_n}", lambda self, v=_v: self._tenant(v))
for _opt in ("--subscription", "--resource-group", "--account"):
    for _n in ("dot", "dotdot"):
        setattr(DotSegments, f"test_{_opt[2:].replace('-', '_')}_{_n}",
                lambda self, o=_opt, v=DOTS[_n]: self._ids(o, v))


# --- 2. bytes on an idle kept connection --------------------------------------
STALE = json.dumps({"name": "stale-unasked", "status": "Failed",
                    "error": {"code": "Stale", "message": "sent before it was asked"}})


class IdleBytes(Base):
    """Anything waiting on a kept connection before a request means it is
    not clean: the client discards it, reconnects, and counts it."""

    def _idle(self, idle, then_close, cmd="wait"):
        first = [READ, send(reply(body=RUNNING_BODY, headers=[("Retry-After", "1")])),
                 sleep(0.2), send(idle)]
        first += [sleep(0.1), CLOSE] if then_close else [hang(15)]
        srv = server(self, [first, [READ, send(reply())]])
        proc, _ = run(arm(srv, cmd, tok=self.tok,
                          extra=["--timeout", "20", "--output", "json", "--verbose"]))
        self.assertNotIn("stale-unasked", proc.stdout, info(proc))
        self.assertNotIn("Stale", proc.stdout + proc.stderr, info(proc))
        self.assertEqual(proc.returncode, 0, info(proc))
        self.assertEqual(json_lines(proc.stdout)[-1]["status"], "Succeeded", info(proc))
        self.assertEqual(len(srv.received), 2, info(proc))
        self.assertIn("reconnects=1 ", proc.stderr, info(proc))

    def test_unsolicited_reply_then_close(self):
        self._idle(reply(body=STALE), True)

    def test_unsolicited_reply_kept_open(self):
        self._idle(reply(body=STALE), False)

    def test_unsolicited_error_then_close(self):
        self._idle(reply(500, "Internal Server Error", body=arm_error("Stale", "x")), True)

    def test_unsolicited_429_kept_open(self):
        self._idle(reply(429, "Too Many Requests", headers=[("Retry-After", "30")],
                         body=arm_error("Stale", "x")), False)

    def test_idle_garbage_kept_open(self):
        self._idle(b"\r\n\r\ngarbage", False)

    def test_idle_half_reply_kept_open(self):
        self._idle(reply(body=STALE)[:20], False)

    def test_control_idle_close_notify_reconnects(self):
        srv = server(self, [[READ, send(reply(body=RUNNING_BODY, headers=[("Retry-After", "1")])),
                             sleep(0.2), CLOSE], [READ, send(reply())]])
        proc, _ = run(arm(srv, "wait", tok=self.tok, extra=["--timeout", "20", "--verbose"]))
        self.assertEqual(proc.returncode, 0, info(proc))
        self.assertIn("reconnects=1 ", proc.stderr, info(proc))


# --- 3. deadlines on every phase ----------------------------------------------
class Deadlines(Base):
    """--timeout bounds the whole command: token fetch, POST, polling.
    The CLI itself is killed after 8 s (an error, so a failure)."""

    def run_cli(self, args, **kw):
        return run(args, timeout=8, **kw)

    def _bounded(self, proc, took, limit):
        self.assertLess(took, limit * TIME_SCALE, "returned too late" + info(proc))
        self.assertEqual(proc.returncode, 5, info(proc))
        self.assertIn("AMSOP_ERR_DEADLINE", proc.stderr, info(proc))

    def test_post_reply_drips(self):
        srv = server(self, [[READ, drip(accepted("https://x/y"), 2.0)]])
        proc, took = self.run_cli(action(srv, tok=self.tok, extra=["--wait", "--timeout", "3"]))
        self._bounded(proc, took, 5)

    def test_post_never_answered(self):
        srv = server(self, [[READ, hang(40)]])
        proc, took = self.run_cli(action(srv, tok=self.tok, extra=["--wait", "--timeout", "3"]))
        self._bounded(proc, took, 5)

    def test_token_endpoint_silent_wait(self):
        aad = server(self, [[READ_BODY, hang(40)]])
        srv = server(self, [[READ, send(reply())]])
        proc, took = self.run_cli(arm(srv, "wait", extra=["--timeout", "3"]), creds=aad)
        self._bounded(proc, took, 5)

    def test_token_endpoint_drips_wait(self):
        aad = server(self, [[READ_BODY, drip(token_reply(), 2.0)]])
        srv = server(self, [[READ, send(reply())]])
        proc, took = self.run_cli(arm(srv, "wait", extra=["--timeout", "3"]), creds=aad)
        self._bounded(proc, took, 5)

    def test_token_endpoint_silent_start(self):
        aad = server(self, [[READ_BODY, hang(40)]])
        srv = server(self, [[READ, send(accepted("https://x/y"))]])
        proc, took = self.run_cli(action(srv, extra=["--wait", "--timeout", "3"]), creds=aad)
        self._bounded(proc, took, 5)

    def test_handshake_silent_wait(self):
        lst = socket.socket()
        lst.bind(("127.0.0.1", 0))
        lst.listen(4)
        self.addCleanup(lst.close)
        ep = f"https://localhost:{lst.getsockname()[1]}"
        proc, took = self.run_cli(["wait", *ARM_IDS, "--operation", OP, "--endpoint", ep, "--ca-file",
                          server(self, [[READ]]).ca, "--token-file", self.tok, "--timeout", "2"])
        self._bounded(proc, took, 4)

    def test_reconnect_hangs_after_first_poll(self):
        srv = server(self, [[READ, send(reply(body=RUNNING_BODY, headers=[("Retry-After", "1")])),
                             CLOSE], [READ, hang(40)]])
        proc, took = self.run_cli(arm(srv, "wait", tok=self.tok, extra=["--timeout", "3"]))
        self._bounded(proc, took, 5)


# --- 4. an accepted action whose operation URL is refused ----------------------
class RefusedOperationUrl(Base):
    """After a 202 whose operation URL is refused: say the action was
    accepted, show the escaped URL and why, exit 4 (never 2)."""

    def _refused(self, url, header="Azure-AsyncOperation", output="text", shown=None):
        srv = server(self, [[READ, send(accepted(url.replace("EP", "https://localhost:0"),
                                                 header))]])
        url = url.replace("EP", srv.endpoint)
        srv.scripts[0][1] = send(accepted(url, header))
        proc, _ = run(action(srv, tok=self.tok, extra=["--wait", "--timeout", "10",
                                                        "--output", output]))
        self.assertEqual(proc.returncode, 4, info(proc))
        self.assertEqual(srv.requests(), 1, info(proc))
        self.assertRegex(proc.stderr, r"amsop: AMSOP_ERR_[A-Z_]+: ", info(proc))
        self.assertIn("not be followed", proc.stderr, info(proc))
        if output == "json":
            doc = json_lines(proc.stdout)[0]
            self.assertEqual(doc["httpStatus"], 202, info(proc))
            self.assertEqual(doc["asyncOperation" if header != "Location" else "location"], url)
            self.assertFalse(doc["followed"], info(proc))
        else:
            self.assertIn("Accepted", proc.stdout, info(proc))
            self.assertIn(shown if shown is not None else url, proc.stdout, info(proc))
        return proc

    def test_other_host(self):
        self._refused("https://evil.example" + OPS_PATH + OP + API)

    def test_other_port(self):
        self._refused("https://localhost:1" + OPS_PATH + OP + API)

    def test_http_scheme(self):
        self._refused("EP".replace("EP", "http://localhost:1") + OPS_PATH + OP + API)

    def test_userinfo(self):
        self._refused("https://user:pw@localhost:1" + OPS_PATH + OP + API)

    def test_not_an_operations_path(self):
        self._refused("EP/subscriptions/x/other/" + OP + API)

    def test_control_character_escaped(self):
        self._refused("https://evil.example/\x01op" + API, shown="https://evil.example/\\x01op")

    def test_location_other_host(self):
        self._refused("https://evil.example" + OPS_PATH + OP + API, header="Location")

    def test_other_host_json(self):
        self._refused("https://evil.example" + OPS_PATH + OP + API, output="json")

    def test_relative_location_is_resolved(self):
        """RFC 9110: a relative Location is resolved against the request."""
        srv = server(self, [[READ, send(accepted(OPS_PATH + OP + API, "Location")),
                             READ, send(reply())]])
        proc, _ = run(action(srv, tok=self.tok, extra=["--wait", "--timeout", "10"]))
        self.assertEqual(proc.returncode, 0, info(proc))
        self.assertIn(("GET " + OPS_PATH + OP).encode(), srv.received[0], info(proc))
        self.assertFinalStateUnanswered(srv, proc)

    def test_relative_async_operation_is_resolved(self):
        srv = server(self, [[READ, send(accepted(OPS_PATH + OP + API)), READ, send(reply())]])
        proc, _ = run(action(srv, tok=self.tok, extra=["--wait", "--timeout", "10"]))
        self.assertEqual(proc.returncode, 0, info(proc))
        self.assertIn(("GET " + OPS_PATH + OP).encode(), srv.received[0], info(proc))
        self.assertFinalStateUnanswered(srv, proc)

    def assertFinalStateUnanswered(self, srv, proc):
        """After the operation, --wait reads the live event; this script
        does not answer it: reported on stderr, the exit code stays the
        operation's (0), and it was asked on the same server."""
        self.assertIn(b"GET /subscriptions/", b"".join(srv.received), info(proc))
        self.assertIn(b"/liveEvents/", b"".join(srv.received).split(OP.encode())[-1],
                      info(proc))
        self.assertIn("amsop: the live event's state could not be read", proc.stderr)
        self.assertNotIn("live event ", proc.stdout)


class ClientRequestId(Base):
    """Every failure prints the x-ms-client-request-id that was
    sent, even when no reply came, and it is the one the server received."""

    def _sent_id(self, srv, proc):
        m = re.search(rb"x-ms-client-request-id: ([0-9a-f-]{36})\r\n", srv.received[0])
        self.assertIsNotNone(m, info(proc))
        return m.group(1).decode()

    def _printed(self, proc):
        return re.findall(r"^amsop:   client request id: (\S+)$", proc.stderr, re.M)

    def test_post_never_answered(self):
        srv = server(self, [[READ, hang(40)]])
        proc, _ = run(action(srv, tok=self.tok, extra=["--wait", "--timeout", "3"]), timeout=8)
        self.assertEqual(proc.returncode, 5, info(proc))
        self.assertEqual(self._printed(proc), [self._sent_id(srv, proc)], info(proc))

    def test_poll_never_answered(self):
        srv = server(self, [[READ, hang(40)]])
        proc, _ = run(arm(srv, "wait", tok=self.tok, extra=["--timeout", "3"]), timeout=8)
        self.assertEqual(proc.returncode, 5, info(proc))
        self.assertEqual(self._printed(proc), [self._sent_id(srv, proc)], info(proc))

    def test_error_reply(self):
        srv = server(self, [[READ, send(reply(404, "Not Found",
                                              body=arm_error("NotFound", "no such")))]])
        proc, _ = run(arm(srv, "get", tok=self.tok))
        self.assertEqual(proc.returncode, 4, info(proc))
        self.assertEqual(self._printed(proc), [self._sent_id(srv, proc)], info(proc))

    def test_control_success_prints_none(self):
        srv = server(self, [[READ, send(reply())]])
        proc, _ = run(arm(srv, "get", tok=self.tok))
        self.assertEqual(proc.returncode, 0, info(proc))
        self.assertEqual(self._printed(proc), [], info(proc))
        self._sent_id(srv, proc)  # it was sent all the same


# --- 5. Azure AD throttling ---------------------------------------------------
def aad_refusal(status, reason, error, retry_after="1"):
    body = json.dumps({"error": error, "error_description": "AADSTS50196: slow down",
                       "error_codes": [50196], "trace_id": "t", "correlation_id": "c"})
    return reply(status, reason, headers=[("Retry-After", retry_after)], body=body)


class AadThrottling(Base):
    """A token endpoint's 429/5xx with Retry-After is retried like ARM's,
    within the deadline, and the message names the host that refused."""

    def _retried(self, first, cmd="wait"):
        aad = server(self, [[READ_BODY, send(first), READ_BODY, send(token_reply())],
                            [READ_BODY, send(token_reply())]])
        srv = server(self, [[READ, send(reply())]])
        proc, took = run(arm(srv, cmd, extra=["--timeout", "15"]), creds=aad)
        self.assertEqual(proc.returncode, 0, info(proc))
        self.assertEqual(aad.requests(), 2, info(proc))
        self.assertGreaterEqual(aad.times[1] - aad.times[0], 0.9, "Retry-After not honoured")
        self.assertNoSecrets(proc)

    def test_429_retry_after_then_token(self):
        self._retried(aad_refusal(429, "Too Many Requests", "temporarily_unavailable"))

    def test_503_temporarily_unavailable_then_token(self):
        self._retried(aad_refusal(503, "Service Unavailable", "temporarily_unavailable"))

    def test_500_then_token(self):
        self._retried(aad_refusal(500, "Internal Server Error", "server_error"))

    def test_429_during_start(self):
        aad = server(self, [[READ_BODY, send(aad_refusal(429, "Too Many Requests",
                                                          "temporarily_unavailable")),
                             READ_BODY, send(token_reply())], [READ_BODY, send(token_reply())]])
        srv = server(self, [[READ, send(accepted("https://localhost:0/x")), READ, send(reply())]])
        srv.scripts[0][1] = send(accepted(srv.endpoint + OPS_PATH + OP + API))
        proc, _ = run(action(srv, extra=["--wait", "--timeout", "15"]), creds=aad)
        self.assertEqual(proc.returncode, 0, info(proc))

    def test_throttled_until_deadline_names_host(self):
        aad = server(self, [[READ_BODY, send(aad_refusal(429, "Too Many Requests",
                                                          "temporarily_unavailable"))]])
        srv = server(self, [[READ, send(reply())]])
        proc, took = run(arm(srv, "wait", extra=["--timeout", "3"]), creds=aad)
        self.assertLess(took, 5 * TIME_SCALE, info(proc))
        self.assertEqual(proc.returncode, 5, info(proc))
        self.assertIn(f"localhost:{aad.port}", proc.stderr, info(proc))
        self.assertGreaterEqual(aad.requests(), 2, info(proc))

    def test_control_invalid_client_is_not_retried(self):
        body = json.dumps({"error": "invalid_client", "error_description": "AADSTS7000215: bad",
                           "error_codes": [7000215]})
        aad = server(self, [[READ_BODY, send(reply(401, "Unauthorized", body=body))]])
        srv = server(self, [[READ, send(reply())]])
        proc, _ = run(arm(srv, "wait", extra=["--timeout", "10"]), creds=aad)
        self.assertEqual(proc.returncode, 4, info(proc))
        self.assertEqual(aad.requests(), 1, info(proc))
        self.assertIn("AMSOP_ERR_AAD", proc.stderr, info(proc))


class EventLog(Base):
    """The port's log sink receives one line per retry, throttle,
    reconnect, TLS resumption and token refresh (never a secret), and
    --verbose shows them on stderr as "amsop: log: ...". Each case is run
    without --verbose too: the control that the lines come from the flag."""

    def _both(self, scripts, args_of, creds_scripts=None):
        out = []
        for verbose in (True, False):
            srv = server(self, [list(s) for s in scripts])
            aad = server(self, [list(s) for s in creds_scripts]) if creds_scripts else None
            extra = ["--timeout", "20"] + (["--verbose"] if verbose else [])
            proc, _ = run(args_of(srv, extra), creds=aad)
            self.assertEqual(proc.returncode, 0, info(proc))
            self.assertNoSecrets(proc)
            logs = [ln for ln in proc.stderr.splitlines() if ln.startswith("amsop: log: ")]
            if not verbose:
                self.assertEqual(logs, [], info(proc))
            out.append((proc, logs))
        return out[0]

    def _wait(self, scripts, creds_scripts=None):
        tok = None if creds_scripts else self.tok
        return self._both(scripts, lambda srv, extra: arm(srv, "wait", tok=tok, extra=extra),
                          creds_scripts)

    def test_throttle_line_names_status_and_retry_after(self):
        throttled = reply(429, "Too Many Requests", headers=[("Retry-After", "1")],
                          body=arm_error("TooManyRequests", "slow down"))
        proc, logs = self._wait([[READ, send(throttled), READ, send(reply())]])
        got = [ln for ln in logs if "throttled" in ln]
        self.assertEqual(len(got), 1, info(proc))
        self.assertIn("HTTP 429", got[0], info(proc))
        self.assertIn("Retry-After 1 s", got[0], info(proc))

    def test_retry_line_names_the_error(self):
        failed = reply(500, "Internal Server Error", body=arm_error("InternalError", "oops"))
        proc, logs = self._wait([[READ, send(failed), READ, send(reply())]])
        got = [ln for ln in logs if "retry" in ln]
        self.assertEqual(len(got), 1, info(proc))
        self.assertIn("AMSOP_ERR_HTTP_STATUS", got[0], info(proc))
        self.assertIn("HTTP 500", got[0], info(proc))
        self.assertIn("next attempt in", got[0], info(proc))

    def test_reconnect_line(self):
        running = reply(headers=[("Retry-After", "1")], body=RUNNING_BODY)
        proc, logs = self._wait([[READ, send(running), sleep(0.3), CLOSE],
                                 [READ, send(reply())]])
        got = [ln for ln in logs if "reconnect" in ln]
        self.assertEqual(len(got), 1, info(proc))
        self.assertIn("localhost:", got[0], info(proc))

    def test_tls_resumption_line(self):
        running = reply(headers=[("Retry-After", "1"), ("Connection", "close")],
                        body=RUNNING_BODY)
        proc, logs = self._wait([[READ, send(running), CLOSE], [READ, send(reply())]])
        got = [ln for ln in logs if "resumed" in ln]
        self.assertEqual(len(got), 1, info(proc))
        self.assertIn("tls_resumed=1", proc.stderr, info(proc))

    def test_token_fetch_line(self):
        proc, logs = self._wait([[READ, send(reply())]],
                                creds_scripts=[[READ_BODY, send(token_reply())]])
        got = [ln for ln in logs if "token" in ln]
        self.assertEqual(len(got), 1, info(proc))
        self.assertIn("localhost:", got[0], info(proc))
        self.assertIn("expires in", got[0], info(proc))


# --- 6. output failures -------------------------------------------------------
class OutputFailures(Base):
    """A failed write (or final flush) of stdout is its own exit code (6)."""

    def _full(self, args, creds=None):
        with open("/dev/full", "wb") as full:
            proc, _ = run(args, stdout=full, creds=creds)
        self.assertEqual(proc.returncode, EXIT_OUTPUT, info(proc))
        self.assertIn("output", proc.stderr, info(proc))
        return proc

    def _closed(self, args):
        # stdout closed: exec with fd 1 closed by a tiny shell wrapper
        proc, _ = run(["--version"])  # warm-up: the binary runs at all
        self.assertEqual(proc.returncode, 0, info(proc))
        import shlex
        from hostile_util import AMSOP_BIN
        env = {k: v for k, v in os.environ.items() if not k.startswith("AZURE_")}
        cmd = " ".join(shlex.quote(a) for a in [AMSOP_BIN, *args]) + " >&-"
        p = subprocess.run(["/bin/sh", "-c", cmd], capture_output=True, text=True, timeout=60,
                           env=env, stdin=subprocess.DEVNULL)
        self.assertEqual(p.returncode, EXIT_OUTPUT, p.stderr)

    def test_get_text_dev_full(self):
        srv = server(self, [[READ, send(reply())]])
        self._full(arm(srv, tok=self.tok))

    def test_get_json_dev_full(self):
        srv = server(self, [[READ, send(reply())]])
        self._full(arm(srv, tok=self.tok, extra=["--output", "json"]))

    def test_wait_text_dev_full(self):
        srv = server(self, [[READ, send(reply())]])
        self._full(arm(srv, "wait", tok=self.tok, extra=["--timeout", "10"]))

    def test_wait_json_dev_full(self):
        srv = server(self, [[READ, send(reply())]])
        self._full(arm(srv, "wait", tok=self.tok, extra=["--timeout", "10", "--output", "json"]))

    def test_start_dev_full(self):
        srv = server(self, [[READ, send(accepted("https://localhost:1/x"))]])
        srv.scripts[0][1] = send(accepted(srv.endpoint + OPS_PATH + OP + API))
        self._full(action(srv, tok=self.tok))

    def test_start_json_dev_full(self):
        srv = server(self, [[READ, send(accepted("https://localhost:1/x"))]])
        srv.scripts[0][1] = send(accepted(srv.endpoint + OPS_PATH + OP + API))
        self._full(action(srv, tok=self.tok, extra=["--output", "json"]))

    def test_error_reply_json_dev_full(self):
        srv = server(self, [[READ, send(reply(404, "Not Found", body=arm_error("NotFound", "x")))]])
        proc = self._full(arm(srv, tok=self.tok, extra=["--output", "json"]))
        self.assertIn("AMSOP_ERR_HTTP_STATUS", proc.stderr)

    def test_help_dev_full(self):
        self._full(["--help"])

    def test_version_dev_full(self):
        self._full(["--version"])

    def test_get_closed_stdout(self):
        srv = server(self, [[READ, send(reply())]])
        self._closed(arm(srv, tok=self.tok))

    def test_wait_json_closed_stdout(self):
        srv = server(self, [[READ, send(reply())]])
        self._closed(arm(srv, "wait", tok=self.tok, extra=["--timeout", "10", "--output", "json"]))

    def test_get_broken_pipe(self):
        srv = server(self, [[READ, send(reply())]])
        r, w = os.pipe()
        os.close(r)
        try:
            proc, _ = run(arm(srv, tok=self.tok), stdout=w)
        finally:
            os.close(w)
        self.assertEqual(proc.returncode, EXIT_OUTPUT, info(proc))


# --- 7. truncated bodies ------------------------------------------------------
CLOSE_DELIMITED = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n"
                   + OK_BODY.encode())


class Truncation(Base):
    """Over TLS an EOF without close_notify never completes a body."""

    def _get(self, script, err, code, cmd="get"):
        srv = server(self, [script])
        proc, _ = run(arm(srv, cmd, tok=self.tok, extra=["--output", "json", "--timeout", "4"]
                          if cmd == "wait" else ["--output", "json"]))
        self.assertEqual(proc.returncode, code, info(proc))
        if err:
            self.assertIn(err, proc.stderr, info(proc))
            self.assertEqual([d for d in json_lines(proc.stdout) if d.get("status")], [],
                             info(proc))
        return proc

    def test_close_delimited_fin_without_close_notify(self):
        self._get([READ, send(CLOSE_DELIMITED), sleep(0.1), FIN], "AMSOP_ERR_HTTP_TRUNCATED", 4)

    def test_close_delimited_cut_mid_json_fin(self):
        self._get([READ, send(CLOSE_DELIMITED[:-5]), sleep(0.1), FIN],
                  "AMSOP_ERR_HTTP_TRUNCATED", 4)

    def test_close_delimited_reset(self):
        self._get([READ, send(CLOSE_DELIMITED), sleep(0.1), RESET], "AMSOP_ERR_HTTP_TRUNCATED", 4)

    def test_close_delimited_fin_wait(self):
        proc = self._get([READ, send(CLOSE_DELIMITED), sleep(0.1), FIN], None, 5, cmd="wait")
        self.assertNotIn('"Succeeded"', proc.stdout, info(proc))

    def test_content_length_cut_fin(self):
        self._get([READ, send(reply()[:-10]), sleep(0.1), FIN], "AMSOP_ERR_HTTP_TRUNCATED", 4)

    def test_headers_cut_fin(self):
        self._get([READ, send(b"HTTP/1.1 200 OK\r\nContent-Le"), sleep(0.1), FIN],
                  "AMSOP_ERR_HTTP_TRUNCATED", 4)

    def test_control_close_delimited_close_notify(self):
        srv = server(self, [[READ, send(CLOSE_DELIMITED), sleep(0.1), CLOSE]])
        proc, _ = run(arm(srv, tok=self.tok, extra=["--output", "json"]))
        self.assertEqual(proc.returncode, 0, info(proc))
        self.assertEqual(json_lines(proc.stdout)[-1]["status"], "Succeeded")

    def test_token_reply_close_delimited_fin(self):
        body = json.dumps({"token_type": "Bearer", "expires_in": 3600,
                           "access_token": AAD_TOKEN}).encode()
        aad = server(self, [[READ_BODY, send(b"HTTP/1.1 200 OK\r\nContent-Type: application/"
                                             b"json\r\n\r\n" + body), sleep(0.1), FIN]])
        srv = server(self, [[READ, send(reply())]])
        proc, _ = run(arm(srv, "wait", extra=["--timeout", "4"]), creds=aad)
        self.assertNotEqual(proc.returncode, 0, info(proc))
        self.assertEqual(srv.requests(), 0, "a cut token reply was used" + info(proc))

    def test_post_reply_close_delimited_fin(self):
        srv = server(self, [[READ, send(b"HTTP/1.1 202 Accepted\r\nAzure-AsyncOperation: "
                                        b"https://localhost:1/x\r\nContent-Type: application/"
                                        b"json\r\n\r\n{}"), sleep(0.1), FIN]])
        proc, _ = run(action(srv, tok=self.tok))
        self.assertEqual(proc.returncode, 4, info(proc))
        self.assertIn("AMSOP_ERR_HTTP_TRUNCATED", proc.stderr, info(proc))


# --- 8. messages that hide the cause ------------------------------------------
class Messages(Base):
    def test_token_endpoint_refused_names_host(self):
        port = free_port()
        srv = server(self, [[READ, send(reply())]])
        aad = type("A", (), {"endpoint": f"https://localhost:{port}"})()
        proc, _ = run(arm(srv), creds=aad)
        self.assertEqual(proc.returncode, 3, info(proc))
        self.assertIn(f"localhost:{port}", proc.stderr, info(proc))

    def test_token_endpoint_framing_names_host(self):
        aad = server(self, [[READ_BODY, send(b"HTTP/1.1 2OO OK\r\n\r\n"), CLOSE]])
        srv = server(self, [[READ, send(reply())]])
        proc, _ = run(arm(srv, "wait", extra=["--timeout", "5"]), creds=aad)
        self.assertEqual(proc.returncode, 4, info(proc))
        self.assertIn(f"localhost:{aad.port}", proc.stderr, info(proc))

    def test_arm_connection_refused_names_host(self):
        port = free_port()
        ca = server(self, [[READ]]).ca
        proc, _ = run(["get", *ARM_IDS, "--operation", OP, "--endpoint",
                       f"https://localhost:{port}", "--ca-file", ca, "--token-file", self.tok])
        self.assertEqual(proc.returncode, 3, info(proc))
        self.assertIn(f"localhost:{port}", proc.stderr, info(proc))

    def test_arm_framing_names_host(self):
        srv = server(self, [[READ, send(b"HTTP/1.1 2OO OK\r\n\r\n"), CLOSE]])
        proc, _ = run(arm(srv, tok=self.tok))
        self.assertEqual(proc.returncode, 4, info(proc))
        self.assertIn(f"localhost:{srv.port}", proc.stderr, info(proc))

    def test_deadline_gives_last_error_and_attempts(self):
        srv = server(self, [[READ, RESET]])
        proc, _ = run(arm(srv, "wait", tok=self.tok, extra=["--timeout", "3"]))
        self.assertEqual(proc.returncode, 5, info(proc))
        self.assertIn("AMSOP_ERR_NET_CLOSED", proc.stderr, info(proc))
        self.assertRegex(proc.stderr, r"\d+ (failed )?attempts?", info(proc))

    def _404_with_status(self, output):
        body = json.dumps({"status": "Succeeded", "error": {"code": "NotFound", "message": "x"}})
        srv = server(self, [[READ, send(reply(404, "Not Found", body=body))]])
        proc, _ = run(arm(srv, tok=self.tok, extra=["--output", output]))
        self.assertEqual(proc.returncode, 4, info(proc))
        return proc

    def test_404_body_status_not_shown_text(self):
        proc = self._404_with_status("text")
        self.assertNotIn("Succeeded", proc.stdout + proc.stderr, info(proc))
        self.assertIn("NotFound", proc.stderr, info(proc))

    def test_404_body_status_not_shown_json(self):
        proc = self._404_with_status("json")
        doc = json_lines(proc.stdout)[-1]
        self.assertIsNone(doc["status"], info(proc))
        self.assertEqual(doc["httpStatus"], 404)

    def _text_escapes(self, raw, want, cmd="get"):
        body = json.dumps({"name": raw, "status": "Failed",
                           "error": {"code": "E", "message": raw}})
        srv = server(self, [[READ, send(reply(body=body))]])
        proc, _ = run(arm(srv, cmd, tok=self.tok, extra=["--timeout", "5"] if cmd == "wait"
                          else []))
        self.assertIn(want, proc.stdout, info(proc))
        self.assertNotIn(raw, proc.stdout + proc.stderr, info(proc))

    def test_bidi_controls_escaped_get(self):
        for cp in list(range(0x202A, 0x202F)) + list(range(0x2066, 0x206A)):
            with self.subTest(cp=hex(cp)):
                self._text_escapes(f"a{chr(cp)}b", f"a\\u{cp:04x}b")

    def test_bidi_controls_escaped_wait(self):
        self._text_escapes("x\u202ey", "x\\u202ey", cmd="wait")

    def test_backslash_escaped(self):
        self._text_escapes("a\\x41b", "a\\\\x41b")

    def test_wait_line_hides_error_code_none_any_case(self):
        """error.code "None" (ARM's no-error value, any case) is not shown as
        an error on the wait line (amsop_result_has_error); a real code is
        (the control)."""
        for code, shown in (("none", False), ("NONE", False), ("Conflict", True)):
            body = json.dumps({"name": OP, "status": "Failed",
                               "error": {"code": code, "message": "m"}})
            srv = server(self, [[READ, send(reply(body=body))]])
            proc, _ = run(arm(srv, "wait", tok=self.tok, extra=["--timeout", "5"]))
            self.assertEqual(proc.returncode, 1, info(proc))
            self.assertEqual(("error " + code) in proc.stdout, shown, info(proc))

    def test_line_breaks_and_tabs_readable(self):
        """CR, LF and tab read as the escapes people know; other controls
        stay \\xNN (the control)."""
        self._text_escapes("one\r\ntwo\tthree", "one\\r\\ntwo\\tthree")
        self._text_escapes("one\r\ntwo", "one\\r\\ntwo", cmd="wait")
        self._text_escapes("a\x01b", "a\\x01b")

    def test_aad_description_line_breaks_readable(self):
        body = json.dumps({"error": "invalid_client",
                           "error_description": "AADSTS7000215: bad.\r\nTrace ID: t1",
                           "error_codes": [7000215]})
        aad = server(self, [[READ_BODY, send(reply(401, "Unauthorized", body=body))]])
        srv = server(self, [[READ, send(reply())]])
        proc, _ = run(arm(srv, "get"), creds=aad)
        self.assertEqual(proc.returncode, 4, info(proc))
        self.assertIn("AADSTS7000215: bad.\\r\\nTrace ID: t1", proc.stderr, info(proc))
        self.assertNotIn("\\x0d", proc.stderr, info(proc))

    def test_token_file_max_plus_newline(self):
        big = "t" * 16384
        srv = server(self, [[READ, send(reply())]])
        proc, _ = run(arm(srv, tok=token_file(big + "\n", "big")))
        self.assertEqual(proc.returncode, 0, info(proc))
        self.assertIn(("Bearer " + big + "\r\n").encode(), srv.received[0])

    def test_token_file_max_plus_crlf(self):
        srv = server(self, [[READ, send(reply())]])
        proc, _ = run(arm(srv, tok=token_file("t" * 16384 + "\r\n", "bigcrlf")))
        self.assertEqual(proc.returncode, 0, info(proc))

    def test_control_token_file_over_max(self):
        srv = server(self, [[READ, send(reply())]])
        proc, _ = run(arm(srv, tok=token_file("t" * 16385 + "\n", "over")))
        self.assertEqual(proc.returncode, 2, info(proc))
        self.assertNothingSent(srv, proc)

    def test_escaped_json_keys(self):
        body = '{"n\\u0061me":"%s","st\\u0061tus":"Succeeded"}' % OP
        srv = server(self, [[READ, send(reply(body=body))]])
        proc, _ = run(arm(srv, tok=self.tok, extra=["--output", "json"]))
        self.assertEqual(proc.returncode, 0, info(proc))
        doc = json_lines(proc.stdout)[-1]
        self.assertEqual((doc["status"], doc["name"]), ("Succeeded", OP), info(proc))


# --- 9. tests that could fail -------------------------------------------------
class Leaks(Base):
    """Redirects and foreign operation URLs point at a second TLS listener
    (trusted certificate, another loopback port) that records everything."""

    def leak(self):
        lk = server(self, [[READ_BODY, send(reply())]])
        return lk

    def assertNotReached(self, lk, proc):
        self.assertEqual(lk.received, [], "the leak listener was contacted" + info(proc))
        self.assertNoSecrets(proc)

    def test_positive_control_listener_records(self):
        lk = self.leak()
        proc, _ = run(arm(lk, tok=self.tok))
        self.assertEqual(proc.returncode, 0, info(proc))
        self.assertEqual(lk.requests(), 1)
        self.assertIn(("Bearer " + TOKEN).encode(), lk.received[0])

    def _redirect(self, status):
        lk = self.leak()
        loc = lk.endpoint + OPS_PATH + OP + API
        srv = server(self, [[READ, send(reply(status, "Redirect", body="",
                                              headers=[("Location", loc)]))]])
        proc, _ = run(arm(srv, "wait", tok=self.tok, extra=["--timeout", "5"]))
        self.assertEqual(proc.returncode, 4, info(proc))
        self.assertNotReached(lk, proc)

    def test_async_operation_to_leak_listener(self):
        lk = self.leak()
        srv = server(self, [[READ, send(accepted(lk.endpoint + OPS_PATH + OP + API))]])
        proc, _ = run(action(srv, tok=self.tok, extra=["--wait", "--timeout", "5"]))
        self.assertEqual(proc.returncode, 4, info(proc))
        self.assertNotReached(lk, proc)

    def test_location_to_leak_listener(self):
        lk = self.leak()
        srv = server(self, [[READ, send(accepted(lk.endpoint + OPS_PATH + OP + API, "Location"))]])
        proc, _ = run(action(srv, tok=self.tok, extra=["--wait", "--timeout", "5"]))
        self.assertEqual(proc.returncode, 4, info(proc))
        self.assertNotReached(lk, proc)

    def test_url_to_leak_listener(self):
        lk = self.leak()
        srv = server(self, [[READ, send(reply())]])
        proc, _ = run(["wait", "--url", lk.endpoint + OPS_PATH + OP + API, "--endpoint",
                       srv.endpoint, "--ca-file", srv.ca, "--token-file", self.tok])
        self.assertEqual(proc.returncode, 2, info(proc))
        self.assertNotReached(lk, proc)
        self.assertNothingSent(srv, proc)

    def test_token_endpoint_redirect_to_leak_listener(self):
        lk = self.leak()
        aad = server(self, [[READ_BODY, send(reply(307, "Temporary Redirect", body="", headers=[
            ("Location", lk.endpoint + f"/{TENANT}/oauth2/v2.0/token")]))]])
        srv = server(self, [[READ, send(reply())]])
        proc, _ = run(arm(srv, "wait", extra=["--timeout", "5"]), creds=aad)
        self.assertEqual(proc.returncode, 4, info(proc))
        self.assertNotReached(lk, proc)
        self.assertEqual(srv.received, [], info(proc))

    def test_token_request_secret_decoded_exactly(self):
        secret = "p+q/r=s&t%2Bu v~w.x_y-z*'!(é)"
        aad = server(self, [[READ_BODY, send(token_reply())]])
        srv = server(self, [[READ, send(reply())]])
        proc, _ = run(arm(srv, extra=["--output", "json"]), creds=aad,
                      env={"AZURE_CLIENT_SECRET": secret})
        self.assertEqual(proc.returncode, 0, info(proc))
        (head, body), = aad.bodies()
        self.assertTrue(head.startswith(f"POST /{TENANT}/oauth2/v2.0/token ".encode()), head)
        self.assertNotIn(b"Authorization", head)
        form = urllib.parse.parse_qs(body.decode("ascii"), keep_blank_values=True,
                                     strict_parsing=True)
        self.assertEqual(form["client_secret"], [secret])
        self.assertEqual(form["client_id"], [CLIENT_ID])
        self.assertEqual(form["grant_type"], ["client_credentials"])
        self.assertEqual(form["scope"], [srv.endpoint + "/.default"])
        self.assertNotIn(secret, proc.stdout + proc.stderr)
        self.assertIn(("Bearer " + AAD_TOKEN).encode(), srv.received[0])

    def _wait_retry_after(self, first, seconds):
        srv = server(self, [[READ, send(first), READ, send(reply())]])
        proc, _ = run(arm(srv, "wait", tok=self.tok, extra=["--timeout", "20"]))
        self.assertEqual(proc.returncode, 0, info(proc))
        self.assertEqual(srv.requests(), 2, info(proc))
        gap = srv.times[1] - srv.times[0]
        self.assertGreaterEqual(gap, seconds - 0.1, "Retry-After not honoured")
        self.assertLess(gap, seconds + 2.5 * TIME_SCALE, "waited far longer than Retry-After")

    def test_wait_retry_after_429(self):
        self._wait_retry_after(reply(429, "Too Many Requests", headers=[("Retry-After", "2")],
                                     body=arm_error("TooManyRequests", "slow")), 2)

    def test_wait_retry_after_503(self):
        self._wait_retry_after(reply(503, "Service Unavailable", headers=[("Retry-After", "2")],
                                     body=""), 2)

    def test_wait_retry_after_200_in_progress(self):
        self._wait_retry_after(reply(body=RUNNING_BODY, headers=[("Retry-After", "2")]), 2)

    def test_get_retry_after_reported_not_slept(self):
        srv = server(self, [[READ, send(reply(429, "Too Many Requests",
                                              headers=[("Retry-After", "9")],
                                              body=arm_error("TooManyRequests", "slow")))]])
        proc, took = run(arm(srv, tok=self.tok, extra=["--output", "json"]))
        self.assertEqual(proc.returncode, 4, info(proc))
        self.assertEqual(json_lines(proc.stdout)[-1]["retryAfter"], 9)
        self.assertLess(took, 5 * TIME_SCALE)
        self.assertEqual(srv.requests(), 1)


for _st in (301, 302, 303, 307, 308):
    setattr(Leaks, f"test_redirect_{_st}_to_leak_listener", lambda self, s=_st: self._redirect(s))


class Marks(unittest.TestCase):
    def test_every_needs_core_fix_line_names_a_test(self):
        self.assertEqual(sorted(MARKED - MINE), [], "NEEDS_CORE_FIX names no such test")


MARKED, MINE = mark_needs_core_fix(globals())

if __name__ == "__main__":
    unittest.main()
