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

static jsmntok_t tokens[CONFIG_AMSOP_JSON_TOKENS];

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
    return 0;
}
