/* SPDX-License-Identifier: MIT */
/* amsop TLS transport over mbedTLS, written once on top of the port's
 * network calls (amsop_port_net_*), so it runs unchanged on every port.
 *
 * Always on: server certificate verification against the configured CA
 * roots, host-name verification (and SNI) against the host the core asks to
 * open, TLS 1.2 minimum. Session resumption on reconnect. */
#ifndef AMSOP_TLS_H
#define AMSOP_TLS_H

#include <stddef.h>
#include <stdint.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

#include "amsop_config.h"
#include "amsop_err.h"
#include "amsop_port.h"
#include "amsop_transport.h"

typedef struct amsop_tls_config {
    /* PEM text of the trusted roots (NUL included in the length, as mbedTLS
     * wants); NULL: the bundled Azure roots (amsop_ca_bundle_pem). */
    const unsigned char *ca_pem;
    size_t ca_pem_len;
} amsop_tls_config_t;

typedef struct amsop_tls {
    amsop_port_net_t net;
    mbedtls_ssl_context ssl;
    mbedtls_ssl_config conf;
    mbedtls_x509_crt ca;
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_ssl_session session; /* kept for resumption */
    uint8_t have_session;
    /* The exact host:port the saved session belongs to: a resumed handshake
     * skips certificate checks, so it is never offered to another server. */
    char session_host[CONFIG_AMSOP_HOST_MAX];
    uint16_t session_port;
    uint8_t open;
    uint8_t ready;
    uint32_t handshakes;    /* full or resumed handshakes completed */
    uint32_t resumed;       /* of those, resumed */
    uint32_t io_timeout_ms; /* current call's timeout, read by the bio */
    int last_mbedtls_err;   /* for diagnostics (never contains secrets) */
    uint32_t last_verify_flags;
    /* Application bytes received since the last send began a request: a
     * reply is under way. An EOF without close_notify then truncates it. */
    size_t rx_since_send;
    uint8_t sent_since_rx;  /* a request went out and nothing came back yet */
    uint32_t stale_dropped; /* kept connections dropped: bytes were waiting */
} amsop_tls_t;

#ifdef __cplusplus
extern "C" {
#endif

/* The bundled roots Azure's management endpoint chains to (DigiCert Global
 * Root G2, Microsoft RSA/ECC Root Certificate Authority 2017), generated at
 * build time from Debian's ca-certificates. Length includes the final NUL. */
extern const unsigned char amsop_ca_bundle_pem[];
extern const size_t amsop_ca_bundle_pem_len;

/* Loads the roots and seeds the DRBG. AMSOP_ERR_TLS_CA if no root parses. */
amsop_err_t amsop_tls_init(amsop_tls_t *t, const amsop_tls_config_t *cfg);

/* The transport the core uses: open = TCP connect + handshake (+resume). */
amsop_transport_t amsop_tls_transport(amsop_tls_t *t);

/* Why the last open failed with AMSOP_ERR_TLS_VERIFY: the reasons from
 * mbedTLS's verify flags ("expired", "not yet valid", "name mismatch", "not
 * trusted (no configured CA signed it)", "revoked", ...), joined by ", ",
 * NUL-terminated in buf[0..cap) and cut to fit. Returns how many reasons
 * there are; 0 (and "") when the last handshake was not refused by
 * verification. Reads t only: call it after the failed open, before the
 * next one. */
unsigned amsop_tls_verify_reason(const amsop_tls_t *t, char *buf, size_t cap);

/* Closes and frees everything; wipes the saved session. */
void amsop_tls_free(amsop_tls_t *t);

#ifdef __cplusplus
}
#endif

#endif
