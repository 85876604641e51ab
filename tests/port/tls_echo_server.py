#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Loopback TLS echo server for the amsop TLS transport tests (stdlib only).

usage: tls_echo_server.py CERT KEY [HOST]
Prints "PORT <n>" once listening on an ephemeral port. Echoes what it
receives; a message "CLOSE" makes it send close_notify and hang up. Exits
when its stdin closes (the test process died) or after 60 s without a
connection, so a failed test never leaves it behind.
"""
import os
import socket
import ssl
import sys
import threading


def serve(conn: socket.socket, ctx: ssl.SSLContext) -> None:
    conn.settimeout(10)
    try:
        tls = ctx.wrap_socket(conn, server_side=True)
    except (ssl.SSLError, OSError):
        conn.close()  # a client that rejected our certificate: expected
        return
    try:
        while True:
            data = tls.recv(65536)
            if not data:
                break
            if data == b"CLOSE":
                tls.unwrap()  # sends close_notify
                break
            tls.sendall(data)
    except (ssl.SSLError, OSError):
        pass
    finally:
        tls.close()


def watch_parent() -> None:
    sys.stdin.buffer.read()
    os._exit(0)


def main() -> int:
    cert, key = sys.argv[1], sys.argv[2]
    host = sys.argv[3] if len(sys.argv) > 3 else "127.0.0.1"
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(cert, key)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    srv = socket.socket(family, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((host, 0))
    srv.listen(16)
    srv.settimeout(60)
    print("PORT", srv.getsockname()[1], flush=True)
    threading.Thread(target=watch_parent, daemon=True).start()
    while True:
        try:
            conn, _ = srv.accept()
        except socket.timeout:
            return 0
        threading.Thread(target=serve, args=(conn, ctx), daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
