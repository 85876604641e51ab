/* SPDX-License-Identifier: MIT */
/* Token endpoint reply parsing (see amsop_aad_parse_reply in amsop_aad.h).
 *
 * Tokenized by the core's one jsmn, behind its strict JSON check
 * (amsop__json_tokenize, json_internal.h). */
#include <string.h>

#include "amsop_aad.h"
#include "client_internal.h"
#include "field.h"
#include "json_internal.h"

typedef struct doc {
    const char *js;
    const jsmntok_t *t;
    int n;
} doc_t;

static int skip(const doc_t *d, int i)
{
    return amsop__json_skip(d->t, d->n, i);
}

#define KEY_IS(d, i, lit) AMSOP__JSON_KEY_IS((d)->js, &(d)->t[i], lit)

static void take_string(const doc_t *d, int v, char *buf, size_t cap, uint8_t *truncated)
{
    amsop__fw_t w;
    const jsmntok_t *t = &d->t[v];
    amsop__fw_init(&w, buf, cap);
    if (t->type == JSMN_STRING)
        amsop__json_unescape(&w, d->js + t->start, (size_t)(t->end - t->start));
    if (w.truncated)
        *truncated = 1;
}

/* error_codes: [7000215, ...] -> "7000215,...". */
static void take_codes(const doc_t *d, int v, amsop_aad_error_t *e)
{
    amsop__fw_t w;
    int i = v + 1;
    int k;
    amsop__fw_init(&w, e->error_codes, sizeof(e->error_codes));
    if (d->t[v].type != JSMN_ARRAY)
        return;
    for (k = 0; k < d->t[v].size && i < d->n; k++) {
        const jsmntok_t *t = &d->t[i];
        if (k > 0)
            amsop__fw_put_utf8(&w, (const uint8_t *)",", 1);
        if (t->type == JSMN_PRIMITIVE || t->type == JSMN_STRING)
            amsop__fw_put_utf8(&w, (const uint8_t *)d->js + t->start, (size_t)(t->end - t->start));
        i = skip(d, i);
    }
    if (w.truncated)
        e->truncated = 1;
}

/* expires_in: 3599 (v2.0) or "3599" (v1.0); 1..UINT32_MAX seconds. */
static int take_seconds(const doc_t *d, int v, uint32_t *out)
{
    const jsmntok_t *t = &d->t[v];
    uint64_t s = 0;
    int i;
    if ((t->type != JSMN_PRIMITIVE && t->type != JSMN_STRING) || t->end <= t->start ||
        t->end - t->start > 10)
        return 0;
    for (i = t->start; i < t->end; i++) {
        char ch = d->js[i];
        if (ch < '0' || ch > '9')
            return 0;
        s = s * 10u + (uint64_t)(ch - '0');
    }
    if (s == 0 || s > UINT32_MAX)
        return 0;
    *out = (uint32_t)s;
    return 1;
}

static int is_bearer(const doc_t *d, int v)
{
    const jsmntok_t *t = &d->t[v];
    return t->type == JSMN_STRING && t->end - t->start == 6 &&
           amsop__ieq(d->js + t->start, "Bearer", 6);
}

static amsop_err_t tokenize(const char *body, size_t len, jsmntok_t *tokens, unsigned ntokens,
                            doc_t *d)
{
    int n = 0;
    amsop_err_t err = amsop__json_tokenize(body, len, tokens, ntokens, &n);
    if (err != AMSOP_OK)
        return err;
    if (tokens[0].type != JSMN_OBJECT)
        return AMSOP_ERR_JSON;
    d->js = body;
    d->t = tokens;
    d->n = n;
    return AMSOP_OK;
}

amsop_err_t amsop_aad_parse_reply(int http_status, const char *body, size_t len,
                                  amsop_json_token_t *storage, unsigned ntokens,
                                  amsop_aad_grant_t *grant, amsop_aad_error_t *e)
{
    jsmntok_t *tokens = AMSOP__TOKENS(storage);
    int ok = http_status >= 200 && http_status < 300;
    int have_type = 0, have_token = 0, have_expiry = 0;
    doc_t d;
    amsop_err_t err;
    int i, k;

    if (body == NULL || tokens == NULL || grant == NULL || e == NULL)
        return AMSOP_ERR_INVALID_ARG;
    memset(grant, 0, sizeof(*grant));
    memset(e, 0, sizeof(*e));
    e->http_status = http_status;
    err = tokenize(body, len, tokens, ntokens, &d);
    if (err != AMSOP_OK)
        return ok ? AMSOP_ERR_AAD_REPLY : AMSOP_ERR_AAD;

    for (i = 1, k = 0; k < d.t[0].size && i + 1 < d.n; k++) {
        int v = i + 1;
        if (ok && KEY_IS(&d, i, "token_type")) {
            have_type = is_bearer(&d, v);
        } else if (ok && KEY_IS(&d, i, "access_token") && d.t[v].type == JSMN_STRING) {
            grant->token_off = (size_t)d.t[v].start;
            grant->token_len = (size_t)(d.t[v].end - d.t[v].start);
            have_token = amsop__token_ok(body + grant->token_off, grant->token_len);
        } else if (ok && KEY_IS(&d, i, "expires_in")) {
            have_expiry = take_seconds(&d, v, &grant->expires_in_s);
        } else if (KEY_IS(&d, i, "error")) {
            take_string(&d, v, e->error, sizeof(e->error), &e->truncated);
        } else if (KEY_IS(&d, i, "error_description")) {
            take_string(&d, v, e->description, sizeof(e->description), &e->truncated);
        } else if (KEY_IS(&d, i, "error_codes")) {
            take_codes(&d, v, e);
        } else if (KEY_IS(&d, i, "trace_id")) {
            take_string(&d, v, e->trace_id, sizeof(e->trace_id), &e->truncated);
        } else if (KEY_IS(&d, i, "correlation_id")) {
            take_string(&d, v, e->correlation_id, sizeof(e->correlation_id), &e->truncated);
        }
        i = skip(&d, v);
    }
    if (!ok)
        return AMSOP_ERR_AAD;
    if (!have_type || !have_token || !have_expiry) {
        memset(grant, 0, sizeof(*grant));
        return AMSOP_ERR_AAD_REPLY;
    }
    return AMSOP_OK;
}
