/* SPDX-License-Identifier: MIT */
/* Fuzz target: AsyncOperationResult / ErrorResponse extraction.
 *
 * Checks every field stays a C string inside its buffer, that a failed
 * extraction leaves none of the JSON fields behind, and that extraction is
 * deterministic (a second run over the same bytes gives the same result). */
#include <stdint.h>
#include <string.h>

#include "amsop_config.h"
#include "amsop_json.h"
#include "fuzz_check.h"
#include "json_internal.h"

static amsop_json_token_t tokens[CONFIG_AMSOP_JSON_TOKENS];

/* The client's path: the body streamed through the JSON pass (whole, one
 * byte at a time, or in pseudo-random pieces of 1..64), then jsmn over what
 * it left (the skeleton). */
static amsop__jstream_t js;
static jsmntok_t doc_tokens[AMSOP__JSON_DOC_TOKENS];

static amsop_err_t kept_extract(const uint8_t *data, size_t size, int mode, uint32_t seed,
                                amsop_result_t *r)
{
    size_t off = 0;
    amsop__js_begin(&js, r);
    while (off < size) {
        size_t n = size - off;
        if (mode == 1) {
            n = 1;
        } else if (mode == 2) {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            n = 1 + seed % 64u;
        }
        if (n > size - off)
            n = size - off;
        amsop__js_feed(&js, data + off, n);
        off += n;
    }
    {
        amsop_err_t err = amsop__json_extract_kept(&js, doc_tokens, AMSOP__JSON_DOC_TOKENS, r);
        FUZZ_ASSERT(js.skel_len <= AMSOP__JSON_SKEL_MAX); /* what jsmn got stays bounded */
        return err;
    }
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
    return 0;
}
