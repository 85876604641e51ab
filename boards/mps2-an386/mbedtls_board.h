/* SPDX-License-Identifier: MIT */
/* mbedTLS configuration of the mps2-an386 firmware: the device configuration
 * every product starts from (port/tls/mbedtls/amsop_mbedtls_config.h) plus
 * what this board needs. The board has no TRNG, so the entropy pool is fed
 * by mbedTLS's NV seed: 64 bytes from the provisioning record, read and
 * rewritten through entropy.c (on a real board: a flash sector, rewritten
 * before the first handshake). MBEDTLS_MEMORY_DEBUG lets the program report
 * the static pool's peak. */
#ifndef AMSOP_MPS2_MBEDTLS_BOARD_H
#define AMSOP_MPS2_MBEDTLS_BOARD_H

#include <stddef.h>

#define AMSOP_MBEDTLS_MEMORY_DEBUG
#define MBEDTLS_ENTROPY_NV_SEED
#define MBEDTLS_PLATFORM_NV_SEED_READ_MACRO  board_nv_seed_read
#define MBEDTLS_PLATFORM_NV_SEED_WRITE_MACRO board_nv_seed_write
int board_nv_seed_read(unsigned char *buf, size_t len);
int board_nv_seed_write(unsigned char *buf, size_t len);
/* The pool's own checks (MBEDTLS_MEMORY_DEBUG) report a corrupted heap and
 * stop: to the console and semihosting, not newlib's stdio and exit(). */
#define MBEDTLS_PLATFORM_FPRINTF_MACRO board_mbedtls_fprintf
#define MBEDTLS_PLATFORM_EXIT_MACRO    board_exit
int board_mbedtls_fprintf(void *stream, const char *fmt, ...);
void board_exit(int code) __attribute__((noreturn));

#include "amsop_mbedtls_config.h"

#endif
