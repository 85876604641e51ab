/* SPDX-License-Identifier: MIT */
/* mbedTLS error codes -> amsop error codes, and verify flags -> the words
 * an operator reads, in one place. */
#include "tls_internal.h"

#include <string.h>

#include <mbedtls/net_sockets.h>
#include <mbedtls/x509.h>

/* Failures of the transport underneath, the same during and after the
 * handshake. AMSOP_OK: not one of them. */
static amsop_err_t transport_err(int e)
{
    switch (e) {
    case MBEDTLS_ERR_SSL_TIMEOUT:
        return AMSOP_ERR_TIMEOUT;
    case MBEDTLS_ERR_NET_SEND_FAILED:
        return AMSOP_ERR_NET_SEND;
    case MBEDTLS_ERR_NET_RECV_FAILED:
        return AMSOP_ERR_NET_RECV;
    default:
        return AMSOP_OK;
    }
}

amsop_err_t amsop__tls_handshake_err(int e)
{
    amsop_err_t t = transport_err(e);

    if (t != AMSOP_OK) {
        return t;
    }
    if (e == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
        return AMSOP_ERR_TLS_VERIFY;
    }
    /* Everything else, including the peer hanging up mid-handshake (EOF,
     * reset, a fatal alert): the server would not complete a handshake with
     * us, which reconnecting blindly will not fix. */
    return AMSOP_ERR_TLS_HANDSHAKE;
}

amsop_err_t amsop__tls_record_err(int e)
{
    amsop_err_t t = transport_err(e);

    if (t != AMSOP_OK) {
        return t;
    }
    switch (e) {
    case 0: /* ssl_read: transport EOF without close_notify */
    case MBEDTLS_ERR_SSL_CONN_EOF:
    case MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY:
    case MBEDTLS_ERR_NET_CONN_RESET:
        return AMSOP_ERR_NET_CLOSED;
    default:
        return AMSOP_ERR_TLS;
    }
}

/* Why a server certificate was refused, one phrase per verify flag, most
 * telling first (an operator fixes a clock, a name or a CA file). */
static const struct {
    uint32_t flag;
    const char *why;
} verify_reasons[] = {
    {MBEDTLS_X509_BADCERT_EXPIRED, "expired"},
    {MBEDTLS_X509_BADCERT_FUTURE, "not yet valid"},
    {MBEDTLS_X509_BADCERT_CN_MISMATCH, "name mismatch"},
    {MBEDTLS_X509_BADCERT_NOT_TRUSTED, "not trusted (no configured CA signed it)"},
    {MBEDTLS_X509_BADCERT_REVOKED, "revoked"},
    {MBEDTLS_X509_BADCERT_MISSING, "no certificate sent"},
    {MBEDTLS_X509_BADCERT_KEY_USAGE | MBEDTLS_X509_BADCERT_EXT_KEY_USAGE |
         MBEDTLS_X509_BADCERT_NS_CERT_TYPE,
     "not for server authentication"},
    {MBEDTLS_X509_BADCERT_BAD_MD, "signature hash not allowed"},
    {MBEDTLS_X509_BADCERT_BAD_PK | MBEDTLS_X509_BADCERT_BAD_KEY, "key type or size not allowed"},
};

unsigned amsop_tls_verify_reason(const amsop_tls_t *t, char *buf, size_t cap)
{
    uint32_t left;
    unsigned count = 0;
    size_t len = 0;
    size_t k;

    if (buf == NULL || cap == 0) {
        return 0;
    }
    buf[0] = '\0';
    if (t == NULL || t->last_verify_flags == AMSOP__TLS_NOT_VERIFIED) {
        return 0;
    }
    left = t->last_verify_flags;
    for (k = 0; k <= sizeof verify_reasons / sizeof verify_reasons[0] && left != 0; k++) {
        const char *why = "other";
        size_t n;
        if (k < sizeof verify_reasons / sizeof verify_reasons[0]) {
            if ((left & verify_reasons[k].flag) == 0) {
                continue;
            }
            why = verify_reasons[k].why;
            left &= ~verify_reasons[k].flag;
        } else {
            left = 0; /* any flag not named above */
        }
        n = strlen(why);
        if (count > 0 && len + 2u < cap) {
            buf[len++] = ',';
            buf[len++] = ' ';
        }
        if (n > cap - 1u - len) {
            n = cap - 1u - len;
        }
        memcpy(buf + len, why, n);
        len += n;
        buf[len] = '\0';
        count++;
    }
    return count;
}
