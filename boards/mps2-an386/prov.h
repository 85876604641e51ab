/* SPDX-License-Identifier: MIT */
/* The provisioning record: what a device is given in the field, in flash at
 * a fixed address (__prov_start in an386.ld, 0x00300000), written by
 * tools/mps2_provision.py. Little-endian:
 *
 *   0  u32 magic  "AMSP"           8  u32 payload length
 *   4  u16 version (1)            12  u32 CRC-32 (zlib) of the payload
 *   6  u16 header length (16)     16  payload: fields, each u8 tag, u16
 *                                     length, value
 *
 * Strings are stored with their terminating NUL (the CA PEM too: mbedTLS
 * wants the NUL counted). */
#ifndef AMSOP_MPS2_PROV_H
#define AMSOP_MPS2_PROV_H

#include <stddef.h>
#include <stdint.h>

#define PROV_MAGIC   0x50534D41u /* "AMSP" */
#define PROV_VERSION 1u

enum prov_tag {
    PROV_HOST = 1,      /* endpoint host name (TLS SNI + verification), string */
    PROV_HOST_ADDR = 2, /* its IPv4 address (static host table), 4 bytes */
    PROV_PORT = 3,      /* endpoint port, u16 */
    PROV_IP = 4,        /* device address, 4 bytes */
    PROV_NETMASK = 5,
    PROV_GATEWAY = 6,    /* optional */
    PROV_CA_PEM = 7,     /* trusted roots, PEM string */
    PROV_TOKEN = 8,      /* bearer token, string */
    PROV_URL = 9,        /* Azure-AsyncOperation URL, string */
    PROV_NV_SEED = 10,   /* 64 bytes for MBEDTLS_ENTROPY_NV_SEED */
    PROV_TIMEOUT_S = 11, /* optional: the wait's deadline, u32 seconds */
    /* Azure AD client credentials, instead of PROV_TOKEN: */
    PROV_AUTHORITY = 12,     /* optional: https://host[:port] (default Azure AD) */
    PROV_TENANT = 13,        /* tenant id or domain, string */
    PROV_CLIENT_ID = 14,     /* string */
    PROV_CLIENT_SECRET = 15, /* string */
    PROV_AUTHORITY_ADDR = 16 /* optional: the authority host's IPv4 address */
};

typedef struct prov {
    const char *host;
    uint8_t host_addr[4];
    uint16_t port;
    uint8_t ip[4];
    uint8_t netmask[4];
    uint8_t gateway[4];
    const unsigned char *ca_pem;
    size_t ca_pem_len;     /* with the NUL */
    const char *token;     /* NULL: client credentials below */
    const char *authority; /* NULL: AMSOP_DEFAULT_AUTHORITY */
    const char *tenant;
    const char *client_id;
    const char *client_secret;
    uint8_t authority_addr[4];
    uint8_t have_authority_addr;
    const char *url;
    const uint8_t *nv_seed;
    size_t nv_seed_len;
    uint32_t timeout_s; /* 0: not given */
} prov_t;

/* Validates the record at rec (at most cap bytes) and fills *out with
 * pointers into it. NULL when it is good, else why not (one short phrase
 * for the console). */
const char *prov_read(const uint8_t *rec, size_t cap, prov_t *out);

uint32_t prov_crc32(const uint8_t *p, size_t n);

#endif
