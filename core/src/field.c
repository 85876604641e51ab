/* SPDX-License-Identifier: MIT */
/* Fixed-size text fields: UTF-8 aware appends that never overflow. */
#include <string.h>

#include "amsop_config.h"
#include "field.h"

#define REPLACEMENT_CHAR 0xFFFDu

void amsop__fw_init(amsop__fw_t *w, char *buf, size_t cap)
{
    w->buf = buf;
    w->cap = cap;
    w->len = 0;
    w->truncated = 0;
    if (cap > 0)
        buf[0] = '\0';
}

size_t amsop__utf8_encode(uint32_t cp, char out[4])
{
    if ((cp >= 0xD800u && cp <= 0xDFFFu) || cp > 0x10FFFFu)
        cp = REPLACEMENT_CHAR;
    if (cp < 0x80u) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800u) {
        out[0] = (char)(0xC0u | (cp >> 6));
        out[1] = (char)(0x80u | (cp & 0x3Fu));
        return 2;
    }
    if (cp < 0x10000u) {
        out[0] = (char)(0xE0u | (cp >> 12));
        out[1] = (char)(0x80u | ((cp >> 6) & 0x3Fu));
        out[2] = (char)(0x80u | (cp & 0x3Fu));
        return 3;
    }
    out[0] = (char)(0xF0u | (cp >> 18));
    out[1] = (char)(0x80u | ((cp >> 12) & 0x3Fu));
    out[2] = (char)(0x80u | ((cp >> 6) & 0x3Fu));
    out[3] = (char)(0x80u | (cp & 0x3Fu));
    return 4;
}

void amsop__fw_put_cp(amsop__fw_t *w, uint32_t cp)
{
    char enc[4];
    size_t n = amsop__utf8_encode(cp, enc);

    if (w->truncated || w->cap == 0 || w->len + n + 1 > w->cap) {
        w->truncated = 1;
        return;
    }
    memcpy(w->buf + w->len, enc, n);
    w->len += n;
    w->buf[w->len] = '\0';
}

/* Length of the UTF-8 sequence starting with b, 0 if b cannot start one. */
static size_t utf8_seq_len(uint8_t b)
{
    if (b < 0x80u)
        return 1;
    if (b >= 0xC2u && b <= 0xDFu)
        return 2;
    if (b >= 0xE0u && b <= 0xEFu)
        return 3;
    if (b >= 0xF0u && b <= 0xF4u)
        return 4;
    return 0;
}

/* Appends n ASCII bytes at once: every byte is a character boundary, so a
 * cut keeps as many as fit. The common case (ids, status words) is all
 * ASCII, and this is one copy instead of a call per byte. */
static void put_ascii(amsop__fw_t *w, const uint8_t *s, size_t n)
{
    size_t room;

    if (w->truncated || w->cap == 0) {
        w->truncated = 1;
        return;
    }
    room = w->cap - 1u - w->len;
    if (n > room) {
        n = room;
        w->truncated = 1;
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
    w->buf[w->len] = '\0';
}

void amsop__fw_put_utf8(amsop__fw_t *w, const uint8_t *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        size_t len = utf8_seq_len(s[i]);
        uint32_t cp;
        size_t k;

        if (len == 1) {
            for (k = i + 1; k < n && s[k] < 0x80u; k++) {
            }
            put_ascii(w, s + i, k - i);
            i = k;
            continue;
        }
        if (len == 0 || i + len > n) {
            amsop__fw_put_cp(w, REPLACEMENT_CHAR);
            i++;
            continue;
        }
        cp = (uint32_t)(s[i] & (0xFFu >> (len + 1)));
        for (k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0u) != 0x80u)
                break;
            cp = (cp << 6) | (uint32_t)(s[i + k] & 0x3Fu);
        }
        /* Reject broken continuations, overlong forms and surrogates. */
        if (k != len || (len == 3 && cp < 0x800u) || (len == 4 && cp < 0x10000u) ||
            (cp >= 0xD800u && cp <= 0xDFFFu) || cp > 0x10FFFFu) {
            amsop__fw_put_cp(w, REPLACEMENT_CHAR);
            i++;
            continue;
        }
        amsop__fw_put_cp(w, cp);
        i += len;
    }
}

int amsop__alnum(uint8_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

int amsop__unreserved(uint8_t c)
{
    return amsop__alnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

void amsop__pct_encode(uint8_t c, char out[3])
{
    static const char hex[] = "0123456789ABCDEF";
    out[0] = '%';
    out[1] = hex[c >> 4];
    out[2] = hex[c & 15u];
}

int amsop__hex(uint8_t c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (uint8_t)(c | 0x20u); /* 'A'..'F' -> 'a'..'f'; no other byte becomes one */
    return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

int amsop__ieq(const char *a, const char *b, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned x = (unsigned char)a[i] ^ (unsigned char)b[i];
        unsigned c = (unsigned char)a[i] | 0x20u;
        /* equal, or the same letter in the other case */
        if (x != 0 && (x != 0x20u || c < 'a' || c > 'z'))
            return 0;
    }
    return 1;
}

uint32_t amsop__at_least(uint32_t v, uint32_t floor)
{
    return v < floor ? floor : v;
}

int amsop__dot_segment(const char *s, size_t n)
{
    size_t dots = 0;
    size_t i = 0;
    while (i < n) {
        if (s[i] == '.') {
            i += 1;
        } else if (i + 2 < n && s[i] == '%' && s[i + 1] == '2' && amsop__lower(s[i + 2]) == 'e') {
            i += 3;
        } else {
            return 0;
        }
        if (++dots > 2)
            return 0;
    }
    return dots > 0;
}

int amsop__api_version_ok(const char *v, size_t n)
{
    size_t i;
    if (n == 0 || n + 1 > CONFIG_AMSOP_API_VERSION_MAX)
        return 0;
    for (i = 0; i < n; i++) {
        char ch = v[i];
        if (!(amsop__alnum((uint8_t)ch) || ch == '-' || ch == '.'))
            return 0;
    }
    return 1;
}
