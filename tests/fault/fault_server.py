# SPDX-License-Identifier: MIT
"""A deliberately misbehaving HTTPS server for the fault-injection matrix.

Python standard library only; the certificates are the simulator's
(tests/sim/sim_certs.py). It runs in a thread of the test process, accepts
TLS connections on 127.0.0.1, and plays one *script* per connection: a list
of steps (read the request, send bytes, sleep, drip, close, reset, hang).
Connection k plays scripts[k], the last script repeating. Everything each
connection received is recorded, so a test can tell whether and how many
requests arrived.
"""
import os
import socket
import ssl
import struct
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "sim"))
import sim_certs  # noqa: E402  (the simulator's PKI, reused)

# Steps. Each is a tuple; the first item names it.
READ = ("read",)           # read the request head (up to the empty line)
CLOSE = ("close",)         # TLS close_notify, then FIN
RESET = ("reset",)         # RST at once (SO_LINGER 0), no close_notify
FIN = ("fin",)             # TCP FIN without a TLS close_notify (a truncation)
READ_BODY = ("read_body",)  # read the request head and its Content-Length body


def send(data):
    return ("send", data if isinstance(data, bytes) else data.encode())


def sleep(seconds):
    return ("sleep", seconds)


def drip(data, interval):
    """One byte every interval seconds."""
    return ("drip", data if isinstance(data, bytes) else data.encode(), interval)


def answer(fn, done=None):
    """Reads the request (head and body) and sends fn(request_bytes);
    done() is called once everything fn asked for was played."""
    return ("answer", fn, done)


def hang(seconds):
    """Keep the connection open, silent, for at most this long."""
    return ("hang", seconds)




def content_length(head):
    """The Content-Length of a request head (0 when it names none)."""
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == b"content-length":
            return int(v.strip() or b"0")
    return 0

def close_orderly(conn):
    """TLS close_notify (when the peer lets us), then the TCP close."""
    try:
        conn.settimeout(1)
        conn = conn.unwrap()
    except (ssl.SSLError, OSError):
        pass
    conn.close()

class FaultServer:
    def __init__(self, state_dir, scripts, tls_context=None, lifetime=60, nodelay=False):
        paths = sim_certs.ensure_certs(state_dir)
        self.ca = paths["ca.pem"]
        if tls_context is None:
            tls_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            tls_context.load_cert_chain(paths["server.pem"], paths["server.key"])
        self.ctx = tls_context
        self.scripts = scripts
        # TCP_NODELAY: bytes sent are on the wire when sendall returns (no
        # Nagle hold-back of a second small segment until the peer ACKs).
        self.nodelay = nodelay
        self.received = []  # bytes per connection, in accept order
        self.times = []     # monotonic time of each request head read, in order
        self.handshakes = 0
        self.errors = []
        self.lock = threading.Lock()
        self.stop_at = time.monotonic() + lifetime
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.endpoint = f"https://localhost:{self.port}"
        self.stopping = False
        self.threads = []
        self.acceptor = threading.Thread(target=self._accept, daemon=True)
        self.acceptor.start()

    def requests(self):
        """Number of request heads received over all connections."""
        with self.lock:
            return sum(r.count(b"\r\n\r\n") for r in self.received)

    def stop(self):
        self.stopping = True
        self.acceptor.join(5)
        for t in self.threads:
            t.join(5)
        self.listener.close()

    def _accept(self):
        while not self.stopping and time.monotonic() < self.stop_at:
            try:
                raw, _ = self.listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            if self.nodelay:
                raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self.lock:
                index = len(self.received)
                self.received.append(b"")
            script = self.scripts[min(index, len(self.scripts) - 1)]
            t = threading.Thread(target=self._serve, args=(raw, index, script), daemon=True)
            self.threads.append(t)
            t.start()

    def _record(self, index, data):
        with self.lock:
            self.received[index] += data

    def _read_head(self, conn, index, body=False):
        data = b""
        deadline = time.monotonic() + 10
        while b"\r\n\r\n" not in data and time.monotonic() < deadline:
            try:
                chunk = conn.recv(4096)
            except socket.timeout:
                continue
            if not chunk:
                break
            data += chunk
            self._record(index, chunk)
        if b"\r\n\r\n" in data:  # a request head, not a peer that closed
            with self.lock:
                self.times.append(time.monotonic())
        if body and b"\r\n\r\n" in data:
            head, rest = data.split(b"\r\n\r\n", 1)
            want = content_length(head)
            while len(rest) < want and time.monotonic() < deadline:
                try:
                    chunk = conn.recv(4096)
                except socket.timeout:
                    continue
                if not chunk:
                    break
                rest += chunk
                data += chunk
                self._record(index, chunk)
        return data

    def bodies(self):
        """The request bodies (Content-Length) of every request, in order."""
        out = []
        with self.lock:
            raw = b"".join(self.received)
        while b"\r\n\r\n" in raw:
            head, raw = raw.split(b"\r\n\r\n", 1)
            want = content_length(head)
            out.append((head, raw[:want]))
            raw = raw[want:]
        return out

    def _serve(self, raw, index, script):
        raw.settimeout(10)
        try:
            conn = self.ctx.wrap_socket(raw, server_side=True)
        except (ssl.SSLError, OSError) as e:
            # The client refused the handshake: record what it sent anyway.
            self.errors.append(repr(e))
            raw.close()
            return
        with self.lock:
            self.handshakes += 1
        conn.settimeout(0.5)
        done_calls = []  # answer() hooks: called when their step was played
        try:
            for step in script:
                while done_calls:
                    done_calls.pop()()
                if self.stopping:
                    break
                kind = step[0]
                if kind == "read":
                    self._read_head(conn, index)
                elif kind == "read_body":
                    self._read_head(conn, index, body=True)
                elif kind == "answer":
                    req = self._read_head(conn, index, body=True)
                    if not req:
                        break
                    out = step[1](req)
                    if out is None:
                        break
                    if step[2] is not None:
                        done_calls.append(step[2])
                    for part in out if isinstance(out, list) else [out]:
                        if isinstance(part, tuple):
                            # ("sleep", s) / ("fin",) / ("close",) inside an answer
                            if part[0] == "sleep":
                                time.sleep(part[1])
                            elif part[0] == "fin":
                                conn.shutdown(socket.SHUT_RDWR)
                                conn.close()
                                return
                            elif part[0] == "reset":
                                raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                               struct.pack("ii", 1, 0))
                                raw.close()
                                return
                            elif part[0] == "close":
                                close_orderly(conn)
                                return
                        else:
                            conn.sendall(part)
                elif kind == "send":
                    conn.sendall(step[1])
                elif kind == "sleep":
                    time.sleep(step[1])
                elif kind == "drip":
                    for b in step[1]:
                        if self.stopping:
                            break
                        conn.sendall(bytes([b]))
                        time.sleep(step[2])
                elif kind == "hang":
                    end = time.monotonic() + step[1]
                    while not self.stopping and time.monotonic() < end:
                        try:
                            chunk = conn.recv(4096)
                        except socket.timeout:
                            continue
                        if not chunk:
                            break
                        self._record(index, chunk)
                elif kind == "close":
                    close_orderly(conn)
                    return
                elif kind == "fin":
                    # SSLSocket.shutdown drops the TLS object first: no
                    # close_notify goes out, only the TCP FIN.
                    conn.shutdown(socket.SHUT_RDWR)
                    conn.close()
                    return
                elif kind == "reset":
                    raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    raw.close()
                    return
            # Script done: drain what the client still sends, until it closes.
            end = time.monotonic() + 5
            while not self.stopping and time.monotonic() < end:
                try:
                    chunk = conn.recv(4096)
                except socket.timeout:
                    continue
                if not chunk:
                    break
                self._record(index, chunk)
        except (ssl.SSLError, OSError) as e:
            self.errors.append(repr(e))
        finally:
            while done_calls:
                done_calls.pop()()
            try:
                conn.close()
            except OSError:
                pass
