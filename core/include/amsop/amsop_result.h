/* SPDX-License-Identifier: MIT */
/* amsop: what one status read produced, in fixed-size fields. */
#ifndef AMSOP_RESULT_H
#define AMSOP_RESULT_H

#include <stddef.h>
#include <stdint.h>

#include "amsop_config.h"
#include "amsop_http.h"

typedef enum amsop_status {
    AMSOP_STATUS_NONE = 0, /* no status in the reply (error replies) */
    AMSOP_STATUS_IN_PROGRESS,
    AMSOP_STATUS_SUCCEEDED,
    AMSOP_STATUS_FAILED,
    AMSOP_STATUS_CANCELED, /* ARM's third terminal value */
    AMSOP_STATUS_UNKNOWN   /* any other text; kept in status_text */
} amsop_status_t;

/* Bit numbers for amsop_result_t.present and .truncated. */
typedef enum amsop_field {
    AMSOP_FIELD_NAME = 0,
    AMSOP_FIELD_STATUS,
    AMSOP_FIELD_ERROR_CODE,
    AMSOP_FIELD_ERROR_MESSAGE,
    AMSOP_FIELD_ERROR_TARGET,
    AMSOP_FIELD_DETAIL_CODE,
    AMSOP_FIELD_DETAIL_MESSAGE,
    /* Root members of an AsyncOperationResult, when sent. The JSON fields
     * come first: the JSON pass numbers them with one digit each. */
    AMSOP_FIELD_PERCENT_COMPLETE, /* the number's bytes as sent */
    AMSOP_FIELD_START_TIME,
    AMSOP_FIELD_END_TIME,
    AMSOP_FIELD_REQUEST_ID,
    AMSOP_FIELD_CORRELATION_ID,
    AMSOP_FIELD_ASYNC_OPERATION,
    AMSOP_FIELD_LOCATION,
    AMSOP_FIELD_CONTENT_TYPE,
    AMSOP_FIELD__COUNT
} amsop_field_t;

#define AMSOP_FIELD_BIT(f) (1u << (unsigned)(f))

/* An x-ms-client-request-id: a UUID, 36 characters and a NUL (a fixed
 * format, hence no Kconfig value). */
#define AMSOP_CLIENT_REQUEST_ID_SIZE 37u
/* Longest retry-after-ms / x-ms-retry-after-ms value read: 10 digits
 * (2^32 ms is 49 days, far past any clamp) and a NUL. */
#define AMSOP_RETRY_AFTER_MS_TEXT 11u

typedef struct amsop_result {
    int http_status; /* 0 when no status line was read */
    amsop_status_t status;
    int32_t retry_after_s; /* -1 when the reply had no usable Retry-After */
    /* The delay the reply asks for, in ms, -1 when none: retry-after-ms,
     * else x-ms-retry-after-ms (ARM's precise forms, preferred), else
     * Retry-After * 1000. Not clamped; amsop_client_wait clamps it. Set by
     * the client's calls (amsop_client_get, _wait, _action). */
    int32_t retry_after_ms;
    uint32_t details_count; /* error.details[] length */
    uint32_t additional_info_count;
    uint32_t present;   /* AMSOP_FIELD_BIT: field was in the reply and not null */
    uint32_t truncated; /* AMSOP_FIELD_BIT: field was cut to fit */
    char name[CONFIG_AMSOP_NAME_MAX];
    char status_text[CONFIG_AMSOP_STATUS_TEXT_MAX];
    char error_code[CONFIG_AMSOP_ERROR_CODE_MAX];
    char error_message[CONFIG_AMSOP_ERROR_MESSAGE_MAX];
    char error_target[CONFIG_AMSOP_ERROR_TARGET_MAX];
    char detail_code[CONFIG_AMSOP_DETAIL_CODE_MAX];
    char detail_message[CONFIG_AMSOP_DETAIL_MESSAGE_MAX];
    char percent_complete[CONFIG_AMSOP_PERCENT_MAX]; /* "40", "62.5": a JSON number's text */
    char start_time[CONFIG_AMSOP_TIME_MAX];
    char end_time[CONFIG_AMSOP_TIME_MAX];
    char request_id[CONFIG_AMSOP_REQUEST_ID_MAX];
    char correlation_id[CONFIG_AMSOP_REQUEST_ID_MAX];
    char async_operation[CONFIG_AMSOP_ASYNC_OPERATION_MAX];
    char location[CONFIG_AMSOP_ASYNC_OPERATION_MAX];
    char content_type[CONFIG_AMSOP_CONTENT_TYPE_MAX];
    /* The x-ms-client-request-id the request carried (a UUIDv4, new per
     * request), "" when none was sent. Kept when no reply came (a
     * timeout): what a support ticket names. */
    char client_request_id[AMSOP_CLIENT_REQUEST_ID_SIZE];
    /* Working space: the ms delay headers as read, before they are
     * interpreted into retry_after_ms. Not for callers. */
    char _retry_after_ms_text[2][AMSOP_RETRY_AFTER_MS_TEXT];
} amsop_result_t;

#ifdef __cplusplus
extern "C" {
#endif

/* Reentrancy: amsop_result_clear and amsop_http_begin* write only their
 * arguments (one call at a time per result); the four calls after them are
 * pure. All may be called from on_change on a result of the caller's own
 * (not on the *result on_change is given: it is const). */

/* Empties every field: each string "" (its first byte NUL; what a field
 * held past that is not cleared, and no call reads it), counts, bits and
 * statuses 0, retry_after_s -1. A few stores, not a 3 KB memset: it runs
 * once per reply. */
void amsop_result_clear(amsop_result_t *r);

/* An ARM reply's headers into *r: clears *r (each field once: those the
 * reader fills by its start, the rest before it), starting p with the
 * headers a result keeps registered (x-ms-request-id,
 * x-ms-correlation-request-id, Azure-AsyncOperation, Location,
 * Content-Type into their fields, present/truncated bits, http_status,
 * retry_after_s), the body into body[0..body_cap). Not reentrant per
 * parser or per result; different parsers are independent. */
void amsop_http_begin(amsop_http_parser_t *p, amsop_result_t *r, uint8_t *body, size_t body_cap);
/* The same, the body of any length handed to sink(ctx, ...). */
void amsop_http_begin_sink(amsop_http_parser_t *p, amsop_result_t *r, amsop_http_sink_t sink,
                           void *ctx);
/* "name", "status", "error.code", ... as the CLI's JSON names them. */
const char *amsop_field_name(amsop_field_t f);
/* "InProgress", "Succeeded", "Failed", "Canceled", "Unknown", "None". */
const char *amsop_status_name(amsop_status_t s);
/* Non-zero for Succeeded, Failed and Canceled. */
int amsop_status_is_terminal(amsop_status_t s);
/* Non-zero when r holds a real ARM error: error.code was in the reply, is
 * not empty and is not "None" (compared without case), which ARM sends in
 * an AsyncOperationResult while the operation runs or after it succeeded.
 * 0 for NULL. What to test before showing r's error. */
int amsop_result_has_error(const amsop_result_t *r);

#ifdef __cplusplus
}
#endif

#endif
