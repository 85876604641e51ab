/* SPDX-License-Identifier: MIT */
/* The result struct's helpers: clearing, field and status names. */
#include <stddef.h>

#include "amsop_result.h"
#include "client_internal.h"

/* The headers an ARM result keeps, registered with the HTTP reader. */
#define CAPTURE(hdr, field, f)                                                                     \
    {                                                                                              \
        hdr, (uint8_t)(sizeof(hdr) - 1u), (uint16_t)offsetof(amsop_result_t, field),               \
            (uint16_t)sizeof(((amsop_result_t *)0)->field), AMSOP_FIELD_BIT(f)                     \
    }
/* Captures locate fields with 16-bit offsets and sizes. */
typedef char amsop__result_offsets_fit[sizeof(amsop_result_t) <= 0xFFFFu ? 1 : -1];

static const amsop_http_capture_t arm_captures[] = {
    CAPTURE("x-ms-request-id", request_id, AMSOP_FIELD_REQUEST_ID),
    CAPTURE("x-ms-correlation-request-id", correlation_id, AMSOP_FIELD_CORRELATION_ID),
    CAPTURE("azure-asyncoperation", async_operation, AMSOP_FIELD_ASYNC_OPERATION),
    CAPTURE("location", location, AMSOP_FIELD_LOCATION),
    CAPTURE("content-type", content_type, AMSOP_FIELD_CONTENT_TYPE),
};

void amsop__arm_http_start(amsop_http_parser_t *p, amsop_result_t *r, uint8_t *body,
                           size_t body_cap, amsop_http_sink_t sink, void *ctx)
{
    amsop_http_fields_t out;
    out.caps = arm_captures;
    out.ncaps = sizeof(arm_captures) / sizeof(arm_captures[0]);
    out.base = r;
    out.whole = &r->present;
    out.cut = &r->truncated;
    out.status = &r->http_status;
    out.retry_after_s = &r->retry_after_s;
    amsop_http_start(p, &out, body, body_cap, sink, ctx);
}

void amsop_http_begin(amsop_http_parser_t *p, amsop_result_t *r, uint8_t *body, size_t body_cap)
{
    amsop_result_clear(r);
    amsop__arm_http_start(p, r, body, body_cap, NULL, NULL);
}

void amsop_http_begin_sink(amsop_http_parser_t *p, amsop_result_t *r, amsop_http_sink_t sink,
                           void *ctx)
{
    amsop_result_clear(r);
    amsop__arm_http_start(p, r, NULL, 0, sink, ctx);
}

void amsop_result_clear(amsop_result_t *r)
{
    r->http_status = 0;
    r->status = AMSOP_STATUS_NONE;
    r->retry_after_s = -1;
    r->details_count = 0;
    r->additional_info_count = 0;
    r->present = 0;
    r->truncated = 0;
    r->name[0] = r->status_text[0] = r->error_code[0] = r->error_message[0] = '\0';
    r->error_target[0] = r->detail_code[0] = r->detail_message[0] = '\0';
    r->percent_complete[0] = r->start_time[0] = r->end_time[0] = '\0';
    r->request_id[0] = r->correlation_id[0] = r->async_operation[0] = r->location[0] = '\0';
    r->content_type[0] = '\0';
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
