/* SPDX-License-Identifier: MIT */
/* The TLS transport: amsop_transport_t over mbedTLS over amsop_port_net_*. */
#include "tls_internal.h"

#include <limits.h>

/* close_notify is a courtesy to the server; never wait long for it. */
#define AMSOP_TLS_CLOSE_NOTIFY_MS 200u

/* mbedTLS asks to be called again (renegotiation request, 3.x session
 * tickets...); with a blocking bio this is not a timeout by itself. */
static int is_retry(int ret)
{
    return ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE
#if defined(MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET)
           || ret == MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET
#endif
        ;
}

static size_t clamp_len(size_t len)
{
    return len > (size_t)INT_MAX ? (size_t)INT_MAX : len;
}

static void wipe_bytes(unsigned char *p, size_t n)
{
    volatile unsigned char *v = p;
    while (n-- > 0) {
        *v++ = 0;
    }
}

/* Gets the connection ready for the next open() after any close or failure. */
static void drop_connection(amsop_tls_t *t)
{
    amsop_port_net_close(&t->net);
    t->open = 0;
    t->rx_since_send = 0;
    t->sent_since_rx = 0;
    if (mbedtls_ssl_session_reset(&t->ssl) != 0) {
        t->ready = 0; /* unusable; open() reports AMSOP_ERR_TLS from now on */
    }
}

static void tls_close(void *ctx)
{
    amsop_tls_t *t = (amsop_tls_t *)ctx;

    if (t == NULL || !t->ready) {
        return;
    }
    if (t->open) {
        int ret;
        t->io_timeout_ms = AMSOP_TLS_CLOSE_NOTIFY_MS;
        do {
            ret = mbedtls_ssl_close_notify(&t->ssl);
        } while (is_retry(ret) && t->io_timeout_ms > 0);
    }
    drop_connection(t);
}

static int handshake(amsop_tls_t *t)
{
    int ret;

    do {
        ret = mbedtls_ssl_handshake(&t->ssl);
    } while (is_retry(ret) && t->io_timeout_ms > 0);
    return is_retry(ret) ? MBEDTLS_ERR_SSL_TIMEOUT : ret;
}

static amsop_err_t tls_open(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    amsop_tls_t *t = (amsop_tls_t *)ctx;
    uint64_t started = amsop_port_now_ms();
    uint64_t used;
    amsop_err_t err;
    int ret;

    if (t == NULL || host == NULL) {
        return AMSOP_ERR_INVALID_ARG;
    }
    if (!t->ready) {
        return AMSOP_ERR_TLS;
    }
    tls_close(t);

    err = amsop_port_net_connect(&t->net, host, port, timeout_ms);
    if (err != AMSOP_OK) {
        return err;
    }
    /* The handshake gets what the TCP connect left of the timeout. */
    used = amsop_port_now_ms() - started;
    t->io_timeout_ms = used >= timeout_ms ? 0u : timeout_ms - (uint32_t)used;

    /* SNI and the name checked against the certificate. mbedTLS 2.28
     * compares it with the certificate's DNS names and CN only: an IP
     * literal such as "127.0.0.1" matches only a certificate naming that
     * text as a DNS name/CN, never an iPAddress SAN, so it fails
     * verification against a normal server certificate (by design here:
     * the ARM endpoint is always a host name). */
    ret = mbedtls_ssl_set_hostname(&t->ssl, host);
    if (ret != 0) {
        t->last_mbedtls_err = ret;
        drop_connection(t);
        return AMSOP_ERR_INVALID_ARG;
    }
    mbedtls_ssl_set_bio(&t->ssl, t, amsop__tls_bio_send, NULL, amsop__tls_bio_recv_timeout);
    amsop__tls_offer_session(t, host, port);

    t->last_verify_flags = AMSOP__TLS_NOT_VERIFIED;
    ret = handshake(t);
    if (ret != 0) {
        t->last_mbedtls_err = ret;
        err = amsop__tls_handshake_err(ret);
        /* Flags only mean something when verification is what failed. */
        t->last_verify_flags =
            err == AMSOP_ERR_TLS_VERIFY ? mbedtls_ssl_get_verify_result(&t->ssl) : 0u;
        if (err == AMSOP_ERR_TLS_VERIFY || err == AMSOP_ERR_TLS_HANDSHAKE) {
            amsop__tls_forget_session(t); /* do not offer it again */
        }
        drop_connection(t);
        return err;
    }

    t->handshakes++;
    if (t->last_verify_flags == AMSOP__TLS_NOT_VERIFIED) {
        t->resumed++; /* no certificate was checked: abbreviated handshake */
        amsop_port_log(AMSOP_LOG_INFO, "amsop_tls: session resumed (abbreviated handshake with "
                                       "the server verified before)");
    }
    t->last_verify_flags = mbedtls_ssl_get_verify_result(&t->ssl);
    t->last_mbedtls_err = 0;
    amsop__tls_keep_session(t, host, port);
    t->open = 1;
    return AMSOP_OK;
}

/* Before a new request on a kept connection: 1 if anything is already
 * waiting on it (an unrequested reply, stray bytes, an alert, EOF). Such a
 * connection is not clean: whatever is read from it next would be taken as
 * the reply to a request it never answered. */
static int idle_bytes_waiting(amsop_tls_t *t)
{
    unsigned char scratch[16];
    int ret;

    if (mbedtls_ssl_get_bytes_avail(&t->ssl) > 0 || mbedtls_ssl_check_pending(&t->ssl) != 0) {
        return 1;
    }
    t->io_timeout_ms = 0; /* look, never wait */
    ret = mbedtls_ssl_read(&t->ssl, scratch, sizeof scratch);
    wipe_bytes(scratch, sizeof scratch);
    if (ret == MBEDTLS_ERR_SSL_TIMEOUT || is_retry(ret)) {
        /* Nothing, or a record that is not application data: clean, unless
         * part of a record is now buffered. */
        return mbedtls_ssl_check_pending(&t->ssl) != 0 || mbedtls_ssl_get_bytes_avail(&t->ssl) > 0;
    }
    return 1; /* data, close_notify, EOF, reset or an alert */
}

/* An EOF (FIN or reset) without a TLS close_notify while a reply is under
 * way: the reply was cut, whatever its framing says (a close-delimited
 * body must not complete this way). */
static amsop_err_t recv_err(amsop_tls_t *t, int ret)
{
    amsop_err_t err = amsop__tls_record_err(ret);

    if (err == AMSOP_ERR_NET_CLOSED && ret != MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY &&
        t->rx_since_send > 0) {
        return AMSOP_ERR_HTTP_TRUNCATED;
    }
    return err;
}

static amsop_err_t tls_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms,
                            size_t *sent)
{
    amsop_tls_t *t = (amsop_tls_t *)ctx;
    size_t done = 0;
    int ret = 0;

    if (sent != NULL) {
        *sent = 0;
    }
    if (t == NULL || buf == NULL || len == 0 || sent == NULL) {
        return AMSOP_ERR_INVALID_ARG;
    }
    if (!t->open) {
        return AMSOP_ERR_NET_CLOSED;
    }
    if (t->rx_since_send > 0 || !t->sent_since_rx) {
        /* The first send of a request. On a connection that already carried
         * one, anything waiting means it is not clean: drop it, and let the
         * caller reconnect as for a server that closed it while idle. */
        if (t->rx_since_send > 0 && idle_bytes_waiting(t)) {
            t->stale_dropped++;
            amsop_port_log(AMSOP_LOG_WARN,
                           "amsop_tls: bytes were waiting on an idle kept connection; "
                           "dropped it");
            drop_connection(t);
            return AMSOP_ERR_NET_CLOSED;
        }
        t->rx_since_send = 0;
        t->sent_since_rx = 1;
    }
    t->io_timeout_ms = timeout_ms;
    /* mbedtls_ssl_write takes at most one record per call: send them all,
     * so the caller never holds a half-written record. */
    while (done < len) {
        ret = mbedtls_ssl_write(&t->ssl, buf + done, clamp_len(len - done));
        if (ret > 0) {
            done += (size_t)ret;
        } else if (is_retry(ret) && t->io_timeout_ms > 0) {
            continue;
        } else {
            break;
        }
    }
    *sent = done;
    if (done < len) {
        /* Any failure leaves the record stream in an unknown state; the
         * caller closes and, if it wants, reopens. */
        t->last_mbedtls_err = is_retry(ret) ? MBEDTLS_ERR_SSL_TIMEOUT : ret;
        return amsop__tls_record_err(t->last_mbedtls_err);
    }
    return AMSOP_OK;
}

static amsop_err_t tls_recv(void *ctx, uint8_t *buf, size_t cap, uint32_t timeout_ms,
                            size_t *received)
{
    amsop_tls_t *t = (amsop_tls_t *)ctx;
    int ret;

    if (received != NULL) {
        *received = 0;
    }
    if (t == NULL || buf == NULL || cap == 0 || received == NULL) {
        return AMSOP_ERR_INVALID_ARG;
    }
    if (!t->open) {
        return AMSOP_ERR_NET_CLOSED;
    }
    t->io_timeout_ms = timeout_ms;
    do {
        ret = mbedtls_ssl_read(&t->ssl, buf, clamp_len(cap));
    } while (is_retry(ret) && t->io_timeout_ms > 0);
    if (ret > 0) {
        *received = (size_t)ret;
        t->rx_since_send += (size_t)ret;
        t->sent_since_rx = 0;
        return AMSOP_OK;
    }
    t->last_mbedtls_err = is_retry(ret) ? MBEDTLS_ERR_SSL_TIMEOUT : ret;
    return recv_err(t, t->last_mbedtls_err);
}

amsop_transport_t amsop_tls_transport(amsop_tls_t *t)
{
    amsop_transport_t tr;

    tr.ctx = t;
    tr.open = tls_open;
    tr.send = tls_send;
    tr.recv = tls_recv;
    tr.close = tls_close;
    return tr;
}
