/* SPDX-License-Identifier: MIT */
/* The bridge between mbedTLS and the port's network calls. */
#include "tls_internal.h"

#include <limits.h>

#include <mbedtls/net_sockets.h> /* only for the MBEDTLS_ERR_NET_* codes */

/* Charges the time one network call took to the current call's budget. */
static void spend(amsop_tls_t *t, uint64_t started_ms)
{
    uint64_t used = amsop_port_now_ms() - started_ms;
    t->io_timeout_ms = used >= t->io_timeout_ms ? 0u : t->io_timeout_ms - (uint32_t)used;
}

/* mbedTLS wants an int count; records are at most ~16 KiB anyway. */
static size_t clamp_len(size_t len)
{
    return len > (size_t)INT_MAX ? (size_t)INT_MAX : len;
}

int amsop__tls_bio_send(void *ctx, const unsigned char *buf, size_t len)
{
    amsop_tls_t *t = (amsop_tls_t *)ctx;
    uint64_t started = amsop_port_now_ms();
    size_t sent = 0;
    amsop_err_t err = amsop_port_net_send(&t->net, buf, clamp_len(len), t->io_timeout_ms, &sent);

    spend(t, started);
    switch (err) {
    case AMSOP_OK:
        return (int)sent;
    case AMSOP_ERR_TIMEOUT:
        return MBEDTLS_ERR_SSL_TIMEOUT;
    case AMSOP_ERR_NET_CLOSED:
        return MBEDTLS_ERR_NET_CONN_RESET;
    default:
        return MBEDTLS_ERR_NET_SEND_FAILED;
    }
}

/* Registered as mbedTLS's recv_timeout callback. Its own timeout argument is
 * the ssl_config's read_timeout, which is shared by every call; the per-call
 * budget in t->io_timeout_ms is used instead. */
int amsop__tls_bio_recv_timeout(void *ctx, unsigned char *buf, size_t len, uint32_t unused)
{
    amsop_tls_t *t = (amsop_tls_t *)ctx;
    uint64_t started = amsop_port_now_ms();
    size_t got = 0;
    amsop_err_t err = amsop_port_net_recv(&t->net, buf, clamp_len(len), t->io_timeout_ms, &got);

    (void)unused;
    spend(t, started);
    switch (err) {
    case AMSOP_OK:
        return (int)got;
    case AMSOP_ERR_TIMEOUT:
        return MBEDTLS_ERR_SSL_TIMEOUT;
    case AMSOP_ERR_NET_CLOSED:
        return 0; /* EOF: mbedTLS turns it into MBEDTLS_ERR_SSL_CONN_EOF */
    default:
        return MBEDTLS_ERR_NET_RECV_FAILED;
    }
}
