# SPDX-License-Identifier: MIT
"""Self-test of the ARM simulator (stdlib unittest; run from the repo root:
python3 -m unittest tests/sim/test_sim.py -v).

Each test starts its own simulator (ephemeral port, temp state dir) so
counters such as --throttle-every are predictable; certificates are made
once and copied in, which also exercises the "reuse if valid" path.
"""

import http.client
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import unittest
import warnings

SIM = os.path.join(os.path.dirname(os.path.abspath(__file__)), "amsop_sim.py")
TOKEN = "sim-token"
BASE = "/subscriptions/0a6ec948-5a62-437d-b9df-934dc7c1b722/resourceGroups/mediaresources" \
       "/providers/Microsoft.Media/mediaservices/slitestmedia10"
OP = "62e4d893-d233-4005-988e-a428d9f77076"
SUB = "0a6ec948-5a62-437d-b9df-934dc7c1b722"
API = "?api-version=2022-11-01"
AUTH = {"Authorization": "Bearer " + TOKEN}


class SimTestCase(unittest.TestCase):
    cert_dir = None

    @classmethod
    def setUpClass(cls):
        cls.cert_dir = tempfile.mkdtemp(prefix="amsop-sim-certs-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.cert_dir, ignore_errors=True)

    def setUp(self):
        self.proc = None
        self.conns = []
        self.dir = tempfile.mkdtemp(prefix="amsop-sim-")
        for name in ("ca.pem", "ca.key", "server.pem", "server.key"):
            src = os.path.join(self.cert_dir, name)
            if os.path.exists(src):
                shutil.copy2(src, self.dir)

    def tearDown(self):
        for c in self.conns:
            c.close()
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.proc:
            self.proc.stdout.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def start(self, *args):
        """Start the simulator and wait (bounded) for ready.json."""
        cmd = [sys.executable, SIM, "--state-dir", self.dir, "--port", "0", "--quiet",
               "--lifetime", "60"] + list(args)
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE)
        ready = os.path.join(self.dir, "ready.json")
        deadline = time.monotonic() + 15
        while not os.path.exists(ready):
            self.assertIsNone(self.proc.poll(), "simulator exited early")
            self.assertLess(time.monotonic(), deadline, "simulator not ready in time")
            time.sleep(0.02)
        with open(ready) as f:
            self.info = json.load(f)
        self.assertEqual(json.loads(self.proc.stdout.readline()), self.info)
        self.assertEqual(self.info["pid"], self.proc.pid)
        if not os.path.exists(os.path.join(self.cert_dir, "server.pem")):
            for name in ("ca.pem", "ca.key", "server.pem", "server.key"):
                shutil.copy2(os.path.join(self.dir, name), self.cert_dir)
        self.ctx = ssl.create_default_context(cafile=self.info["ca"])  # verifies host name too
        return self.info

    def connect(self):
        c = http.client.HTTPSConnection("localhost", self.info["port"], context=self.ctx, timeout=10)
        self.conns.append(c)
        return c

    def request(self, conn, method, path, headers=AUTH, body=None):
        """Send one request, return (response, body bytes)."""
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        return resp, resp.read()

    def log(self):
        with open(os.path.join(self.dir, "requests.jsonl")) as f:
            return [json.loads(line) for line in f]

    def assert_arm_error(self, resp, body, status, code):
        self.assertEqual(resp.status, status)
        self.assertEqual(resp.getheader("Content-Type"), "application/json; charset=utf-8")
        err = json.loads(body)["error"]
        self.assertEqual(err["code"], code)
        self.assertTrue(err["message"])


class TestOperationStatus(SimTestCase):
    def test_in_progress_then_succeeded_on_one_connection(self):
        self.start("--operation", OP + "=Succeeded", "--polls", "2")
        c = self.connect()
        seen = []
        for _ in range(3):
            resp, body = self.request(c, "GET", BASE + "/liveEventOperations/" + OP + API)
            self.assertEqual(resp.status, 200)
            self.assertEqual(resp.getheader("Transfer-Encoding"), "chunked")
            self.assertIn(b"\r\n", body)
            self.assertIn(b'"status": ', body)
            doc = json.loads(body)
            self.assertEqual(doc["name"], OP)
            self.assertEqual(doc["error"]["code"], "None")
            self.assertIsNone(doc["error"]["message"])
            self.assertEqual(resp.getheader("Retry-After"),
                             "1" if doc["status"] == "InProgress" else None)
            for h in ("x-ms-request-id", "x-ms-correlation-request-id", "Date", "Vary"):
                self.assertTrue(resp.getheader(h), h)
            seen.append(doc["status"])
        self.assertEqual(seen, ["InProgress", "InProgress", "Succeeded"])
        log = self.log()
        self.assertEqual(len({e["conn"] for e in log}), 1, "keep-alive: one connection")
        self.assertEqual(log[0]["headers"]["authorization"], "Bearer <redacted len=9>")
        with open(os.path.join(self.dir, "requests.jsonl")) as f:
            self.assertNotIn(TOKEN, f.read())

    def test_raw_wire_is_multi_chunk_with_crlf_json(self):
        self.start("--operation", OP + "=Failed:0", "--retry-after", "none")
        raw = socket.create_connection(("127.0.0.1", self.info["port"]), timeout=10)
        s = self.ctx.wrap_socket(raw, server_hostname="localhost")
        self.conns.append(s)
        s.sendall(("GET %s/liveeventoperations/%s%s HTTP/1.1\r\nHost: localhost\r\n"
                   "Authorization: Bearer %s\r\nConnection: close\r\n\r\n"
                   % (BASE.lower(), OP.upper(), API, TOKEN)).encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        head, _, wire = data.partition(b"\r\n\r\n")
        self.assertIn(b"Transfer-Encoding: chunked", head)
        self.assertIn(b"Connection: close", head)
        body, sizes = b"", []
        while True:
            size_line, _, wire = wire.partition(b"\r\n")
            n = int(size_line, 16)
            sizes.append(n)
            if n == 0:
                break
            body, wire = body + wire[:n], wire[n + 2:]
        self.assertGreaterEqual(len([n for n in sizes if n]), 2)
        self.assertIn(b"{\r\n  \"name\": ", body)
        doc = json.loads(body)
        self.assertEqual(doc["status"], "Failed")
        self.assertEqual(doc["error"]["code"], "LiveEventOperationFailed")
        self.assertTrue(doc["error"]["message"])

    def test_second_provider_operation(self):
        """Microsoft.Compute's operation status: percentComplete moves up to
        100, startTime throughout, endTime once done; its own api-versions."""
        self.start("--operation", OP + "=Succeeded", "--polls", "2")
        c = self.connect()
        path = "/subscriptions/%s/providers/Microsoft.Compute/locations/westeurope/operations/%s" \
            % (SUB, OP)
        docs = []
        for _ in range(3):
            resp, body = self.request(c, "GET", path + "?api-version=2024-07-01")
            self.assertEqual(resp.status, 200)
            self.assertEqual(resp.getheader("Transfer-Encoding"), "chunked")
            docs.append(json.loads(body))
        self.assertEqual([d["status"] for d in docs], ["InProgress", "InProgress", "Succeeded"])
        pct = [d["percentComplete"] for d in docs]
        self.assertEqual(pct, sorted(pct))
        self.assertTrue(0 < pct[0] < pct[1] < 100 and pct[2] == 100, pct)
        self.assertTrue(all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z", d["startTime"])
                            for d in docs))
        self.assertEqual(["endTime" in d for d in docs], [False, False, True])
        resp, body = self.request(c, "GET", path + API)  # Media Services' version
        self.assert_arm_error(resp, body, 400, "InvalidApiVersionParameter")
        resp, body = self.request(c, "GET", path.replace(OP, "nope") + "?api-version=2024-07-01")
        self.assert_arm_error(resp, body, 404, "NotFound")

    def test_seconds_mode(self):
        self.start("--operation", OP + "=Succeeded", "--seconds", "0.6")
        c = self.connect()
        _, body = self.request(c, "GET", BASE + "/liveEventOperations/" + OP + API)
        self.assertEqual(json.loads(body)["status"], "InProgress")
        time.sleep(0.7)
        _, body = self.request(c, "GET", BASE + "/liveEventOperations/" + OP + API)
        self.assertEqual(json.loads(body)["status"], "Succeeded")


class TestErrors(SimTestCase):
    def test_error_shapes(self):
        self.start("--operation", OP + "=Succeeded")
        c = self.connect()
        path = BASE + "/liveEventOperations/" + OP
        resp, body = self.request(c, "GET", path + API, headers={})
        self.assert_arm_error(resp, body, 401, "AuthenticationFailed")
        self.assertIn("missing 'Authorization' header", resp.getheader("WWW-Authenticate"))
        resp, body = self.request(c, "GET", path + API, headers={"Authorization": "Bearer wrong"})
        self.assert_arm_error(resp, body, 401, "InvalidAuthenticationToken")
        self.assertIn('error="invalid_token"', resp.getheader("WWW-Authenticate"))
        resp, body = self.request(c, "GET", path)
        self.assert_arm_error(resp, body, 400, "MissingApiVersionParameter")
        resp, body = self.request(c, "GET", path + "?api-version=1999-01-01")
        self.assert_arm_error(resp, body, 400, "InvalidApiVersionParameter")
        resp, body = self.request(c, "GET", BASE + "/liveEventOperations/nope" + API)
        self.assert_arm_error(resp, body, 404, "ResourceNotFound")
        resp, body = self.request(c, "GET", BASE + "/streamingThings/x" + API)
        self.assert_arm_error(resp, body, 404, "InvalidResourceType")
        resp, body = self.request(c, "GET", "/nothing/here" + API)
        self.assertEqual(resp.status, 404)
        resp, body = self.request(c, "GET", path + API)  # connection still usable
        self.assertEqual(resp.status, 200)

    def test_throttle_every(self):
        self.start("--operation", OP + "=Succeeded:100", "--throttle-every", "3")
        c = self.connect()
        statuses = []
        for _ in range(4):
            resp, body = self.request(c, "GET", BASE + "/liveEventOperations/" + OP + API)
            statuses.append(resp.status)
            if resp.status == 429:
                self.assert_arm_error(resp, body, 429, "TooManyRequests")
                self.assertEqual(resp.getheader("Retry-After"), "1")
        self.assertEqual(statuses, [200, 200, 429, 200])

    def test_tls_1_1_refused_tls_1_2_accepted(self):
        self.start("--operation", OP + "=Succeeded")
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.load_verify_locations(self.info["ca"])
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                ctx.set_ciphers("DEFAULT:@SECLEVEL=0")  # let *this* client offer TLS 1.1
                ctx.minimum_version = ssl.TLSVersion.TLSv1
                ctx.maximum_version = ssl.TLSVersion.TLSv1_1
        except (ValueError, ssl.SSLError):
            self.skipTest("client OpenSSL cannot offer TLS 1.1")
        raw = socket.create_connection(("127.0.0.1", self.info["port"]), timeout=10)
        self.conns.append(raw)
        with self.assertRaises(ssl.SSLError) as cm:
            ctx.wrap_socket(raw, server_hostname="localhost")
        if cm.exception.reason in ("NO_CIPHERS_AVAILABLE", "NO_PROTOCOLS_AVAILABLE"):
            self.skipTest("client OpenSSL cannot offer TLS 1.1")
        self.assertEqual(cm.exception.reason, "TLSV1_ALERT_PROTOCOL_VERSION")  # server said no
        self.ctx.maximum_version = ssl.TLSVersion.TLSv1_2
        resp, _ = self.request(self.connect(), "GET", BASE + "/liveEventOperations/" + OP + API)
        self.assertEqual(resp.status, 200)
        self.assertEqual(self.log()[-1]["tls"]["version"], "TLSv1.2")


class TestActionsAndConnections(SimTestCase):
    def test_post_start_then_poll_async_operation(self):
        self.start("--polls", "1")
        c = self.connect()
        resp, body = self.request(c, "POST", BASE + "/liveEvents/myLiveEvent1/start" + API)
        self.assertEqual(resp.status, 202)
        self.assertEqual(body, b"")
        self.assertEqual(resp.getheader("Content-Length"), "0")
        url = resp.getheader("Azure-AsyncOperation")
        prefix = "https://localhost:%d/subscriptions/" % self.info["port"]
        self.assertTrue(url.startswith(prefix), url)
        self.assertIn("/resourcegroups/mediaresources/", url)
        self.assertIn("/liveeventoperations/", url)
        self.assertTrue(url.endswith("?api-version=2022-11-01"))
        loc = resp.getheader("Location")
        self.assertIn("/liveevents/myLiveEvent1/operationlocations/", loc)
        op_path = url[len("https://localhost:%d" % self.info["port"]):]
        loc_path = loc[len("https://localhost:%d" % self.info["port"]):]
        resp, _ = self.request(c, "GET", loc_path)
        self.assertEqual(resp.status, 202)  # first poll: in progress
        _, body = self.request(c, "GET", op_path)
        self.assertEqual(json.loads(body)["status"], "Succeeded")
        resp, body = self.request(c, "GET", loc_path)
        self.assertEqual((resp.status, json.loads(body)), (200, {}))
        resp, _ = self.request(c, "POST", BASE + "/liveEvents/myLiveEvent1/stop" + API,
                               headers=dict(AUTH, **{"Content-Type": "application/json"}),
                               body=b'{"removeOutputsOnStop":false}')
        self.assertEqual(resp.status, 202)
        self.assertEqual(len({e["conn"] for e in self.log()}), 1)

    def test_close_after(self):
        self.start("--operation", OP + "=Succeeded:100", "--close-after", "2")
        c = self.connect()
        first, _ = self.request(c, "GET", BASE + "/liveEventOperations/" + OP + API)
        self.assertIsNone(first.getheader("Connection"))
        second, _ = self.request(c, "GET", BASE + "/liveEventOperations/" + OP + API)
        self.assertEqual(second.getheader("Connection"), "close")
        third, _ = self.request(c, "GET", BASE + "/liveEventOperations/" + OP + API)  # reconnects
        self.assertEqual(third.status, 200)
        self.assertEqual([e["conn"] for e in self.log()], [1, 1, 2])

    def test_client_connection_close_honoured(self):
        self.start("--operation", OP + "=Succeeded")
        c = self.connect()
        resp, _ = self.request(c, "GET", BASE + "/liveEventOperations/" + OP + API,
                               headers=dict(AUTH, Connection="close"))
        self.assertEqual(resp.getheader("Connection"), "close")
        self.request(c, "GET", BASE + "/liveEventOperations/" + OP + API)
        self.assertEqual([e["conn"] for e in self.log()], [1, 2])

    def test_max_requests_exits(self):
        self.start("--max-requests", "2")
        c = self.connect()
        self.request(c, "GET", "/x" + API)
        self.request(c, "GET", "/x" + API)
        self.assertEqual(self.proc.wait(5), 0)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "ready.json")))


if __name__ == "__main__":
    unittest.main()
