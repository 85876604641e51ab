/* SPDX-License-Identifier: MIT */
/* AsyncOperationResult / ErrorResponse extraction (see amsop_json.h), and
 * the core's JSON tokenizer (json_internal.h).
 *
 * jsmn is compiled into this file only, static and strict, so the core
 * holds one copy and exports no jsmn symbols. Its code is Debian's, not
 * ours: the warnings our own code must pass are relaxed around it alone. */
#define JSMN_STATIC
#define JSMN_STRICT
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wsign-compare"
#endif
#include <jsmn.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#include <string.h>

#include "amsop_json.h"
#include "field.h"
#include "json_internal.h"
#include "json_stream.h"

typedef struct doc {
    const char *js;
    const jsmntok_t *t;
    int n;
    amsop_result_t *r;
} doc_t;

int amsop__json_skip(const jsmntok_t *t, int n, int i)
{
    int pending = 1;
    while (pending > 0 && i < n) {
        pending += t[i].size - 1;
        i++;
    }
    return i;
}

int amsop__json_key_is(const char *js, const jsmntok_t *k, const char *key, size_t n)
{
    return k->type == JSMN_STRING && (size_t)(k->end - k->start) == n &&
           memcmp(js + k->start, key, n) == 0;
}

static int skip(const doc_t *d, int i)
{
    return amsop__json_skip(d->t, d->n, i);
}

/* Token i is the string key (n bytes, a literal: KEY_IS). */
static int key_is(const doc_t *d, int i, const char *key, size_t n)
{
    return amsop__json_key_is(d->js, &d->t[i], key, n);
}

#define KEY_IS(d, i, key) key_is(d, i, key, sizeof(key) - 1u)

static int is_null(const doc_t *d, int i)
{
    const jsmntok_t *v = &d->t[i];
    return v->type == JSMN_PRIMITIVE && v->end - v->start == 4 &&
           memcmp(d->js + v->start, "null", 4) == 0;
}

static int hex4(const char *s, uint32_t *out)
{
    uint32_t v = 0;
    int k;
    for (k = 0; k < 4; k++) {
        int h = amsop__hex((uint8_t)s[k]);
        if (h < 0)
            return 0;
        v = (v << 4) | (uint32_t)h;
    }
    *out = v;
    return 1;
}

/* The one syntax check is the streaming pass (json_stream.c); jsmn then
 * only finds the tokens of what that pass accepted. */
amsop_err_t amsop__json_tokenize(const char *js, size_t len, jsmntok_t *tokens, unsigned ntokens,
                                 int *count)
{
    amsop__jstream_t s;
    jsmn_parser parser;
    amsop_err_t err;
    int n;

    amsop__js_begin(&s, NULL, 0);
    amsop__js_feed(&s, (const uint8_t *)js, len);
    err = amsop__js_end(&s);
    if (err != AMSOP_OK)
        return err;
    if (!s.root_obj)
        return AMSOP_ERR_JSON_SCHEMA; /* valid JSON, but not an object */
    jsmn_init(&parser);
    n = jsmn_parse(&parser, js, len, tokens, ntokens);
    if (n == JSMN_ERROR_NOMEM)
        return AMSOP_ERR_JSON_TOO_MANY_TOKENS;
    if (n <= 0)
        return AMSOP_ERR_JSON;
    *count = n;
    return AMSOP_OK;
}

/* Unescapes s[0..n) (the inside of a JSON string) into the field writer. */
void amsop__json_unescape(amsop__fw_t *w, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && !w->truncated) {
        size_t run = i;
        uint32_t cp;
        while (run < n && s[run] != '\\')
            run++;
        if (run > i) {
            amsop__fw_put_utf8(w, (const uint8_t *)s + i, run - i);
            i = run;
            continue;
        }
        if (i + 1 >= n)
            break; /* cannot happen after jsmn; stay safe anyway */
        switch (s[i + 1]) {
        case 'b':
            cp = 0x08;
            break;
        case 'f':
            cp = 0x0C;
            break;
        case 'n':
            cp = 0x0A;
            break;
        case 'r':
            cp = 0x0D;
            break;
        case 't':
            cp = 0x09;
            break;
        case 'u':
            if (i + 6 > n || !hex4(s + i + 2, &cp)) {
                cp = 0xFFFD;
                i += 2;
                amsop__fw_put_cp(w, cp);
                continue;
            }
            i += 6;
            if (cp >= 0xD800u && cp <= 0xDBFFu) {
                uint32_t lo;
                if (i + 6 <= n && s[i] == '\\' && s[i + 1] == 'u' && hex4(s + i + 2, &lo) &&
                    lo >= 0xDC00u && lo <= 0xDFFFu) {
                    cp = 0x10000u + ((cp - 0xD800u) << 10) + (lo - 0xDC00u);
                    i += 6;
                } else {
                    cp = 0xFFFD; /* lone high surrogate */
                }
            } else if ((cp >= 0xDC00u && cp <= 0xDFFFu) || cp == 0) {
                cp = 0xFFFD; /* lone low surrogate; NUL would cut the C string */
            }
            amsop__fw_put_cp(w, cp);
            continue;
        default: /* '"', '\\', '/' stand for themselves */
            cp = (uint8_t)s[i + 1];
            break;
        }
        amsop__fw_put_cp(w, cp);
        i += 2;
    }
}

/* A string member: unescaped into buf; null leaves it absent. */
static amsop_err_t take_string(const doc_t *d, int i, char *buf, size_t size, amsop_field_t f)
{
    const jsmntok_t *v = &d->t[i];
    amsop__fw_t w;

    amsop__fw_init(&w, buf, size);
    d->r->present &= ~AMSOP_FIELD_BIT(f);
    d->r->truncated &= ~AMSOP_FIELD_BIT(f);
    if (is_null(d, i))
        return AMSOP_OK;
    if (v->type != JSMN_STRING)
        return AMSOP_ERR_JSON_SCHEMA;
    amsop__json_unescape(&w, d->js + v->start, (size_t)(v->end - v->start));
    d->r->present |= AMSOP_FIELD_BIT(f);
    if (w.truncated)
        d->r->truncated |= AMSOP_FIELD_BIT(f);
    return AMSOP_OK;
}

/* An array member's length; null counts as 0. */
static amsop_err_t take_count(const doc_t *d, int i, uint32_t *count)
{
    if (is_null(d, i)) {
        *count = 0;
        return AMSOP_OK;
    }
    if (d->t[i].type != JSMN_ARRAY)
        return AMSOP_ERR_JSON_SCHEMA;
    *count = (uint32_t)d->t[i].size;
    return AMSOP_OK;
}

/* The error fields, back to empty: a later "error" member replaces an
 * earlier one whole. */
static void clear_error_fields(amsop_result_t *r)
{
    const uint32_t mine =
        AMSOP_FIELD_BIT(AMSOP_FIELD_ERROR_CODE) | AMSOP_FIELD_BIT(AMSOP_FIELD_ERROR_MESSAGE) |
        AMSOP_FIELD_BIT(AMSOP_FIELD_ERROR_TARGET) | AMSOP_FIELD_BIT(AMSOP_FIELD_DETAIL_CODE) |
        AMSOP_FIELD_BIT(AMSOP_FIELD_DETAIL_MESSAGE);
    r->details_count = 0;
    r->additional_info_count = 0;
    r->present &= ~mine;
    r->truncated &= ~mine;
    r->error_code[0] = r->error_message[0] = r->error_target[0] = '\0';
    r->detail_code[0] = r->detail_message[0] = '\0';
}

/* error.details[0]: its code and message. */
static amsop_err_t take_first_detail(const doc_t *d, int arr)
{
    amsop_result_t *r = d->r;
    int i = arr + 1;
    int k;
    int members;

    /* A later "details" replaces an earlier one whole (the last wins). */
    r->present &=
        ~(AMSOP_FIELD_BIT(AMSOP_FIELD_DETAIL_CODE) | AMSOP_FIELD_BIT(AMSOP_FIELD_DETAIL_MESSAGE));
    r->truncated &=
        ~(AMSOP_FIELD_BIT(AMSOP_FIELD_DETAIL_CODE) | AMSOP_FIELD_BIT(AMSOP_FIELD_DETAIL_MESSAGE));
    r->detail_code[0] = r->detail_message[0] = '\0';
    if (d->t[arr].type != JSMN_ARRAY || d->t[arr].size == 0 || d->t[i].type != JSMN_OBJECT)
        return AMSOP_OK; /* only the count matters then */
    members = d->t[i].size;
    i++;
    for (k = 0; k < members && i + 1 < d->n; k++) {
        amsop_err_t err = AMSOP_OK;
        if (KEY_IS(d, i, "code"))
            err = take_string(d, i + 1, r->detail_code, sizeof(r->detail_code),
                              AMSOP_FIELD_DETAIL_CODE);
        else if (KEY_IS(d, i, "message"))
            err = take_string(d, i + 1, r->detail_message, sizeof(r->detail_message),
                              AMSOP_FIELD_DETAIL_MESSAGE);
        if (err != AMSOP_OK)
            return err;
        i = skip(d, i + 1);
    }
    return AMSOP_OK;
}

static amsop_err_t take_error(const doc_t *d, int obj)
{
    amsop_result_t *r = d->r;
    int i = obj + 1;
    int k;
    int members;

    clear_error_fields(r);
    if (is_null(d, obj))
        return AMSOP_OK;
    if (d->t[obj].type != JSMN_OBJECT)
        return AMSOP_ERR_JSON_SCHEMA;
    members = d->t[obj].size;
    for (k = 0; k < members && i + 1 < d->n; k++) {
        amsop_err_t err = AMSOP_OK;
        int v = i + 1;
        if (KEY_IS(d, i, "code")) {
            err = take_string(d, v, r->error_code, sizeof(r->error_code), AMSOP_FIELD_ERROR_CODE);
        } else if (KEY_IS(d, i, "message")) {
            err = take_string(d, v, r->error_message, sizeof(r->error_message),
                              AMSOP_FIELD_ERROR_MESSAGE);
        } else if (KEY_IS(d, i, "target")) {
            err = take_string(d, v, r->error_target, sizeof(r->error_target),
                              AMSOP_FIELD_ERROR_TARGET);
        } else if (KEY_IS(d, i, "details")) {
            err = take_count(d, v, &r->details_count);
            if (err == AMSOP_OK)
                err = take_first_detail(d, v);
        } else if (KEY_IS(d, i, "additionalInfo")) {
            err = take_count(d, v, &r->additional_info_count);
        }
        if (err != AMSOP_OK)
            return err;
        i = skip(d, v);
    }
    return AMSOP_OK;
}

amsop_status_t amsop_status_from_text(const char *text, size_t len)
{
    /* Case-insensitive, as the Azure SDKs compare; "Cancelled" (seen from
     * real services) is Canceled. */
    static const struct {
        const char *text;
        amsop_status_t status;
    } map[] = {{"inprogress", AMSOP_STATUS_IN_PROGRESS},
               {"succeeded", AMSOP_STATUS_SUCCEEDED},
               {"failed", AMSOP_STATUS_FAILED},
               {"canceled", AMSOP_STATUS_CANCELED},
               {"cancelled", AMSOP_STATUS_CANCELED}};
    size_t k;
    for (k = 0; k < sizeof(map) / sizeof(map[0]); k++) {
        if (strlen(map[k].text) == len && amsop__ieq(map[k].text, text, len))
            return map[k].status;
    }
    return AMSOP_STATUS_UNKNOWN;
}

void amsop__json_clear(amsop_result_t *r)
{
    const uint32_t mine =
        AMSOP_FIELD_BIT(AMSOP_FIELD_NAME) | AMSOP_FIELD_BIT(AMSOP_FIELD_STATUS) |
        AMSOP_FIELD_BIT(AMSOP_FIELD_ERROR_CODE) | AMSOP_FIELD_BIT(AMSOP_FIELD_ERROR_MESSAGE) |
        AMSOP_FIELD_BIT(AMSOP_FIELD_ERROR_TARGET) | AMSOP_FIELD_BIT(AMSOP_FIELD_DETAIL_CODE) |
        AMSOP_FIELD_BIT(AMSOP_FIELD_DETAIL_MESSAGE);
    r->status = AMSOP_STATUS_NONE;
    r->present &= ~mine;
    r->truncated &= ~mine;
    r->name[0] = r->status_text[0] = '\0';
    clear_error_fields(r);
}

static amsop_err_t walk_root(const doc_t *d)
{
    amsop_result_t *r = d->r;
    int i = 1;
    int k;

    for (k = 0; k < d->t[0].size && i + 1 < d->n; k++) {
        amsop_err_t err = AMSOP_OK;
        int v = i + 1;
        if (KEY_IS(d, i, "name")) {
            err = take_string(d, v, r->name, sizeof(r->name), AMSOP_FIELD_NAME);
        } else if (KEY_IS(d, i, "status")) {
            err = take_string(d, v, r->status_text, sizeof(r->status_text), AMSOP_FIELD_STATUS);
            if (err == AMSOP_OK && (r->present & AMSOP_FIELD_BIT(AMSOP_FIELD_STATUS)))
                r->status = (r->truncated & AMSOP_FIELD_BIT(AMSOP_FIELD_STATUS))
                                ? AMSOP_STATUS_UNKNOWN
                                : amsop_status_from_text(r->status_text, strlen(r->status_text));
            else
                r->status = AMSOP_STATUS_NONE;
        } else if (KEY_IS(d, i, "error")) {
            err = take_error(d, v);
        }
        if (err != AMSOP_OK)
            return err;
        i = skip(d, v);
    }
    return AMSOP_OK;
}

/* The walk over tokens[0..n) of js, the result cleared first and again on
 * a failure. */
static amsop_err_t walk(const char *js, const jsmntok_t *tokens, int n, amsop_result_t *r)
{
    doc_t d;
    amsop_err_t err;

    d.js = js;
    d.t = tokens;
    d.n = n;
    d.r = r;
    if (tokens[0].type != JSMN_OBJECT)
        return AMSOP_ERR_JSON_SCHEMA;
    err = walk_root(&d);
    if (err != AMSOP_OK)
        amsop__json_clear(r);
    return err;
}

/* amsop_json_token_t is storage for exactly one jsmntok_t. */
typedef char amsop__token_size_check[sizeof(amsop_json_token_t) == sizeof(jsmntok_t) ? 1 : -1];

amsop_err_t amsop_json_extract(const char *body, size_t len, amsop_json_token_t *storage,
                               unsigned ntokens, amsop_result_t *r)
{
    jsmntok_t *tokens = AMSOP__TOKENS(storage);
    int n = 0;
    amsop_err_t err;

    if (body == NULL || tokens == NULL || r == NULL || ntokens == 0)
        return AMSOP_ERR_INVALID_ARG;
    amsop__json_clear(r);
    err = amsop__json_tokenize(body, len, tokens, ntokens, &n);
    if (err != AMSOP_OK)
        return err;
    return walk(body, tokens, n, r);
}

amsop_err_t amsop__json_extract_kept(amsop__jstream_t *s, jsmntok_t *tokens, unsigned ntokens,
                                     amsop_result_t *r)
{
    jsmn_parser parser;
    amsop_err_t err;
    int n;

    amsop__json_clear(r);
    err = amsop__js_end(s);
    if (err != AMSOP_OK)
        return err;
    if (!s->root_obj || s->schema_err)
        return AMSOP_ERR_JSON_SCHEMA;
    jsmn_init(&parser);
    n = jsmn_parse(&parser, s->out, s->len, tokens, ntokens);
    if (n <= 0) /* the pass accepted the body: cannot happen */
        return n == JSMN_ERROR_NOMEM ? AMSOP_ERR_JSON_TOO_MANY_TOKENS : AMSOP_ERR_JSON;
    err = walk(s->out, tokens, n, r);
    if (err == AMSOP_OK) {
        /* The document keeps one element of each array: the pass counted. */
        r->details_count = s->details_count;
        r->additional_info_count = s->info_count;
    }
    return err;
}
