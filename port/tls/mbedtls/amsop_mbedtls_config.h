/* SPDX-License-Identifier: MIT */
/* mbedTLS 2.28 configuration for an amsop device: a TLS 1.2 client and
 * nothing else, for firmware builds (MBEDTLS_CONFIG_FILE); tools/size
 * measures what it costs on Cortex-M. A product starts from here: each
 * trade below says what it saves and what it gives up.
 *
 * Kept: ECDHE-ECDSA and ECDHE-RSA with AES-GCM (what management.azure.com
 * offers over TLS 1.2), P-256/P-384, X.509 chains with RSA (PKCS#1 v1.5) and
 * ECDSA signatures, SHA-256/384, PEM roots (the bundled Azure roots are PEM),
 * SNI, session tickets for resumption, a CTR-DRBG seeded from the port.
 * Left out: the server side, TLS 1.0/1.1 and 1.3, CBC and every other
 * cipher, DHE, PSK, file system, net_sockets (the port is the network),
 * time checks (no wall clock on the device; certificate validity dates are
 * not checked), debug strings, error strings.
 * All memory comes from one static pool (MBEDTLS_MEMORY_BUFFER_ALLOC_C), so
 * the TLS peak is a number the pool reports, not the system heap. */
#ifndef AMSOP_MBEDTLS_CONFIG_H
#define AMSOP_MBEDTLS_CONFIG_H

/* System */
#define MBEDTLS_HAVE_ASM /* bignum inner loops in assembly: faster handshakes, no cost in RAM */
#ifdef AMSOP_MBEDTLS_MEMORY_DEBUG /* host run that reports the pool peak */
#define MBEDTLS_MEMORY_DEBUG
#endif
/* No /dev/urandom on a device: the only entropy source is the port's
 * amsop_port_entropy() (a TRNG on real boards), added by port/tls. */
#define MBEDTLS_NO_PLATFORM_ENTROPY
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C
/* No system heap at all: until mbedtls_memory_buffer_alloc_init() points
 * mbedTLS at the pool, allocations fail. */
#define AMSOP_MBEDTLS_NO_SYSTEM_HEAP /* port/tls/tls_init.c defines the two */
#define MBEDTLS_PLATFORM_STD_CALLOC  amsop_mbedtls_no_calloc
#define MBEDTLS_PLATFORM_STD_FREE    amsop_mbedtls_no_free
#include <stddef.h>
void *amsop_mbedtls_no_calloc(size_t n, size_t size);
void amsop_mbedtls_no_free(void *p);

/* Ciphers and hashes */
#define MBEDTLS_AES_C
/* AES tables in flash, not built in RAM at start-up (8 KB of RAM saved),
 * and one table instead of four (6 KB of flash saved, a little slower). */
#define MBEDTLS_AES_ROM_TABLES
#define MBEDTLS_AES_FEWER_TABLES
#define MBEDTLS_GCM_C
#define MBEDTLS_CIPHER_C
#define MBEDTLS_MD_C
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA256_SMALLER /* rolled loop: ~1 KB less flash, ~30% slower hashing */
#define MBEDTLS_SHA512_C       /* SHA-384: the *_SHA384 suites and SHA-384-signed roots */
#define MBEDTLS_CTR_DRBG_C
#define MBEDTLS_ENTROPY_C

/* Public keys */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_DP_SECP384R1_ENABLED
/* Only the two curves Azure's chains use. Fast NIST reduction costs about
 * 2 KB of flash and halves handshake time; window 2 (default 4) keeps the
 * point table small in the pool at some speed. */
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECP_WINDOW_SIZE 2
#define MBEDTLS_ECDH_C
#define MBEDTLS_ECDSA_C
#define MBEDTLS_RSA_C
#define MBEDTLS_PKCS1_V15
#define MBEDTLS_PKCS1_V21 /* RSA-PSS signatures (servers may sign ServerKeyExchange with them) */
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_OID_C
#define MBEDTLS_BASE64_C
#define MBEDTLS_PEM_PARSE_C
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C
#define MBEDTLS_MPI_WINDOW_SIZE                                                                    \
    2 /* RSA verify only (public exponent): a small window loses little */
#define MBEDTLS_MPI_MAX_SIZE 512 /* RSA-4096 roots */

/* TLS 1.2 client. Certificate dates: MBEDTLS_HAVE_TIME_DATE is not
 * defined, so a certificate's validity period is NOT checked (a device
 * without a trusted wall clock would otherwise refuse every certificate or
 * trust its own wrong clock). The chain, signatures and host name are
 * always verified. A device that has a trusted clock (SNTP with
 * authentication, a battery RTC set in production) should define
 * MBEDTLS_HAVE_TIME, MBEDTLS_HAVE_TIME_DATE and provide
 * mbedtls_platform_gmtime_r; the host build (Debian's mbedTLS) checks dates.
 * Session tickets: reconnects resume instead of a full handshake (one
 * ticket, a few hundred bytes, kept in amsop_tls_t). */
#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_SSL_CLI_C
#define MBEDTLS_SSL_PROTO_TLS1_2
#define MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA_ENABLED
#define MBEDTLS_KEY_EXCHANGE_ECDHE_RSA_ENABLED
#define MBEDTLS_SSL_SERVER_NAME_INDICATION
#define MBEDTLS_SSL_SESSION_TICKETS
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET
#define MBEDTLS_SSL_ENCRYPT_THEN_MAC
#define MBEDTLS_SSL_CIPHERSUITES                                                                   \
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,                                               \
        MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,                                             \
        MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,                                           \
        MBEDTLS_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384

/* Record buffers: the server may send 16 KB records (Azure does not
 * negotiate max_fragment_length), our requests are small. */
#ifndef MBEDTLS_SSL_IN_CONTENT_LEN
#define MBEDTLS_SSL_IN_CONTENT_LEN 16384
#endif
#ifndef MBEDTLS_SSL_OUT_CONTENT_LEN
#define MBEDTLS_SSL_OUT_CONTENT_LEN 2048
#endif

#include "mbedtls/check_config.h"

#endif
