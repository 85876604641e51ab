/* TLS session resumption: keep the session of the last handshake and offer
 * it on the next connect to the same server. Saves a round trip and the
 * server's signature on every reconnect of a keep-alive poller. */
#include "tls_internal.h"

#include <mbedtls/platform_util.h>

#include "amsop_config.h"

/* FNV-1a over "host" and the port: only needs to tell the configured ARM
 * host from any other host the same struct was used with. */
static uint32_t peer_hash(const char *host, uint16_t port)
{
    uint32_t h = 2166136261u;
    const unsigned char *p = (const unsigned char *)host;

    for (; *p != '\0'; p++) {
        h = (h ^ *p) * 16777619u;
    }
    h = (h ^ (uint32_t)(port & 0xFFu)) * 16777619u;
    h = (h ^ (uint32_t)(port >> 8)) * 16777619u;
    return h;
}

void amsop__tls_forget_session(amsop_tls_t *t)
{
    /* mbedtls_ssl_session_free wipes the master secret and ticket it holds;
     * the explicit wipe also covers the struct's own bytes. */
    mbedtls_ssl_session_free(&t->session);
    mbedtls_platform_zeroize(&t->session, sizeof t->session);
    mbedtls_ssl_session_init(&t->session);
    t->have_session = 0;
    t->session_peer = 0;
}

void amsop__tls_offer_session(amsop_tls_t *t, const char *host, uint16_t port)
{
#if defined(CONFIG_AMSOP_TLS_SESSION_RESUME)
    if (!t->have_session || t->session_peer != peer_hash(host, port)) {
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
    amsop__tls_forget_session(t);
    if (mbedtls_ssl_get_session(&t->ssl, &t->session) == 0) {
        t->have_session = 1;
        t->session_peer = peer_hash(host, port);
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
