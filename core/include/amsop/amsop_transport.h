/* SPDX-License-Identifier: MIT */
/* amsop: the four calls the core needs from a byte stream, and the few it
 * needs from the platform. Kept tiny on purpose: a port implements it in a
 * page of code, and tests can put a real socket or a TLS session behind it. */
#ifndef AMSOP_TRANSPORT_H
#define AMSOP_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include "amsop_err.h"

typedef struct amsop_transport {
    void *ctx;
    /* Connects (and, for TLS, handshakes) to host:port within timeout_ms. */
    amsop_err_t (*open)(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms);
    /* Sends up to len bytes; *sent > 0 on AMSOP_OK. */
    amsop_err_t (*send)(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms,
                        size_t *sent);
    /* Receives 1..cap bytes into buf. AMSOP_ERR_NET_CLOSED on an orderly
     * close, AMSOP_ERR_TIMEOUT when nothing came within timeout_ms. */
    amsop_err_t (*recv)(void *ctx, uint8_t *buf, size_t cap, uint32_t timeout_ms, size_t *received);
    /* Closes; safe to call when not open. */
    void (*close)(void *ctx);
} amsop_transport_t;

typedef enum amsop_log_level {
    AMSOP_LOG_ERROR = 0,
    AMSOP_LOG_WARN,
    AMSOP_LOG_INFO,
    AMSOP_LOG_DEBUG
} amsop_log_level_t;

/* Clock, sleep and entropy for the wait loop (the core makes no OS calls),
 * and where its event lines go. */
typedef struct amsop_sys {
    void *ctx;
    uint64_t (*now_ms)(void *ctx); /* monotonic milliseconds */
    void (*sleep_ms)(void *ctx, uint32_t ms);
    uint32_t (*random)(void *ctx); /* jitter only; need not be cryptographic */
    /* Optional (NULL: none). One line, without a line end, for each retry,
     * throttle (429/503 with its Retry-After), reconnect and token fetch;
     * never a token or a secret. Called from the waiting thread; the line
     * lives only during the call. amsop_port_sys() sends it to the port's
     * log sink (amsop_port_set_log). */
    void (*log)(void *ctx, amsop_log_level_t level, const char *line);
} amsop_sys_t;

#endif
