# SPDX-License-Identifier: MIT
"""TLS negatives: the real amsop CLI against `openssl s_server` (Debian's
openssl) and a truncating TCP server on loopback. Each bad server must make
the CLI fail with AMSOP_ERR_TLS_VERIFY or AMSOP_ERR_TLS_HANDSHAKE (exit 3),
and the server must receive no HTTP request byte: s_server prints every
application byte it receives, so its output must not hold "GET " (a
positive control with a good certificate shows that it would).
"""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import tlsneg_certs  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
AMSOP_BIN = os.environ.get("AMSOP_BIN", os.path.join(ROOT, "build", "boards", "posix", "amsop"))
SUB = "0a6ec948-5a62-437d-b9df-934dc7c1b722"
OP = "62e4d893-d233-4005-988e-a428d9f77076"
TOKEN = "tlsneg-token.abcdefghijklmnopqrstuvwxyz"
STATE = tempfile.mkdtemp(prefix="amsop-tlsneg-")
CERTS = tlsneg_certs.all_certs(STATE)
LEGACY = ["-cipher", "DEFAULT@SECLEVEL=0"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli_args(port):
    token_file = os.path.join(STATE, "token")
    with open(token_file, "w") as f:
        f.write(TOKEN)
    return [AMSOP_BIN, "get", "--subscription", SUB, "--resource-group", "rg", "--account",
            "account1", "--operation", OP, "--endpoint", f"https://localhost:{port}",
            "--ca-file", CERTS["ca"], "--token-file", token_file, "--output", "json"]


def run_cli(port, timeout=20):
    args = cli_args(port)
    start = time.monotonic()
    proc = subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)
    return proc, time.monotonic() - start


class SServer:
    """openssl s_server on 127.0.0.1, one connection, its output captured."""

    def __init__(self, cert, *extra):
        self.port = free_port()
        self.out = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            ["openssl", "s_server", "-accept", f"127.0.0.1:{self.port}", "-cert", cert[0],
             "-key", cert[1], "-naccept", "1", "-ign_eof", *extra],
            stdin=subprocess.PIPE, stdout=self.out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        # That probe used up the one accept: start again for real.
        self.proc.wait(timeout=10)
        self.proc.stdin.close()
        self.out.seek(0)
        self.out.truncate()
        self.proc = subprocess.Popen(
            ["openssl", "s_server", "-accept", f"127.0.0.1:{self.port}", "-cert", cert[0],
             "-key", cert[1], "-naccept", "1", "-ign_eof", *extra],
            stdin=subprocess.PIPE, stdout=self.out, stderr=subprocess.STDOUT)
        time.sleep(0.3)

    def output(self):
        self.stop()
        self.out.seek(0)
        text = self.out.read().decode(errors="replace")
        self.out.close()
        return text

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdin:
            self.proc.stdin.close()
            self.proc.stdin = None


class Truncating:
    """Plain TCP: reads the ClientHello, answers with the first bytes of a
    ServerHello record (or other junk), then closes. Records what it read."""

    def __init__(self, answer):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.sock.settimeout(10)
        self.port = self.sock.getsockname()[1]
        self.got = b""
        self.answer = answer
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(2)
            try:
                self.got += conn.recv(65536)
                conn.sendall(self.answer)
                time.sleep(0.2)
                conn.shutdown(socket.SHUT_WR)
                while True:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    self.got += chunk
            except OSError:
                pass

    def stop(self):
        self.thread.join(10)
        self.sock.close()


class TlsNegatives(unittest.TestCase):
    def expect_refused(self, server, err, proc, took):
        out = server.output()
        info = f"\n--- cli ---\n{proc.stderr}\n--- server ---\n{out[-2000:]}"
        self.assertIn(f"amsop: {err}: ", proc.stderr, info)
        self.assertEqual(proc.returncode, 3, info)
        self.assertLess(took, 15, info)
        self.assertEqual(proc.stdout, "", info)
        self.assertNotIn("GET ", out, "request bytes reached the server" + info)
        self.assertNotIn(TOKEN, out + proc.stderr)

    # What the CLI names as the reason of each verification failure (from
    # mbedTLS's verify flags, through amsop_tls_verify_reason).
    REASONS = {"untrusted": "not trusted", "wrong_host": "name mismatch",
               "expired": "expired", "not_yet_valid": "not yet valid"}

    def bad_cert(self, which, err):
        server = SServer(CERTS[which])
        self.addCleanup(server.stop)
        proc, took = run_cli(server.port)
        self.expect_refused(server, err, proc, took)
        # The reason line names this failure and no other one (each case is
        # the others' control: their reasons must not show here).
        info = "\n--- cli ---\n" + proc.stderr
        lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("amsop:   certificate: ")]
        self.assertEqual(len(lines), 1, info)
        self.assertIn(self.REASONS[which], lines[0], info)
        for other, reason in self.REASONS.items():
            if other != which and reason not in self.REASONS[which]:
                self.assertNotIn(reason, lines[0], info)

    def test_control_good_certificate_request_is_seen(self):
        # The observation method works: with a good certificate the request
        # (and nothing of the token) shows in s_server's output.
        server = SServer(CERTS["good"])
        self.addCleanup(server.stop)
        with subprocess.Popen(cli_args(server.port), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL) as cli:
            deadline = time.monotonic() + 15
            seen = b""
            while b"GET /subscriptions/" not in seen and time.monotonic() < deadline:
                time.sleep(0.1)
                server.out.seek(0)
                seen = server.out.read()
            server.stop()  # s_server never answers: end the CLI's read
            cli.wait(timeout=30)
        self.assertIn(b"GET /subscriptions/" + SUB.encode(), seen)

    def test_untrusted_ca(self):
        self.bad_cert("untrusted", "AMSOP_ERR_TLS_VERIFY")

    def test_wrong_host_name(self):
        self.bad_cert("wrong_host", "AMSOP_ERR_TLS_VERIFY")

    def test_expired(self):
        self.bad_cert("expired", "AMSOP_ERR_TLS_VERIFY")

    def test_not_yet_valid(self):
        self.bad_cert("not_yet_valid", "AMSOP_ERR_TLS_VERIFY")

    def legacy(self, *args):
        server = SServer(CERTS["good"], *args)
        self.addCleanup(server.stop)
        proc, took = run_cli(server.port)
        self.expect_refused(server, "AMSOP_ERR_TLS_HANDSHAKE", proc, took)

    def test_tls1_0_only(self):
        self.legacy("-tls1", *LEGACY)

    def test_tls1_1_only(self):
        self.legacy("-tls1_1", *LEGACY)

    def test_weak_cipher_null(self):
        self.legacy("-tls1_2", "-cipher", "ECDHE-ECDSA-NULL-SHA:@SECLEVEL=0")

    def test_cbc_sha1_cipher(self):
        # Valid certificate, TLS 1.2, but only a CBC/SHA-1 suite: amsop offers
        # forward-secret AEAD suites only, so the handshake must fail.
        self.legacy("-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA:@SECLEVEL=0")

    def test_weak_cipher_anonymous_dh(self):
        self.legacy("-tls1_2", "-cipher", "aNULL:@SECLEVEL=0")

    def truncated(self, answer):
        server = Truncating(answer)
        self.addCleanup(server.stop)
        proc, took = run_cli(server.port)
        server.stop()
        info = f"\n{proc.stderr}"
        self.assertIn("amsop: AMSOP_ERR_TLS_HANDSHAKE: ", proc.stderr, info)
        self.assertEqual(proc.returncode, 3, info)
        self.assertLess(took, 15, info)
        self.assertTrue(server.got.startswith(b"\x16\x03"), "no ClientHello seen")
        self.assertNotIn(b"GET ", server.got)

    def test_truncated_server_hello(self):
        self.truncated(b"\x16\x03\x03\x00\x5a\x02\x00\x00\x56\x03\x03" + b"\x11" * 10)

    def test_plaintext_http_answer(self):
        self.truncated(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")


if __name__ == "__main__":
    unittest.main()
