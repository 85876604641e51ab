/* SPDX-License-Identifier: MIT */
/* mbedTLS error codes -> amsop error codes, in one place. */
#include "tls_internal.h"

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
