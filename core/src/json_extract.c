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

/* The one syntax check is the streaming pass (json_stream.c); jsmn then
 * only finds the tokens of what that pass accepted. */
amsop_err_t amsop__json_tokenize(const char *js, size_t len, jsmntok_t *tokens, unsigned ntokens,
                                 int *count)
{
    amsop__jstream_t s;
    jsmn_parser parser;
    amsop_err_t err;
    int n;

    amsop__js_begin(&s, NULL);
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

/* text[0..len) is word (lower-case letters only), in either case: a byte
 * with 0x20 set is that letter only when it is the letter in one case.
 * Four bytes at a time (a status word is 6 to 10 letters): amsop__ieq's
 * rule for a word of letters, where |0x20 is the whole fold. */
static int is_word(const char *text, const char *word, size_t len)
{
    size_t i = 0;
    uint32_t x = 0;

    for (; i + 4u <= len; i += 4u) {
        uint32_t a;
        uint32_t b;
        memcpy(&a, text + i, 4u);
        memcpy(&b, word + i, 4u);
        x |= (a | 0x20202020u) ^ b;
    }
    for (; i < len; i++)
        x |= ((unsigned char)text[i] | 0x20u) ^ (unsigned char)word[i];
    return x == 0;
}

amsop_status_t amsop_status_from_text(const char *text, size_t len)
{
    /* Case-insensitive, as the Azure SDKs compare; "Cancelled" (seen from
     * real services) is Canceled. The length is compared first, so one or
     * two words are read. */
    static const struct {
        char text[11];
        uint8_t len;
        uint8_t status;
    } map[] = {{"inprogress", 10, AMSOP_STATUS_IN_PROGRESS},
               {"succeeded", 9, AMSOP_STATUS_SUCCEEDED},
               {"failed", 6, AMSOP_STATUS_FAILED},
               {"canceled", 8, AMSOP_STATUS_CANCELED},
               {"cancelled", 9, AMSOP_STATUS_CANCELED}};
    size_t k;
    for (k = 0; k < sizeof(map) / sizeof(map[0]); k++) {
        if (map[k].len == len && is_word(text, map[k].text, len))
            return (amsop_status_t)map[k].status;
    }
    return AMSOP_STATUS_UNKNOWN;
}

void amsop__json_clear(amsop_result_t *r)
{
    const uint32_t mine =
        AMSOP_FIELD_BIT(AMSOP_FIELD_NAME) | AMSOP_FIELD_BIT(AMSOP_FIELD_STATUS) |
        AMSOP_FIELD_BIT(AMSOP_FIELD_ERROR_CODE) | AMSOP_FIELD_BIT(AMSOP_FIELD_ERROR_MESSAGE) |
        AMSOP_FIELD_BIT(AMSOP_FIELD_ERROR_TARGET) | AMSOP_FIELD_BIT(AMSOP_FIELD_DETAIL_CODE) |
        AMSOP_FIELD_BIT(AMSOP_FIELD_DETAIL_MESSAGE) |
        AMSOP_FIELD_BIT(AMSOP_FIELD_PERCENT_COMPLETE) | AMSOP_FIELD_BIT(AMSOP_FIELD_START_TIME) |
        AMSOP_FIELD_BIT(AMSOP_FIELD_END_TIME);
    r->status = AMSOP_STATUS_NONE;
    r->present &= ~mine;
    r->truncated &= ~mine;
    r->details_count = 0;
    r->additional_info_count = 0;
    r->name[0] = r->status_text[0] = '\0';
    r->error_code[0] = r->error_message[0] = r->error_target[0] = '\0';
    r->detail_code[0] = r->detail_message[0] = '\0';
    r->percent_complete[0] = r->start_time[0] = r->end_time[0] = '\0';
}

/* The skeleton's token (json_stream.h): the string's digits are the fields
 * whose last value was a string, so present (the text is in the field
 * already); the [] of a refused body is no string. */
static amsop_err_t walk(const char *js, const jsmntok_t *t, int n, unsigned nfields,
                        uint32_t *present)
{
    int j;

    if (n != 1 || t[0].type != JSMN_STRING)
        return AMSOP_ERR_JSON_SCHEMA;
    for (j = t[0].start; j < t[0].end; j++) {
        unsigned f = (unsigned)(js[j] - '0');
        if (f >= nfields) /* the schema's fields, one digit each */
            return AMSOP_ERR_JSON_SCHEMA;
        *present |= 1u << f;
    }
    return AMSOP_OK;
}

amsop_err_t amsop__js_kept(amsop__jstream_t *s, jsmntok_t *tokens, unsigned ntokens,
                           uint32_t *present)
{
    amsop_err_t err = amsop__js_end(s);
    jsmn_parser parser;
    int n;

    if (err != AMSOP_OK || s->schema == NULL)
        return err;
    jsmn_init(&parser);
    n = jsmn_parse(&parser, s->skel, s->skel_len, tokens, ntokens);
    if (n <= 0) /* the pass wrote it: cannot happen */
        return n == JSMN_ERROR_NOMEM ? AMSOP_ERR_JSON_TOO_MANY_TOKENS : AMSOP_ERR_JSON;
    return walk(s->skel, tokens, n, s->schema->nfields, present);
}

/* amsop_json_token_t is storage for exactly one jsmntok_t. */
typedef char amsop__token_size_check[sizeof(amsop_json_token_t) == sizeof(jsmntok_t) ? 1 : -1];

amsop_err_t amsop_json_extract(const char *body, size_t len, amsop_json_token_t *storage,
                               unsigned ntokens, amsop_result_t *r)
{
    jsmntok_t *tokens = AMSOP__TOKENS(storage);
    amsop__jstream_t s;
    amsop_err_t err;

    if (body == NULL || tokens == NULL || r == NULL || ntokens == 0)
        return AMSOP_ERR_INVALID_ARG;
    amsop__json_clear(r);
    amsop__js_begin(&s, r);
    amsop__js_feed(&s, (const uint8_t *)body, len);
    err = amsop__js_end(&s);
    if (err == AMSOP_OK && s.root_obj) {
        /* The whole body must fit the caller's tokens, as it always had
         * to; the skeleton needs no more than the body. */
        jsmn_parser parser;
        int n;
        jsmn_init(&parser);
        n = jsmn_parse(&parser, body, len, tokens, ntokens);
        if (n == JSMN_ERROR_NOMEM)
            err = AMSOP_ERR_JSON_TOO_MANY_TOKENS;
        else if (n <= 0)
            err = AMSOP_ERR_JSON;
    }
    if (err != AMSOP_OK) {
        amsop__json_clear(r);
        return err;
    }
    return amsop__json_extract_kept(&s, tokens, ntokens, r);
}

amsop_err_t amsop__json_extract_kept(amsop__jstream_t *s, jsmntok_t *tokens, unsigned ntokens,
                                     amsop_result_t *r)
{
    amsop_err_t err = amsop__js_kept(s, tokens, ntokens, &r->present);

    if (err != AMSOP_OK) {
        amsop__json_clear(r);
        return err;
    }
    if (r->present & AMSOP_FIELD_BIT(AMSOP_FIELD_STATUS))
        r->status = (r->truncated & AMSOP_FIELD_BIT(AMSOP_FIELD_STATUS))
                        ? AMSOP_STATUS_UNKNOWN
                        : amsop_status_from_text(r->status_text, strlen(r->status_text));
    r->details_count = s->counts[0];
    r->additional_info_count = s->counts[1];
    return AMSOP_OK;
}
