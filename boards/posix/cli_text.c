/* SPDX-License-Identifier: MIT */
/* amsop CLI: --output text, and the error report on stderr. */
#include "cli_text.h"

#include <string.h>

#include "amsop_err.h"

static int has(const amsop_result_t *r, amsop_field_t which)
{
    return (r->present & AMSOP_FIELD_BIT(which)) != 0;
}

void cli_text_safe(FILE *f, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;

    if (s == NULL) {
        return;
    }
    while (*p != '\0') {
        unsigned char c = *p;
        if (c == '\r' || c == '\n' || c == '\t') {
            /* the escapes people read at a glance; never a real line break
             * (a server must not be able to forge a line of ours) */
            (void)fputc('\\', f);
            (void)fputc(c == '\r' ? 'r' : (c == '\n' ? 'n' : 't'), f);
            ++p;
        } else if (c < 0x20u || c == 0x7Fu) {
            (void)fputs("\\x", f);
            (void)fputc(hex[(c >> 4) & 0xFu], f);
            (void)fputc(hex[c & 0xFu], f);
            ++p;
        } else if (c == '\\') {
            (void)fputs("\\\\", f); /* so that an escape shown is always ours */
            ++p;
        } else if (c == 0xE2u && ((p[1] == 0x80u && p[2] >= 0xAAu && p[2] <= 0xAEu) ||
                                  (p[1] == 0x81u && p[2] >= 0xA6u && p[2] <= 0xA9u))) {
            /* Bidi embeddings/overrides U+202A..U+202E and isolates
             * U+2066..U+2069: they reorder what the terminal shows. */
            unsigned cp = ((unsigned)(c & 0x0Fu) << 12) | ((unsigned)(p[1] & 0x3Fu) << 6) |
                          (unsigned)(p[2] & 0x3Fu);
            (void)fprintf(f, "\\u%04x", cp);
            p += 3;
        } else if (c == 0xC2u && p[1] >= 0x80u && p[1] <= 0x9Fu) {
            /* U+0080..U+009F: C1 controls in UTF-8 */
            (void)fputs("\\xc2\\x", f);
            (void)fputc(hex[(p[1] >> 4) & 0xFu], f);
            (void)fputc(hex[p[1] & 0xFu], f);
            p += 2;
        } else {
            (void)fputc((int)c, f);
            ++p;
        }
    }
}

const char *cli_text_status(const amsop_result_t *r)
{
    if (r->status == AMSOP_STATUS_NONE) {
        return "(none)";
    }
    if (r->status == AMSOP_STATUS_UNKNOWN) {
        return r->status_text;
    }
    return amsop_status_name(r->status);
}

static void line(FILE *f, const char *key, const char *value)
{
    (void)fputs(key, f);
    (void)fputs(": ", f);
    cli_text_safe(f, value);
    (void)fputc('\n', f);
}

const char *cli_result_field_name(unsigned i)
{
    return i < (unsigned)AMSOP_FIELD__COUNT ? amsop_field_name((amsop_field_t)i) : NULL;
}

const char *cli_live_field_name(unsigned i)
{
    return amsop_live_field_name((amsop_live_field_t)i);
}

/* "truncated: name, ..." for the bits of mask, or nothing when none. */
static void truncated_line(FILE *f, const char *prefix, uint32_t mask, cli_field_name_fn name)
{
    unsigned i;
    int first = 1;
    if (mask == 0) {
        return;
    }
    (void)fputs(prefix, f);
    (void)fputs("truncated: ", f);
    for (i = 0; name(i) != NULL; ++i) {
        if ((mask & AMSOP_FIELD_BIT(i)) != 0) {
            (void)fputs(first ? "" : ", ", f);
            (void)fputs(name(i), f);
            first = 0;
        }
    }
    (void)fputc('\n', f);
}

void cli_text_result(FILE *f, const amsop_result_t *r)
{
    (void)fputs("status: ", f);
    cli_text_safe(f, cli_text_status(r));
    if (r->status == AMSOP_STATUS_UNKNOWN) {
        (void)fputs(" (not a known status)", f);
    }
    (void)fputc('\n', f);
    if (has(r, AMSOP_FIELD_NAME)) {
        line(f, "name", r->name);
    }
    if (has(r, AMSOP_FIELD_PERCENT_COMPLETE)) {
        line(f, "percent complete", r->percent_complete);
    }
    if (has(r, AMSOP_FIELD_START_TIME)) {
        line(f, "start time", r->start_time);
    }
    if (has(r, AMSOP_FIELD_END_TIME)) {
        line(f, "end time", r->end_time);
    }
    if (has(r, AMSOP_FIELD_ERROR_CODE)) {
        line(f, "error code", r->error_code);
    }
    if (has(r, AMSOP_FIELD_ERROR_MESSAGE)) {
        line(f, "error message", r->error_message);
    }
    if (has(r, AMSOP_FIELD_ERROR_TARGET)) {
        line(f, "error target", r->error_target);
    }
    if (has(r, AMSOP_FIELD_DETAIL_CODE)) {
        line(f, "error detail code", r->detail_code);
    }
    if (has(r, AMSOP_FIELD_DETAIL_MESSAGE)) {
        line(f, "error detail message", r->detail_message);
    }
    if (r->details_count > 0) {
        (void)fprintf(f, "error details: %lu\n", (unsigned long)r->details_count);
    }
    if (r->additional_info_count > 0) {
        (void)fprintf(f, "error additional info: %lu\n", (unsigned long)r->additional_info_count);
    }
    if (r->http_status > 0) {
        (void)fprintf(f, "http status: %d\n", r->http_status);
    }
    if (has(r, AMSOP_FIELD_REQUEST_ID)) {
        line(f, "request id", r->request_id);
    }
    if (r->retry_after_s >= 0) {
        (void)fprintf(f, "retry-after: %lds\n", (long)r->retry_after_s);
    }
    truncated_line(f, "", r->truncated, cli_result_field_name);
    (void)fflush(f);
}

const char *cli_text_resource_state(const amsop_live_event_info_t *li)
{
    if (li->resource_state == AMSOP_RESOURCE_STATE_NONE) {
        return NULL;
    }
    if (li->resource_state == AMSOP_RESOURCE_STATE_UNKNOWN) {
        return li->resource_state_text;
    }
    return amsop_resource_state_name(li->resource_state);
}

static int live_has(const amsop_live_event_info_t *li, amsop_live_field_t which)
{
    return (li->present & AMSOP_FIELD_BIT(which)) != 0;
}

void cli_text_live_event(FILE *f, const amsop_live_event_info_t *li, const amsop_result_t *r)
{
    static const amsop_live_field_t ep_fields[AMSOP_LIVE_ENDPOINTS][2] = {
        {AMSOP_LIVE_FIELD_ENDPOINT0_PROTOCOL, AMSOP_LIVE_FIELD_ENDPOINT0_URL},
        {AMSOP_LIVE_FIELD_ENDPOINT1_PROTOCOL, AMSOP_LIVE_FIELD_ENDPOINT1_URL}};
    unsigned i;

    (void)fputs("resource state: ", f);
    cli_text_safe(f, cli_text_resource_state(li));
    if (li->resource_state == AMSOP_RESOURCE_STATE_UNKNOWN) {
        (void)fputs(" (not a known state)", f);
    }
    (void)fputc('\n', f);
    if (live_has(li, AMSOP_LIVE_FIELD_NAME)) {
        line(f, "name", li->name);
    }
    if (live_has(li, AMSOP_LIVE_FIELD_STREAMING_PROTOCOL)) {
        line(f, "streaming protocol", li->streaming_protocol);
    }
    for (i = 0; i < AMSOP_LIVE_ENDPOINTS && i < li->endpoints_count; ++i) {
        (void)fputs("ingest endpoint: ", f);
        if (live_has(li, ep_fields[i][0])) {
            cli_text_safe(f, li->endpoints[i].protocol);
            (void)fputc(' ', f);
        }
        cli_text_safe(f, live_has(li, ep_fields[i][1]) ? li->endpoints[i].url : "(no url)");
        (void)fputc('\n', f);
    }
    if (li->endpoints_count > AMSOP_LIVE_ENDPOINTS) {
        (void)fprintf(f, "ingest endpoints: %lu (the first %u shown)\n",
                      (unsigned long)li->endpoints_count, AMSOP_LIVE_ENDPOINTS);
    }
    if (live_has(li, AMSOP_LIVE_FIELD_ENCODING_TYPE)) {
        line(f, "encoding type", li->encoding_type);
    }
    if (live_has(li, AMSOP_LIVE_FIELD_STREAM_OPTION)) {
        (void)fputs("stream options: ", f);
        cli_text_safe(f, li->stream_option);
        if (li->stream_options_count > 1) {
            (void)fprintf(f, " (+%lu more)", (unsigned long)(li->stream_options_count - 1));
        }
        (void)fputc('\n', f);
    }
    if (r->http_status > 0) {
        (void)fprintf(f, "http status: %d\n", r->http_status);
    }
    if (has(r, AMSOP_FIELD_REQUEST_ID)) {
        line(f, "request id", r->request_id);
    }
    truncated_line(f, "", li->truncated, cli_live_field_name);
    (void)fflush(f);
}

void cli_text_wait_line(FILE *f, uint64_t elapsed_ms, const amsop_result_t *r)
{
    unsigned long tenths = (unsigned long)(elapsed_ms / 100u);

    (void)fprintf(f, "[%5lu.%lus] ", tenths / 10u, tenths % 10u);
    cli_text_safe(f, cli_text_status(r));
    if (has(r, AMSOP_FIELD_NAME)) {
        (void)fputs("  (name ", f);
        cli_text_safe(f, r->name);
        (void)fputc(')', f);
    }
    /* An operation's progress, when its provider sends it (Compute does). */
    if (has(r, AMSOP_FIELD_PERCENT_COMPLETE)) {
        (void)fputs("  percent complete: ", f);
        cli_text_safe(f, r->percent_complete);
    }
    if (has(r, AMSOP_FIELD_START_TIME)) {
        (void)fputs("  start time: ", f);
        cli_text_safe(f, r->start_time);
    }
    if (has(r, AMSOP_FIELD_END_TIME)) {
        (void)fputs("  end time: ", f);
        cli_text_safe(f, r->end_time);
    }
    /* ARM sends error.code "None" while all is well; show a real one. */
    if (amsop_result_has_error(r)) {
        (void)fputs("  error ", f);
        cli_text_safe(f, r->error_code);
        if (has(r, AMSOP_FIELD_ERROR_MESSAGE)) {
            (void)fputs(": ", f);
            cli_text_safe(f, r->error_message);
        }
    }
}

static void err_line(FILE *f, const char *key, const char *value)
{
    (void)fputs("amsop:   ", f);
    line(f, key, value);
}

void cli_text_error(FILE *f, amsop_err_t err, const amsop_result_t *r)
{
    (void)fprintf(f, "amsop: %s: %s\n", amsop_err_name(err), amsop_err_text(err));
    if (r == NULL || r->http_status <= 0) {
        return;
    }
    (void)fprintf(f, "amsop:   http status: %d\n", r->http_status);
    /* A "status" in an error reply's body is not the operation's status. */
    if (r->status != AMSOP_STATUS_NONE && r->http_status >= 200 && r->http_status < 300) {
        err_line(f, "status", cli_text_status(r));
    }
    if (has(r, AMSOP_FIELD_ERROR_CODE)) {
        err_line(f, "error code", r->error_code);
    }
    if (has(r, AMSOP_FIELD_ERROR_MESSAGE)) {
        err_line(f, "error message", r->error_message);
    }
    if (has(r, AMSOP_FIELD_ERROR_TARGET)) {
        err_line(f, "error target", r->error_target);
    }
    if (has(r, AMSOP_FIELD_DETAIL_CODE)) {
        err_line(f, "error detail code", r->detail_code);
    }
    if (has(r, AMSOP_FIELD_DETAIL_MESSAGE)) {
        err_line(f, "error detail message", r->detail_message);
    }
    if (r->retry_after_s >= 0) {
        (void)fprintf(f, "amsop:   retry-after: %lds\n", (long)r->retry_after_s);
    }
    if (has(r, AMSOP_FIELD_CONTENT_TYPE)) {
        err_line(f, "content-type", r->content_type);
    }
    if (has(r, AMSOP_FIELD_REQUEST_ID)) {
        err_line(f, "x-ms-request-id", r->request_id);
    }
    if (has(r, AMSOP_FIELD_CORRELATION_ID)) {
        err_line(f, "x-ms-correlation-request-id", r->correlation_id);
    }
    truncated_line(f, "amsop:   ", r->truncated, cli_result_field_name);
}
