#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""HTTPS simulator of the Azure Resource Manager endpoints amsop talks to.

It imitates what real ARM traffic looks like (chunked, CRLF-pretty-printed
JSON, lower-case segments in Azure-AsyncOperation, Retry-After, ARM's
ErrorResponse bodies) so the C client's parser and polling logic are tested
against the awkward parts, not against a tidy stand-in.  Standard library
only (project rule); certificates come from sim_certs (openssl CLI).

Usage: see --help.  Ready when DIR/ready.json exists (also printed on stdout).
"""

import argparse
import email.utils
import json
import os
import signal
import socket
import ssl
import sys
import threading
import time
import uuid
from urllib.parse import parse_qsl, unquote

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sim_certs  # noqa: E402  (sibling module, found via the line above)
import sim_aad  # noqa: E402

API_VERSIONS = ("2022-11-01", "2022-08-01", "2021-11-01")
# The second resource provider served: Microsoft.Compute's operation status
# (subscription scope, locations/{loc}/operations/{id}), its own versions.
COMPUTE_API_VERSIONS = ("2024-07-01", "2024-03-01")
MAX_HEAD = 64 * 1024
MAX_BODY = 1024 * 1024
READ_TIMEOUT = 30.0
REASONS = {200: "OK", 202: "Accepted", 400: "Bad Request", 401: "Unauthorized",
           404: "Not Found", 405: "Method Not Allowed", 413: "Payload Too Large",
           429: "Too Many Requests", 431: "Request Header Fields Too Large",
           501: "Not Implemented", 503: "Service Unavailable"}


class Reply:
    """One HTTP response: status, extra headers, body, and whether to chunk it."""

    def __init__(self, status, body=b"", headers=None, chunked=False, note=""):
        self.status, self.body, self.chunked, self.note = status, body, chunked, note
        self.headers = list(headers or [])


def arm_error(status, code, message, headers=None):
    """ARM's ErrorResponse ({"error":{"code","message"}}), Content-Length framed."""
    body = json.dumps({"error": {"code": code, "message": message}}, separators=(",", ":"))
    return Reply(status, body.encode(), headers, note=code)


def iso_time(t):
    """ARM's timestamps: UTC, seven fractional digits (.NET's round-trip form)."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".%07dZ" % int((t % 1) * 1e7)


def pretty_json(obj):
    """Indented JSON with CR LF line breaks, as ARM (Newtonsoft) sends it."""
    return json.dumps(obj, indent=2).replace("\n", "\r\n").encode()


class Operation:
    """A live event async operation: InProgress for N polls or S seconds, then final.

    on_done(final) runs once, when a poll first sees the final status (it moves
    the live event to its next state)."""

    def __init__(self, op_id, final, polls, seconds, target=None, on_done=None):
        self.id, self.final, self.polls, self.seconds = op_id, final, polls, seconds
        self.target = target or str(uuid.uuid4())
        self.created = time.monotonic()
        self.started = time.time()
        self.gets = 0
        self.on_done = on_done

    def poll(self):
        """Count one status query and return the status it sees."""
        self.gets += 1
        if self.seconds is not None:
            done = time.monotonic() - self.created >= self.seconds
        else:
            done = self.gets > self.polls
        if done and self.on_done is not None:
            self.on_done(self.final)
            self.on_done = None
        return self.final if done else "InProgress"

    def compute_result(self, status):
        """Microsoft.Compute's operation status: startTime always, endTime once
        it ended, percentComplete moving with the polls (100 at the end)."""
        doc = {"name": self.id, "status": status, "startTime": iso_time(self.started)}
        if status == "InProgress":
            doc["percentComplete"] = round(100.0 * self.gets / (self.polls + 1), 1)
        else:
            doc["percentComplete"] = 100
            doc["endTime"] = iso_time(time.time())
        if status == "Failed":
            doc["error"] = {"code": "OSProvisioningTimedOut",
                            "message": "OS Provisioning for VM 'vm1' did not finish in the "
                                       "allotted time."}
        return doc

    def result(self, status):
        """AsyncOperationResult body (shape of the 2022-11-01 spec example)."""
        if status == "Failed":
            error = {"code": "LiveEventOperationFailed",
                     "message": "The live event operation failed: the channel could not be "
                                "allocated in the region. Retry the operation later.",
                     "target": self.target}
        else:
            error = {"code": "None", "message": None, "target": self.target}
        return {"name": self.id, "status": status, "error": error}


class Simulator:
    """Shared state: options, operations, counters, request log, stop flag."""

    def __init__(self, opts, port):
        self.opts, self.port = opts, port
        self.lock = threading.Lock()
        self.ops = {}
        self.aad = sim_aad.TokenIssuer(opts, Reply)
        self.live_events = {}  # lower-case name -> [name, state]
        for spec in opts.live_event:
            name, _, state = spec.partition("=")
            if not name or state not in LIVE_EVENT_STATES + ("absent",):
                raise SystemExit("--live-event wants NAME=Stopped|Running|absent, got %r" % spec)
            self.live_events[name.lower()] = [name, state]
        self.requests = 0
        self.conns = 0
        self.big_sent = 0
        self.gateway_sent = 0
        self.stop = threading.Event()
        self.log_file = open(os.path.join(opts.state_dir, "requests.jsonl"), "a")
        for spec in opts.operation:
            op_id, _, rest = spec.partition("=")
            final, _, polls = rest.partition(":")
            if not op_id or not final:
                raise SystemExit("--operation wants ID=FINAL[:POLLS], got %r" % spec)
            self.add_op(Operation(op_id, final, int(polls) if polls else opts.polls, opts.seconds))

    def take_big(self):
        """True for the replies --big applies to (the first --big-polls)."""
        with self.lock:
            self.big_sent += 1
            return self.opts.big_polls == 0 or self.big_sent <= self.opts.big_polls

    def take_gateway(self):
        with self.lock:
            self.gateway_sent += 1
            return self.gateway_sent <= self.opts.gateway_503

    def add_op(self, op):
        with self.lock:
            self.ops[op.id.lower()] = op  # ARM resource names are case-insensitive

    def find_op(self, op_id):
        with self.lock:
            return self.ops.get(op_id.lower())

    def count_request(self):
        """Return this request's serial number (1-based, all connections)."""
        with self.lock:
            self.requests += 1
            n = self.requests
        if self.opts.max_requests and n >= self.opts.max_requests:
            self.stop.set()
        return n

    def log(self, conn, tls, req, reply):
        """requests.jsonl line (token redacted) and the stderr one-liner."""
        headers = {}
        for name, value in req["headers"]:
            if name == "authorization":
                value = "Bearer <redacted len=%d>" % len(value.partition(" ")[2] or value)
            headers[name] = headers[name] + ", " + value if name in headers else value
        line = {"ts": round(time.time(), 3), "conn": conn, "method": req["method"],
                "path": req["path"], "query": req["query"], "status": reply.status,
                "headers": headers, "body_len": len(req["body"]), "tls": tls}
        if "form" in req:
            line["form"] = req["form"]  # the token request, client_secret redacted
        with self.lock:
            self.log_file.write(json.dumps(line) + "\n")
            self.log_file.flush()
        if not self.opts.quiet:
            sys.stderr.write("sim: conn=%d %s %s -> %d %s\n" % (
                conn, req["method"], req["target"][:160], reply.status, reply.note))
            sys.stderr.flush()


def arm_headers(sim, req):
    """Headers every ARM reply carries; ids are fresh GUIDs like the real ones."""
    corr = req["hdr"].get("x-ms-correlation-request-id") or str(uuid.uuid4())
    rid = str(uuid.uuid4())
    hdrs = [("Cache-Control", "no-cache"), ("Pragma", "no-cache"), ("Expires", "-1"),
            ("Vary", "Accept-Encoding"), ("x-ms-ratelimit-remaining-subscription-reads", "11999"),
            ("x-ms-request-id", rid), ("x-ms-correlation-request-id", corr),
            ("x-ms-routing-request-id", "WESTEUROPE:%s:%s" % (
                time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()), str(uuid.uuid4()))),
            ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),
            ("X-Content-Type-Options", "nosniff")]
    if "x-ms-client-request-id" in req["hdr"]:
        hdrs.append(("x-ms-client-request-id", req["hdr"]["x-ms-client-request-id"]))
    return hdrs


def retry_after(sim):
    return [] if sim.opts.retry_after == "none" else [("Retry-After", sim.opts.retry_after)]


def expired(expiry):
    """ARM's answer to a token past its expiry."""
    fmt = "%m/%d/%Y %I:%M:%S %p"
    msg = "The access token expiry UTC time '%s' is earlier than current UTC time '%s'." % (
        time.strftime(fmt, time.gmtime(expiry)), time.strftime(fmt, time.gmtime()))
    www = 'Bearer authorization_uri="https://login.windows.net/", error="invalid_token", ' \
          'error_description="The access token expiry UTC time is earlier than current UTC time."'
    return arm_error(401, "ExpiredAuthenticationToken", msg, [("WWW-Authenticate", www)])


def check_auth(sim, req):
    """401 like ARM: AuthenticationFailed when missing, InvalidAuthenticationToken when wrong,
    ExpiredAuthenticationToken for a token this simulator issued that has expired."""
    value = req["hdr"].get("authorization")
    scheme, _, token = (value or "").partition(" ")
    token = token.strip()
    if value is not None and scheme.lower() == "bearer" and token == sim.opts.token:
        return None
    issued = sim.aad.lookup(token) if value is not None and scheme.lower() == "bearer" else None
    if issued is not None:
        if time.time() < issued:
            return None
        return expired(issued)
    if value is None:
        code, msg = "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing."
        desc = "The authentication failed because of missing 'Authorization' header."
    else:
        code, msg = "InvalidAuthenticationToken", "The access token is invalid."
        desc = msg
    www = 'Bearer authorization_uri="https://login.windows.net/", error="invalid_token", ' \
          'error_description="%s"' % desc
    return arm_error(401, code, msg, [("WWW-Authenticate", www)])


def check_api_version(query, known=API_VERSIONS):
    versions = [v for k, v in query if k.lower() == "api-version"]
    if not versions or not versions[0]:
        return arm_error(400, "MissingApiVersionParameter",
                         "The api-version query parameter (?api-version=) is required for all requests.")
    if versions[0] not in known:
        return arm_error(400, "InvalidApiVersionParameter",
                         "The api-version '%s' is invalid. The supported versions are '%s'."
                         % (versions[0], ",".join(known)))
    return None


def compute_route(segments):
    """The operation id of /subscriptions/{s}/providers/Microsoft.Compute/
    locations/{loc}/operations/{id}, or None."""
    low = [s.lower() for s in segments]
    if len(low) == 8 and low[0] == "subscriptions" and low[2] == "providers" and \
            low[3] == "microsoft.compute" and low[4] == "locations" and low[6] == "operations":
        return segments[7]
    return None


def compute_status(sim, req, op_id):
    """GET of a Compute operation: an ARM-wide AsyncOperationResult."""
    if req["method"] != "GET":
        return arm_error(405, "MethodNotAllowed",
                         "The requested resource does not support http method '%s'." % req["method"])
    op = sim.find_op(op_id)
    if op is None:
        return arm_error(404, "NotFound", "The operation '%s' was not found." % op_id)
    status = op.poll()
    hdrs = [("Content-Type", "application/json; charset=utf-8")]
    if status == "InProgress":
        hdrs += retry_after(sim)
    return Reply(200, pretty_json(op.compute_result(status)), hdrs, chunked=True, note=status)


def match_route(segments):
    """Map path segments to (kind, params) or None; fixed names compared case-insensitively."""
    low = [s.lower() for s in segments]
    if len(low) < 8 or low[0] != "subscriptions" or low[2] != "resourcegroups" or \
            low[4] != "providers" or low[5] != "microsoft.media" or low[6] != "mediaservices":
        return None
    p = {"sub": segments[1], "rg": segments[3], "acct": segments[7]}
    rest, lrest = segments[8:], low[8:]
    if len(rest) == 2 and lrest[0] == "liveeventoperations":
        return "operation", dict(p, op=rest[1])
    if len(rest) == 3 and lrest[0] == "liveevents" and lrest[2] in ("start", "stop", "reset"):
        return "action", dict(p, name=rest[1], action=lrest[2])
    if len(rest) == 4 and lrest[0] == "liveevents" and lrest[2] == "operationlocations":
        return "location", dict(p, name=rest[1], op=rest[3])
    if len(rest) == 2 and lrest[0] == "liveevents":
        return "liveevent", dict(p, name=rest[1])
    return None


def not_found_path(segments, api):
    low = [s.lower() for s in segments]
    if "microsoft.media" in low and len(segments) > low.index("microsoft.media") + 1:
        rtype = "/".join(segments[low.index("microsoft.media") + 1::2][:3]) or "?"
        return arm_error(404, "InvalidResourceType",
                         "The resource type '%s' could not be found in the namespace "
                         "'Microsoft.Media' for api version '%s'." % (rtype, api))
    return arm_error(404, "NotFound", "The requested path '/%s' was not found." % "/".join(segments))


def op_not_found(p):
    return arm_error(404, "ResourceNotFound",
                     "The Resource 'Microsoft.Media/mediaservices/%s/liveEventOperations/%s' under "
                     "resource group '%s' was not found. For more details please go to "
                     "https://aka.ms/ARMResourceNotFoundFix" % (p["acct"], p["op"], p["rg"]))


def handle(sim, req, serial):
    """Route one parsed request; checks run in the order ARM effectively applies them."""
    tenant = sim_aad.token_route(req["path"])
    if tenant is not None:  # the Azure AD token endpoint, served on the same port
        return sim.aad.token_request(req, tenant)
    denied = check_auth(sim, req)
    if denied:
        return denied
    query = parse_qsl(req["query"], keep_blank_values=True)
    segments = [unquote(s) for s in req["path"].strip("/").split("/")]
    compute_op = compute_route(segments)
    bad = check_api_version(query, COMPUTE_API_VERSIONS if compute_op else API_VERSIONS)
    if bad:
        return bad
    if compute_op is not None:
        return compute_status(sim, req, compute_op)
    api = [v for k, v in query if k.lower() == "api-version"][0]
    route = match_route(segments)
    if route is None:
        return not_found_path(segments, api)
    kind, p = route
    want = "POST" if kind == "action" else "GET"
    if req["method"] != want:
        return arm_error(405, "MethodNotAllowed",
                         "The requested resource does not support http method '%s'." % req["method"])
    if sim.opts.throttle_every and serial % sim.opts.throttle_every == 0:
        return arm_error(429, "TooManyRequests",
                         "The request is being throttled as the limit has been reached for "
                         "operation type - Read_ObservationWindow_00:05:00. For more information, "
                         "refer to - https://aka.ms/srpthrottlinglimits", [("Retry-After", "1")])
    if kind == "action":
        return start_action(sim, req, p, api)
    if kind == "liveevent":
        name, state = live_event(sim, p["name"])
        if state == "absent":
            return live_not_found(p, name)
        return Reply(200, pretty_json(live_event_doc(sim, p, name, state)),
                     [("Content-Type", "application/json; charset=utf-8")], chunked=True,
                     note=state)
    op = sim.find_op(p["op"])
    if op is None:
        return op_not_found(p)
    if kind == "operation":
        special = oversized_reply(sim, op)
        if special is not None:
            return special
    status = op.poll()
    if kind == "location":
        if status == "InProgress":
            return Reply(202, b"", retry_after(sim), note="InProgress")
        return Reply(200, b"{}", [("Content-Type", "application/json; charset=utf-8")], note=status)
    hdrs = [("Content-Type", "application/json; charset=utf-8")]
    if status == "InProgress":
        hdrs += retry_after(sim)
    doc = op.result(status)
    if sim.opts.big and sim.opts.big_status < 300 and sim.take_big():
        grow(doc, sim.opts.big)
    return Reply(200, pretty_json(doc), hdrs, chunked=True, note=status)


GATEWAY_PAGE = (b"<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body>"
                + b"<p>The service is temporarily unavailable. Please try again later.</p>" * 42
                + b"</body></html>")  # about 3 KB, as a gateway sends it


def grow(doc, specs):
    """Makes an operation result as large as --big asks: message=N (an
    error.message of N characters, escapes and non-ASCII included),
    details=N (N error.details), nest=N (a member nested N levels deep)."""
    err = doc.setdefault("error", {})
    if not isinstance(err, dict):
        err = doc["error"] = {}
    for spec in specs:
        what, _, n = spec.partition("=")
        n = int(n)
        if what == "message":
            unit = "Lorem ipsum \"dolor\" sit \u00e9\u20ac\n"
            err["message"] = (unit * (n // len(unit) + 1))[:n]
        elif what == "details":
            err["details"] = [{"code": "Detail%d" % i, "message": "detail %d: " % i + "x" * 100}
                              for i in range(n)]
        elif what == "nest":
            inner = {"depth": n}
            for i in range(n - 1):
                inner = [inner] if i % 2 else {"level": inner}
            err["innererror"] = inner


def oversized_reply(sim, op):
    """--gateway-503 and --big with a non-2xx --big-status: the reply that
    replaces a status read (the operation's own state does not move)."""
    if sim.opts.gateway_503 and sim.take_gateway():
        return Reply(503, GATEWAY_PAGE, [("Content-Type", "text/html"), ("Retry-After", "0")],
                     note="gateway page")
    if sim.opts.big and sim.opts.big_status >= 300 and sim.take_big():
        doc = {"error": {"code": "ServiceUnavailable", "message": "busy"}}
        grow(doc, sim.opts.big)
        return Reply(sim.opts.big_status, pretty_json(doc), [("Retry-After", "0")],
                     chunked=True, note="big error")
    return None


def live_not_found(p, name):
    """ARM's 404 for a live event that does not exist (--live-event NAME=absent)."""
    return arm_error(404, "ResourceNotFound",
                     "The Resource 'Microsoft.Media/mediaservices/%s/liveevents/%s' under "
                     "resource group '%s' was not found. For more details please go to "
                     "https://aka.ms/ARMResourceNotFoundFix" % (p["acct"], name, p["rg"]))


def live_event_doc(sim, p, name, state):
    """A LiveEvent resource as Resource Manager answers GET .../liveEvents/{name}
    (2022-11-01): the fields an encoder reads among the ones it ignores (a
    preview endpoint with the same keys as an ingest one, tags, systemData).
    --live-event-protocol FragmentedMP4 gives the Smooth ingest (one https
    endpoint); RTMP has two (rtmp and rtmps), as the service sends."""
    host = "%s-%s-usw22.channel.media.azure.net" % (name.lower(), p["acct"].lower())
    token = "0cb2bd6e52d0447fb1a4e0f8c2d1a6e6"
    protocol = sim.opts.live_event_protocol
    if protocol == "RTMP":
        endpoints = [{"protocol": "RTMP", "url": "rtmp://%s:1935/live/%s" % (host, token)},
                     {"protocol": "RTMP", "url": "rtmps://%s:2935/live/%s" % (host, token)}]
    else:
        endpoints = [{"protocol": "FragmentedMP4",
                      "url": "https://%s/%s/ingest.isml" % (host, token)}]
    endpoints += [{"protocol": protocol, "url": "rtmp://backup%d.%s/live/%s" % (i, host, token)}
                  for i in range(sim.opts.live_event_extra_endpoints)]
    rid = "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Media/mediaservices/%s/" \
          "liveEvents/%s" % (p["sub"], p["rg"], p["acct"], name)
    return {
        "name": name, "id": rid, "type": "Microsoft.Media/mediaservices/liveevents",
        "location": "West US 2", "tags": {"tag1": "value1"},
        "properties": {
            "description": "",
            "input": {
                "streamingProtocol": protocol,
                "accessControl": {"ip": {"allow": [{"name": "AllowAll", "address": "0.0.0.0",
                                                    "subnetPrefixLength": 0}]}},
                "keyFrameIntervalDuration": "PT2S",
                "accessToken": token,
                "endpoints": endpoints,
            },
            "preview": {
                "endpoints": [{"protocol": "FragmentedMP4",
                               "url": "https://%s-preview.channel.media.azure.net/%s/"
                                      "preview.ism/manifest" % (name.lower(), token)}],
                "accessControl": {"ip": {"allow": [{"name": "AllowAll", "address": "0.0.0.0",
                                                    "subnetPrefixLength": 0}]}},
                "previewLocator": token, "streamingPolicyName": None,
            },
            "encoding": {"encodingType": sim.opts.live_event_encoding, "presetName": None},
            "transcriptions": [],
            "provisioningState": "Succeeded",
            "resourceState": state,
            "crossSiteAccessPolicies": {"clientAccessPolicy": None, "crossDomainPolicy": None},
            "useStaticHostname": False,
            "hostnamePrefix": name.lower(),
            "streamOptions": sim.opts.live_event_stream_options.split(","),
            "created": "2026-12-01T10:00:00.0000000Z",
            "lastModified": "2026-12-01T10:00:00.0000000Z",
        },
        "systemData": {"createdBy": "contoso@microsoft.com", "createdByType": "User"},
    }


def live_event(sim, name):
    """[name, state] of a live event; one not seen before exists, Stopped."""
    with sim.lock:
        return sim.live_events.setdefault(name.lower(), [name, "Stopped"])


# action -> (state while its operation runs, state once it succeeded, states it starts from)
LIVE_EVENT_ACTIONS = {"start": ("Starting", "Running", ("Stopped", "Running")),
                      "stop": ("Stopping", "Stopped", ("Running", "Stopped")),
                      "reset": ("Running", "Running", ("Running",))}
LIVE_EVENT_STATES = ("Stopped", "Running")
PAST = {"start": "started", "stop": "stopped", "reset": "reset"}


def transition(sim, p):
    """Moves the live event into the action's transient state (Stopped ->
    Starting, Running -> Stopping) and returns the on_done callback that
    settles it when the operation ends (Running / Stopped, or back where it
    was if the operation failed), or an ARM error Reply."""
    entry = live_event(sim, p["name"])
    moving, settled, allowed = LIVE_EVENT_ACTIONS[p["action"]]
    with sim.lock:
        before = entry[1]
        if before == "absent":
            return live_not_found(p, entry[0])
        if before not in allowed:
            return arm_error(400, "BadRequest", "The live event '%s' is in state '%s'; it cannot "
                             "be %s now." % (entry[0], before, PAST[p["action"]]))
        if before != settled:
            entry[1] = moving

    def on_done(final):
        with sim.lock:
            entry[1] = settled if final == "Succeeded" else before
    return on_done


def start_action(sim, req, p, api):
    """POST start/stop/reset: create an operation, answer 202 with ARM's two URLs."""
    if req["body"].strip():
        try:
            json.loads(req["body"].decode("utf-8"))
        except ValueError as exc:
            return arm_error(400, "InvalidRequestContent",
                             "The request content was invalid and could not be deserialized: '%s'." % exc)
    on_done = transition(sim, p)
    if isinstance(on_done, Reply):
        return on_done
    if sim.opts.action_reply == "sync200":
        # done at once: 200 {} and no operation header (the spec's stop example)
        on_done("Succeeded")
        return Reply(200, b"{}", [], note="%s synchronous" % p["action"])
    op = Operation(str(uuid.uuid4()), sim.opts.final, sim.opts.polls, sim.opts.seconds,
                   on_done=on_done)
    sim.add_op(op)
    base = "https://localhost:%d/subscriptions/%s/resourcegroups/%s/providers/Microsoft.Media/" \
           "mediaservices/%s" % (sim.port, p["sub"], p["rg"], p["acct"])
    hdrs = [("Azure-AsyncOperation", "%s/liveeventoperations/%s?api-version=%s" % (base, op.id, api)),
            ("Location", "%s/liveevents/%s/operationlocations/%s?api-version=%s"
             % (base, p["name"], op.id, api))] + retry_after(sim)
    if sim.opts.action_reply == "location":
        hdrs = [h for h in hdrs if h[0] != "Azure-AsyncOperation"]
    if sim.opts.action_retry_after_ms is not None:
        hdrs.append(("retry-after-ms", str(sim.opts.action_retry_after_ms)))
    return Reply(202, b"", hdrs, note="%s %s" % (p["action"], op.id))


def serialize(sim, req, reply, close):
    """Bytes on the wire; chunked bodies are split in (at least) two chunks."""
    hdrs = [("Date", email.utils.formatdate(usegmt=True)), ("Server", "Microsoft-HTTPAPI/2.0")]
    if reply.status >= 400 or reply.body:
        if not any(k.lower() == "content-type" for k, _ in reply.headers):
            hdrs.append(("Content-Type", "application/json; charset=utf-8"))
    # Azure AD replies carry their own headers, not ARM's.
    hdrs += ([] if getattr(reply, "aad", False) else arm_headers(sim, req)) + reply.headers
    if reply.chunked:
        cut = max(1, len(reply.body) // 3)
        parts = [reply.body[:cut], reply.body[cut:2 * cut], reply.body[2 * cut:]]
        body = b"".join(b"%x\r\n%s\r\n" % (len(x), x) for x in parts if x) + b"0\r\n\r\n"
        hdrs.append(("Transfer-Encoding", "chunked"))
    else:
        body = reply.body
        hdrs.append(("Content-Length", str(len(body))))
    if close:
        hdrs.append(("Connection", "close"))
    head = "HTTP/1.1 %d %s\r\n" % (reply.status, REASONS.get(reply.status, "Error"))
    head += "".join("%s: %s\r\n" % kv for kv in hdrs) + "\r\n"
    return head.encode("latin-1") + body


class BadRequest(Exception):
    """Malformed request: answer with this status, then close the connection."""

    def __init__(self, status, message):
        Exception.__init__(self, message)
        self.status = status


def read_request(sock, buf):
    """Read one request from sock (buf = leftover bytes). Returns (req, rest) or (None, b"") on EOF."""
    while b"\r\n\r\n" not in buf:
        if len(buf) > MAX_HEAD:
            raise BadRequest(431, "Request header too large.")
        data = sock.recv(65536)
        if not data:
            return None, b""
        buf += data
    head, _, buf = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        raise BadRequest(400, "Malformed request line.")
    req = {"method": parts[0], "target": parts[1], "version": parts[2], "headers": []}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if not sep or not name or name != name.strip():
            raise BadRequest(400, "Malformed header line.")
        req["headers"].append((name.lower(), value.strip()))
    req["hdr"] = dict(req["headers"])
    if "transfer-encoding" in req["hdr"]:
        raise BadRequest(501, "Chunked request bodies are not supported by the simulator.")
    try:
        length = int(req["hdr"].get("content-length", "0"))
    except ValueError:
        raise BadRequest(400, "Invalid Content-Length.")
    if length < 0 or length > MAX_BODY:
        raise BadRequest(413 if length > 0 else 400, "Invalid Content-Length.")
    while len(buf) < length:
        data = sock.recv(65536)
        if not data:
            return None, b""
        buf += data
    req["body"], buf = buf[:length], buf[length:]
    target = req["target"]
    if target.startswith("https://") or target.startswith("http://"):
        target = "/" + target.split("/", 3)[3] if target.count("/") >= 3 else "/"
    req["path"], _, req["query"] = target.partition("?")
    return req, buf


def wants_close(req):
    conn = req["hdr"].get("connection", "").lower()
    return "close" in conn or (req["version"] == "HTTP/1.0" and "keep-alive" not in conn)


def serve_connection(sim, ctx, raw, conn_no):
    """One thread per connection: handshake, then keep-alive request loop."""
    raw.settimeout(READ_TIMEOUT)
    try:
        sock = ctx.wrap_socket(raw, server_side=True, do_handshake_on_connect=False)
        sock.do_handshake()
    except (OSError, ssl.SSLError) as exc:
        if not sim.opts.quiet:
            sys.stderr.write("sim: conn=%d TLS handshake failed: %s\n" % (conn_no, exc))
        raw.close()
        return
    tls = {"version": sock.version(), "resumed": sock.session_reused}
    buf, replies = b"", 0
    try:
        while not sim.stop.is_set():
            try:
                req, buf = read_request(sock, buf)
            except BadRequest as exc:
                req = {"method": "?", "target": "?", "path": "?", "query": "", "version": "HTTP/1.1",
                       "headers": [], "hdr": {}, "body": b""}
                reply = arm_error(exc.status, "BadRequest", str(exc))
                sim.log(conn_no, tls, req, reply)
                sock.sendall(serialize(sim, req, reply, True))
                break
            if req is None:
                break
            serial = sim.count_request()
            reply = handle(sim, req, serial)
            replies += 1
            close = wants_close(req) or sim.stop.is_set() or \
                (sim.opts.close_after and replies % sim.opts.close_after == 0)
            sim.log(conn_no, tls, req, reply)  # before sending: once a client has
            sock.sendall(serialize(sim, req, reply, close))  # the reply, its line is on disk
            if close:
                break
    except (OSError, ssl.SSLError):
        pass  # peer went away or read timeout: nothing to answer
    finally:
        try:
            sock.settimeout(1.0)
            sock.unwrap().close()  # send close_notify like a well-behaved server
        except (OSError, ssl.SSLError, ValueError):
            sock.close()


def make_context(paths):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(paths["server.pem"], paths["server.key"])
    return ctx


def write_ready(state_dir, info):
    """ready.json appears atomically, so a waiter never reads half a file."""
    path = os.path.join(state_dir, "ready.json")
    tmp = path + ".%d.tmp" % os.getpid()
    with open(tmp, "w") as f:
        json.dump(info, f)
    os.replace(tmp, path)
    return path


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description="HTTPS simulator of ARM liveEventOperations for amsop tests")
    ap.add_argument("--state-dir", required=True, help="certs, ready.json and requests.jsonl go here")
    ap.add_argument("--port", type=int, default=0, help="0 = ephemeral")
    ap.add_argument("--bind", default="127.0.0.1", help="address to listen on (e.g. ::1)")
    ap.add_argument("--token", default="sim-token", help="expected bearer token")
    ap.add_argument("--polls", type=int, default=2, help="GETs an operation stays InProgress")
    ap.add_argument("--seconds", type=float, default=None, help="InProgress for S seconds instead")
    ap.add_argument("--final", default="Succeeded", help="final status (Succeeded|Failed|any text)")
    ap.add_argument("--retry-after", default="1", help="Retry-After on InProgress, or 'none'")
    ap.add_argument("--operation", action="append", default=[], metavar="ID=FINAL[:POLLS]")
    ap.add_argument("--action-reply", choices=("both", "location", "sync200"), default="both",
                    help="start/stop/reset answer: 202 with Azure-AsyncOperation and Location, "
                         "202 with Location only, or 200 {} with no operation header")
    ap.add_argument("--action-retry-after-ms", type=int, default=None, metavar="MS",
                    help="also send retry-after-ms: MS on the 202")
    ap.add_argument("--throttle-every", type=int, default=0, help="every Nth request -> 429")
    ap.add_argument("--close-after", type=int, default=0, help="close connection after N replies")
    ap.add_argument("--lifetime", type=float, default=300.0, help="exit after this many seconds")
    ap.add_argument("--max-requests", type=int, default=0, help="exit after this many requests")
    ap.add_argument("--quiet", action="store_true", help="no per-request log on stderr")
    ap.add_argument("--live-event", action="append", default=[], metavar="NAME=STATE",
                    help="initial live event state (Stopped|Running); others start Stopped")
    ap.add_argument("--live-event-protocol", choices=("RTMP", "FragmentedMP4"), default="RTMP",
                    help="the live events' input.streamingProtocol (and their ingest endpoints)")
    ap.add_argument("--live-event-encoding", default="PassthroughStandard",
                    help="the live events' encoding.encodingType (any text)")
    ap.add_argument("--live-event-stream-options", default="Default", metavar="A[,B...]",
                    help="the live events' streamOptions")
    ap.add_argument("--live-event-extra-endpoints", type=int, default=0, metavar="N",
                    help="N more ingest endpoints after the usual ones")
    ap.add_argument("--big", action="append", default=[], metavar="KIND=N",
                    help="grow status replies: message=N chars, details=N, nest=N levels")
    ap.add_argument("--big-polls", type=int, default=0,
                    help="--big only on the first N status reads (0: all)")
    ap.add_argument("--big-status", type=int, default=200,
                    help="HTTP status of --big replies; not 2xx: an ErrorResponse with Retry-After 0")
    ap.add_argument("--gateway-503", type=int, default=0, metavar="N",
                    help="the first N status reads get a 3 KB HTML 503 page with Retry-After: 0")
    sim_aad.add_arguments(ap)
    opts = ap.parse_args(argv)
    for spec in opts.big:
        what, _, n = spec.partition("=")
        if what not in ("message", "details", "nest") or not n.isdigit() or int(n) < 1:
            ap.error("--big wants message=N, details=N or nest=N, got %r" % spec)
    if opts.retry_after != "none" and not opts.retry_after.isdigit():
        ap.error("--retry-after wants a number of seconds or 'none'")
    return opts


def main(argv=None):
    opts = parse_args(argv)
    opts.state_dir = os.path.abspath(opts.state_dir)
    os.makedirs(opts.state_dir, exist_ok=True)
    try:
        os.unlink(os.path.join(opts.state_dir, "ready.json"))  # never let a waiter see a stale one
    except FileNotFoundError:
        pass
    ctx = make_context(sim_certs.ensure_certs(opts.state_dir))
    family = socket.AF_INET6 if ":" in opts.bind else socket.AF_INET
    lsock = socket.socket(family, socket.SOCK_STREAM)
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind((opts.bind, opts.port))
    lsock.listen(64)
    lsock.settimeout(0.2)  # so the accept loop notices stop/lifetime promptly
    sim = Simulator(opts, lsock.getsockname()[1])
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: sim.stop.set())
    info = {"port": sim.port, "ca": os.path.join(opts.state_dir, "ca.pem"), "pid": os.getpid()}
    ready = write_ready(opts.state_dir, info)
    sys.stdout.write(json.dumps(info) + "\n")
    sys.stdout.flush()
    deadline = time.monotonic() + opts.lifetime
    while not sim.stop.is_set() and time.monotonic() < deadline:
        try:
            raw, _ = lsock.accept()
        except socket.timeout:
            continue
        except OSError:
            break
        sim.conns += 1
        threading.Thread(target=serve_connection, args=(sim, ctx, raw, sim.conns), daemon=True).start()
    sim.stop.set()
    lsock.close()
    time.sleep(0.1)  # let a thread that just replied finish its log line
    try:
        os.unlink(ready)
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
