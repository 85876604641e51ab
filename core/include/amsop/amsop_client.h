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

#define AMSOP_VERSION             "0.1.0"
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
} amsop_stats_t;

typedef struct amsop_client {
    amsop_transport_t transport;
    amsop_sys_t sys;
    amsop_endpoint_t endpoint;
    char api_version[CONFIG_AMSOP_API_VERSION_MAX];
    const char *token; /* the fixed token, or the provider's current one */
    size_t token_len;
    amsop_token_provider_t token_provider; /* refresh == NULL: the fixed token */
    amsop_wire_t wire;
    amsop_request_t status_rq; /* a status read's request */
    uint8_t connected;
    uint8_t reused; /* the open connection has carried a reply already */
    amsop_stats_t stats;
    amsop_http_parser_t http;
    uint8_t io[CONFIG_AMSOP_IO_BUFFER_SIZE];
    /* A reply body of any size streams through json, which keeps in doc
     * only what the extraction reads; jsmn tokenizes doc. */
    amsop__jstream_t json;
    char doc[AMSOP__JSON_DOC_MAX];
    jsmntok_t tokens[AMSOP__JSON_DOC_TOKENS];
} amsop_client_t;

/* Return non-zero to stop waiting (the wait then returns AMSOP_ERR_CANCELLED). */
typedef int (*amsop_status_cb)(void *user, const amsop_result_t *result);

typedef struct amsop_wait_opts {
    uint32_t timeout_ms;       /* overall deadline; 0: Kconfig default */
    amsop_status_cb on_change; /* called on the first read and every change */
    void *user;
    const volatile int *cancel; /* optional flag, e.g. set by a signal handler */
} amsop_wait_opts_t;

#ifdef __cplusplus
extern "C" {
#endif

/* Validates the configuration (endpoint, api-version, token) and resets the
 * client. Nothing is sent. */
amsop_err_t amsop_client_init(amsop_client_t *c, const amsop_config_t *cfg);

/* Replaces the bearer token (e.g. after a refresh). Not with a provider. */
amsop_err_t amsop_client_set_token(amsop_client_t *c, const char *token, size_t token_len);

/* One status read. AMSOP_OK for a 2xx reply with a readable body;
 * AMSOP_ERR_HTTP_STATUS for any other status, with the ARM error kept in
 * *out. A connection the server closed while idle is reopened once. */
amsop_err_t amsop_client_get(amsop_client_t *c, const amsop_target_t *t, amsop_result_t *out);

/* Polls until the status is terminal (AMSOP_OK; check out->status), the
 * deadline passes (AMSOP_ERR_DEADLINE), the caller cancels
 * (AMSOP_ERR_CANCELLED) or a read fails in a way retrying cannot fix.
 * Honours Retry-After on 2xx, 429 and 5xx; otherwise backs off
 * exponentially with jitter. 429, 5xx and network failures are retried up to
 * CONFIG_AMSOP_ERROR_RETRY_MAX times in a row. */
amsop_err_t amsop_client_wait(amsop_client_t *c, const amsop_target_t *t,
                              const amsop_wait_opts_t *opts, amsop_result_t *out);

/* Closes the connection and wipes the I/O buffer the token passed through;
 * with a provider, calls its release (the Azure AD provider closes its
 * connection and wipes its token; its secret stays until amsop_aad_close).
 * The client may be used again afterwards. */
void amsop_client_close(amsop_client_t *c);

#ifdef __cplusplus
}
#endif

#endif
