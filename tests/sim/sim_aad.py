# SPDX-License-Identifier: MIT
"""The Azure AD token endpoint of the simulator (client credentials grant).

POST /{tenant}/oauth2/v2.0/token with an application/x-www-form-urlencoded
body.  Answers like Azure AD v2.0: the token JSON on success, and on failure
its error shape (error, error_description with the AADSTS code, error_codes,
timestamp, trace_id, correlation_id, error_uri), with the HTTP statuses Azure
AD uses.  Issued tokens expire after --token-lifetime seconds; the ARM side
of the simulator rejects them afterwards with ExpiredAuthenticationToken.
Standard library only.
"""
import base64
import json
import os
import threading
import time
import uuid
from urllib.parse import parse_qsl


def add_arguments(ap):
    g = ap.add_argument_group("Azure AD token endpoint")
    g.add_argument("--tenant", default=None, help="tenant accepted in the path (default: any)")
    g.add_argument("--client-id", default="sim-client-id", help="client id accepted")
    g.add_argument("--client-secret", default="sim-client-secret", help="client secret accepted")
    g.add_argument("--token-lifetime", type=float, default=3600.0,
                   help="seconds an issued token is accepted by the ARM routes")
    g.add_argument("--token-expires-in", type=int, default=None,
                   help="expires_in announced (default: the lifetime, rounded down, min 1)")
    g.add_argument("--token-size", type=int, default=0,
                   help="length of issued tokens in bytes (0: about 1.2 KB, like a JWT)")


def token_route(path):
    """The tenant if path is /{tenant}/oauth2/v2.0/token, else None."""
    parts = path.strip("/").split("/")
    if len(parts) == 4 and parts[1:] == ["oauth2", "v2.0", "token"] and parts[0]:
        return parts[0]
    return None


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class TokenIssuer:
    """Checks token requests and remembers what it issued (token -> expiry, wall clock)."""

    def __init__(self, opts, reply_cls):
        self.opts, self.reply_cls = opts, reply_cls
        self.lock = threading.Lock()
        self.issued = {}

    def lookup(self, token):
        """Expiry time of a token this simulator issued, or None."""
        with self.lock:
            return self.issued.get(token)

    def error(self, status, error, code, text, note=None):
        """Azure AD's error reply."""
        trace, corr = str(uuid.uuid4()), str(uuid.uuid4())
        stamp = time.strftime("%Y-%m-%d %H:%M:%SZ", time.gmtime())
        body = {"error": error,
                "error_description": "AADSTS%d: %s\r\nTrace ID: %s\r\nCorrelation ID: %s\r\n"
                                     "Timestamp: %s" % (code, text, trace, corr, stamp),
                "error_codes": [code], "timestamp": stamp, "trace_id": trace,
                "correlation_id": corr,
                "error_uri": "https://login.microsoftonline.com/error?code=%d" % code}
        reply = self.reply_cls(status, json.dumps(body).encode(), self.headers(trace),
                               note=note or "%s AADSTS%d" % (error, code))
        reply.aad = True
        return reply

    @staticmethod
    def headers(trace):
        return [("Content-Type", "application/json; charset=utf-8"),
                ("Cache-Control", "no-store, no-cache"), ("Pragma", "no-cache"),
                ("x-ms-request-id", trace), ("x-ms-ests-server", "2.1.17000.5 - sim"),
                ("P3P", 'CP="DSP CUR OTPi IND OTRi ONL FIN"'),
                ("Set-Cookie", "fpc=sim; expires=Sat, 01-Jan-2050 00:00:00 GMT; path=/; "
                               "secure; HttpOnly; SameSite=None"),
                ("Set-Cookie", "x-ms-gateway-slice=estsfd; path=/; secure; samesite=none; "
                               "httponly")]

    def new_token(self):
        """A JWT-shaped bearer token (header.payload.signature, base64url)."""
        head = b64url(b'{"typ":"JWT","alg":"RS256","kid":"sim"}')
        claims = {"aud": "https://management.azure.com/", "iss": "https://sts.windows.net/sim/",
                  "appid": self.opts.client_id, "jti": str(uuid.uuid4())}
        payload = b64url(json.dumps(claims).encode())
        sig = b64url(os.urandom(256))
        token = "%s.%s.%s" % (head, payload, sig)
        size = self.opts.token_size
        if size > len(token):
            token += b64url(os.urandom(size))[: size - len(token)]
        elif size:
            token = token[:size]
        return token

    def token_request(self, req, tenant):
        """Answer one request to the token endpoint."""
        form = {}
        if req["method"] != "POST":
            return self.error(405, "invalid_request", 900561,
                              "The endpoint only accepts POST requests. Received a %s request."
                              % req["method"])
        ctype = req["hdr"].get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/x-www-form-urlencoded":
            return self.error(400, "invalid_request", 900144,
                              "The request body must contain the following parameter: "
                              "'grant_type'.")
        try:
            pairs = parse_qsl(req["body"].decode("ascii"), keep_blank_values=True,
                              strict_parsing=True)
        except (UnicodeDecodeError, ValueError):
            return self.error(400, "invalid_request", 900144, "The request body is malformed.")
        for k, v in pairs:
            form[k] = v
        req["form"] = {k: ("<redacted len=%d>" % len(v) if k == "client_secret" else v)
                       for k, v in form.items()}
        if self.opts.tenant and tenant != self.opts.tenant:
            return self.error(400, "invalid_request", 90002,
                              "Tenant '%s' not found. Check to make sure you have the correct "
                              "tenant ID and are signing into the correct cloud." % tenant)
        if form.get("grant_type") != "client_credentials":
            return self.error(400, "unsupported_grant_type", 70003,
                              "The app requested an unsupported grant type '%s'."
                              % form.get("grant_type", ""))
        if form.get("client_id") != self.opts.client_id:
            return self.error(400, "unauthorized_client", 700016,
                              "Application with identifier '%s' was not found in the directory "
                              "'%s'." % (form.get("client_id", ""), tenant))
        if form.get("client_secret") != self.opts.client_secret:
            return self.error(401, "invalid_client", 7000215,
                              "Invalid client secret provided. Ensure the secret being sent in "
                              "the request is the client secret value, not the client secret ID, "
                              "for a secret added to app '%s'." % self.opts.client_id)
        if not form.get("scope", "").endswith("/.default"):
            return self.error(400, "invalid_scope", 1002012,
                              "The provided value for scope %s is not valid. Client credential "
                              "flows must have a scope value with /.default suffixed to the "
                              "resource identifier (application ID URI)." % form.get("scope", ""))
        token = self.new_token()
        lifetime = self.opts.token_lifetime
        with self.lock:
            self.issued[token] = time.time() + lifetime
        expires_in = self.opts.token_expires_in
        if expires_in is None:
            expires_in = max(1, int(lifetime))
        body = {"token_type": "Bearer", "expires_in": expires_in, "ext_expires_in": expires_in,
                "access_token": token}
        reply = self.reply_cls(200, json.dumps(body).encode(), self.headers(str(uuid.uuid4())),
                               note="token len=%d expires_in=%d" % (len(token), expires_in))
        reply.aad = True
        return reply
