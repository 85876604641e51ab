/* SPDX-License-Identifier: MIT */
/* amsop: Azure AD access tokens by OAuth 2.0 client credentials.
 *
 *   POST https://{authority}/{tenant}/oauth2/v2.0/token
 *   grant_type=client_credentials&client_id=...&client_secret=...&scope=...
 *
 * The provider talks to the authority over a transport of its own (a
 * different host than Resource Manager) and never sends a bearer token
 * there. Zero heap: the token endpoint's reply body is read into the
 * provider's token buffer (CONFIG_AMSOP_AAD_TOKEN_BUFFER_SIZE) and the token
 * is moved to its start, so one buffer holds both. The token is refreshed
 * CONFIG_AMSOP_AAD_REFRESH_MARGIN_S before it expires (at most half its
 * lifetime early), and after amsop_aad_invalidate() (or a forced refresh:
 * the client asks for one after a 401 from Resource Manager). Secret and
 * token are never logged and are wiped by amsop_aad_close().
 *
 * Plug it into a client with cfg.token_provider = amsop_aad_token_provider(&p):
 * only an image that does so links this code. */
#ifndef AMSOP_AAD_H
#define AMSOP_AAD_H

#include <stddef.h>
#include <stdint.h>

#include "amsop_client.h"
#include "amsop_config.h"
#include "amsop_err.h"
#include "amsop_http.h"
#include "amsop_json.h"
#include "amsop_result.h"
#include "amsop_target.h"
#include "amsop_transport.h"

#define AMSOP_DEFAULT_AUTHORITY "https://login.microsoftonline.com"
#define AMSOP_DEFAULT_SCOPE     "https://management.azure.com/.default"

/* What Azure AD said when it refused (fields absent from the reply are
 * empty). Keep trace_id and correlation_id for a support ticket. */
typedef struct amsop_aad_error {
    int http_status;                                          /* 0: no reply */
    char error[CONFIG_AMSOP_AAD_ERROR_MAX];                   /* "invalid_client" */
    char description[CONFIG_AMSOP_AAD_ERROR_DESCRIPTION_MAX]; /* "AADSTS7000215: ..." */
    char error_codes[CONFIG_AMSOP_AAD_ERROR_CODES_MAX];       /* "7000215" or "50034,7000215" */
    char trace_id[CONFIG_AMSOP_REQUEST_ID_MAX];
    char correlation_id[CONFIG_AMSOP_REQUEST_ID_MAX];
    uint8_t truncated; /* some field was cut to fit */
} amsop_aad_error_t;

/* Where the access token lies in a parsed 2xx reply body. */
typedef struct amsop_aad_grant {
    size_t token_off;
    size_t token_len;
    uint32_t expires_in_s;
} amsop_aad_grant_t;

typedef struct amsop_aad_config {
    const char *authority; /* NULL: AMSOP_DEFAULT_AUTHORITY; https://host[:port] */
    const char *tenant;    /* tenant id (GUID) or domain name */
    const char *client_id;
    const char *client_secret;   /* copied; the caller may wipe its own copy */
    const char *scope;           /* NULL: AMSOP_DEFAULT_SCOPE */
    uint32_t refresh_margin_s;   /* 0: CONFIG_AMSOP_AAD_REFRESH_MARGIN_S */
    amsop_transport_t transport; /* its own connection, not the ARM one */
    amsop_sys_t sys;
} amsop_aad_config_t;

/* The provider's working state: the calls below only. */
typedef struct amsop_aad_internal {
    amsop_transport_t transport;
    amsop_sys_t sys;
    char tenant[CONFIG_AMSOP_AAD_TENANT_MAX];
    char client_id[CONFIG_AMSOP_AAD_CLIENT_ID_MAX];
    char secret[CONFIG_AMSOP_AAD_SECRET_MAX];
    char scope[CONFIG_AMSOP_AAD_SCOPE_MAX];
    uint32_t margin_s;
    uint8_t have_token;
    size_t token_len;       /* the token is buf[0..token_len), NUL-terminated */
    uint64_t refresh_at_ms; /* on the sys clock */
    uint64_t expires_at_ms;
    /* Of the last reply: its status code and x-ms-request-id (AAD's trace
     * id), read by the generic HTTP reader; no ARM result here. */
    int reply_status;
    int32_t reply_retry_after_s;
    uint32_t reply_whole; /* bit 0: reply_request_id read whole */
    uint32_t reply_cut;
    char reply_request_id[CONFIG_AMSOP_REQUEST_ID_MAX];
    amsop_wire_t wire;
    amsop_http_parser_t http;
    uint8_t io[CONFIG_AMSOP_IO_BUFFER_SIZE];
    amsop_json_token_t tokens[CONFIG_AMSOP_AAD_JSON_TOKENS];
    char buf[CONFIG_AMSOP_AAD_TOKEN_BUFFER_SIZE]; /* reply body, then the token */
} amsop_aad_internal_t;

/* A client-credentials token provider. The caller reads the three fields
 * above _internal (after amsop_aad_init; during no call of this provider). */
typedef struct amsop_aad {
    amsop_endpoint_t authority; /* the token endpoint, parsed (to resolve or show it) */
    uint32_t fetches;           /* token replies accepted so far */
    amsop_aad_error_t error;    /* the last refusal (AMSOP_ERR_AAD) */
    amsop_aad_internal_t _internal;
} amsop_aad_t;

#ifdef __cplusplus
extern "C" {
#endif

/* Reentrancy: one call at a time per provider (the provider is not
 * locked); different providers are independent. A provider a client uses
 * (amsop_aad_token_provider) is in use during every call of that client:
 * none of the calls below on it from that client's on_change.
 * amsop_aad_refresh_at and amsop_aad_parse_reply are pure. */

/* Validates and copies the configuration. Nothing is sent. AMSOP_OK;
 * AMSOP_ERR_INVALID_ARG (NULL, a transport or sys callback missing: *p is
 * not touched; or an empty tenant, client id, secret or scope);
 * AMSOP_ERR_URL / _URL_SCHEME / _TOO_LONG (the authority, as
 * amsop_endpoint_parse); AMSOP_ERR_INVALID_ID (a tenant of other bytes
 * than letters, digits, '-', '.', '_', or "." / ".."); AMSOP_ERR_TOO_LONG (tenant, client id, scope
 * or secret past its Kconfig size): fix the configuration. On an error after the
 * NULL and callback checks *p is wiped. */
amsop_err_t amsop_aad_init(amsop_aad_t *p, const amsop_aad_config_t *cfg);

/* A valid token: the one held, or a fresh one when none is held or the
 * refresh time has come. One deadline for the whole call,
 * CONFIG_AMSOP_REQUEST_TIMEOUT_MS, shared by its fetches, its retries of
 * 429 and 5xx (as the client retries Resource Manager) and their waits.
 * AMSOP_OK; AMSOP_ERR_INVALID_ARG (NULL); AMSOP_ERR_AAD for any non-2xx
 * reply (p->error: http_status, and what Azure AD said when the body was
 * its JSON: a 400/401 needs other credentials, a 429/5xx that outlasted
 * the retries is worth trying later); AMSOP_ERR_AAD_REPLY (a 2xx reply
 * that is not a token); AMSOP_ERR_AAD_TOKEN_TOO_LARGE (the reply does not
 * fit CONFIG_AMSOP_AAD_TOKEN_BUFFER_SIZE); AMSOP_ERR_TIMEOUT (the deadline);
 * the network, TLS, HTTP-framing and port codes of an exchange
 * (amsop_client.h: the connection is dropped; try again later). The token stays valid until the
 * next call that refreshes it or amsop_aad_close(). */
amsop_err_t amsop_aad_get_token(amsop_aad_t *p, const char **token, size_t *token_len);

/* The provider as the client's token source (amsop_config_t.token_provider):
 * refresh is amsop_aad_get_token with a deadline (force: invalidate first),
 * release invalidates the token and closes the connection. */
amsop_token_provider_t amsop_aad_token_provider(amsop_aad_t *p);

/* Forgets (and wipes) the token so the next get fetches a new one. */
void amsop_aad_invalidate(amsop_aad_t *p);

/* Non-zero when the next get would fetch (no token, or refresh time). */
int amsop_aad_needs_refresh(const amsop_aad_t *p);

/* When a token issued at now_ms, valid for expires_in_s, should be
 * refreshed: margin_s before it expires, but never earlier than half its
 * lifetime, so short-lived tokens are not fetched on every request. */
uint64_t amsop_aad_refresh_at(uint64_t now_ms, uint32_t expires_in_s, uint32_t margin_s);

/* Parses a token endpoint reply body (the AAD v2.0 shape). 2xx:
 * token_type Bearer, access_token (a b64token), expires_in (number or
 * numeric string) -> AMSOP_OK and *grant. Otherwise AMSOP_ERR_AAD with
 * error, error_description, error_codes, trace_id, correlation_id kept in
 * *aad_err (what parsed of them). AMSOP_ERR_AAD_REPLY for a 2xx reply of
 * another shape; AMSOP_ERR_INVALID_ARG (a NULL argument). */
amsop_err_t amsop_aad_parse_reply(int http_status, const char *body, size_t len,
                                  amsop_json_token_t *tokens, unsigned ntokens,
                                  amsop_aad_grant_t *grant, amsop_aad_error_t *aad_err);

/* Closes the connection and wipes the secret and the token. Call
 * amsop_aad_init again to use the provider afterwards. */
void amsop_aad_close(amsop_aad_t *p);

#ifdef __cplusplus
}
#endif

#endif
