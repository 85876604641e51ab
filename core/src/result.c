/* SPDX-License-Identifier: MIT */
/* The result struct's helpers: clearing, field and status names. */
#include <stddef.h>

#include "amsop_result.h"
#include "client_internal.h"
#include "field.h"
#include "placement.h"

/* The headers an ARM result keeps, registered with the HTTP reader. */
#define CAPTURE(hdr, field, f)                                                                     \
    {                                                                                              \
        hdr, (uint8_t)(sizeof(hdr) - 1u), (uint16_t)offsetof(amsop_result_t, field),               \
            (uint16_t)sizeof(((amsop_result_t *)0)->field), AMSOP_FIELD_BIT(f)                     \
    }
/* Captures locate fields with 16-bit offsets and sizes. */
typedef char amsop__result_offsets_fit[sizeof(amsop_result_t) <= 0xFFFFu ? 1 : -1];

/* Working bits of the two ms delay headers: above every field's bit, and
 * cleared again by amsop__arm_http_done, so present keeps its meaning. */
#define RA_MS_BIT   (1u << 30)
#define X_RA_MS_BIT (1u << 31)
#define RA_MS_CAPTURE(hdr, i, bit)                                                                 \
    {                                                                                              \
        hdr, (uint8_t)(sizeof(hdr) - 1u),                                                          \
            (uint16_t)(offsetof(amsop_result_t, _retry_after_ms_text) +                            \
                       (i) * (size_t)AMSOP_RETRY_AFTER_MS_TEXT),                                   \
            (uint16_t)AMSOP_RETRY_AFTER_MS_TEXT, bit                                               \
    }
typedef char amsop__field_bits_fit[AMSOP_FIELD__COUNT <= 30 ? 1 : -1];

static const amsop_http_capture_t arm_captures[] = {
    CAPTURE("x-ms-request-id", request_id, AMSOP_FIELD_REQUEST_ID),
    CAPTURE("x-ms-correlation-request-id", correlation_id, AMSOP_FIELD_CORRELATION_ID),
    CAPTURE("azure-asyncoperation", async_operation, AMSOP_FIELD_ASYNC_OPERATION),
    CAPTURE("location", location, AMSOP_FIELD_LOCATION),
    CAPTURE("content-type", content_type, AMSOP_FIELD_CONTENT_TYPE),
    /* ARM's precise delays (the reader itself knows only Retry-After). */
    RA_MS_CAPTURE("retry-after-ms", 0, RA_MS_BIT),
    RA_MS_CAPTURE("x-ms-retry-after-ms", 1, X_RA_MS_BIT),
};

/* A ms delay header: 1 to 10 digits (more, cut to fit: the largest value),
 * saturated at INT32_MAX; -1 when absent or not a number. */
static int32_t ms_value(const amsop_result_t *r, unsigned i, uint32_t bit)
{
    const char *t = r->_retry_after_ms_text[i];
    uint32_t v = 0;
    size_t k;

    if (!(r->present & bit) || t[0] == '\0')
        return -1;
    for (k = 0; t[k] != '\0'; k++) {
        uint32_t d = (uint32_t)(unsigned char)t[k] - (uint32_t)'0';
        if (d > 9u)
            return -1;
        v = (v > (uint32_t)INT32_MAX / 10u) ? (uint32_t)INT32_MAX : v * 10u + d;
    }
    if ((r->truncated & bit) || v > (uint32_t)INT32_MAX)
        v = (uint32_t)INT32_MAX;
    return (int32_t)v;
}

void amsop__arm_http_done(amsop_result_t *r)
{
    /* Precedence: retry-after-ms, then x-ms-retry-after-ms (ARM's forms in
     * milliseconds, the more precise), then Retry-After (seconds). */
    int32_t ms = ms_value(r, 0, RA_MS_BIT);
    if (ms < 0)
        ms = ms_value(r, 1, X_RA_MS_BIT);
    if (ms < 0 && r->retry_after_s >= 0)
        ms = r->retry_after_s > INT32_MAX / 1000 ? INT32_MAX : r->retry_after_s * 1000;
    r->retry_after_ms = ms;
    r->present &= ~(RA_MS_BIT | X_RA_MS_BIT);
    r->truncated &= ~(RA_MS_BIT | X_RA_MS_BIT);
}

int amsop_result_has_error(const amsop_result_t *r)
{
    static const char none[] = "none";
    size_t i;

    if (r == NULL || !(r->present & AMSOP_FIELD_BIT(AMSOP_FIELD_ERROR_CODE)) ||
        r->error_code[0] == '\0')
        return 0;
    for (i = 0; i < sizeof(none); i++) {
        if (amsop__lower(r->error_code[i]) != none[i])
            return 1; /* the NUL compares too: "Nonexistent" is an error */
    }
    return 0;
}

/* Empties what the reader does not read: the body's fields, the client's
 * request id, what is worked out after the reply, and the bit words; and
 * gives the reader's view of r: the captured headers' buffers and bits,
 * the status code and Retry-After, which the reader empties itself
 * (amsop_http_start, amsop_http_fields_clear), so a reply clears each
 * field once. Out of line: one copy for both callers. */
OUT_OF_LINE static void clear_unread(amsop_result_t *r, amsop_http_fields_t *out)
{
    out->caps = arm_captures;
    out->ncaps = sizeof(arm_captures) / sizeof(arm_captures[0]);
    out->base = r;
    out->whole = &r->present;
    out->cut = &r->truncated;
    out->status = &r->http_status;
    out->retry_after_s = &r->retry_after_s;
    r->status = AMSOP_STATUS_NONE;
    r->retry_after_ms = -1;
    r->details_count = 0;
    r->additional_info_count = 0;
    r->present = 0;
    r->truncated = 0;
    r->name[0] = r->status_text[0] = r->error_code[0] = r->error_message[0] = '\0';
    r->error_target[0] = r->detail_code[0] = r->detail_message[0] = '\0';
    r->percent_complete[0] = r->start_time[0] = r->end_time[0] = '\0';
    r->client_request_id[0] = '\0';
}

void amsop__arm_http_start(amsop_http_parser_t *p, amsop_result_t *r, uint8_t *body,
                           size_t body_cap, amsop_http_sink_t sink, void *ctx)
{
    amsop_http_fields_t out;
    clear_unread(r, &out);
    amsop_http_start(p, &out, body, body_cap, sink, ctx);
}

void amsop_http_begin(amsop_http_parser_t *p, amsop_result_t *r, uint8_t *body, size_t body_cap)
{
    amsop__arm_http_start(p, r, body, body_cap, NULL, NULL);
}

void amsop_http_begin_sink(amsop_http_parser_t *p, amsop_result_t *r, amsop_http_sink_t sink,
                           void *ctx)
{
    amsop__arm_http_start(p, r, NULL, 0, sink, ctx);
}

void amsop_result_clear(amsop_result_t *r)
{
    amsop_http_fields_t out;
    clear_unread(r, &out);
    amsop_http_fields_clear(&out);
}

const char *amsop_field_name(amsop_field_t f)
{
    static const char *const names[AMSOP_FIELD__COUNT] = {
        "name",         "status",          "error.code",      "error.message", "error.target",
        "details.code", "details.message", "percentComplete", "startTime",     "endTime",
        "requestId",    "correlationId",   "asyncOperation",  "location",      "contentType"};
    if ((unsigned)f >= (unsigned)AMSOP_FIELD__COUNT)
        return "unknown";
    return names[f];
}

const char *amsop_status_name(amsop_status_t s)
{
    switch (s) {
    case AMSOP_STATUS_IN_PROGRESS:
        return "InProgress";
    case AMSOP_STATUS_SUCCEEDED:
        return "Succeeded";
    case AMSOP_STATUS_FAILED:
        return "Failed";
    case AMSOP_STATUS_CANCELED:
        return "Canceled";
    case AMSOP_STATUS_UNKNOWN:
        return "Unknown";
    case AMSOP_STATUS_NONE:
    default:
        return "None";
    }
}

int amsop_status_is_terminal(amsop_status_t s)
{
    return s == AMSOP_STATUS_SUCCEEDED || s == AMSOP_STATUS_FAILED || s == AMSOP_STATUS_CANCELED;
}
