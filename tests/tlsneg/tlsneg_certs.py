# SPDX-License-Identifier: MIT
"""Bad server certificates for the TLS negative tests, made with the openssl
CLI and signed by the simulator's test CA (tests/sim/sim_certs.py), which the
client trusts: expired, not yet valid, wrong host name. An untrusted chain is
simply another simulator CA the client was not given.
"""
import datetime
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "sim"))
import sim_certs  # noqa: E402


def _openssl(args, cwd):
    proc = subprocess.run(["openssl"] + args, cwd=cwd, capture_output=True, timeout=60)
    if proc.returncode != 0:
        raise RuntimeError("openssl %s: %s" % (args[0], proc.stderr.decode(errors="replace")))


def _t(when):
    return when.strftime("%y%m%d%H%M%SZ")


def make_leaf(ca, work, name, san, start, end):
    """A server cert for `san` valid [start, end], signed by the CA `ca`
    (dict of ca.pem, ca.key). Returns (cert path, key path)."""
    os.makedirs(work, exist_ok=True)
    cnf = sim_certs._CONFIG.format(work=work)
    cnf = cnf.replace("subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1",
                      "subjectAltName = " + san)
    with open(os.path.join(work, name + ".cnf"), "w") as f:
        f.write(cnf)
    open(os.path.join(work, "index.txt"), "w").close()
    with open(os.path.join(work, "serial"), "w") as f:
        f.write("7F" + os.urandom(8).hex().upper() + "\n")
    c = ["-config", name + ".cnf"]
    _openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", name + ".key"], work)
    _openssl(["req", "-new"] + c + ["-key", name + ".key", "-subj", "/CN=localhost",
                                    "-out", name + ".csr"], work)
    _openssl(["ca", "-batch", "-notext"] + c + ["-startdate", _t(start), "-enddate", _t(end),
                                                "-cert", ca["ca.pem"], "-keyfile", ca["ca.key"],
                                                "-extensions", "v3_server", "-in", name + ".csr",
                                                "-out", name + ".pem"], work)
    return os.path.join(work, name + ".pem"), os.path.join(work, name + ".key")


def all_certs(state):
    """{case: (cert, key)} plus 'ca' (the trusted CA file)."""
    trusted = sim_certs.ensure_certs(os.path.join(state, "trusted"))
    other = sim_certs.ensure_certs(os.path.join(state, "untrusted"))
    now = datetime.datetime.now(datetime.timezone.utc)
    day = datetime.timedelta(days=1)
    work = os.path.join(state, "leaves")
    local = "DNS:localhost, IP:127.0.0.1"
    return {
        "ca": trusted["ca.pem"],
        "good": (trusted["server.pem"], trusted["server.key"]),
        "untrusted": (other["server.pem"], other["server.key"]),
        "wrong_host": make_leaf(trusted, work, "wronghost", "DNS:wrong.example", now - day,
                                now + 30 * day),
        "expired": make_leaf(trusted, work, "expired", local, now - 30 * day, now - day),
        "not_yet_valid": make_leaf(trusted, work, "future", local, now + day, now + 30 * day),
    }
