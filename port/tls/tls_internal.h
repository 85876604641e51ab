/* SPDX-License-Identifier: MIT */
/* Private helpers of the TLS transport (amsop_tls.c); not part of the API. */
#ifndef AMSOP_TLS_INTERNAL_H
#define AMSOP_TLS_INTERNAL_H

/* The build configuration (which features exist) before any #if on them:
 * build_info.h in 3.x, config.h in 2.x. version.h comes first because it
 * says which one exists; with a custom MBEDTLS_CONFIG_FILE, 2.x's version.h
 * has already included that file. */
#include <mbedtls/version.h>
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
#include <mbedtls/build_info.h>
#elif !defined(MBEDTLS_CONFIG_FILE)
#include <mbedtls/config.h>
#endif

#include "amsop_tls.h"

/* The mbedTLS bio callbacks. ctx is the amsop_tls_t. Each call spends from
 * t->io_timeout_ms (the time left for the current transport call) and
 * subtracts what it waited, so several reads in one handshake or one record
 * never add up to more than the caller's timeout. */
int amsop__tls_bio_send(void *ctx, const unsigned char *buf, size_t len);
int amsop__tls_bio_recv_timeout(void *ctx, unsigned char *buf, size_t len, uint32_t unused);

/* What the caller sees for an mbedTLS error from the handshake or from the
 * record layer. */
amsop_err_t amsop__tls_handshake_err(int mbedtls_err);
amsop_err_t amsop__tls_record_err(int mbedtls_err);

/* Session resumption (tls_session.c). A saved session is offered only to
 * the host:port it came from: a resumed handshake skips certificate checks,
 * so it must never stand in for verifying a different server. */
void amsop__tls_offer_session(amsop_tls_t *t, const char *host, uint16_t port);
void amsop__tls_keep_session(amsop_tls_t *t, const char *host, uint16_t port);
void amsop__tls_forget_session(amsop_tls_t *t);

/* Marker in last_verify_flags while a handshake runs: the verify callback
 * replaces it as soon as a certificate is checked. A handshake that ends
 * with the marker still in place checked no certificate, i.e. it resumed. */
#define AMSOP__TLS_NOT_VERIFIED 0xFFFFFFFFu
int amsop__tls_verify_cb(void *ctx, mbedtls_x509_crt *crt, int depth, uint32_t *flags);

#endif
