/* SPDX-License-Identifier: MIT */
/* Added to mbedTLS 2.28's own config.h (MBEDTLS_USER_CONFIG_FILE) by
 * tools/mbedtls_build/build.sh (make heap-pool): mbedTLS allocates from a static pool
 * (port/tls/tls_init.c hands it over, sized by
 * CONFIG_AMSOP_MBEDTLS_POOL_SIZE) instead of calloc/free. */
#ifndef AMSOP_MBEDTLS_USER_CONFIG_H
#define AMSOP_MBEDTLS_USER_CONFIG_H

#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C
/* For the pool's peak use (mbedtls_memory_buffer_alloc_max_get). */
#define MBEDTLS_MEMORY_DEBUG

#endif
