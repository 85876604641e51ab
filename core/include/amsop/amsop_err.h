/* SPDX-License-Identifier: MIT */
/* amsop: one result code per failure, each with a stable name string. */
#ifndef AMSOP_ERR_H
#define AMSOP_ERR_H

/* X-macro so the enum and the name table can never drift apart. The names
 * are part of the interface: scripts and operators match on them. */
#define AMSOP_ERR_LIST(X)                                                                          \
    X(AMSOP_OK, "ok")                                                                              \
    X(AMSOP_ERR_INVALID_ARG, "invalid argument")                                                   \
    X(AMSOP_ERR_INVALID_ID, "identifier has characters ARM does not allow")                        \
    X(AMSOP_ERR_TOO_LONG, "input longer than its buffer")                                          \
    X(AMSOP_ERR_URL, "malformed or unsupported URL")                                               \
    X(AMSOP_ERR_URL_SCHEME, "URL is not https")                                                    \
    X(AMSOP_ERR_URL_HOST, "URL host is not the configured endpoint")                               \
    X(AMSOP_ERR_URL_PATH, "URL path is not an operation status path")                              \
    X(AMSOP_ERR_TOKEN, "access token missing or has forbidden characters")                         \
    X(AMSOP_ERR_NET_DNS, "host name did not resolve")                                              \
    X(AMSOP_ERR_NET_CONNECT, "TCP connect failed")                                                 \
    X(AMSOP_ERR_NET_SEND, "send failed")                                                           \
    X(AMSOP_ERR_NET_RECV, "receive failed")                                                        \
    X(AMSOP_ERR_NET_CLOSED, "connection closed by peer")                                           \
    X(AMSOP_ERR_TIMEOUT, "network wait timed out")                                                 \
    X(AMSOP_ERR_TLS_CA, "CA certificates could not be loaded")                                     \
    X(AMSOP_ERR_TLS_HANDSHAKE, "TLS handshake failed")                                             \
    X(AMSOP_ERR_TLS_VERIFY, "server certificate or host name not trusted")                         \
    X(AMSOP_ERR_TLS, "TLS record layer failure")                                                   \
    X(AMSOP_ERR_HTTP_STATUS_LINE, "malformed HTTP status line")                                    \
    X(AMSOP_ERR_HTTP_HEADER, "malformed HTTP header")                                              \
    X(AMSOP_ERR_HTTP_HEADER_TOO_LONG, "HTTP header line over the limit")                           \
    X(AMSOP_ERR_HTTP_TOO_MANY_HEADERS, "more HTTP headers than the limit")                         \
    X(AMSOP_ERR_HTTP_FRAMING, "bad Content-Length or Transfer-Encoding")                           \
    X(AMSOP_ERR_HTTP_CHUNK, "malformed chunked body")                                              \
    X(AMSOP_ERR_HTTP_TRUNCATED, "connection ended inside the reply")                               \
    X(AMSOP_ERR_HTTP_EXTRA_DATA, "bytes after the end of the reply")                               \
    X(AMSOP_ERR_HTTP_ENCODING, "reply uses a content coding not asked for")                        \
    X(AMSOP_ERR_BODY_TOO_LARGE, "reply body larger than the body buffer")                          \
    X(AMSOP_ERR_JSON, "reply body is not valid JSON")                                              \
    X(AMSOP_ERR_JSON_TOO_MANY_TOKENS, "reply JSON has more tokens than allowed")                   \
    X(AMSOP_ERR_JSON_SCHEMA, "reply JSON does not have the expected shape")                        \
    X(AMSOP_ERR_HTTP_STATUS, "server answered with an HTTP/ARM error")                             \
    X(AMSOP_ERR_DEADLINE, "deadline passed")                                                       \
    X(AMSOP_ERR_CANCELLED, "cancelled by the caller")                                              \
    X(AMSOP_ERR_PORT, "platform port failure")                                                     \
    X(AMSOP_ERR_AAD, "Azure AD refused the token request")                                         \
    X(AMSOP_ERR_AAD_REPLY, "Azure AD token reply does not have the expected shape")                \
    X(AMSOP_ERR_AAD_TOKEN_TOO_LARGE, "access token reply larger than the token buffer")            \
    X(AMSOP_ERR_ACTION_NO_OPERATION, "action reply named no operation to wait on")                 \
    X(AMSOP_ERR_URL_API_VERSION, "operation URL names no api-version")

#define AMSOP__ERR_ENUM(name, text) name,
typedef enum amsop_err { AMSOP_ERR_LIST(AMSOP__ERR_ENUM) AMSOP_ERR__COUNT } amsop_err_t;
#undef AMSOP__ERR_ENUM

#ifdef __cplusplus
extern "C" {
#endif

/* Both calls are pure (constant strings): reentrant, callable from
 * anywhere, on_change included. */
/* "AMSOP_ERR_TIMEOUT" etc.; "AMSOP_ERR_UNKNOWN" for values out of range. */
const char *amsop_err_name(amsop_err_t err);
/* One-line English description (the name with CONFIG_AMSOP_ERR_TEXTS off). */
const char *amsop_err_text(amsop_err_t err);

#ifdef __cplusplus
}
#endif

#endif
