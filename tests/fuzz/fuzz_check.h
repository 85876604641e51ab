/* SPDX-License-Identifier: MIT */
/* tests/fuzz: shared invariants every fuzz target checks on a result.
 * A failed check aborts, so libFuzzer (and the replay driver) reports it. */
#ifndef AMSOP_FUZZ_CHECK_H
#define AMSOP_FUZZ_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "amsop_result.h"

#define FUZZ_ASSERT(cond)                                                                          \
    do {                                                                                           \
        if (!(cond))                                                                               \
            abort();                                                                               \
    } while (0)

/* Each field is a C string inside its buffer; an absent field is empty. */
/* The split points' seed: FNV-1a of the input (never 0), so a replayed
 * input splits the same way. */
static inline uint32_t fuzz_split_seed(const uint8_t *data, size_t size)
{
    uint32_t seed = 2166136261u;
    size_t i;
    for (i = 0; i < size; i++)
        seed = (seed ^ data[i]) * 16777619u;
    return seed == 0 ? 1u : seed;
}

static inline void fuzz_check_result(const amsop_result_t *r)
{
    const struct {
        const char *buf;
        size_t size;
        amsop_field_t f;
    } fields[] = {
        {r->name, sizeof(r->name), AMSOP_FIELD_NAME},
        {r->status_text, sizeof(r->status_text), AMSOP_FIELD_STATUS},
        {r->error_code, sizeof(r->error_code), AMSOP_FIELD_ERROR_CODE},
        {r->error_message, sizeof(r->error_message), AMSOP_FIELD_ERROR_MESSAGE},
        {r->error_target, sizeof(r->error_target), AMSOP_FIELD_ERROR_TARGET},
        {r->detail_code, sizeof(r->detail_code), AMSOP_FIELD_DETAIL_CODE},
        {r->detail_message, sizeof(r->detail_message), AMSOP_FIELD_DETAIL_MESSAGE},
        {r->percent_complete, sizeof(r->percent_complete), AMSOP_FIELD_PERCENT_COMPLETE},
        {r->start_time, sizeof(r->start_time), AMSOP_FIELD_START_TIME},
        {r->end_time, sizeof(r->end_time), AMSOP_FIELD_END_TIME},
        {r->request_id, sizeof(r->request_id), AMSOP_FIELD_REQUEST_ID},
        {r->correlation_id, sizeof(r->correlation_id), AMSOP_FIELD_CORRELATION_ID},
        {r->async_operation, sizeof(r->async_operation), AMSOP_FIELD_ASYNC_OPERATION},
        {r->location, sizeof(r->location), AMSOP_FIELD_LOCATION},
        {r->content_type, sizeof(r->content_type), AMSOP_FIELD_CONTENT_TYPE},
    };
    size_t k;
    for (k = 0; k < sizeof(fields) / sizeof(fields[0]); k++) {
        FUZZ_ASSERT(memchr(fields[k].buf, '\0', fields[k].size) != NULL);
        if (!(r->present & AMSOP_FIELD_BIT(fields[k].f)))
            FUZZ_ASSERT(fields[k].buf[0] == '\0');
        if (r->truncated & AMSOP_FIELD_BIT(fields[k].f))
            FUZZ_ASSERT(r->present & AMSOP_FIELD_BIT(fields[k].f));
    }
    FUZZ_ASSERT((r->present >> AMSOP_FIELD__COUNT) == 0);
    FUZZ_ASSERT(r->retry_after_s >= -1);
    FUZZ_ASSERT((unsigned)r->status <= (unsigned)AMSOP_STATUS_UNKNOWN);
}

/* Same observable content (the bytes after each field's NUL do not count). */
static inline int fuzz_same_result(const amsop_result_t *a, const amsop_result_t *b)
{
    return a->http_status == b->http_status && a->status == b->status &&
           a->retry_after_s == b->retry_after_s && a->details_count == b->details_count &&
           a->additional_info_count == b->additional_info_count && a->present == b->present &&
           a->truncated == b->truncated && strcmp(a->name, b->name) == 0 &&
           strcmp(a->status_text, b->status_text) == 0 &&
           strcmp(a->error_code, b->error_code) == 0 &&
           strcmp(a->error_message, b->error_message) == 0 &&
           strcmp(a->error_target, b->error_target) == 0 &&
           strcmp(a->detail_code, b->detail_code) == 0 &&
           strcmp(a->detail_message, b->detail_message) == 0 &&
           strcmp(a->percent_complete, b->percent_complete) == 0 &&
           strcmp(a->start_time, b->start_time) == 0 && strcmp(a->end_time, b->end_time) == 0 &&
           strcmp(a->request_id, b->request_id) == 0 &&
           strcmp(a->correlation_id, b->correlation_id) == 0 &&
           strcmp(a->async_operation, b->async_operation) == 0 &&
           strcmp(a->location, b->location) == 0 && strcmp(a->content_type, b->content_type) == 0;
}

#endif
