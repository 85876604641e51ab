/* SPDX-License-Identifier: MIT */
/* Reading and validating the provisioning record (format: prov.h). Every
 * check a flash sector can fail is made before any field is used: magic,
 * version, header and payload length, CRC-32, then each field's length and
 * form, then that the required fields are all there. */
#include "prov.h"

#include <string.h>

uint32_t prov_crc32(const uint8_t *p, size_t n)
{
    uint32_t crc = 0xFFFFFFFFu;

    while (n-- > 0) {
        int k;

        crc ^= *p++;
        for (k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
    }
    return ~crc;
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

/* A NUL-terminated string filling the whole field, without inner NULs. */
static const char *field_string(const uint8_t *v, size_t len)
{
    if (len < 2u || v[len - 1u] != 0u || memchr(v, 0, len - 1u) != NULL) {
        return NULL;
    }
    return (const char *)v;
}

#define HAVE(tag) (1u << (tag))
#define REQUIRED                                                                                   \
    (HAVE(PROV_HOST) | HAVE(PROV_HOST_ADDR) | HAVE(PROV_PORT) | HAVE(PROV_IP) |                    \
     HAVE(PROV_NETMASK) | HAVE(PROV_CA_PEM) | HAVE(PROV_URL) | HAVE(PROV_NV_SEED))
#define CLIENT_CREDENTIALS (HAVE(PROV_TENANT) | HAVE(PROV_CLIENT_ID) | HAVE(PROV_CLIENT_SECRET))

static int take_field(prov_t *out, unsigned tag, const uint8_t *v, size_t len)
{
    switch (tag) {
    case PROV_HOST:
        return (out->host = field_string(v, len)) != NULL;
    case PROV_TOKEN:
        return (out->token = field_string(v, len)) != NULL;
    case PROV_URL:
        return (out->url = field_string(v, len)) != NULL;
    case PROV_AUTHORITY:
        return (out->authority = field_string(v, len)) != NULL;
    case PROV_TENANT:
        return (out->tenant = field_string(v, len)) != NULL;
    case PROV_CLIENT_ID:
        return (out->client_id = field_string(v, len)) != NULL;
    case PROV_CLIENT_SECRET:
        return (out->client_secret = field_string(v, len)) != NULL;
    case PROV_CA_PEM:
        out->ca_pem = v;
        out->ca_pem_len = len;
        return field_string(v, len) != NULL;
    case PROV_HOST_ADDR:
    case PROV_IP:
    case PROV_NETMASK:
    case PROV_GATEWAY:
        if (len != 4u) {
            return 0;
        }
        memcpy(tag == PROV_HOST_ADDR ? out->host_addr
               : tag == PROV_IP      ? out->ip
               : tag == PROV_NETMASK ? out->netmask
                                     : out->gateway,
               v, 4);
        return 1;
    case PROV_AUTHORITY_ADDR:
        if (len != 4u) {
            return 0;
        }
        memcpy(out->authority_addr, v, 4);
        out->have_authority_addr = 1;
        return 1;
    case PROV_PORT:
        out->port = len == 2u ? le16(v) : 0u;
        return out->port != 0u;
    case PROV_NV_SEED:
        out->nv_seed = v;
        out->nv_seed_len = len;
        return len >= 32u;
    case PROV_TIMEOUT_S:
        out->timeout_s = len == 4u ? le32(v) : 0u;
        return len == 4u;
    default:
        return 1; /* a newer tool's field: ignored */
    }
}

const char *prov_read(const uint8_t *rec, size_t cap, prov_t *out)
{
    uint32_t payload_len;
    uint32_t seen = 0;
    size_t hdr;
    size_t at;

    memset(out, 0, sizeof *out);
    if (cap < 16u || le32(rec) != PROV_MAGIC) {
        return "no record (bad magic)";
    }
    if (le16(rec + 4) != PROV_VERSION) {
        return "unsupported version";
    }
    hdr = le16(rec + 6);
    payload_len = le32(rec + 8);
    if (hdr < 16u || hdr > cap || payload_len > cap - hdr) {
        return "bad length";
    }
    if (prov_crc32(rec + hdr, payload_len) != le32(rec + 12)) {
        return "bad CRC";
    }
    for (at = 0; at < payload_len;) {
        const uint8_t *f = rec + hdr + at;
        unsigned tag;
        size_t len;

        if (payload_len - at < 3u) {
            return "truncated field";
        }
        tag = f[0];
        len = le16(f + 1);
        if (len > payload_len - at - 3u) {
            return "truncated field";
        }
        if (!take_field(out, tag, f + 3, len)) {
            return "malformed field";
        }
        if (tag < 32u) {
            seen |= HAVE(tag);
        }
        at += 3u + len;
    }
    if ((seen & REQUIRED) != REQUIRED) {
        return "a required field is missing";
    }
    if ((seen & HAVE(PROV_TOKEN)) == 0u && (seen & CLIENT_CREDENTIALS) != CLIENT_CREDENTIALS) {
        return "neither a token nor client credentials";
    }
    if ((seen & HAVE(PROV_TOKEN)) != 0u && (seen & CLIENT_CREDENTIALS) != 0u) {
        return "both a token and client credentials";
    }
    return NULL;
}
