# SPDX-License-Identifier: MIT
"""The fault-injection matrix: one row per misbehaviour of the server.

Each case names the CLI command (get or wait, plus options), the server's
scripts (see fault_server.py), the exact amsop error and exit code, the
deadline the CLI must return within, and what its --output json may hold.
`fields` are the exact values of the last JSON line (dotted names for the
error object); with `no_output` the CLI must print no JSON at all (no
half-read reply reaches the caller).
"""
import json

from fault_server import CLOSE, READ, RESET, drip, hang, send, sleep

OP = "62e4d893-d233-4005-988e-a428d9f77076"
OK_BODY = json.dumps({"name": OP, "status": "Succeeded", "error": None})
RUNNING_BODY = json.dumps({"name": OP, "status": "InProgress"})

# Kconfig defaults (Kconfig at the repo root); the limit rows use them.
HEADER_LINE_MAX = 8192
HEADER_COUNT_MAX = 64
BODY_MAX = 2048
JSON_TOKENS = 96
LIMITS = {"name": 64, "status": 32, "error.code": 64, "error.message": 256,
          "error.target": 128}


def reply(status=200, reason="OK", headers=(), body=OK_BODY, length=True, version="1.1"):
    if isinstance(body, str):
        body = body.encode()
    head = f"HTTP/{version} {status} {reason}\r\n"
    hdrs = list(headers)
    if length:
        hdrs.append(("Content-Length", str(len(body))))
    if body and not any(h[0].lower() == "content-type" for h in hdrs):
        hdrs.append(("Content-Type", "application/json; charset=utf-8"))
    head += "".join(f"{k}: {v}\r\n" for k, v in hdrs) + "\r\n"
    return head.encode() + body


def chunked(body, status=200, headers=(), pieces=3, final=True):
    body = body.encode() if isinstance(body, str) else body
    out = reply(status, "OK", list(headers) + [("Transfer-Encoding", "chunked")], b"", False)
    step = max(1, len(body) // pieces)
    for i in range(0, len(body), step):
        part = body[i:i + step]
        out += b"%x\r\n" % len(part) + part + b"\r\n"
    if final:
        out += b"0\r\n\r\n"
    return out


def arm_error(code, message):
    return json.dumps({"error": {"code": code, "message": message}})


def case(name, scripts, err, exit_code, deadline=10.0, cmd="get", args=(), fields=None,
         no_output=False, requests=None, connections=None, reconnects=None):
    return dict(name=name, scripts=scripts, err=err, exit=exit_code, deadline=deadline, cmd=cmd,
                args=list(args), fields=fields, no_output=no_output, requests=requests,
                connections=connections, reconnects=reconnects)


HEAD_200 = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 80\r\n\r\n"
RID = ("x-ms-request-id", "11111111-2222-3333-4444-555555555555")
WAIT = dict(cmd="wait", args=["--timeout", "20"])


def limit_cases():
    """Every JSON field limit: one byte under (whole) and exactly at the
    buffer size (cut, flagged truncated); the x-ms-request-id header too."""
    out = []
    for field, size in LIMITS.items():
        for n, cut in ((size - 1, False), (size, True)):
            value = "v" * n
            if field in ("name", "status"):
                doc = {"name": OP, "status": "Succeeded"}
                doc[field] = value
            else:
                doc = {"name": OP, "status": "Failed", "error": {"code": "C", "message": "M"}}
                doc["error"][field.split(".")[1]] = value
            want = value[:size - 1]
            out.append(case(f"limit_{field}_{n}", [[READ, send(reply(body=json.dumps(doc)))]],
                            "AMSOP_OK", 0, fields={field: want,
                                                   "truncated": [field] if cut else []}))
    for n, cut in ((63, False), (64, True)):
        rid = "r" * n
        out.append(case(f"limit_requestId_{n}",
                        [[READ, send(reply(headers=[("x-ms-request-id", rid)]))]], "AMSOP_OK", 0,
                        fields={"requestId": rid[:63], "status": "Succeeded",
                                "truncated": ["requestId"] if cut else []}))
    return out


def cases():
    pad_at = "X-Pad: " + "p" * (HEADER_LINE_MAX - len("X-Pad: ") - 1)  # + CR = the limit
    pad_over = pad_at + "p"
    many = [(f"X-H{i}", "v") for i in range(HEADER_COUNT_MAX - 2)]  # + Content-Length/-Type
    body_at = json.dumps({"name": OP, "status": "Succeeded", "pad": ""})
    body_at = body_at[:-2] + "x" * (BODY_MAX - len(body_at)) + '"}'
    deep = '{"status":"Failed","x":' + "[" * (JSON_TOKENS + 4) + "]" * (JSON_TOKENS + 4) + "}"
    wide = '{"status":"Failed","x":[' + ",".join(["1"] * JSON_TOKENS) + "]}"
    return [
        # --- connection resets and closes -----------------------------------
        case("reset_before_headers", [[READ, RESET]], "AMSOP_ERR_NET_CLOSED", 3, no_output=True),
        case("reset_after_status_line", [[READ, send("HTTP/1.1 200 OK\r\n"), sleep(0.2), RESET]],
             "AMSOP_ERR_HTTP_TRUNCATED", 4, no_output=True),
        case("reset_during_headers",
             [[READ, send("HTTP/1.1 200 OK\r\nx-ms-request-id: 1111"), sleep(0.2), RESET]],
             "AMSOP_ERR_HTTP_TRUNCATED", 4, no_output=True),
        case("reset_after_headers", [[READ, send(HEAD_200), sleep(0.2), RESET]],
             "AMSOP_ERR_HTTP_TRUNCATED", 4, no_output=True),
        case("reset_during_body", [[READ, send(HEAD_200 + b'{"name":"62e4'), sleep(0.2), RESET]],
             "AMSOP_ERR_HTTP_TRUNCATED", 4, no_output=True),
        case("close_before_headers", [[READ, CLOSE]], "AMSOP_ERR_NET_CLOSED", 3, no_output=True),
        case("close_during_headers", [[READ, send("HTTP/1.1 200 OK\r\nContent-Le"), CLOSE]],
             "AMSOP_ERR_HTTP_TRUNCATED", 4, no_output=True),
        case("close_mid_chunk", [[READ, send(chunked(OK_BODY, final=False)[:-20]), CLOSE]],
             "AMSOP_ERR_HTTP_TRUNCATED", 4, no_output=True),
        case("missing_final_chunk", [[READ, send(chunked(OK_BODY, final=False)), CLOSE]],
             "AMSOP_ERR_HTTP_TRUNCATED", 4, no_output=True),
        # --- status line and headers ----------------------------------------
        case("bad_status_line", [[READ, send(b"HTTP/1.1 2OO OK\r\n\r\n"), CLOSE]],
             "AMSOP_ERR_HTTP_STATUS_LINE", 4, no_output=True),
        case("not_http", [[READ, send(b"SSH-2.0-OpenSSH_9.2\r\n"), CLOSE]],
             "AMSOP_ERR_HTTP_STATUS_LINE", 4, no_output=True),
        case("http10_reply_no_keepalive",
             [[READ, send(reply(body=RUNNING_BODY, version="1.0",
                                headers=[("Retry-After", "0")])), CLOSE],
              [READ, send(reply(version="1.0")), CLOSE]],
             "AMSOP_OK", 0, fields={"status": "Succeeded", "httpStatus": 200}, connections=2,
             **WAIT),
        case("header_line_at_limit", [[READ, send(reply(headers=[tuple(pad_at.split(": "))]))]],
             "AMSOP_OK", 0, fields={"status": "Succeeded"}),
        case("header_line_over_limit",
             [[READ, send(reply(headers=[tuple(pad_over.split(": "))])), CLOSE]],
             "AMSOP_ERR_HTTP_HEADER_TOO_LONG", 4, no_output=True),
        case("headers_at_count_limit", [[READ, send(reply(headers=many))]], "AMSOP_OK", 0,
             fields={"status": "Succeeded"}),
        case("too_many_headers", [[READ, send(reply(headers=many + [("X-One", "more")])), CLOSE]],
             "AMSOP_ERR_HTTP_TOO_MANY_HEADERS", 4, no_output=True),
        # --- framing --------------------------------------------------------
        case("length_and_chunked",
             [[READ, send(chunked(OK_BODY, headers=[("Content-Length", "10")])), CLOSE]],
             "AMSOP_ERR_HTTP_FRAMING", 4, no_output=True),
        case("negative_length",
             [[READ, send(reply(length=False, headers=[("Content-Length", "-5")])), CLOSE]],
             "AMSOP_ERR_HTTP_FRAMING", 4, no_output=True),
        case("huge_length", [[READ, send(reply(length=False, headers=[
            ("Content-Length", "99999999999999999999999")])), CLOSE]],
             "AMSOP_ERR_HTTP_FRAMING", 4, no_output=True),
        # A body of any length is read (it streams through the JSON pass):
        # a declared length the peer never sends is a truncated reply.
        case("length_over_body_buffer", [[READ, send(reply(length=False, headers=[
            ("Content-Length", str(BODY_MAX + 1))])), CLOSE]],
             "AMSOP_ERR_HTTP_TRUNCATED", 4, no_output=True),
        case("non_numeric_length",
             [[READ, send(reply(length=False, headers=[("Content-Length", "12abc")])), CLOSE]],
             "AMSOP_ERR_HTTP_FRAMING", 4, no_output=True),
        case("two_different_lengths", [[READ, send(reply(headers=[("Content-Length", "3")])),
                                        CLOSE]],
             "AMSOP_ERR_HTTP_FRAMING", 4, no_output=True),
        case("chunk_size_overflow", [[READ, send(reply(length=False, body=b"",
                                                       headers=[("Transfer-Encoding", "chunked")])
                                                 + b"FFFFFFFFFFFFFFFFFFFF\r\n"), CLOSE]],
             "AMSOP_ERR_HTTP_CHUNK", 4, no_output=True),
        case("chunk_longer_than_size",
             [[READ, send(reply(length=False, body=b"", headers=[("Transfer-Encoding", "chunked")])
                          + b"2\r\n{}}\r\n0\r\n\r\n"), CLOSE]],
             "AMSOP_ERR_HTTP_CHUNK", 4, no_output=True),
        case("body_longer_than_declared",
             [[READ, send(reply(body=OK_BODY)[:-1] + b'}   {"status":"Failed"}'), CLOSE]],
             "AMSOP_ERR_HTTP_EXTRA_DATA", 4, no_output=True),
        case("body_at_buffer_limit", [[READ, send(reply(body=body_at))]], "AMSOP_OK", 0,
             fields={"status": "Succeeded"}),
        case("body_over_buffer_chunked", [[READ, send(chunked(body_at + " ")), CLOSE]],
             "AMSOP_OK", 0, fields={"status": "Succeeded"}),
        case("gzip_not_asked", [[READ, send(reply(headers=[("Content-Encoding", "gzip")])), CLOSE]],
             "AMSOP_ERR_HTTP_ENCODING", 4, no_output=True),
        # --- time -----------------------------------------------------------
        case("slow_drip_vs_deadline", [[READ, drip(reply(), 1.0)]], "AMSOP_ERR_DEADLINE", 5,
             deadline=4.5, cmd="wait", args=["--timeout", "3"], no_output=True),
        case("accepts_never_answers", [[READ, hang(30)]], "AMSOP_ERR_DEADLINE", 5, deadline=3.5,
             cmd="wait", args=["--timeout", "2"], no_output=True),
        case("answers_before_request_ends", [[send(reply()), READ]], "AMSOP_OK", 0,
             fields={"status": "Succeeded"}),
        # --- HTTP and ARM errors --------------------------------------------
        case("redirect_301_other_host", [[READ, send(reply(301, "Moved Permanently", body="",
                                                           headers=[("Location",
                                                                     "https://evil.example/x")]))]],
             "AMSOP_ERR_HTTP_STATUS", 4, fields={"httpStatus": 301, "status": None},
             requests=1, connections=1),
        case("redirect_302_other_host", [[READ, send(reply(302, "Found", body="", headers=[
            ("Location", "https://127.0.0.2:1/steal")]))]],
             "AMSOP_ERR_HTTP_STATUS", 4, fields={"httpStatus": 302}, requests=1, connections=1),
        case("401_www_authenticate", [[READ, send(reply(401, "Unauthorized", headers=[
            ("WWW-Authenticate", 'Bearer authorization_uri="https://login.windows.net/x", '
                                 'error="invalid_token"')],
            body=arm_error("InvalidAuthenticationToken", "The access token is invalid.")))]],
             "AMSOP_ERR_HTTP_STATUS", 4,
             fields={"httpStatus": 401, "error.code": "InvalidAuthenticationToken",
                     "error.message": "The access token is invalid."}),
        case("403", [[READ, send(reply(403, "Forbidden", body=arm_error(
            "AuthorizationFailed", "no access")))]], "AMSOP_ERR_HTTP_STATUS", 4,
             fields={"httpStatus": 403, "error.code": "AuthorizationFailed"}),
        case("404_resource_not_found", [[READ, send(reply(404, "Not Found", headers=[RID],
                                                          body=arm_error("ResourceNotFound",
                                                                         "not found")))]],
             "AMSOP_ERR_HTTP_STATUS", 4,
             fields={"httpStatus": 404, "error.code": "ResourceNotFound", "requestId": RID[1]}),
        case("409", [[READ, send(reply(409, "Conflict", body=arm_error("Conflict", "busy")))]],
             "AMSOP_ERR_HTTP_STATUS", 4, fields={"httpStatus": 409, "error.code": "Conflict"}),
        case("429_retry_after", [[READ, send(reply(429, "Too Many Requests",
                                                   headers=[("Retry-After", "7")],
                                                   body=arm_error("TooManyRequests", "slow")))]],
             "AMSOP_ERR_HTTP_STATUS", 4, fields={"httpStatus": 429, "retryAfter": 7}),
        case("429_no_retry_after", [[READ, send(reply(429, "Too Many Requests", body=arm_error(
            "TooManyRequests", "slow")))]], "AMSOP_ERR_HTTP_STATUS", 4,
             fields={"httpStatus": 429, "retryAfter": None}),
        case("429_then_ok_wait", [[READ, send(reply(429, "Too Many Requests",
                                                    headers=[("Retry-After", "1")],
                                                    body=arm_error("TooManyRequests", "slow"))),
                                   READ, send(reply())]],
             "AMSOP_OK", 0, fields={"status": "Succeeded"}, requests=2, **WAIT),
        case("500_retry_after_then_ok", [[READ, send(reply(500, "Internal Server Error",
                                                           headers=[("Retry-After", "1")],
                                                           body=arm_error("InternalError", "x"))),
                                          READ, send(reply())]],
             "AMSOP_OK", 0, fields={"status": "Succeeded"}, requests=2, **WAIT),
        case("503_retry_after", [[READ, send(reply(503, "Service Unavailable",
                                                   headers=[("Retry-After", "2")], body=""))]],
             "AMSOP_ERR_HTTP_STATUS", 4, fields={"httpStatus": 503, "retryAfter": 2}),
        case("retry_after_huge_vs_deadline",
             [[READ, send(reply(body=RUNNING_BODY, headers=[("Retry-After", "999999999999")]))]],
             "AMSOP_ERR_DEADLINE", 5, deadline=3.5, cmd="wait", args=["--timeout", "2"],
             requests=1),
        case("retry_after_zero", [[READ, send(reply(body=RUNNING_BODY,
                                                    headers=[("Retry-After", "0")])),
                                   READ, send(reply())]],
             "AMSOP_OK", 0, deadline=3.0, fields={"status": "Succeeded"}, requests=2, **WAIT),
        case("retry_after_negative", [[READ, send(reply(headers=[("Retry-After", "-5")]))]],
             "AMSOP_OK", 0, fields={"retryAfter": None, "status": "Succeeded"}),
        case("retry_after_http_date", [[READ, send(reply(headers=[
            ("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")]))]],
             "AMSOP_OK", 0, fields={"retryAfter": None, "status": "Succeeded"}),
        # --- bodies ---------------------------------------------------------
        case("invalid_json", [[READ, send(reply(body='{"a"::1,"status":"Failed"}'))]],
             "AMSOP_ERR_JSON", 4, no_output=True),
        case("invalid_json_trailing_comma", [[READ, send(reply(body='{"status":"Failed",}'))]],
             "AMSOP_ERR_JSON", 4, no_output=True),
        case("json_deeper_than_tokens", [[READ, send(reply(body=deep))]],
             "AMSOP_ERR_JSON_TOO_MANY_TOKENS", 4, no_output=True),
        # Only what the extraction reads is tokenized: no token limit.
        case("json_more_tokens_than_array", [[READ, send(reply(body=wide))]],
             "AMSOP_OK", 0, fields={"status": "Failed"}),
        case("status_outside_enum", [[READ, send(reply(body=json.dumps(
            {"name": OP, "status": "Exploded"})))]], "AMSOP_OK", 0,
             fields={"status": "Exploded"}),
        case("duplicate_keys_last_wins", [[READ, send(reply(
            body='{"status":"InProgress","name":"a","status":"Failed","name":"b"}'))]],
             "AMSOP_OK", 0, fields={"status": "Failed", "name": "b"}),
        case("non_utf8_bytes", [[READ, send(reply(body=b'{"status":"Failed","name":"a\xff\xc0b"}'))]],
             "AMSOP_OK", 0, fields={"status": "Failed", "name": "a\ufffd\ufffdb"}),
        case("nul_escape_in_string", [[READ, send(reply(body='{"status":"Failed","name":"a\\u0000b"}'))]],
             "AMSOP_OK", 0, fields={"status": "Failed", "name": "a\ufffdb"}),
        case("schema_status_not_string", [[READ, send(reply(body='{"status":5}'))]],
             "AMSOP_ERR_JSON_SCHEMA", 4, no_output=True),
        # --- connection reuse -----------------------------------------------
        case("keepalive_closed_between_polls",
             [[READ, send(reply(body=RUNNING_BODY, headers=[("Retry-After", "1")])), sleep(0.2),
               CLOSE],
              [READ, send(reply())]],
             "AMSOP_OK", 0, fields={"status": "Succeeded"}, requests=2, connections=2,
             reconnects=1, cmd="wait", args=["--timeout", "20", "--verbose"]),
    ] + limit_cases()
