/* SPDX-License-Identifier: MIT */
/* The result struct's helpers: clearing, field and status names. */
#include <string.h>

#include "amsop_result.h"

void amsop_result_clear(amsop_result_t *r)
{
    memset(r, 0, sizeof(*r));
    r->retry_after_s = -1;
}

const char *amsop_field_name(amsop_field_t f)
{
    static const char *const names[AMSOP_FIELD__COUNT] = {
        "name",          "status",         "error.code",      "error.message",
        "error.target",  "details.code",   "details.message", "requestId",
        "correlationId", "asyncOperation", "location",        "contentType"};
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
