/* SPDX-License-Identifier: MIT */
/* Parse-cost benchmark: one ARM reply (status line, headers, chunked CRLF
 * JSON) into a result struct, N times, several ways:
 *   amsop       what the client runs: the HTTP reader streaming the body
 *               through the JSON pass (amsop_http_begin_sink, json_stream),
 *               jsmn over what it kept, the ARM extraction; reply whole
 *   amsop64     the same, fed in 64-byte pieces
 *   amsop1      the same, fed one byte at a time
 *   httpparser  Node's http-parser (Debian libhttp-parser-dev) with header
 *               callbacks and a de-chunked body buffer, then jsmn over the
 *               body and a token walk for the same fields
 *   httpparser64, httpparser1  the same peer fed in 64-byte pieces and a
 *               byte at a time (names gathered, values appended)
 *   floor64     the 64-byte piece loop alone: amsop_http_feed on a parser
 *               that has already failed, so each call returns at once
 *   floor1      the same, one byte at a time
 *   cjson       a line-by-line header scan with strncasecmp/strtol,
 *               de-chunking with strtoul into a buffer, cJSON_ParseWithLength
 *               and cJSON_GetObjectItemCaseSensitive for the same fields
 * Every way copies into fixed fields like amsop's. Run under callgrind with
 * --toggle-collect=parse_<way> so only the parse is counted.
 *   bench_parse WAY REPLY_FILE ITERATIONS */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <http_parser.h>

#include "amsop.h"
#include "json_internal.h"

/* --- amsop: the client's reply path --------------------------------------- */
static amsop_http_parser_t parser;
static amsop__jstream_t jstream;
static jsmntok_t doc_tokens[AMSOP__JSON_DOC_TOKENS];

static void to_json(void *ctx, const uint8_t *data, size_t len)
{
    amsop__js_feed(ctx, data, len);
}

static int amsop_pieces(const uint8_t *reply, size_t len, size_t piece, amsop_result_t *r)
{
    size_t off = 0;
    amsop_http_begin_sink(&parser, r, to_json, &jstream);
    amsop__js_begin(&jstream, r);
    while (off < len) {
        size_t n = len - off < piece ? len - off : piece;
        size_t used = 0;
        if (amsop_http_feed(&parser, reply + off, n, &used) != AMSOP_OK)
            return -1;
        off += used;
        if (used < n)
            break;
    }
    if (!amsop_http_done(&parser))
        return -1;
    return amsop__json_extract_kept(&jstream, doc_tokens, AMSOP__JSON_DOC_TOKENS, r) == AMSOP_OK
               ? 0
               : -1;
}

/* A way callgrind counts by itself: a function named parse_<way> (the
 * --toggle-collect pattern) around one call of the way's code. */
#define COUNTED_WAY(way, call)                                                                     \
    __attribute__((noinline)) int parse_##way(const uint8_t *reply, size_t len,                    \
                                              amsop_result_t *r);                                  \
    __attribute__((noinline)) int parse_##way(const uint8_t *reply, size_t len, amsop_result_t *r) \
    {                                                                                              \
        return call;                                                                               \
    }

COUNTED_WAY(amsop, amsop_pieces(reply, len, len, r))
COUNTED_WAY(amsop64, amsop_pieces(reply, len, 64, r))
COUNTED_WAY(amsop1, amsop_pieces(reply, len, 1, r))

/* --- the floor of a call per piece ----------------------------------------
 * The piece loop of amsop_pieces over a parser whose (sticky) error is set
 * before the count starts, so every amsop_http_feed returns at once: what
 * the harness and one call per piece cost whatever the parser does, the
 * part of the 64-byte and byte-by-byte figures no parser design removes. */
static int floor_pieces(const uint8_t *reply, size_t len, size_t piece)
{
    size_t off = 0;
    int calls = 0;
    while (off < len) {
        size_t n = len - off < piece ? len - off : piece;
        size_t used = 0;
        if (amsop_http_feed(&parser, reply + off, n, &used) == AMSOP_OK || used != 0)
            return -1;
        off += n;
        calls++;
    }
    return calls > 0 ? 0 : -1;
}

__attribute__((noinline)) int parse_floor64(const uint8_t *reply, size_t len);
__attribute__((noinline)) int parse_floor64(const uint8_t *reply, size_t len)
{
    return floor_pieces(reply, len, 64);
}

__attribute__((noinline)) int parse_floor1(const uint8_t *reply, size_t len);
__attribute__((noinline)) int parse_floor1(const uint8_t *reply, size_t len)
{
    return floor_pieces(reply, len, 1);
}

/* The floor ways: the counted loop on a failed parser, then (not counted:
 * no parse_<way> function) the reply read whole, for the field check. */
static int floor_way(const uint8_t *reply, size_t len, amsop_result_t *r,
                     int (*counted)(const uint8_t *, size_t))
{
    size_t used = 0;
    amsop_http_begin_sink(&parser, r, to_json, &jstream);
    if (amsop_http_feed(&parser, (const uint8_t *)"X", 1, &used) == AMSOP_OK ||
        counted(reply, len) != 0)
        return -1;
    return amsop_pieces(reply, len, len, r);
}

static int floor64_way(const uint8_t *reply, size_t len, amsop_result_t *r)
{
    return floor_way(reply, len, r, parse_floor64);
}

static int floor1_way(const uint8_t *reply, size_t len, amsop_result_t *r)
{
    return floor_way(reply, len, r, parse_floor1);
}

/* --- Node's http-parser + jsmn ---------------------------------------------- */
static void copy_field(char *dst, size_t cap, const char *src, size_t n);

typedef struct hp_ctx {
    amsop_result_t *r;
    char *field; /* the header value being captured, or NULL */
    size_t cap;
    int retry_after;
    size_t blen;
    int done;
} hp_ctx_t;

static char hp_body[CONFIG_AMSOP_BODY_MAX];
static jsmntok_t hp_tokens[CONFIG_AMSOP_JSON_TOKENS];

static int hp_header_field(http_parser *p, const char *at, size_t n)
{
    hp_ctx_t *c = p->data;
    amsop_result_t *r = c->r;
#define IS(name) (n == sizeof(name) - 1 && strncasecmp(at, name, n) == 0)
    c->field = NULL;
    c->retry_after = 0;
    if (IS("x-ms-request-id"))
        c->field = r->request_id, c->cap = sizeof(r->request_id);
    else if (IS("x-ms-correlation-request-id"))
        c->field = r->correlation_id, c->cap = sizeof(r->correlation_id);
    else if (IS("Content-Type"))
        c->field = r->content_type, c->cap = sizeof(r->content_type);
    else if (IS("Azure-AsyncOperation"))
        c->field = r->async_operation, c->cap = sizeof(r->async_operation);
    else if (IS("Location"))
        c->field = r->location, c->cap = sizeof(r->location);
    else if (IS("Retry-After"))
        c->retry_after = 1;
#undef IS
    return 0;
}

static int hp_header_value(http_parser *p, const char *at, size_t n)
{
    hp_ctx_t *c = p->data;
    if (c->field != NULL)
        copy_field(c->field, c->cap, at, n);
    else if (c->retry_after)
        c->r->retry_after_s = (int32_t)strtol(at, NULL, 10);
    return 0;
}

static int hp_body_cb(http_parser *p, const char *at, size_t n)
{
    hp_ctx_t *c = p->data;
    if (n > sizeof(hp_body) - c->blen)
        return 1;
    memcpy(hp_body + c->blen, at, n);
    c->blen += n;
    return 0;
}

static int hp_complete(http_parser *p)
{
    ((hp_ctx_t *)p->data)->done = 1;
    return 0;
}

/* The string token t of the body into dst (raw, as the other peers copy). */
static void hp_take(char *dst, size_t cap, const jsmntok_t *t)
{
    dst[0] = '\0';
    if (t->type == JSMN_STRING)
        copy_field(dst, cap, hp_body + t->start, (size_t)(t->end - t->start));
}

static int hp_key(const jsmntok_t *t, const char *key)
{
    size_t n = strlen(key);
    return t->type == JSMN_STRING && (size_t)(t->end - t->start) == n &&
           memcmp(hp_body + t->start, key, n) == 0;
}

static int hp_skip(int i, int n)
{
    int pending = 1;
    while (pending > 0 && i < n) {
        pending += hp_tokens[i].size - 1;
        i++;
    }
    return i;
}

/* The body (hp_body[0..blen)) through jsmn and a token walk for the fields. */
static int hp_json(size_t blen, amsop_result_t *r)
{
    jsmn_parser jp;
    int n;
    int i;
    int k;

    jsmn_init(&jp);
    n = jsmn_parse(&jp, hp_body, blen, hp_tokens, CONFIG_AMSOP_JSON_TOKENS);
    if (n <= 0 || hp_tokens[0].type != JSMN_OBJECT)
        return -1;
    for (i = 1, k = 0; k < hp_tokens[0].size && i + 1 < n; k++) {
        const jsmntok_t *v = &hp_tokens[i + 1];
        if (hp_key(&hp_tokens[i], "name")) {
            hp_take(r->name, sizeof(r->name), v);
        } else if (hp_key(&hp_tokens[i], "status")) {
            hp_take(r->status_text, sizeof(r->status_text), v);
            r->status = amsop_status_from_text(r->status_text, strlen(r->status_text));
        } else if (hp_key(&hp_tokens[i], "error") && v->type == JSMN_OBJECT) {
            int j = i + 2;
            int m;
            for (m = 0; m < v->size && j + 1 < n; m++) {
                const jsmntok_t *ev = &hp_tokens[j + 1];
                if (hp_key(&hp_tokens[j], "code"))
                    hp_take(r->error_code, sizeof(r->error_code), ev);
                else if (hp_key(&hp_tokens[j], "message"))
                    hp_take(r->error_message, sizeof(r->error_message), ev);
                else if (hp_key(&hp_tokens[j], "target"))
                    hp_take(r->error_target, sizeof(r->error_target), ev);
                else if (hp_key(&hp_tokens[j], "details") && ev->type == JSMN_ARRAY)
                    r->details_count = (uint32_t)ev->size;
                j = hp_skip(j + 1, n);
            }
        }
        i = hp_skip(i + 1, n);
    }
    return 0;
}

/* The same peer fed in pieces: http-parser hands a name or value split
 * over pieces in parts, so names are gathered (as any user of it must)
 * and values appended. */
typedef struct hpp_ctx {
    hp_ctx_t c;
    char name[64];
    size_t name_len;
    size_t value_len;
    int in_value;
} hpp_ctx_t;

static int hpp_header_field(http_parser *p, const char *at, size_t n)
{
    hpp_ctx_t *c = p->data;
    if (c->in_value) {
        c->in_value = 0;
        c->name_len = 0;
    }
    if (n > sizeof(c->name) - c->name_len)
        n = sizeof(c->name) - c->name_len;
    memcpy(c->name + c->name_len, at, n);
    c->name_len += n;
    return 0;
}

static int hpp_header_value(http_parser *p, const char *at, size_t n)
{
    hpp_ctx_t *c = p->data;
    if (!c->in_value) {
        c->in_value = 1;
        c->value_len = 0;
        hp_header_field(p, c->name, c->name_len);
        if (c->c.retry_after)
            c->c.r->retry_after_s = 0;
    }
    if (c->c.field != NULL) {
        size_t room = c->c.cap - 1u - c->value_len;
        if (n > room)
            n = room;
        memcpy(c->c.field + c->value_len, at, n);
        c->value_len += n;
        c->c.field[c->value_len] = '\0';
    } else if (c->c.retry_after) {
        size_t i;
        for (i = 0; i < n && at[i] >= '0' && at[i] <= '9'; i++)
            c->c.r->retry_after_s = c->c.r->retry_after_s * 10 + (at[i] - '0');
    }
    return 0;
}

/* The peer over reply[0..len) in pieces of piece bytes; gather: names
 * gathered and values appended (needed once a piece can split them), else
 * the callbacks of the whole reply. */
static int hp_parse(const char *reply, size_t len, size_t piece, int gather, amsop_result_t *r)
{
    static http_parser_settings settings;
    http_parser p;
    hpp_ctx_t c;
    size_t off = 0;

    memset(r, 0, sizeof(*r));
    r->retry_after_s = -1;
    memset(&c.c, 0, sizeof(c.c));
    c.name_len = c.value_len = 0;
    c.in_value = 0;
    c.c.r = r;
    settings.on_header_field = gather ? hpp_header_field : hp_header_field;
    settings.on_header_value = gather ? hpp_header_value : hp_header_value;
    settings.on_body = hp_body_cb;
    settings.on_message_complete = hp_complete;
    http_parser_init(&p, HTTP_RESPONSE);
    p.data = &c; /* hp_ctx_t first: the whole-reply callbacks read it */
    while (off < len) {
        size_t n = len - off < piece ? len - off : piece;
        if (http_parser_execute(&p, &settings, reply + off, n) != n)
            return -1;
        off += n;
    }
    if (!c.c.done)
        return -1;
    r->http_status = (int)p.status_code;
    return hp_json(c.c.blen, r);
}

__attribute__((noinline)) int parse_httpparser(const char *reply, size_t len, amsop_result_t *r);
__attribute__((noinline)) int parse_httpparser(const char *reply, size_t len, amsop_result_t *r)
{
    return hp_parse(reply, len, len, 0, r);
}

COUNTED_WAY(httpparser64, hp_parse((const char *)reply, len, 64, 1, r))
COUNTED_WAY(httpparser1, hp_parse((const char *)reply, len, 1, 1, r))

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

typedef int (*parse_fn)(const uint8_t *reply, size_t len, amsop_result_t *r);

static int cjson_way(const uint8_t *reply, size_t len, amsop_result_t *r)
{
    return parse_cjson((const char *)reply, len, r);
}

static int httpparser_way(const uint8_t *reply, size_t len, amsop_result_t *r)
{
    return parse_httpparser((const char *)reply, len, r);
}

static const struct {
    const char *name;
    parse_fn fn;
} ways[] = {{"amsop", parse_amsop},
            {"amsop64", parse_amsop64},
            {"amsop1", parse_amsop1},
            {"httpparser", httpparser_way},
            {"httpparser64", parse_httpparser64},
            {"httpparser1", parse_httpparser1},
            {"cjson", cjson_way},
            {"floor64", floor64_way},
            {"floor1", floor1_way}};

int main(int argc, char **argv)
{
    static amsop_result_t r;
    static amsop_result_t check;
    parse_fn fn = NULL;
    uint8_t *reply;
    FILE *f;
    long size;
    size_t len;
    size_t w;
    long i;
    long n;

    for (w = 0; argc == 4 && w < sizeof(ways) / sizeof(ways[0]); w++)
        if (strcmp(argv[1], ways[w].name) == 0)
            fn = ways[w].fn;
    if (fn == NULL) {
        fprintf(stderr, "usage: bench_parse "
                        "amsop|amsop64|amsop1|httpparser|httpparser64|httpparser1|cjson|floor64|"
                        "floor1 REPLY_FILE "
                        "ITERATIONS\n");
        return 2;
    }
    f = fopen(argv[2], "rb");
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) <= 0 ||
        fseek(f, 0, SEEK_SET) != 0)
        return 2;
    reply = malloc((size_t)size + 1);
    if (reply == NULL)
        return 2;
    len = fread(reply, 1, (size_t)size, f);
    fclose(f);
    reply[len] = '\0';
    n = strtol(argv[3], NULL, 10);
    for (i = 0; i < n; i++) {
        if (fn(reply, len, &r) != 0) {
            fprintf(stderr, "bench_parse: %s could not parse the reply\n", argv[1]);
            return 1;
        }
    }
    /* Every way must read the same fields, or the comparison is void; the
     * peers hold a body in CONFIG_AMSOP_BODY_MAX, so larger replies (and
     * the cJSON way itself) are checked against amsop fed whole. The check
     * calls no parse_<way> function, so callgrind does not count it. */
    if ((len <= CONFIG_AMSOP_BODY_MAX && fn != cjson_way
             ? parse_cjson((const char *)reply, len, &check)
             : amsop_pieces(reply, len, len, &check)) != 0 ||
        !same(&r, &check)) {
        fprintf(stderr, "bench_parse: %s and the reference disagree about the reply\n", argv[1]);
        return 1;
    }
    printf("%s: %ld parses of %zu bytes, status %s, name %s, details %u\n", argv[1], n, len,
           amsop_status_name(r.status), r.name, (unsigned)r.details_count);
    free(reply);
    return 0;
}
