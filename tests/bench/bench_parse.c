/* SPDX-License-Identifier: MIT */
/* Parse-cost benchmark: one real ARM reply (status line, 15 headers, chunked
 * CRLF-indented JSON) into a result struct, N times, two ways:
 *   amsop   amsop_http_feed + amsop_json_extract (what the client runs)
 *   cjson   what a host developer writes instead: a line-by-line header scan
 *           with strncasecmp/strtol, de-chunking with strtoul into a buffer,
 *           cJSON_ParseWithLength and cJSON_GetObjectItemCaseSensitive for
 *           the same fields, copied into fixed fields like amsop's.
 * Run under callgrind with --toggle-collect=parse_amsop or =parse_cjson so
 * only the parse is counted; file reading and checks are outside.
 *   bench_parse amsop|cjson REPLY_FILE ITERATIONS */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "amsop.h"

static amsop_http_parser_t parser;
static uint8_t body[CONFIG_AMSOP_BODY_MAX];
static jsmntok_t tokens[CONFIG_AMSOP_JSON_TOKENS];

__attribute__((noinline)) int parse_amsop(const uint8_t *reply, size_t len, amsop_result_t *r);
__attribute__((noinline)) int parse_amsop(const uint8_t *reply, size_t len, amsop_result_t *r)
{
    size_t used = 0;
    amsop_http_begin(&parser, r, body, sizeof(body));
    if (amsop_http_feed(&parser, reply, len, &used) != AMSOP_OK || !amsop_http_done(&parser))
        return -1;
    return amsop_json_extract((const char *)body, parser.body_len, tokens,
                              (unsigned)(sizeof(tokens) / sizeof(tokens[0])), r) == AMSOP_OK
               ? 0
               : -1;
}

/* --- the baseline ------------------------------------------------------- */
static void copy_field(char *dst, size_t cap, const char *src, size_t n)
{
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void copy_json(char *dst, size_t cap, const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    dst[0] = '\0';
    if (cJSON_IsString(v))
        copy_field(dst, cap, v->valuestring, strlen(v->valuestring));
}

__attribute__((noinline)) int parse_cjson(const char *reply, size_t len, amsop_result_t *r);
__attribute__((noinline)) int parse_cjson(const char *reply, size_t len, amsop_result_t *r)
{
    static char dechunked[CONFIG_AMSOP_BODY_MAX];
    const char *p = reply;
    const char *end = reply + len;
    const char *eol;
    size_t blen = 0;
    int chunked = 0;
    long content_length = -1;
    cJSON *root;
    const cJSON *err;
    const cJSON *details;

    memset(r, 0, sizeof(*r));
    r->retry_after_s = -1;
    if (len < 12 || strncmp(p, "HTTP/1.", 7) != 0)
        return -1;
    r->http_status = (int)strtol(p + 9, NULL, 10);
    p = strstr(p, "\r\n") + 2;
    while ((eol = strstr(p, "\r\n")) != NULL && eol != p) { /* headers */
        const char *colon = memchr(p, ':', (size_t)(eol - p));
        const char *v;
        size_t nl;
        if (colon == NULL)
            return -1;
        nl = (size_t)(colon - p);
        for (v = colon + 1; *v == ' ' || *v == '\t'; v++) {
        }
#define IS(name) (nl == sizeof(name) - 1 && strncasecmp(p, name, nl) == 0)
        if (IS("x-ms-request-id"))
            copy_field(r->request_id, sizeof(r->request_id), v, (size_t)(eol - v));
        else if (IS("x-ms-correlation-request-id"))
            copy_field(r->correlation_id, sizeof(r->correlation_id), v, (size_t)(eol - v));
        else if (IS("Content-Type"))
            copy_field(r->content_type, sizeof(r->content_type), v, (size_t)(eol - v));
        else if (IS("Azure-AsyncOperation"))
            copy_field(r->async_operation, sizeof(r->async_operation), v, (size_t)(eol - v));
        else if (IS("Location"))
            copy_field(r->location, sizeof(r->location), v, (size_t)(eol - v));
        else if (IS("Retry-After"))
            r->retry_after_s = (int32_t)strtol(v, NULL, 10);
        else if (IS("Content-Length"))
            content_length = strtol(v, NULL, 10);
        else if (IS("Transfer-Encoding"))
            chunked = strncasecmp(v, "chunked", 7) == 0;
#undef IS
        p = eol + 2;
    }
    if (eol == NULL)
        return -1;
    p += 2;
    if (chunked) { /* size line, data, CRLF ... until the 0 chunk */
        for (;;) {
            char *after;
            unsigned long n = strtoul(p, &after, 16);
            p = strstr(after, "\r\n");
            if (p == NULL)
                return -1;
            p += 2;
            if (n == 0)
                break;
            if (n > (unsigned long)(end - p) || blen + n > sizeof(dechunked))
                return -1;
            memcpy(dechunked + blen, p, n);
            blen += n;
            p += n + 2;
        }
    } else {
        if (content_length < 0 || content_length > end - p ||
            (size_t)content_length > sizeof(dechunked))
            return -1;
        memcpy(dechunked, p, (size_t)content_length);
        blen = (size_t)content_length;
    }
    root = cJSON_ParseWithLength(dechunked, blen);
    if (root == NULL)
        return -1;
    copy_json(r->name, sizeof(r->name), root, "name");
    copy_json(r->status_text, sizeof(r->status_text), root, "status");
    r->status = amsop_status_from_text(r->status_text, strlen(r->status_text));
    err = cJSON_GetObjectItemCaseSensitive(root, "error");
    if (cJSON_IsObject(err)) {
        copy_json(r->error_code, sizeof(r->error_code), err, "code");
        copy_json(r->error_message, sizeof(r->error_message), err, "message");
        copy_json(r->error_target, sizeof(r->error_target), err, "target");
        details = cJSON_GetObjectItemCaseSensitive(err, "details");
        if (cJSON_IsArray(details)) {
            const cJSON *d0 = cJSON_GetArrayItem(details, 0);
            r->details_count = (uint32_t)cJSON_GetArraySize(details);
            if (cJSON_IsObject(d0)) {
                copy_json(r->detail_code, sizeof(r->detail_code), d0, "code");
                copy_json(r->detail_message, sizeof(r->detail_message), d0, "message");
            }
        }
    }
    cJSON_Delete(root);
    return 0;
}

/* Both parsers must agree on what they read, or the comparison is void. */
static int same(const amsop_result_t *a, const amsop_result_t *b)
{
    return a->http_status == b->http_status && a->status == b->status &&
           a->retry_after_s == b->retry_after_s && strcmp(a->name, b->name) == 0 &&
           strcmp(a->status_text, b->status_text) == 0 &&
           strcmp(a->error_code, b->error_code) == 0 &&
           strcmp(a->error_target, b->error_target) == 0 &&
           strcmp(a->request_id, b->request_id) == 0 &&
           strcmp(a->correlation_id, b->correlation_id) == 0;
}

int main(int argc, char **argv)
{
    static char reply[16384];
    static amsop_result_t r;
    static amsop_result_t check;
    FILE *f;
    size_t len;
    long i;
    long n;

    if (argc != 4 || (strcmp(argv[1], "amsop") != 0 && strcmp(argv[1], "cjson") != 0)) {
        fprintf(stderr, "usage: bench_parse amsop|cjson REPLY_FILE ITERATIONS\n");
        return 2;
    }
    f = fopen(argv[2], "rb");
    if (f == NULL)
        return 2;
    len = fread(reply, 1, sizeof(reply) - 1, f);
    fclose(f);
    reply[len] = '\0';
    n = strtol(argv[3], NULL, 10);
    for (i = 0; i < n; i++) {
        int rc = (argv[1][0] == 'a') ? parse_amsop((const uint8_t *)reply, len, &r)
                                     : parse_cjson(reply, len, &r);
        if (rc != 0) {
            fprintf(stderr, "bench_parse: %s could not parse the reply\n", argv[1]);
            return 1;
        }
    }
    /* The other parser's view of the same bytes, outside the counted part. */
    if ((argv[1][0] == 'a' ? parse_cjson(reply, len, &check)
                           : parse_amsop((const uint8_t *)reply, len, &check)) != 0 ||
        !same(&r, &check) || r.status != AMSOP_STATUS_IN_PROGRESS) {
        fprintf(stderr, "bench_parse: amsop and cJSON disagree about the reply\n");
        return 1;
    }
    printf("%s: %ld parses of %zu bytes, status %s, name %s\n", argv[1], n, len,
           amsop_status_name(r.status), r.name);
    return 0;
}
