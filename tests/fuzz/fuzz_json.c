/* SPDX-License-Identifier: MIT */
/* Fuzz target: AsyncOperationResult / ErrorResponse extraction, and the
 * same pass with the LiveEvent schema (amsop_client_live_event's body).
 *
 * Checks every field stays a C string inside its buffer, that a failed
 * extraction leaves none of the JSON fields behind, and that extraction is
 * deterministic (a second run over the same bytes gives the same result). */
#include <stdint.h>
#include <string.h>

#include "amsop_config.h"
#include "amsop_json.h"
#include "amsop_live_event.h"
#include "fuzz_check.h"
#include "json_internal.h"

static amsop_json_token_t tokens[CONFIG_AMSOP_JSON_TOKENS];

/* The client's path: the body streamed through the JSON pass (whole, one
 * byte at a time, or in pseudo-random pieces of 1..64), then jsmn over what
 * it left (the skeleton). */
static amsop__jstream_t js;
static jsmntok_t doc_tokens[AMSOP__JSON_DOC_TOKENS];

static size_t piece(int mode, uint32_t *seed, size_t left);

static amsop_err_t kept_extract(const uint8_t *data, size_t size, int mode, uint32_t seed,
                                amsop_result_t *r)
{
    size_t off = 0;
    amsop__js_begin(&js, r);
    while (off < size) {
        size_t n = piece(mode, &seed, size - off);
        amsop__js_feed(&js, data + off, n);
        off += n;
    }
    {
        amsop_err_t err = amsop__json_extract_kept(&js, doc_tokens, AMSOP__JSON_DOC_TOKENS, r);
        FUZZ_ASSERT(js.skel_len <= AMSOP__JSON_SKEL_MAX); /* what jsmn got stays bounded */
        return err;
    }
}

/* The next piece's length: the rest (mode 0), one byte (1), or 1..64. */
static size_t piece(int mode, uint32_t *seed, size_t left)
{
    size_t n = left;
    if (mode == 1) {
        n = 1;
    } else if (mode == 2) {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 17;
        *seed ^= *seed << 5;
        n = 1 + *seed % 64u;
    }
    return n > left ? left : n;
}

/* The LiveEvent schema through the same pass, as amsop_client_live_event
 * runs it on a 2xx body (info cleared first). */
static amsop_err_t live_extract(const uint8_t *data, size_t size, int mode, uint32_t seed,
                                amsop_live_event_info_t *info)
{
    size_t off = 0;
    amsop_err_t err;
    memset(info, 0, sizeof(*info));
    amsop__js_begin_schema(&js, amsop__live_event_schema(), info);
    while (off < size) {
        size_t n = piece(mode, &seed, size - off);
        amsop__js_feed(&js, data + off, n);
        off += n;
    }
    err = amsop__js_kept(&js, doc_tokens, AMSOP__JSON_DOC_TOKENS, &info->present);
    FUZZ_ASSERT(js.skel_len <= AMSOP__JSON_SKEL_MAX);
    info->endpoints_count = js.counts[0];
    info->stream_options_count = js.counts[1];
    return err;
}

/* Each kept field a C string in its buffer, empty when absent; truncated
 * only where present; no bit past the fields. */
static void check_live(const amsop_live_event_info_t *i)
{
    const struct {
        const char *buf;
        size_t size;
    } f[] = {
        {i->name, sizeof(i->name)},
        {i->resource_state_text, sizeof(i->resource_state_text)},
        {i->streaming_protocol, sizeof(i->streaming_protocol)},
        {i->encoding_type, sizeof(i->encoding_type)},
        {i->stream_option, sizeof(i->stream_option)},
        {i->endpoints[0].protocol, sizeof(i->endpoints[0].protocol)},
        {i->endpoints[0].url, sizeof(i->endpoints[0].url)},
        {i->endpoints[1].protocol, sizeof(i->endpoints[1].protocol)},
        {i->endpoints[1].url, sizeof(i->endpoints[1].url)},
    };
    unsigned k;
    for (k = 0; k < sizeof(f) / sizeof(f[0]); k++) {
        FUZZ_ASSERT(amsop_live_field_name((amsop_live_field_t)k) != NULL);
        FUZZ_ASSERT(memchr(f[k].buf, '\0', f[k].size) != NULL);
        if (!(i->present & AMSOP_FIELD_BIT(k)))
            FUZZ_ASSERT(f[k].buf[0] == '\0');
    }
    FUZZ_ASSERT((i->present >> (sizeof(f) / sizeof(f[0]))) == 0);
    FUZZ_ASSERT((i->truncated & ~i->present) == 0);
    /* a kept endpoint or option means the array had that many elements */
    if (i->present & (AMSOP_FIELD_BIT(AMSOP_LIVE_FIELD_ENDPOINT1_PROTOCOL) |
                      AMSOP_FIELD_BIT(AMSOP_LIVE_FIELD_ENDPOINT1_URL)))
        FUZZ_ASSERT(i->endpoints_count >= 2);
    if (i->present & (AMSOP_FIELD_BIT(AMSOP_LIVE_FIELD_ENDPOINT0_PROTOCOL) |
                      AMSOP_FIELD_BIT(AMSOP_LIVE_FIELD_ENDPOINT0_URL)))
        FUZZ_ASSERT(i->endpoints_count >= 1);
    if (i->present & AMSOP_FIELD_BIT(AMSOP_LIVE_FIELD_STREAM_OPTION))
        FUZZ_ASSERT(i->stream_options_count >= 1);
}

/* Same observable content (the bytes after each field's NUL do not count). */
static int same_live(const amsop_live_event_info_t *a, const amsop_live_event_info_t *b)
{
    unsigned k;
    for (k = 0; k < AMSOP_LIVE_ENDPOINTS; k++) {
        if (strcmp(a->endpoints[k].protocol, b->endpoints[k].protocol) != 0 ||
            strcmp(a->endpoints[k].url, b->endpoints[k].url) != 0)
            return 0;
    }
    return a->resource_state == b->resource_state && a->present == b->present &&
           a->truncated == b->truncated && a->endpoints_count == b->endpoints_count &&
           a->stream_options_count == b->stream_options_count && strcmp(a->name, b->name) == 0 &&
           strcmp(a->resource_state_text, b->resource_state_text) == 0 &&
           strcmp(a->streaming_protocol, b->streaming_protocol) == 0 &&
           strcmp(a->encoding_type, b->encoding_type) == 0 &&
           strcmp(a->stream_option, b->stream_option) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    amsop_result_t a;
    amsop_result_t b;
    amsop_err_t ea;
    amsop_err_t eb;

    amsop_result_clear(&a);
    ea = amsop_json_extract((const char *)data, size, tokens, CONFIG_AMSOP_JSON_TOKENS, &a);
    fuzz_check_result(&a);
    FUZZ_ASSERT(ea == AMSOP_OK || ea == AMSOP_ERR_JSON || ea == AMSOP_ERR_JSON_TOO_MANY_TOKENS ||
                ea == AMSOP_ERR_JSON_SCHEMA);
    if (ea != AMSOP_OK) {
        FUZZ_ASSERT(a.present == 0 && a.truncated == 0 && a.status == AMSOP_STATUS_NONE);
        FUZZ_ASSERT(a.details_count == 0 && a.additional_info_count == 0);
    } else if (a.present & AMSOP_FIELD_BIT(AMSOP_FIELD_STATUS)) {
        FUZZ_ASSERT(a.status != AMSOP_STATUS_NONE);
    } else {
        FUZZ_ASSERT(a.status == AMSOP_STATUS_NONE);
    }
    /* percentComplete holds a number's bytes only: never empty when kept,
     * nothing but the characters of a JSON number. */
    if (a.present & AMSOP_FIELD_BIT(AMSOP_FIELD_PERCENT_COMPLETE)) {
        FUZZ_ASSERT(a.percent_complete[0] != '\0');
        FUZZ_ASSERT(strspn(a.percent_complete, "0123456789+-.eE") == strlen(a.percent_complete));
    }
    /* Start from a dirty result: the extraction must not depend on it. */
    memset(&b, 0x5A, sizeof(b));
    amsop_result_clear(&b);
    b.present = AMSOP_FIELD_BIT(AMSOP_FIELD_REQUEST_ID);
    memcpy(b.request_id, "keep", 5);
    eb = amsop_json_extract((const char *)data, size, tokens, CONFIG_AMSOP_JSON_TOKENS, &b);
    FUZZ_ASSERT(ea == eb);
    FUZZ_ASSERT(strcmp(b.request_id, "keep") == 0); /* not a JSON field */
    b.present &= ~AMSOP_FIELD_BIT(AMSOP_FIELD_REQUEST_ID);
    b.request_id[0] = '\0';
    FUZZ_ASSERT(fuzz_same_result(&a, &b));

    /* The streamed path, split three ways, gives one answer; and the same
     * answer as the whole body whenever the token array held the whole
     * body (the streamed path has no token limit: it keeps only what it
     * reads). */
    {
        static amsop_result_t k[3];
        amsop_err_t ek[3];
        uint32_t seed = fuzz_split_seed(data, size);
        int m;
        for (m = 0; m < 3; m++) {
            amsop_result_clear(&k[m]);
            ek[m] = kept_extract(data, size, m, seed, &k[m]);
            fuzz_check_result(&k[m]);
            FUZZ_ASSERT(ek[m] == ek[0]);
            FUZZ_ASSERT(fuzz_same_result(&k[m], &k[0]));
        }
        if (ea != AMSOP_ERR_JSON_TOO_MANY_TOKENS) {
            FUZZ_ASSERT(ek[0] == ea);
            FUZZ_ASSERT(fuzz_same_result(&k[0], &a));
        } else {
            FUZZ_ASSERT(ek[0] == AMSOP_OK || ek[0] == AMSOP_ERR_JSON_TOO_MANY_TOKENS ||
                        ek[0] == AMSOP_ERR_JSON_SCHEMA);
        }
    }

    /* The LiveEvent schema, split three ways: one answer; the syntax is
     * the same one pass's, so a body the ARM pass finds not JSON (or too
     * deep) is that for a live event too; and a kept body is the same. */
    {
        static amsop_live_event_info_t li[3];
        amsop_err_t el[3];
        amsop_err_t ek0;
        uint32_t seed = fuzz_split_seed(data, size);
        static amsop_result_t arm;
        int m;
        amsop_result_clear(&arm);
        ek0 = kept_extract(data, size, 0, seed, &arm);
        for (m = 0; m < 3; m++) {
            el[m] = live_extract(data, size, m, seed, &li[m]);
            FUZZ_ASSERT(el[m] == AMSOP_OK || el[m] == AMSOP_ERR_JSON ||
                        el[m] == AMSOP_ERR_JSON_TOO_MANY_TOKENS || el[m] == AMSOP_ERR_JSON_SCHEMA);
            FUZZ_ASSERT(el[m] == el[0]);
            if (el[m] == AMSOP_OK) {
                check_live(&li[m]);
                FUZZ_ASSERT(same_live(&li[m], &li[0]));
            }
        }
        if (ek0 == AMSOP_ERR_JSON || ek0 == AMSOP_ERR_JSON_TOO_MANY_TOKENS)
            FUZZ_ASSERT(el[0] == ek0);
        else
            FUZZ_ASSERT(el[0] == AMSOP_OK || el[0] == AMSOP_ERR_JSON_SCHEMA);
    }
    return 0;
}
