/* SPDX-License-Identifier: MIT */
/* Shared unit-test helpers (see test_util.h). */
#define _POSIX_C_SOURCE 200809L

#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *tu_load_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long size;

    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    buf = malloc((size_t)size + 1);
    if (buf == NULL || fread(buf, 1, (size_t)size, f) != (size_t)size) {
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    buf[size] = '\0';
    if (len != NULL)
        *len = (size_t)size;
    return buf;
}

char *tu_load_vector(const char *name, size_t *len)
{
    char path[1024];
    char *data;
    if (snprintf(path, sizeof path, "%s/%s", AMSOP_VECTORS_DIR, name) >= (int)sizeof path)
        return NULL;
    data = tu_load_file(path, len);
    if (data == NULL) /* say which file, not just "NULL" from the assertion */
        fprintf(stderr, "test vector not readable: %s\n", path);
    return data;
}

/* --- a minimal JSON walker, independent of jsmn and of the core --------- */

static size_t skip_ws(const char *s, size_t i, size_t n)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    return i;
}

static int skip_string(const char *s, size_t *i, size_t n)
{
    size_t k = *i;
    if (k >= n || s[k] != '"')
        return 0;
    k++;
    while (k < n) {
        if (s[k] == '\\') {
            k += 2;
            continue;
        }
        if (s[k] == '"') {
            *i = k + 1;
            return 1;
        }
        k++;
    }
    return 0;
}

static int skip_value(const char *s, size_t *i, size_t n)
{
    size_t k = skip_ws(s, *i, n);
    if (k >= n)
        return 0;
    if (s[k] == '"') {
        if (!skip_string(s, &k, n))
            return 0;
    } else if (s[k] == '{' || s[k] == '[') {
        int depth = 0;
        do {
            char c = s[k];
            if (c == '"') {
                if (!skip_string(s, &k, n))
                    return 0;
                continue;
            }
            if (c == '{' || c == '[')
                depth++;
            else if (c == '}' || c == ']')
                depth--;
            k++;
        } while (depth > 0 && k < n);
        if (depth != 0)
            return 0;
    } else {
        size_t b = k;
        while (k < n && strchr(",}] \t\r\n", s[k]) == NULL)
            k++;
        if (k == b)
            return 0;
    }
    *i = k;
    return 1;
}

static int find_in(const char *s, size_t i, size_t n, const char *const *path, size_t depth,
                   size_t *start, size_t *end)
{
    i = skip_ws(s, i, n);
    if (i >= n || s[i] != '{')
        return 0;
    i++;
    for (;;) {
        size_t ks;
        size_t ke;
        size_t vs;
        i = skip_ws(s, i, n);
        if (i >= n || s[i] == '}')
            return 0;
        ks = i + 1;
        if (!skip_string(s, &i, n))
            return 0;
        ke = i - 1;
        i = skip_ws(s, i, n);
        if (i >= n || s[i] != ':')
            return 0;
        vs = skip_ws(s, i + 1, n);
        i = vs;
        if (!skip_value(s, &i, n))
            return 0;
        if (ke - ks == strlen(path[0]) && memcmp(s + ks, path[0], ke - ks) == 0) {
            if (depth == 1) {
                *start = vs;
                *end = i;
                return 1;
            }
            return find_in(s, vs, i, path + 1, depth - 1, start, end);
        }
        i = skip_ws(s, i, n);
        if (i < n && s[i] == ',') {
            i++;
            continue;
        }
        return 0;
    }
}

int tu_json_find(const char *js, size_t len, const char *const *path, size_t depth, size_t *start,
                 size_t *end)
{
    if (depth == 0)
        return 0;
    return find_in(js, 0, len, path, depth, start, end);
}

int tu_json_string(const char *js, size_t len, const char *const *path, size_t depth, char *out,
                   size_t cap)
{
    size_t s;
    size_t e;
    if (!tu_json_find(js, len, path, depth, &s, &e))
        return 0;
    if (e - s == 4 && memcmp(js + s, "null", 4) == 0)
        return -1;
    if (e - s < 2 || js[s] != '"' || js[e - 1] != '"' || e - s - 2 + 1 > cap ||
        memchr(js + s, '\\', e - s) != NULL)
        return -2;
    memcpy(out, js + s + 1, e - s - 2);
    out[e - s - 2] = '\0';
    return 1;
}

int tu_utf8_valid(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t b = s[i];
        size_t len;
        uint32_t cp;
        size_t k;
        if (b < 0x80) {
            i++;
            continue;
        }
        if (b >= 0xC2 && b <= 0xDF) {
            len = 2;
            cp = b & 0x1Fu;
        } else if (b >= 0xE0 && b <= 0xEF) {
            len = 3;
            cp = b & 0x0Fu;
        } else if (b >= 0xF0 && b <= 0xF4) {
            len = 4;
            cp = b & 0x07u;
        } else {
            return 0;
        }
        if (i + len > n)
            return 0;
        for (k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0u) != 0x80u)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3Fu);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return 0;
        i += len;
    }
    return 1;
}

/* Headers as ARM sends them on a liveEventOperations GET (public recordings). */
static const char arm_headers[] =
    "Cache-Control: no-cache\r\n"
    "Pragma: no-cache\r\n"
    "Content-Type: application/json; charset=utf-8\r\n"
    "Expires: -1\r\n"
    "Vary: Accept-Encoding\r\n"
    "x-ms-request-id: 1b9ab4d4-4e43-4c5d-9b1e-6f0d4b0e3c2a\r\n"
    "x-ms-correlation-request-id: 8f5a6c1e-2b3d-4e5f-a6b7-c8d9e0f1a2b3\r\n"
    "x-ms-routing-request-id: WESTUS2:20221201T120000Z:8f5a6c1e-2b3d-4e5f-a6b7-c8d9e0f1a2b3\r\n"
    "Strict-Transport-Security: max-age=31536000; includeSubDomains\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "Date: Thu, 01 Dec 2022 12:00:00 GMT\r\n";

static int append(char *out, size_t cap, size_t *pos, const char *s, size_t n)
{
    if (*pos + n + 1 > cap)
        return 0;
    memcpy(out + *pos, s, n);
    *pos += n;
    out[*pos] = '\0';
    return 1;
}

size_t tu_build_reply(char *out, size_t cap, const char *status_line, const char *extra_headers,
                      const char *body, size_t body_len, size_t chunk)
{
    size_t pos = 0;
    char line[64];
    int ok = append(out, cap, &pos, status_line, strlen(status_line)) &&
             append(out, cap, &pos, "\r\n", 2) &&
             append(out, cap, &pos, arm_headers, sizeof arm_headers - 1);
    if (ok && extra_headers != NULL)
        ok = append(out, cap, &pos, extra_headers, strlen(extra_headers));
    if (!ok)
        return 0;
    if (chunk == 0) {
        snprintf(line, sizeof line, "Content-Length: %zu\r\n\r\n", body_len);
        if (!append(out, cap, &pos, line, strlen(line)) || !append(out, cap, &pos, body, body_len))
            return 0;
        return pos;
    }
    if (!append(out, cap, &pos, "Transfer-Encoding: chunked\r\n\r\n", 30))
        return 0;
    {
        size_t off = 0;
        while (off < body_len) {
            size_t k = body_len - off < chunk ? body_len - off : chunk;
            snprintf(line, sizeof line, "%zx\r\n", k);
            if (!append(out, cap, &pos, line, strlen(line)) ||
                !append(out, cap, &pos, body + off, k) || !append(out, cap, &pos, "\r\n", 2))
                return 0;
            off += k;
        }
    }
    if (!append(out, cap, &pos, "0\r\n\r\n", 5))
        return 0;
    return pos;
}

size_t tu_crlf(const char *in, size_t n, char *out, size_t cap)
{
    size_t i;
    size_t pos = 0;
    for (i = 0; i < n; i++) {
        if (in[i] == '\n' && (i == 0 || in[i - 1] != '\r')) {
            if (!append(out, cap, &pos, "\r", 1))
                return 0;
        }
        if (!append(out, cap, &pos, in + i, 1))
            return 0;
    }
    return pos;
}
