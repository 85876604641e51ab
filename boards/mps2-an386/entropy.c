/* SPDX-License-Identifier: MIT */
/* Entropy without a TRNG. mbedTLS's NV-seed source (MBEDTLS_ENTROPY_NV_SEED)
 * reads the 64-byte seed that provisioning put in the record, and writes
 * its successor back when it first seeds the DRBG; here the successor is
 * kept in RAM (QEMU's code memory is the "flash", and every test run
 * provisions a fresh seed), a real board writes it to its own flash sector
 * before the first handshake, so no seed is ever used twice.
 * amsop_port_entropy() (the port's source, also registered with mbedTLS,
 * and the poll jitter) and LWIP_RAND() (TCP ports, initial sequence
 * numbers) are SHA-256(seed || counter), so they are as unpredictable as the
 * provisioned seed and nothing more. A real board reads its TRNG here. */
#include <string.h>

#include <mbedtls/entropy.h>
#include <mbedtls/sha256.h>

#include "amsop_port.h"
#include "board.h"

static unsigned char s_seed[MBEDTLS_ENTROPY_BLOCK_SIZE];
static uint32_t s_counter;

void entropy_set_seed(const uint8_t *seed, size_t len)
{
    memset(s_seed, 0, sizeof s_seed);
    memcpy(s_seed, seed, len < sizeof s_seed ? len : sizeof s_seed);
    s_counter = 0;
}

int board_nv_seed_read(unsigned char *buf, size_t len)
{
    if (len > sizeof s_seed) {
        return -1;
    }
    memcpy(buf, s_seed, len);
    return (int)len;
}

int board_nv_seed_write(unsigned char *buf, size_t len)
{
    if (len > sizeof s_seed) {
        return -1;
    }
    memcpy(s_seed, buf, len); /* a real board: erase + program the seed sector */
    return (int)len;
}

amsop_err_t amsop_port_entropy(uint8_t *buf, size_t len)
{
    while (len > 0) {
        unsigned char in[sizeof s_seed + 4];
        unsigned char out[32];
        size_t n = len < sizeof out ? len : sizeof out;

        memcpy(in, s_seed, sizeof s_seed);
        memcpy(in + sizeof s_seed, &s_counter, 4);
        s_counter++;
        if (mbedtls_sha256_ret(in, sizeof in, out, 0) != 0) {
            return AMSOP_ERR_PORT;
        }
        memcpy(buf, out, n);
        buf += n;
        len -= n;
    }
    return AMSOP_OK;
}

unsigned int board_random32(void)
{
    uint8_t b[4] = {0, 0, 0, 0};

    (void)amsop_port_entropy(b, sizeof b);
    return (unsigned int)b[0] | (unsigned int)b[1] << 8 | (unsigned int)b[2] << 16 |
           (unsigned int)b[3] << 24;
}
