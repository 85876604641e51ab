/* SPDX-License-Identifier: MIT */
/* amsop CLI: --output json. One object per read, on one line. */
#include "cli_json.h"

#include <stddef.h>
#include <stdint.h>

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if it is not one. */
static size_t utf8_seq_len(const unsigned char *s)
{
    unsigned char c = s[0];
    if (c < 0x80u) {
        return 1;
    }
    if (c >= 0xC2u && c <= 0xDFu) {
        return (s[1] & 0xC0u) == 0x80u ? 2u : 0u;
    }
    if (c >= 0xE0u && c <= 0xEFu) {
        if ((s[1] & 0xC0u) != 0x80u || (s[2] & 0xC0u) != 0x80u) {
            return 0;
        }
        if (c == 0xE0u && s[1] < 0xA0u) {
            return 0; /* overlong */
        }
        if (c == 0xEDu && s[1] >= 0xA0u) {
            return 0; /* surrogate */
        }
        return 3;
    }
    if (c >= 0xF0u && c <= 0xF4u) {
        if ((s[1] & 0xC0u) != 0x80u || (s[2] & 0xC0u) != 0x80u || (s[3] & 0xC0u) != 0x80u) {
            return 0;
        }
        if (c == 0xF0u && s[1] < 0x90u) {
            return 0; /* overlong */
        }
        if (c == 0xF4u && s[1] >= 0x90u) {
            return 0; /* above U+10FFFF */
        }
        return 4;
    }
    return 0;
}

void cli_json_string(FILE *f, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;

    if (s == NULL) {
        (void)fputs("null", f);
        return;
    }
    (void)fputc('"', f);
    while (*p != '\0') {
        unsigned char c = *p;
        size_t n;
        if (c == '"' || c == '\\') {
            (void)fputc('\\', f);
            (void)fputc((int)c, f);
            ++p;
            continue;
        }
        if (c < 0x20u || c == 0x7Fu) {
            switch (c) {
            case '\n':
                (void)fputs("\\n", f);
                break;
            case '\r':
                (void)fputs("\\r", f);
                break;
            case '\t':
                (void)fputs("\\t", f);
                break;
            case '\b':
                (void)fputs("\\b", f);
                break;
            case '\f':
                (void)fputs("\\f", f);
                break;
            default:
                (void)fputs("\\u00", f);
                (void)fputc(hex[(c >> 4) & 0xFu], f);
                (void)fputc(hex[c & 0xFu], f);
                break;
            }
            ++p;
            continue;
        }
        /* The NUL terminator is never a continuation byte, so utf8_seq_len
         * stops at it before reading past the string. */
        n = utf8_seq_len(p);
        if (n == 0) {
            (void)fputs("\\ufffd", f);
            ++p;
            continue;
        }
        (void)fwrite(p, 1, n, f);
        p += n;
    }
    (void)fputc('"', f);
}

static void field(FILE *f, const amsop_result_t *r, amsop_field_t which, const char *value)
{
    cli_json_string(f, (r->present & AMSOP_FIELD_BIT(which)) != 0 ? value : NULL);
}

static const char *status_value(const amsop_result_t *r)
{
    switch (r->status) {
    case AMSOP_STATUS_NONE:
        return NULL;
    case AMSOP_STATUS_UNKNOWN:
        return r->status_text;
    case AMSOP_STATUS_IN_PROGRESS:
    case AMSOP_STATUS_SUCCEEDED:
    case AMSOP_STATUS_FAILED:
    case AMSOP_STATUS_CANCELED:
    default:
        return amsop_status_name(r->status);
    }
}

const char *cli_json_percent(const amsop_result_t *r)
{
    const uint32_t bit = AMSOP_FIELD_BIT(AMSOP_FIELD_PERCENT_COMPLETE);

    return (r->present & bit) != 0 && (r->truncated & bit) == 0 ? r->percent_complete : NULL;
}

void cli_json_result(FILE *f, const amsop_result_t *r)
{
    const char *pct = cli_json_percent(r);
    unsigned i;
    int first = 1;

    (void)fputs("{\"httpStatus\":", f);
    if (r->http_status > 0) {
        (void)fprintf(f, "%d", r->http_status);
    } else {
        (void)fputs("null", f);
    }
    (void)fputs(",\"name\":", f);
    field(f, r, AMSOP_FIELD_NAME, r->name);
    (void)fputs(",\"status\":", f);
    cli_json_string(f, status_value(r));
    if (pct != NULL) {
        (void)fprintf(f, ",\"percentComplete\":%s", pct);
    }
    (void)fputs(",\"startTime\":", f);
    field(f, r, AMSOP_FIELD_START_TIME, r->start_time);
    (void)fputs(",\"endTime\":", f);
    field(f, r, AMSOP_FIELD_END_TIME, r->end_time);
    (void)fputs(",\"error\":{\"code\":", f);
    field(f, r, AMSOP_FIELD_ERROR_CODE, r->error_code);
    (void)fputs(",\"message\":", f);
    field(f, r, AMSOP_FIELD_ERROR_MESSAGE, r->error_message);
    (void)fputs(",\"target\":", f);
    field(f, r, AMSOP_FIELD_ERROR_TARGET, r->error_target);
    (void)fprintf(f, ",\"detailsCount\":%lu,\"additionalInfoCount\":%lu}",
                  (unsigned long)r->details_count, (unsigned long)r->additional_info_count);
    (void)fputs(",\"requestId\":", f);
    field(f, r, AMSOP_FIELD_REQUEST_ID, r->request_id);
    (void)fputs(",\"retryAfter\":", f);
    if (r->retry_after_s >= 0) {
        (void)fprintf(f, "%ld", (long)r->retry_after_s);
    } else {
        (void)fputs("null", f);
    }
    (void)fputs(",\"truncated\":[", f);
    for (i = 0; i < (unsigned)AMSOP_FIELD__COUNT; ++i) {
        if ((r->truncated & AMSOP_FIELD_BIT(i)) != 0) {
            if (!first) {
                (void)fputc(',', f);
            }
            cli_json_string(f, amsop_field_name((amsop_field_t)i));
            first = 0;
        }
    }
    (void)fputs("]}\n", f);
    (void)fflush(f);
}
