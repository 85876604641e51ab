/* SPDX-License-Identifier: MIT */
/* Setting up and tearing down an amsop_tls_t: roots, DRBG, ssl config. */
#include "tls_internal.h"

#include <string.h>

#include <mbedtls/platform_util.h>
#if MBEDTLS_VERSION_NUMBER >= 0x03000000 && defined(MBEDTLS_PSA_CRYPTO_C)
#include <psa/crypto.h>
#endif

#include "amsop_config.h"

#if defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C)
#include <mbedtls/memory_buffer_alloc.h>
/* mbedTLS built with our configs (port/tls/mbedtls): every mbedTLS
 * allocation comes from this static pool, none from the system heap. */
static unsigned char s_mbedtls_pool[CONFIG_AMSOP_MBEDTLS_POOL_SIZE];
static int s_mbedtls_pool_ready;
#endif

#if defined(AMSOP_MBEDTLS_NO_SYSTEM_HEAP)
/* The device configuration names these as mbedTLS's calloc/free before the
 * pool is handed over (which amsop_tls_init does first): any allocation
 * then fails instead of reaching a C heap. */
void *amsop_mbedtls_no_calloc(size_t n, size_t size)
{
    (void)n;
    (void)size;
    return NULL;
}

void amsop_mbedtls_no_free(void *p)
{
    (void)p;
}
#endif

/* Feeds the port's entropy to mbedTLS. Registered as a strong source so the
 * DRBG can be seeded on a platform where mbedTLS knows no entropy of its
 * own (the firmware builds); on Linux it adds to mbedTLS's own source. */
static int port_entropy_source(void *data, unsigned char *out, size_t len, size_t *olen)
{
    (void)data;
    if (amsop_port_entropy(out, len) != AMSOP_OK) {
        *olen = 0;
        return MBEDTLS_ERR_ENTROPY_SOURCE_FAILED;
    }
    *olen = len;
    return 0;
}

/* True when at least one certificate made it into the chain. */
static int have_roots(const mbedtls_x509_crt *ca)
{
    return ca->raw.len > 0;
}

static amsop_err_t load_roots(amsop_tls_t *t, const amsop_tls_config_t *cfg)
{
    const unsigned char *pem = amsop_ca_bundle_pem;
    size_t len = amsop_ca_bundle_pem_len;
    int ret;

    if (cfg != NULL && cfg->ca_pem != NULL) {
        pem = cfg->ca_pem;
        len = cfg->ca_pem_len;
    }
    if (len == 0) {
        return AMSOP_ERR_TLS_CA;
    }
    /* > 0: that many certificates failed but others parsed; fine. */
    ret = mbedtls_x509_crt_parse(&t->ca, pem, len);
    if (ret < 0 || !have_roots(&t->ca)) {
        t->last_mbedtls_err = ret;
        return AMSOP_ERR_TLS_CA;
    }
    return AMSOP_OK;
}

static amsop_err_t seed_drbg(amsop_tls_t *t)
{
    static const unsigned char personalization[] = "amsop tls";
    int ret = mbedtls_entropy_add_source(&t->entropy, port_entropy_source, NULL, 32,
                                         MBEDTLS_ENTROPY_SOURCE_STRONG);

    if (ret == 0) {
        ret = mbedtls_ctr_drbg_seed(&t->drbg, mbedtls_entropy_func, &t->entropy, personalization,
                                    sizeof personalization - 1);
    }
    if (ret != 0) {
        t->last_mbedtls_err = ret;
        return AMSOP_ERR_PORT;
    }
    return AMSOP_OK;
}

/* Forward-secret AEAD suites only: the Azure management endpoint offers
 * them, and CBC/SHA-1 or static-RSA suites are refused even if the mbedTLS
 * build still has them. Suites the build lacks are skipped by mbedTLS. */
static const int aead_suites[] = {
#if MBEDTLS_VERSION_NUMBER >= 0x03000000 && defined(MBEDTLS_SSL_PROTO_TLS1_3)
    MBEDTLS_TLS1_3_AES_128_GCM_SHA256,
    MBEDTLS_TLS1_3_AES_256_GCM_SHA384,
    MBEDTLS_TLS1_3_CHACHA20_POLY1305_SHA256,
#endif
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    MBEDTLS_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    MBEDTLS_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    0};

static amsop_err_t configure(amsop_tls_t *t)
{
    int ret = mbedtls_ssl_config_defaults(&t->conf, MBEDTLS_SSL_IS_CLIENT,
                                          MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT);
    if (ret != 0) {
        t->last_mbedtls_err = ret;
        return AMSOP_ERR_TLS;
    }
    /* Not configurable on purpose: an unverified server gets no token. */
    mbedtls_ssl_conf_authmode(&t->conf, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_ca_chain(&t->conf, &t->ca, NULL);
    mbedtls_ssl_conf_rng(&t->conf, mbedtls_ctr_drbg_random, &t->drbg);
    mbedtls_ssl_conf_verify(&t->conf, amsop__tls_verify_cb, t);
    mbedtls_ssl_conf_ciphersuites(&t->conf, aead_suites);
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
    mbedtls_ssl_conf_min_tls_version(&t->conf, MBEDTLS_SSL_VERSION_TLS1_2);
#else
    mbedtls_ssl_conf_min_version(&t->conf, MBEDTLS_SSL_MAJOR_VERSION_3,
                                 MBEDTLS_SSL_MINOR_VERSION_3);
#endif
#if defined(MBEDTLS_SSL_SESSION_TICKETS)
#if defined(CONFIG_AMSOP_TLS_SESSION_RESUME)
    mbedtls_ssl_conf_session_tickets(&t->conf, MBEDTLS_SSL_SESSION_TICKETS_ENABLED);
#else
    mbedtls_ssl_conf_session_tickets(&t->conf, MBEDTLS_SSL_SESSION_TICKETS_DISABLED);
#endif
#endif
    ret = mbedtls_ssl_setup(&t->ssl, &t->conf);
    if (ret != 0) {
        t->last_mbedtls_err = ret;
        return AMSOP_ERR_TLS;
    }
    return AMSOP_OK;
}

amsop_err_t amsop_tls_init(amsop_tls_t *t, const amsop_tls_config_t *cfg)
{
    amsop_err_t err;

    if (t == NULL) {
        return AMSOP_ERR_INVALID_ARG;
    }
    memset(t, 0, sizeof *t);
#if defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C)
    if (!s_mbedtls_pool_ready) {
        mbedtls_memory_buffer_alloc_init(s_mbedtls_pool, sizeof s_mbedtls_pool);
        s_mbedtls_pool_ready = 1;
    }
#endif
    amsop_port_net_init(&t->net);
    mbedtls_ssl_init(&t->ssl);
    mbedtls_ssl_config_init(&t->conf);
    mbedtls_x509_crt_init(&t->ca);
    mbedtls_entropy_init(&t->entropy);
    mbedtls_ctr_drbg_init(&t->drbg);
    mbedtls_ssl_session_init(&t->session);

#if MBEDTLS_VERSION_NUMBER >= 0x03000000 && defined(MBEDTLS_PSA_CRYPTO_C)
    /* mbedTLS 3.x runs TLS 1.3 and parts of 1.2 over PSA. */
    if (psa_crypto_init() != PSA_SUCCESS) {
        amsop_tls_free(t);
        return AMSOP_ERR_TLS;
    }
#endif
    err = load_roots(t, cfg);
    if (err == AMSOP_OK) {
        err = seed_drbg(t);
    }
    if (err == AMSOP_OK) {
        err = configure(t);
    }
    if (err != AMSOP_OK) {
        int keep = t->last_mbedtls_err;
        amsop_tls_free(t);
        t->last_mbedtls_err = keep;
        return err;
    }
    t->ready = 1;
    return AMSOP_OK;
}

void amsop_tls_free(amsop_tls_t *t)
{
    if (t == NULL) {
        return;
    }
    if (t->ready) {
        amsop_tls_transport(t).close(t);
    }
    amsop_port_net_close(&t->net);
    amsop__tls_forget_session(t);
    mbedtls_ssl_free(&t->ssl);
    mbedtls_ssl_config_free(&t->conf);
    mbedtls_x509_crt_free(&t->ca);
    mbedtls_ctr_drbg_free(&t->drbg);
    mbedtls_entropy_free(&t->entropy);
    /* The DRBG state and any key material left in the contexts. */
    mbedtls_platform_zeroize(t, sizeof *t);
    amsop_port_net_init(&t->net);
}
