# SPDX-License-Identifier: MIT
"""Test PKI for the amsop HTTPS simulator, made with the openssl CLI.

Why the openssl CLI and `openssl ca`: the project rule is "standard library
only, certificates generated at test time", and python's ssl module cannot
create certificates.  `openssl req -x509` / `openssl x509 -req` on OpenSSL
< 3.4 cannot back-date notBefore, but `openssl ca -startdate` can (OpenSSL
1.1.1 and 3.x), and a back-dated notBefore keeps boards whose clock is a bit
behind (or not yet set) from rejecting the certificate.

Files written into the state directory:
    ca.pem, ca.key          self-signed CA (EC P-256), the client's trust anchor
    server.pem, server.key  CN=localhost, SAN DNS:localhost, IP:127.0.0.1, IP:::1
Existing files are reused when they still verify and stay valid for a day.
"""

import datetime
import fcntl
import os
import shutil
import ssl
import subprocess
import tempfile

VALID_DAYS = 30

_CONFIG = """\
[ca]
default_ca = sim_ca

[sim_ca]
dir = {work}
database = $dir/index.txt
new_certs_dir = $dir
serial = $dir/serial
default_md = sha256
policy = sim_policy
unique_subject = no
copy_extensions = none

[sim_policy]
commonName = supplied

[req]
distinguished_name = req_dn
prompt = no

[req_dn]
CN = placeholder

[v3_ca]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[v3_server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyAgreement
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1
"""


def _run(args, cwd):
    """Run openssl quietly; on failure raise with its stderr (the useful part)."""
    proc = subprocess.run(["openssl"] + args, cwd=cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=60)
    if proc.returncode != 0:
        raise RuntimeError("openssl %s failed: %s" % (args[0], proc.stderr.decode(errors="replace")))
    return proc.stdout


def _asn1_time(when):
    """UTCTime as `openssl ca -startdate/-enddate` wants it (YYMMDDHHMMSSZ)."""
    return when.strftime("%y%m%d%H%M%SZ")


def _paths(state_dir):
    return {n: os.path.join(state_dir, n) for n in ("ca.pem", "ca.key", "server.pem", "server.key")}


def _still_valid(paths, work):
    """True if all four files exist, chain to each other and stay valid >= 1 day."""
    if not all(os.path.isfile(p) for p in paths.values()):
        return False
    try:
        for cert in (paths["ca.pem"], paths["server.pem"]):
            _run(["x509", "-noout", "-checkend", "86400", "-in", cert], work)
        _run(["verify", "-CAfile", paths["ca.pem"], paths["server.pem"]], work)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(paths["server.pem"], paths["server.key"])  # key matches cert
        return True
    except (RuntimeError, ssl.SSLError, OSError):
        return False


def _generate(paths, work):
    """Create CA and server certificate in `work`, then move them into place."""
    with open(os.path.join(work, "openssl.cnf"), "w") as f:
        f.write(_CONFIG.format(work=work))
    open(os.path.join(work, "index.txt"), "w").close()
    with open(os.path.join(work, "serial"), "w") as f:
        f.write("7F" + os.urandom(8).hex().upper() + "\n")  # random, positive, even length
    now = datetime.datetime.now(datetime.timezone.utc)
    dates = ["-startdate", _asn1_time(now - datetime.timedelta(days=1)),
             "-enddate", _asn1_time(now + datetime.timedelta(days=VALID_DAYS))]
    cnf = ["-config", "openssl.cnf"]
    for name in ("ca", "server"):
        _run(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", name + ".key"], work)
    _run(["req", "-new"] + cnf + ["-key", "ca.key", "-subj", "/CN=amsop simulator test CA",
                                  "-out", "ca.csr"], work)
    _run(["ca", "-batch", "-selfsign", "-notext"] + cnf + dates +
         ["-keyfile", "ca.key", "-extensions", "v3_ca", "-in", "ca.csr", "-out", "ca.pem"], work)
    _run(["req", "-new"] + cnf + ["-key", "server.key", "-subj", "/CN=localhost", "-out", "server.csr"], work)
    _run(["ca", "-batch", "-notext"] + cnf + dates +
         ["-cert", "ca.pem", "-keyfile", "ca.key", "-extensions", "v3_server",
          "-in", "server.csr", "-out", "server.pem"], work)
    for name, dest in paths.items():
        os.chmod(os.path.join(work, name), 0o600 if name.endswith(".key") else 0o644)
        os.replace(os.path.join(work, name), dest)


def ensure_certs(state_dir):
    """Return dict of absolute paths (ca.pem, ca.key, server.pem, server.key).

    A lock file serialises simulators that share a state directory, so two
    starting at once never see half-written files.
    """
    state_dir = os.path.abspath(state_dir)
    os.makedirs(state_dir, exist_ok=True)
    paths = _paths(state_dir)
    with open(os.path.join(state_dir, ".certs.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        work = tempfile.mkdtemp(prefix=".certs-", dir=state_dir)
        try:
            if not _still_valid(paths, work):
                _generate(paths, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return paths
