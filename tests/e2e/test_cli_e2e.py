# SPDX-License-Identifier: MIT
"""End-to-end: the real amsop CLI against the HTTPS simulator over real TLS."""
import json
import unittest

from e2e_util import (ACCOUNT, OP, RG, SUB, TOKEN, SimTestCase, ids_target, project_version,
                      run_cli)


def json_lines(text):
    return [json.loads(line) for line in text.splitlines() if line.strip().startswith("{")]


class GetTests(SimTestCase):
    def test_get_in_progress_json(self):
        sim = self.start_sim("--operation", f"{OP}=Succeeded:3")
        proc, _ = run_cli(sim, "get", ids_target(), "--output", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        (obj,) = json_lines(proc.stdout)
        self.assertEqual(obj["httpStatus"], 200)
        self.assertEqual(obj["name"], OP)
        self.assertEqual(obj["status"], "InProgress")
        self.assertEqual(obj["error"]["code"], "None")
        self.assertIsNone(obj["error"]["message"])
        self.assertEqual(obj["error"]["detailsCount"], 0)
        self.assertEqual(obj["retryAfter"], 1)
        self.assertEqual(obj["truncated"], [])
        self.assertRegex(obj["requestId"], r"^[0-9a-f-]{36}$")
        # percentComplete only when sent (a Media operation sends none)
        self.assertEqual(list(obj.keys()), ["httpStatus", "name", "status", "startTime",
                                            "endTime", "error", "requestId", "retryAfter",
                                            "truncated"])
        self.assertNoTokenLeak(sim, proc.stdout, proc.stderr)

    def test_request_shape(self):
        sim = self.start_sim("--operation", f"{OP}=Succeeded:3")
        proc, _ = run_cli(sim, "get", ids_target())
        self.assertEqual(proc.returncode, 0, proc.stderr)
        (req,) = sim.requests()
        self.assertEqual(req["method"], "GET")
        self.assertEqual(req["path"], f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/"
                         f"Microsoft.Media/mediaservices/{ACCOUNT}/liveEventOperations/{OP}")
        self.assertIn("api-version=2022-11-01", req["query"])
        h = req["headers"]
        self.assertEqual(h["host"], f"localhost:{sim.port}")
        self.assertEqual(h["accept"], "application/json")
        self.assertEqual(h["user-agent"], "amsop/" + project_version())
        self.assertEqual(h["authorization"], f"Bearer <redacted len={len(TOKEN)}>")
        # no coding but identity (without the header any coding is acceptable)
        self.assertEqual(h["accept-encoding"], "identity")
        # Resource Manager's request id: a UUIDv4 per request, echoed back
        self.assertRegex(h["x-ms-client-request-id"],
                         r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
        self.assertEqual(h["x-ms-return-client-request-id"], "true")

    def test_token_from_environment(self):
        sim = self.start_sim("--operation", f"{OP}=Succeeded:3")
        proc, _ = run_cli(sim, "get", ids_target(), token_file=False,
                          env={"AMSOP_ACCESS_TOKEN": TOKEN})
        self.assertEqual(proc.returncode, 0, proc.stderr)

    def test_wrong_token_is_401(self):
        sim = self.start_sim("--operation", f"{OP}=Succeeded:3")
        proc, _ = run_cli(sim, "get", ids_target(), "--output", "json", token_file=False,
                          env={"AMSOP_ACCESS_TOKEN": "not-the-token"})
        self.assertEqual(proc.returncode, 4, proc.stderr)
        (obj,) = json_lines(proc.stdout)
        self.assertEqual(obj["httpStatus"], 401)
        self.assertEqual(obj["error"]["code"], "InvalidAuthenticationToken")
        self.assertIsNone(obj["status"])
        self.assertIn("AMSOP_ERR_HTTP_STATUS", proc.stderr)

    def test_unknown_operation_is_404(self):
        sim = self.start_sim()
        proc, _ = run_cli(sim, "get", ids_target("00000000-0000-0000-0000-000000000000"),
                          "--output", "json")
        self.assertEqual(proc.returncode, 4, proc.stderr)
        (obj,) = json_lines(proc.stdout)
        self.assertEqual(obj["httpStatus"], 404)
        self.assertEqual(obj["error"]["code"], "ResourceNotFound")
        self.assertTrue(obj["error"]["message"])

    def test_bad_api_version_is_400(self):
        sim = self.start_sim("--operation", f"{OP}=Succeeded:3")
        proc, _ = run_cli(sim, "get", ids_target(), "--api-version", "1999-01-01",
                          "--output", "json")
        self.assertEqual(proc.returncode, 4, proc.stderr)
        (obj,) = json_lines(proc.stdout)
        self.assertEqual(obj["httpStatus"], 400)
        self.assertEqual(obj["error"]["code"], "InvalidApiVersionParameter")

    def test_invalid_input_sends_nothing(self):
        sim = self.start_sim("--operation", f"{OP}=Succeeded:3")
        bad = ["--subscription", "not-a-guid", "--resource-group", RG, "--account", ACCOUNT,
               "--operation", OP]
        proc, _ = run_cli(sim, "get", bad)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("AMSOP_ERR_INVALID_ID", proc.stderr)
        bad_rg = ["--subscription", SUB, "--resource-group", "rg/../x", "--account", ACCOUNT,
                  "--operation", OP]
        proc, _ = run_cli(sim, "get", bad_rg)
        self.assertEqual(proc.returncode, 2)
        bad_token = {"AMSOP_ACCESS_TOKEN": "abc\r\nX-Injected: 1"}
        proc, _ = run_cli(sim, "get", ids_target(), token_file=False, env=bad_token)
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(sim.requests(), [])

    def test_usage_errors(self):
        proc, _ = run_cli(None, "get", [])
        self.assertEqual(proc.returncode, 2)
        proc, _ = run_cli(None, "get", ids_target(), "--url", "https://x/y")
        self.assertEqual(proc.returncode, 2)
        proc, _ = run_cli(None, "frobnicate", [])
        self.assertEqual(proc.returncode, 2)
        proc, _ = run_cli(None, "--help", [])
        self.assertEqual(proc.returncode, 0)
        for word in ("--subscription", "--url", "--endpoint", "--api-version", "--ca-file",
                     "--token-file", "AMSOP_ACCESS_TOKEN", "--timeout", "--output"):
            self.assertIn(word, proc.stdout)

    def test_version_is_the_project_version(self):
        version = project_version()
        for arg in ("--version", "version"):
            proc, _ = run_cli(None, arg, [])
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertEqual(proc.stdout, "amsop %s\n" % version)

    def test_untrusted_server_sends_no_request(self):
        sim = self.start_sim("--operation", f"{OP}=Succeeded:3")
        # The bundled Azure roots do not trust the simulator's own CA.
        proc, _ = run_cli(None, "get", ids_target(), "--endpoint", sim.endpoint,
                          "--token-file", sim.token_file)
        self.assertEqual(proc.returncode, 3, proc.stderr)
        self.assertIn("AMSOP_ERR_TLS_VERIFY", proc.stderr)
        self.assertEqual(sim.requests(), [])

    def test_wrong_host_name_is_rejected(self):
        sim = self.start_sim("--operation", f"{OP}=Succeeded:3")
        proc, _ = run_cli(None, "get", ids_target(), "--endpoint", f"https://127.0.0.1:{sim.port}",
                          "--ca-file", sim.ca, "--token-file", sim.token_file)
        self.assertEqual(proc.returncode, 3, proc.stderr)
        self.assertIn("AMSOP_ERR_TLS_VERIFY", proc.stderr)
        self.assertEqual(sim.requests(), [])

    def test_connection_refused(self):
        proc, _ = run_cli(None, "get", ids_target(), "--endpoint", "https://localhost:1",
                          env={"AMSOP_ACCESS_TOKEN": TOKEN})
        self.assertEqual(proc.returncode, 3)
        self.assertIn("AMSOP_ERR_NET_CONNECT", proc.stderr)


class WaitTests(SimTestCase):
    def test_wait_succeeds_over_one_connection(self):
        sim = self.start_sim("--operation", f"{OP}=Succeeded:2", "--retry-after", "0")
        proc, _ = run_cli(sim, "wait", ids_target(), "--output", "json", "--verbose")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        statuses = [o["status"] for o in json_lines(proc.stdout)]
        self.assertEqual(statuses, ["InProgress", "Succeeded"])
        reqs = sim.requests()
        self.assertEqual(len(reqs), 3)
        self.assertEqual({r["conn"] for r in reqs}, {reqs[0]["conn"]}, "keep-alive")
        self.assertNoTokenLeak(sim, proc.stdout, proc.stderr)

    def test_wait_failed_exits_1(self):
        sim = self.start_sim("--operation", f"{OP}=Failed:1", "--retry-after", "0")
        proc, _ = run_cli(sim, "wait", ids_target(), "--output", "json")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        last = json_lines(proc.stdout)[-1]
        self.assertEqual(last["status"], "Failed")
        self.assertNotEqual(last["error"]["code"], "None")

    def test_wait_text_output_shows_changes(self):
        sim = self.start_sim("--operation", f"{OP}=Succeeded:2", "--retry-after", "0")
        proc, _ = run_cli(sim, "wait", ids_target())
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("InProgress", proc.stdout)
        self.assertIn("Succeeded", proc.stdout)
        self.assertLess(proc.stdout.index("InProgress"), proc.stdout.index("Succeeded"))

    def test_wait_on_started_live_event_url(self):
        import http.client
        import ssl
        sim = self.start_sim("--retry-after", "0", "--polls", "2")
        ctx = ssl.create_default_context(cafile=sim.ca)
        conn = http.client.HTTPSConnection("localhost", sim.port, context=ctx, timeout=10)
        conn.request("POST", f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.Media/"
                     f"mediaservices/{ACCOUNT}/liveEvents/myLiveEvent1/start?api-version=2022-11-01",
                     headers={"Authorization": "Bearer " + TOKEN})
        resp = conn.getresponse()
        resp.read()
        conn.close()
        self.assertEqual(resp.status, 202)
        url = resp.getheader("Azure-AsyncOperation")
        self.assertIn("/liveeventoperations/", url)  # ARM's lower-case echo
        proc, _ = run_cli(sim, "wait", ["--url", url], "--output", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(json_lines(proc.stdout)[-1]["status"], "Succeeded")

    def test_wait_url_of_another_provider(self):
        """A Microsoft.Compute operation URL is polled at its own path with
        its own api-version (not Media Services'), to Succeeded."""
        sim = self.start_sim("--operation", f"{OP}=Succeeded:2", "--retry-after", "0")
        path = f"/subscriptions/{SUB}/providers/Microsoft.Compute/locations/westeurope/operations/{OP}"
        proc, _ = run_cli(sim, "wait", ["--url", f"{sim.endpoint}{path}?api-version=2024-07-01"],
                          "--output", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(json_lines(proc.stdout)[-1]["status"], "Succeeded")
        reqs = sim.requests()
        self.assertEqual(len(reqs), 3)
        self.assertEqual({(r["path"], r["query"]) for r in reqs}, {(path, "api-version=2024-07-01")})

    def test_wait_url_shows_operation_progress(self):
        """A Compute operation's percentComplete, startTime and endTime reach
        the json output (the number as a JSON number) and the text lines."""
        sim = self.start_sim("--operation", f"{OP}=Succeeded:2", "--retry-after", "0")
        url = (f"{sim.endpoint}/subscriptions/{SUB}/providers/Microsoft.Compute/locations/"
               f"westeurope/operations/{OP}?api-version=2024-07-01")
        proc, _ = run_cli(sim, "wait", ["--url", url], "--output", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        docs = json_lines(proc.stdout)
        first, last = docs[0], docs[-1]
        self.assertEqual(first["status"], "InProgress")
        self.assertIsInstance(first["percentComplete"], (int, float))
        self.assertLess(first["percentComplete"], 100)
        self.assertRegex(first["startTime"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
        self.assertIsNone(first["endTime"])
        self.assertEqual(last["status"], "Succeeded")
        self.assertEqual(last["percentComplete"], 100)
        self.assertIs(type(last["percentComplete"]), int)  # as sent: 100, not "100"
        self.assertEqual(last["startTime"], first["startTime"])
        self.assertRegex(last["endTime"], r"^\d{4}-\d\d-\d\dT")
        self.assertEqual(last["truncated"], [])
        proc, _ = run_cli(sim, "wait", ["--url", url], "--output", "jsonc")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn('"percentComplete": 100', proc.stdout)
        # a second operation for the text run: the first one has ended
        sim2 = self.start_sim("--operation", f"{OP}=Succeeded:2", "--retry-after", "0")
        proc, _ = run_cli(sim2, "wait", ["--url", url.replace(sim.endpoint, sim2.endpoint)])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = proc.stdout.splitlines()
        self.assertRegex(lines[0], r"InProgress .*percent complete: [0-9.]+  start time: \d{4}-")
        self.assertNotIn("end time", lines[0])
        self.assertRegex(lines[-1], r"Succeeded .*percent complete: 100  start time: \S+  "
                                    r"end time: \d{4}-")

    def test_media_operation_has_no_progress_fields(self):
        """A Media Services operation sends none of them: percentComplete is
        left out of the json output, startTime/endTime are null, no text."""
        sim = self.start_sim("--operation", f"{OP}=Succeeded:1", "--retry-after", "0")
        proc, _ = run_cli(sim, "wait", ids_target(), "--output", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        last = json_lines(proc.stdout)[-1]
        self.assertNotIn("percentComplete", last)
        self.assertIsNone(last["startTime"])
        self.assertIsNone(last["endTime"])
        proc, _ = run_cli(sim, "wait", ids_target())
        self.assertNotIn("percent complete", proc.stdout)
        self.assertNotIn("start time", proc.stdout)

    def test_url_of_another_provider_needs_api_version(self):
        sim = self.start_sim("--operation", f"{OP}=Succeeded:2")
        url = (f"{sim.endpoint}/subscriptions/{SUB}/providers/Microsoft.Compute/locations/"
               f"westeurope/operations/{OP}")
        proc, _ = run_cli(sim, "wait", ["--url", url])
        self.assertEqual(proc.returncode, 2)
        self.assertIn("AMSOP_ERR_URL_API_VERSION", proc.stderr)
        proc, _ = run_cli(sim, "wait", ["--url", url.replace("/operations/", "/operationResults/")
                                        + "?api-version=2024-07-01"])
        self.assertEqual(proc.returncode, 2)
        self.assertIn("AMSOP_ERR_URL_PATH", proc.stderr)
        self.assertEqual(sim.requests(), [])

    def test_url_for_another_host_is_refused(self):
        sim = self.start_sim("--operation", f"{OP}=Succeeded:2")
        url = (f"https://evil.example/subscriptions/{SUB}/resourcegroups/{RG}/providers/"
               f"Microsoft.Media/mediaservices/{ACCOUNT}/liveeventoperations/{OP}"
               "?api-version=2022-11-01")
        proc, _ = run_cli(sim, "wait", ["--url", url])
        self.assertEqual(proc.returncode, 2)
        self.assertIn("AMSOP_ERR_URL_HOST", proc.stderr)
        self.assertEqual(sim.requests(), [])

    def test_wait_survives_throttling(self):
        sim = self.start_sim("--operation", f"{OP}=Succeeded:3", "--retry-after", "0",
                             "--throttle-every", "2")
        proc, took = run_cli(sim, "wait", ids_target(), "--output", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn(429, [r["status"] for r in sim.requests()])
        self.assertEqual(json_lines(proc.stdout)[-1]["status"], "Succeeded")

    def test_wait_reconnects_when_server_closes(self):
        sim = self.start_sim("--operation", f"{OP}=Succeeded:3", "--retry-after", "0",
                             "--close-after", "1")
        proc, _ = run_cli(sim, "wait", ids_target(), "--output", "json", "--verbose")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        conns = [r["conn"] for r in sim.requests()]
        self.assertEqual(len(conns), 4)
        self.assertEqual(len(set(conns)), 4, "one request per connection")
        self.assertRegex(proc.stderr, r"resumed[^0-9]*[1-9]")

    def test_sigint_ends_a_blocked_receive(self):
        """A server that accepts the request and never answers: SIGINT must
        end the wait at once (exit 5, AMSOP_ERR_CANCELLED), not after the
        30-second receive timeout."""
        import signal
        import socket
        import ssl
        import subprocess
        import threading
        import time
        from e2e_util import AMSOP_BIN
        sim = self.start_sim("--operation", f"{OP}=Succeeded:2")  # for its certificates
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(f"{sim.dir}/server.pem", f"{sim.dir}/server.key")
        lsock = socket.socket()
        lsock.bind(("127.0.0.1", 0))
        lsock.listen(1)
        lsock.settimeout(10)
        self.addCleanup(lsock.close)
        got = []

        def serve():
            try:
                conn, _ = lsock.accept()
                with ctx.wrap_socket(conn, server_side=True) as tls:
                    got.append(tls.recv(65536))
                    time.sleep(8)  # never answer
            except OSError:
                pass

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        port = lsock.getsockname()[1]
        proc = subprocess.Popen(
            [AMSOP_BIN, "wait", *ids_target(), "--endpoint", f"https://localhost:{port}",
             "--ca-file", sim.ca, "--token-file", sim.token_file],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 10
        while not got and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertTrue(got and got[0].startswith(b"GET "), "request not received")
        time.sleep(0.3)
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
        took = time.monotonic() - sent
        self.assertEqual(proc.returncode, 5, err)
        self.assertIn("AMSOP_ERR_CANCELLED", err)
        self.assertLess(took, 2.0)

    def test_get_rejects_timeout(self):
        proc, _ = run_cli(None, "get", ids_target(), "--timeout", "2",
                          env={"AMSOP_ACCESS_TOKEN": TOKEN})
        self.assertEqual(proc.returncode, 2)
        self.assertIn("--timeout", proc.stderr)

    def test_wait_deadline(self):
        sim = self.start_sim("--operation", f"{OP}=Succeeded:1000", "--retry-after", "1")
        proc, took = run_cli(sim, "wait", ids_target(), "--timeout", "2", "--output", "json")
        self.assertEqual(proc.returncode, 5, proc.stderr)
        self.assertIn("AMSOP_ERR_DEADLINE", proc.stderr)
        self.assertLess(took, 4.5)
        self.assertGreaterEqual(took, 1.9)


MESSAGE_MAX = 256  # CONFIG_AMSOP_ERROR_MESSAGE_MAX, default Kconfig
UNIT = "Lorem ipsum \"dolor\" sit \u00e9\u20ac\n"  # as tests/sim/amsop_sim.py grows it


def kept_prefix(text, size):
    """What a field of `size` bytes (NUL included) keeps: the longest prefix
    of whole UTF-8 characters in size - 1 bytes."""
    b = text.encode()
    if len(b) <= size - 1:
        return text
    cut = size - 1
    while cut > 0 and (b[cut] & 0xC0) == 0x80:
        cut -= 1
    return b[:cut].decode()


class LargeReplyTests(SimTestCase):
    """Replies far larger than the client's buffers, over the real CLI, TLS
    and simulator: read in fixed memory, kept fields cut and flagged, counts
    exact, and the same connection carries the next polls."""

    def wait_json(self, *sim_args):
        sim = self.start_sim("--operation", f"{OP}=Succeeded:2", "--retry-after", "0", *sim_args)
        proc, _ = run_cli(sim, "wait", ids_target(), "--output", "json", "--verbose")
        reqs = sim.requests()
        self.assertEqual({r["conn"] for r in reqs}, {reqs[0]["conn"]}, "one connection")
        return proc, json_lines(proc.stdout), reqs

    def test_50k_message(self):
        proc, lines, reqs = self.wait_json("--big", "message=51200")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual([o["status"] for o in lines], ["InProgress", "Succeeded"])
        want = kept_prefix((UNIT * (51200 // len(UNIT) + 1))[:51200], MESSAGE_MAX)
        for o in lines:
            self.assertEqual(o["error"]["message"], want)
            self.assertEqual(o["truncated"], ["error.message"])
            self.assertEqual(o["name"], OP)
            self.assertRegex(o["requestId"], r"^[0-9a-f-]{36}$")
        self.assertEqual(len(reqs), 3)

    def test_10000_details(self):
        proc, lines, reqs = self.wait_json("--big", "details=10000")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        for o in lines:
            self.assertEqual(o["error"]["detailsCount"], 10000)
            self.assertEqual(o["truncated"], [])
        self.assertEqual([o["status"] for o in lines], ["InProgress", "Succeeded"])
        self.assertEqual(len(reqs), 3)

    def test_nesting_within_the_limit(self):
        proc, lines, reqs = self.wait_json("--big", "nest=20")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual([o["status"] for o in lines], ["InProgress", "Succeeded"])
        self.assertEqual(len(reqs), 3)

    def test_100_levels_past_the_limit(self):
        # On a 2xx status read: refused, headers kept.
        sim = self.start_sim("--operation", f"{OP}=Succeeded:2", "--big", "nest=100")
        proc, _ = run_cli(sim, "get", ids_target(), "--output", "json")
        self.assertEqual(proc.returncode, 4, proc.stderr)
        self.assertIn("AMSOP_ERR_JSON_TOO_MANY_TOKENS", proc.stderr)
        (obj,) = json_lines(proc.stdout)
        self.assertEqual(obj["httpStatus"], 200)
        self.assertIsNone(obj["status"])
        self.assertRegex(obj["requestId"], r"^[0-9a-f-]{36}$")
        # On a 503 the wait retries over the same connection and succeeds.
        proc, lines, reqs = self.wait_json("--big", "nest=100", "--big-status", "503",
                                           "--big-polls", "1")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(lines[-1]["status"], "Succeeded")
        self.assertEqual([r["status"] for r in reqs], [503, 200, 200, 200])

    def test_large_error_reply_is_retried(self):
        proc, lines, reqs = self.wait_json("--big", "message=51200", "--big", "details=1000",
                                           "--big-status", "503", "--big-polls", "2")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(lines[-1]["status"], "Succeeded")
        self.assertEqual([r["status"] for r in reqs], [503, 503, 200, 200, 200])

    def test_gateway_page_503_is_retried(self):
        proc, lines, reqs = self.wait_json("--gateway-503", "2")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual([o["status"] for o in lines], ["InProgress", "Succeeded"])
        self.assertEqual([r["status"] for r in reqs], [503, 503, 200, 200, 200])


if __name__ == "__main__":
    unittest.main()
