/* SPDX-License-Identifier: MIT */
/* TLS session resumption: keep the session of the last handshake and offer
 * it on the next connect to the same server. Saves a round trip and the
 * server's signature on every reconnect of a keep-alive poller. */
#include "tls_internal.h"

#include <mbedtls/platform_util.h>

#include <string.h>

#include "amsop_config.h"

#if defined(CONFIG_AMSOP_TLS_SESSION_RESUME)
/* Non-zero when the saved session was made with exactly host:port. */
static int same_peer(const amsop_tls_t *t, const char *host, uint16_t port)
{
    return t->session_port == port && strncmp(t->session_host, host, sizeof t->session_host) == 0;
}
#endif

void amsop__tls_forget_session(amsop_tls_t *t)
{
    /* mbedtls_ssl_session_free wipes the master secret and ticket it holds;
     * the explicit wipe also covers the struct's own bytes. */
    mbedtls_ssl_session_free(&t->session);
    mbedtls_platform_zeroize(&t->session, sizeof t->session);
    mbedtls_ssl_session_init(&t->session);
    t->have_session = 0;
    memset(t->session_host, 0, sizeof t->session_host);
    t->session_port = 0;
}

void amsop__tls_offer_session(amsop_tls_t *t, const char *host, uint16_t port)
{
#if defined(CONFIG_AMSOP_TLS_SESSION_RESUME)
    if (!t->have_session || !same_peer(t, host, port)) {
        return;
    }
    /* A refused session only costs the full handshake we would do anyway. */
    if (mbedtls_ssl_set_session(&t->ssl, &t->session) != 0) {
        amsop__tls_forget_session(t);
    }
#else
    (void)t;
    (void)host;
    (void)port;
#endif
}

void amsop__tls_keep_session(amsop_tls_t *t, const char *host, uint16_t port)
{
#if defined(CONFIG_AMSOP_TLS_SESSION_RESUME)
    size_t n = strlen(host);

    amsop__tls_forget_session(t);
    if (n < sizeof t->session_host && mbedtls_ssl_get_session(&t->ssl, &t->session) == 0) {
        t->have_session = 1;
        memcpy(t->session_host, host, n + 1);
        t->session_port = port;
    } else {
        amsop__tls_forget_session(t);
    }
#else
    (void)t;
    (void)host;
    (void)port;
#endif
}

int amsop__tls_verify_cb(void *ctx, mbedtls_x509_crt *crt, int depth, uint32_t *flags)
{
    amsop_tls_t *t = (amsop_tls_t *)ctx;

    /* Observe only: mbedTLS itself decides with VERIFY_REQUIRED, and the
     * final flags are read with mbedtls_ssl_get_verify_result. */
    (void)crt;
    (void)depth;
    (void)flags;
    t->last_verify_flags = 0;
    return 0;
}
