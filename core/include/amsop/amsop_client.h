/* SPDX-License-Identifier: MIT */
/* amsop: the client. One keep-alive connection, one result code per call. */
#ifndef AMSOP_CLIENT_H
#define AMSOP_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "amsop_config.h"
#include "amsop_err.h"
#include "amsop_http.h"
#include "amsop_json.h"
#include "amsop_result.h"
#include "amsop_target.h"
#include "amsop_transport.h"

/* The project version (CMakeLists.txt project(), generated into amsop_config.h). */
#define AMSOP_VERSION             AMSOP_VERSION_STRING
#define AMSOP_DEFAULT_ENDPOINT    "https://management.azure.com"
#define AMSOP_DEFAULT_API_VERSION "2022-11-01"

/* Where the client gets its bearer token when it is not given one fixed
 * token: e.g. amsop_aad_token_provider() (amsop_aad.h, Azure AD client
 * credentials), or a firmware's own source (a token pushed by a provisioning
 * service, a device-identity exchange). The client calls only through these
 * pointers, so an image that never names a provider links none of it. */
typedef struct amsop_token_provider {
    void *ctx;
    /* Before each request: a valid bearer token in *token and *token_len,
     * fetched or renewed by deadline (on the client's sys clock) if the one
     * held is missing or due. force != 0: Resource Manager refused the last
     * one (401), so drop it and get a fresh one. Returns deadline_err when the
     * deadline cuts it short. The token must stay valid until the next call
     * or release, and must be a bearer token (RFC 6750 b64token: no blanks,
     * no CR/LF); the client refuses anything else (AMSOP_ERR_TOKEN). */
    amsop_err_t (*refresh)(void *ctx, int force, uint64_t deadline, amsop_err_t deadline_err,
                           const char **token, size_t *token_len);
    /* Optional (NULL: nothing to do). amsop_client_close: forget and wipe the
     * token, close the provider's own connection. */
    void (*release)(void *ctx);
} amsop_token_provider_t;

/* One request/reply exchange in progress on a transport: its deadline and
 * the bytes staged for sending. Working state of the client and of the
 * token provider, kept in their structs so the exchange path needs little
 * stack; not for callers. */
typedef struct amsop_wire {
    const amsop_transport_t *tr;
    const amsop_sys_t *sys;
    uint8_t *buf;
    size_t cap;
    size_t len;
    uint64_t deadline;
    amsop_err_t deadline_err;
    amsop_err_t err; /* the first failure sticks */
} amsop_wire_t;

/* The request being sent: its line, and a body for POST. Working state, like
 * amsop_wire_t; not for callers. */
typedef struct amsop_request {
    const char *method; /* "GET", "POST" */
    const char *path;   /* percent-encoded, starts with '/' */
    size_t path_len;
    const char *api_version;
    const char *content_type; /* NULL: no body headers */
    const uint8_t *body;
    size_t body_len;
} amsop_request_t;

typedef struct amsop_config {
    const char *endpoint;    /* NULL: AMSOP_DEFAULT_ENDPOINT */
    const char *api_version; /* NULL: AMSOP_DEFAULT_API_VERSION */
    const char *token;       /* bearer token; caller keeps it alive; not copied */
    size_t token_len;        /* 0: strlen(token) */
    amsop_transport_t transport;
    amsop_sys_t sys;
    /* Instead of token (refresh != NULL): a provider the client asks before
     * each request, and once more with force after a 401 from Resource
     * Manager (the request is then retried once). */
    amsop_token_provider_t token_provider;
} amsop_config_t;

/* Counters an integrator (and the tests) can read. */
typedef struct amsop_stats {
    uint32_t connects;   /* transport opens that succeeded */
    uint32_t reconnects; /* of those, reopens after the server closed */
    uint32_t requests;   /* requests sent */
    uint32_t replies;    /* complete replies parsed */
    /* Of the latest amsop_client_wait: its status reads that failed, and
     * the error of the last of them (AMSOP_OK when none failed); a read
     * the wait's own deadline cut short is not counted. What a wait that
     * ends with AMSOP_ERR_DEADLINE after failures tells beside the code. */
    uint32_t failed_attempts;
    amsop_err_t last_error;
} amsop_stats_t;

/* A client's working state: the exchange in progress, the kept
 * connection, the buffers a reply streams through. Not for callers: its
 * layout may change in any release. */
typedef struct amsop_client_internal {
    amsop_wire_t wire;
    amsop_request_t status_rq; /* a status read's request */
    uint8_t connected;
    uint8_t reused; /* the open connection has carried a reply already */
    amsop_http_parser_t http;
    uint8_t io[CONFIG_AMSOP_IO_BUFFER_SIZE];
    /* A reply body of any size streams through json, which decodes the
     * strings the extraction reads into the result; jsmn tokenizes the
     * skeleton it leaves. */
    amsop__jstream_t json;
    amsop_json_token_t tokens[AMSOP__JSON_DOC_TOKENS];
    /* A call that reads another resource than an operation (a live event):
     * the schema a 2xx body is kept by and the struct it fills; an error
     * body still fills the result. NULL for status reads and actions. */
    const struct amsop__jschema *ok_schema;
    void *ok_base;
    /* The request path of an action or a live event read: here, not on the
     * caller's stack (a path is CONFIG_AMSOP_PATH_MAX bytes). */
    amsop_target_t path;
} amsop_client_internal_t;

/* One client: place it where it lives (static, task stack, ...), then
 * amsop_client_init. Callers may read the fields above _internal (set from
 * amsop_config_t, and the counters in stats); nothing may be written but
 * through the calls below. */
typedef struct amsop_client {
    amsop_transport_t transport;
    amsop_sys_t sys;
    amsop_endpoint_t endpoint;
    char api_version[CONFIG_AMSOP_API_VERSION_MAX];
    const char *token; /* the fixed token, or the provider's current one */
    size_t token_len;
    amsop_token_provider_t token_provider; /* refresh == NULL: the fixed token */
    amsop_stats_t stats;
    amsop_client_internal_t _internal;
} amsop_client_t;

/* Called by amsop_client_wait on the first status read and on every change
 * (status or its text). Return non-zero to stop waiting (the wait then
 * returns AMSOP_ERR_CANCELLED). *result is valid during the call only. It
 * runs on the waiting thread with the client in use: it must not call
 * amsop_client_init, _get, _wait, _action, _live_event, _close or
 * _set_token on the same client; other clients, the pure calls (names,
 * targets, amsop_err_*), logging and copying the result are fine. */
typedef int (*amsop_status_cb)(void *user, const amsop_result_t *result);

typedef struct amsop_wait_opts {
    uint32_t timeout_ms;       /* overall deadline; 0: Kconfig default */
    amsop_status_cb on_change; /* called on the first read and every change */
    void *user;
    const volatile int *cancel; /* optional flag, e.g. set by a signal handler */
    /* Wait this long before the first poll: the Retry-After of the 202 that
     * started the operation (amsop_result_t.retry_after_ms of the action),
     * as ARM asks. Clamped at CONFIG_AMSOP_RETRY_AFTER_MAX_S; 0: poll at
     * once. */
    uint32_t first_delay_ms;
} amsop_wait_opts_t;

#ifdef __cplusplus
extern "C" {
#endif

/* Reentrancy: every call below may run on any thread, one call at a time
 * per client (a client is not locked); different clients are independent.
 * None allocates, none keeps a pointer to its arguments after returning
 * except the token (amsop_config_t.token, amsop_client_set_token) and the
 * transport, sys and provider contexts.
 *
 * Codes every exchange can return, and what to do:
 *   AMSOP_ERR_NET_DNS, _NET_CONNECT, _NET_SEND, _NET_RECV, _NET_CLOSED,
 *   AMSOP_ERR_TIMEOUT, AMSOP_ERR_TLS, _TLS_HANDSHAKE: the network or the
 *     peer failed; the connection is dropped; retry later (wait does).
 *   AMSOP_ERR_TLS_CA, _TLS_VERIFY: the server is not trusted: fix the CA
 *     bundle or the endpoint; retrying does not help.
 *   AMSOP_ERR_HTTP_STATUS_LINE, _HTTP_HEADER, _HTTP_HEADER_TOO_LONG,
 *   _HTTP_TOO_MANY_HEADERS, _HTTP_FRAMING, _HTTP_CHUNK, _HTTP_ENCODING,
 *   _HTTP_EXTRA_DATA: the reply broke HTTP; the connection is dropped; the
 *     header fields read whole before the break are kept in *out.
 *   AMSOP_ERR_HTTP_TRUNCATED: the connection ended inside the reply; retry.
 *   AMSOP_ERR_JSON, _JSON_TOO_MANY_TOKENS (nesting past
 *   CONFIG_AMSOP_JSON_DEPTH_MAX), _JSON_SCHEMA: a 2xx body that is not an
 *     AsyncOperationResult; *out keeps the status and headers; the
 *     connection stays usable when the reply was well framed.
 *   AMSOP_ERR_HTTP_STATUS: any non-2xx reply; *out holds the status, the
 *     headers, Retry-After and the ARM error when the body was one (cut and
 *     flagged when long); 429 and 5xx are worth retrying, 401/403 need a
 *     new token, 404 a different target.
 *   AMSOP_ERR_PORT: the platform port failed (e.g. lwIP out of sockets or
 *     memory); not retried: check the port's configuration.
 *   AMSOP_ERR_TOKEN: the token (or the provider's) has forbidden bytes.
 *   AMSOP_ERR_AAD, _AAD_REPLY, _AAD_TOKEN_TOO_LARGE: the token provider
 *     failed (amsop_aad.h). */

/* Validates the configuration (endpoint, api-version, token) and resets the
 * client. Nothing is sent. AMSOP_OK; AMSOP_ERR_INVALID_ARG (a NULL
 * argument or callback, a bad api-version), AMSOP_ERR_URL,
 * AMSOP_ERR_URL_SCHEME (endpoint not https), AMSOP_ERR_TOO_LONG (an endpoint
 * of CONFIG_AMSOP_URL_MAX bytes or more, or a host of CONFIG_AMSOP_HOST_MAX
 * bytes or more), AMSOP_ERR_TOKEN: fix the configuration (retrying cannot
 * help). */
amsop_err_t amsop_client_init(amsop_client_t *c, const amsop_config_t *cfg);

/* Replaces the bearer token (e.g. after a refresh). Not with a provider.
 * AMSOP_OK; AMSOP_ERR_INVALID_ARG (a provider is configured, or c NULL: the
 * provider refreshes its own tokens); AMSOP_ERR_TOKEN (empty or not a
 * bearer token: nothing changed, the old token stays; get a new one). */
amsop_err_t amsop_client_set_token(amsop_client_t *c, const char *token, size_t token_len);

/* One status read. AMSOP_OK for a 2xx reply with a readable body (check
 * out->status); AMSOP_ERR_HTTP_STATUS for any other status, with the ARM
 * error kept in *out; AMSOP_ERR_INVALID_ARG for a NULL argument or a target
 * not built by amsop_target_from_*; the exchange codes above. A connection
 * the server closed while idle is reopened once. Bodies of any size are
 * read; kept fields are cut at a UTF-8 boundary and flagged in
 * out->truncated. */
amsop_err_t amsop_client_get(amsop_client_t *c, const amsop_target_t *t, amsop_result_t *out);

/* Polls until the status is terminal (AMSOP_OK; check out->status), the
 * deadline passes (AMSOP_ERR_DEADLINE: the operation may still be running;
 * *out holds the last read, empty when there was none; wait again or
 * report it), the caller cancels (AMSOP_ERR_CANCELLED, by opts->cancel or
 * on_change: *out as for the deadline) or a read fails in a way retrying
 * cannot fix (that read's code, as for amsop_client_get).
 * AMSOP_ERR_INVALID_ARG for a NULL client or result or a target not built
 * by amsop_target_from_* (nothing is sent). opts may be NULL (no callback,
 * the Kconfig deadline).
 * Honours Retry-After on 2xx, 429 and 5xx (at least
 * CONFIG_AMSOP_POLL_MIN_DELAY_MS, at most CONFIG_AMSOP_RETRY_AFTER_MAX_S);
 * otherwise backs off exponentially with jitter. 429, 5xx (whatever their
 * body's size or shape) and network failures are retried up to
 * CONFIG_AMSOP_ERROR_RETRY_MAX times in a row; then the last code is
 * returned. */
amsop_err_t amsop_client_wait(amsop_client_t *c, const amsop_target_t *t,
                              const amsop_wait_opts_t *opts, amsop_result_t *out);

/* Closes the connection and wipes the I/O buffer the token passed through;
 * with a provider, calls its release (the Azure AD provider closes its
 * connection and wipes its token; its secret stays until amsop_aad_close).
 * The client may be used again afterwards. Never fails; NULL is ignored. */
void amsop_client_close(amsop_client_t *c);

#ifdef __cplusplus
}
#endif

#endif
