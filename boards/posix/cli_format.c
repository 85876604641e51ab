/* SPDX-License-Identifier: MIT */
/* amsop CLI: --output json, jsonc, table, tsv and none. */
#include "cli_format.h"

#include <string.h>

#include "amsop_err.h"
#include "cli_json.h"
#include "cli_text.h"

#define COLS      5
#define GAP       2
#define NUM_CHARS 12

/* Which table's header was printed last: a new one starts with its own. */
typedef enum table_kind { TABLE_NONE = 0, TABLE_ACTION, TABLE_READ, TABLE_LIVE } table_kind_t;
static table_kind_t s_table;

static const char *const k_read_heads[COLS] = {"Status", "Name", "HttpStatus", "ErrorCode",
                                               "RequestId"};
static const size_t k_read_widths[COLS] = {12, 36, 10, 28, 0};

static int has(const amsop_result_t *r, amsop_field_t which)
{
    return (r->present & AMSOP_FIELD_BIT(which)) != 0;
}

static const char *status_value(const amsop_result_t *r)
{
    if (r->status == AMSOP_STATUS_NONE) {
        return NULL;
    }
    return r->status == AMSOP_STATUS_UNKNOWN ? r->status_text : amsop_status_name(r->status);
}

static const char *field_value(const amsop_result_t *r, amsop_field_t which, const char *v)
{
    return has(r, which) ? v : NULL;
}

/* Bytes cli_text_safe() writes for s. */
static size_t safe_len(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;

    if (s == NULL) {
        return 0;
    }
    for (; *p != '\0'; ++p) {
        n += (*p < 0x20u || *p == 0x7Fu) ? 4u : 1u;
    }
    return n;
}

static void spaces(FILE *f, size_t n)
{
    while (n-- > 0) {
        (void)fputc(' ', f);
    }
}

/* One table row: values left-aligned in widths[] (0: the value's own). */
static void table_row(FILE *f, const char *const *v, const size_t *widths, size_t n)
{
    size_t last = 0;
    size_t i;

    for (i = 0; i < n; ++i) {
        if (v[i] != NULL && v[i][0] != '\0') {
            last = i + 1;
        }
    }
    for (i = 0; i < last; ++i) {
        size_t len = safe_len(v[i]);
        cli_text_safe(f, v[i]);
        if (i + 1 < last) {
            spaces(f, (len < widths[i] ? widths[i] - len : 0) + GAP);
        }
    }
    (void)fputc('\n', f);
}

static void table_head(FILE *f, const char *const *heads, const size_t *widths, size_t n)
{
    size_t i;

    table_row(f, heads, widths, n);
    for (i = 0; i < n; ++i) {
        size_t w = widths[i] > 0 ? widths[i] : strlen(heads[i]);
        size_t k;
        for (k = 0; k < w; ++k) {
            (void)fputc('-', f);
        }
        if (i + 1 < n) {
            spaces(f, GAP);
        }
    }
    (void)fputc('\n', f);
}

static void tsv_row(FILE *f, const char *const *v, size_t n)
{
    size_t i;

    for (i = 0; i < n; ++i) {
        if (i > 0) {
            (void)fputc('\t', f);
        }
        cli_text_safe(f, v[i]);
    }
    (void)fputc('\n', f);
}

/* One row of a table of COLS columns (its header first when the table
 * before was another), or the same values as tsv. */
static void rows(FILE *f, cli_output_t o, table_kind_t kind, const char *const *heads,
                 const size_t *widths, const char *const *v)
{
    if (o == CLI_OUT_TSV) {
        tsv_row(f, v, COLS);
        return;
    }
    if (s_table != kind) {
        table_head(f, heads, widths, COLS);
        s_table = kind;
    }
    table_row(f, v, widths, COLS);
}

/* jsonc: a tiny indenting writer; compact, the same object on one line. */
typedef struct jw {
    FILE *f;
    unsigned depth;
    int first;
    int compact;
} jw_t;

static void jw_indent(jw_t *w)
{
    unsigned i;
    if (w->compact) {
        return;
    }
    (void)fputc('\n', w->f);
    for (i = 0; i < w->depth; ++i) {
        (void)fputs("  ", w->f);
    }
}

static void jw_key(jw_t *w, const char *key)
{
    if (!w->first) {
        (void)fputc(',', w->f);
    }
    w->first = 0;
    jw_indent(w);
    cli_json_string(w->f, key);
    (void)fputs(w->compact ? ":" : ": ", w->f);
}

static void jw_open(jw_t *w, char c)
{
    (void)fputc(c, w->f);
    ++w->depth;
    w->first = 1;
}

static void jw_close(jw_t *w, char c)
{
    --w->depth;
    if (!w->first) {
        jw_indent(w);
    }
    (void)fputc(c, w->f);
    w->first = 0;
}

static void jw_str(jw_t *w, const char *key, const char *v)
{
    jw_key(w, key);
    cli_json_string(w->f, v);
}

static void jw_num(jw_t *w, const char *key, long v, int present)
{
    jw_key(w, key);
    if (present) {
        (void)fprintf(w->f, "%ld", v);
    } else {
        (void)fputs("null", w->f);
    }
}

/* key: the names of the bits of mask, as a list. */
static void jw_names(jw_t *w, const char *key, uint32_t mask, cli_field_name_fn name)
{
    unsigned i;

    jw_key(w, key);
    jw_open(w, '[');
    for (i = 0; name(i) != NULL; ++i) {
        if ((mask & AMSOP_FIELD_BIT(i)) != 0) {
            if (!w->first) {
                (void)fputc(',', w->f);
            }
            w->first = 0;
            jw_indent(w);
            cli_json_string(w->f, name(i));
        }
    }
    jw_close(w, ']');
}

/* Mirrors cli_json_result() key for key (a test compares the two). */
static void jsonc_result(FILE *f, const amsop_result_t *r)
{
    jw_t w;

    w.f = f;
    w.depth = 0;
    w.first = 1;
    w.compact = 0;
    jw_open(&w, '{');
    jw_num(&w, "httpStatus", (long)r->http_status, r->http_status > 0);
    jw_str(&w, "name", field_value(r, AMSOP_FIELD_NAME, r->name));
    jw_str(&w, "status", status_value(r));
    if (cli_json_percent(r) != NULL) {
        jw_key(&w, "percentComplete");
        (void)fputs(cli_json_percent(r), f);
    }
    jw_str(&w, "startTime", field_value(r, AMSOP_FIELD_START_TIME, r->start_time));
    jw_str(&w, "endTime", field_value(r, AMSOP_FIELD_END_TIME, r->end_time));
    jw_key(&w, "error");
    jw_open(&w, '{');
    jw_str(&w, "code", field_value(r, AMSOP_FIELD_ERROR_CODE, r->error_code));
    jw_str(&w, "message", field_value(r, AMSOP_FIELD_ERROR_MESSAGE, r->error_message));
    jw_str(&w, "target", field_value(r, AMSOP_FIELD_ERROR_TARGET, r->error_target));
    jw_num(&w, "detailsCount", (long)r->details_count, 1);
    jw_num(&w, "additionalInfoCount", (long)r->additional_info_count, 1);
    jw_close(&w, '}');
    jw_str(&w, "requestId", field_value(r, AMSOP_FIELD_REQUEST_ID, r->request_id));
    jw_num(&w, "retryAfter", (long)r->retry_after_s, r->retry_after_s >= 0);
    jw_names(&w, "truncated", r->truncated, cli_result_field_name);
    jw_close(&w, '}');
    (void)fputc('\n', f);
}

void cli_format_result(FILE *f, cli_output_t o, const amsop_result_t *r)
{
    char http[NUM_CHARS];
    const char *v[COLS];

    http[0] = '\0';
    if (r->http_status > 0) {
        (void)snprintf(http, sizeof http, "%d", r->http_status);
    }
    v[0] = status_value(r);
    v[1] = field_value(r, AMSOP_FIELD_NAME, r->name);
    v[2] = http;
    v[3] = field_value(r, AMSOP_FIELD_ERROR_CODE, r->error_code);
    v[4] = field_value(r, AMSOP_FIELD_REQUEST_ID, r->request_id);
    switch (o) {
    case CLI_OUT_JSON:
        cli_json_result(f, r);
        return;
    case CLI_OUT_JSONC:
        jsonc_result(f, r);
        break;
    case CLI_OUT_TABLE:
    case CLI_OUT_TSV:
        rows(f, o, TABLE_READ, k_read_heads, k_read_widths, v);
        break;
    case CLI_OUT_TEXT:
    case CLI_OUT_NONE:
    default:
        return;
    }
    (void)fflush(f);
}

static const char *or_null(const char *s)
{
    return s != NULL && s[0] != '\0' ? s : NULL;
}

static const char *live_value(const amsop_live_event_info_t *li, amsop_live_field_t which,
                              const char *v)
{
    return (li->present & AMSOP_FIELD_BIT(which)) != 0 ? v : NULL;
}

static const char *live_state(const amsop_live_event_info_t *li)
{
    if (li->resource_state == AMSOP_RESOURCE_STATE_NONE) {
        return NULL;
    }
    return li->resource_state == AMSOP_RESOURCE_STATE_UNKNOWN
               ? li->resource_state_text
               : amsop_resource_state_name(li->resource_state);
}

/* One writer for json (compact) and jsonc: the same keys by construction. */
static void live_json(FILE *f, const amsop_live_event_info_t *li, const amsop_result_t *r,
                      int compact)
{
    static const amsop_live_field_t ep_fields[AMSOP_LIVE_ENDPOINTS][2] = {
        {AMSOP_LIVE_FIELD_ENDPOINT0_PROTOCOL, AMSOP_LIVE_FIELD_ENDPOINT0_URL},
        {AMSOP_LIVE_FIELD_ENDPOINT1_PROTOCOL, AMSOP_LIVE_FIELD_ENDPOINT1_URL}};
    jw_t w;
    unsigned i;

    w.f = f;
    w.depth = 0;
    w.first = 1;
    w.compact = compact;
    jw_open(&w, '{');
    jw_num(&w, "httpStatus", (long)r->http_status, r->http_status > 0);
    jw_str(&w, "name", live_value(li, AMSOP_LIVE_FIELD_NAME, li->name));
    jw_str(&w, "resourceState", live_state(li));
    jw_key(&w, "input");
    jw_open(&w, '{');
    jw_str(&w, "streamingProtocol",
           live_value(li, AMSOP_LIVE_FIELD_STREAMING_PROTOCOL, li->streaming_protocol));
    jw_key(&w, "endpoints");
    jw_open(&w, '[');
    for (i = 0; i < AMSOP_LIVE_ENDPOINTS && i < li->endpoints_count; ++i) {
        if (!w.first) {
            (void)fputc(',', f);
        }
        w.first = 0;
        jw_indent(&w);
        jw_open(&w, '{');
        jw_str(&w, "protocol", live_value(li, ep_fields[i][0], li->endpoints[i].protocol));
        jw_str(&w, "url", live_value(li, ep_fields[i][1], li->endpoints[i].url));
        jw_close(&w, '}');
    }
    jw_close(&w, ']');
    jw_num(&w, "endpointsCount", (long)li->endpoints_count, 1);
    jw_close(&w, '}');
    jw_key(&w, "encoding");
    jw_open(&w, '{');
    jw_str(&w, "encodingType", live_value(li, AMSOP_LIVE_FIELD_ENCODING_TYPE, li->encoding_type));
    jw_close(&w, '}');
    jw_key(&w, "streamOptions");
    jw_open(&w, '[');
    if (live_value(li, AMSOP_LIVE_FIELD_STREAM_OPTION, li->stream_option) != NULL) {
        w.first = 0;
        jw_indent(&w);
        cli_json_string(f, li->stream_option);
    }
    jw_close(&w, ']');
    jw_num(&w, "streamOptionsCount", (long)li->stream_options_count, 1);
    jw_str(&w, "requestId", field_value(r, AMSOP_FIELD_REQUEST_ID, r->request_id));
    jw_names(&w, "truncated", li->truncated, cli_live_field_name);
    jw_close(&w, '}');
    (void)fputc('\n', f);
}

void cli_format_live_event(FILE *f, cli_output_t o, const amsop_live_event_info_t *li,
                           const amsop_result_t *r)
{
    static const char *const heads[COLS] = {"Name", "ResourceState", "StreamingProtocol",
                                            "EncodingType", "IngestUrl"};
    static const size_t widths[COLS] = {24, 14, 18, 20, 0};
    const char *v[COLS];

    v[0] = live_value(li, AMSOP_LIVE_FIELD_NAME, li->name);
    v[1] = live_state(li);
    v[2] = live_value(li, AMSOP_LIVE_FIELD_STREAMING_PROTOCOL, li->streaming_protocol);
    v[3] = live_value(li, AMSOP_LIVE_FIELD_ENCODING_TYPE, li->encoding_type);
    v[4] = live_value(li, AMSOP_LIVE_FIELD_ENDPOINT0_URL, li->endpoints[0].url);
    switch (o) {
    case CLI_OUT_JSON:
    case CLI_OUT_JSONC:
        live_json(f, li, r, o == CLI_OUT_JSON);
        break;
    case CLI_OUT_TABLE:
    case CLI_OUT_TSV:
        rows(f, o, TABLE_LIVE, heads, widths, v);
        break;
    case CLI_OUT_TEXT:
    case CLI_OUT_NONE:
    default:
        return;
    }
    (void)fflush(f);
}

void cli_format_action(FILE *f, cli_output_t o, int http_status, const char *action,
                       const char *async_operation, const char *location, const char *refused)
{
    static const char *const heads[4] = {"Action", "HttpStatus", "AsyncOperation", "Location"};
    char http[NUM_CHARS];
    const char *v[4];
    size_t widths[4];
    size_t i;
    jw_t w;

    (void)snprintf(http, sizeof http, "%d", http_status);
    v[0] = action;
    v[1] = http;
    v[2] = or_null(async_operation);
    v[3] = or_null(location);
    switch (o) {
    case CLI_OUT_JSON:
        (void)fprintf(f, "{\"httpStatus\":%d,\"action\":", http_status);
        cli_json_string(f, action);
        (void)fputs(",\"asyncOperation\":", f);
        cli_json_string(f, v[2]);
        (void)fputs(",\"location\":", f);
        cli_json_string(f, v[3]);
        if (refused != NULL) {
            (void)fputs(",\"followed\":false,\"refused\":", f);
            cli_json_string(f, refused);
        }
        (void)fputs("}\n", f);
        break;
    case CLI_OUT_JSONC:
        w.f = f;
        w.depth = 0;
        w.first = 1;
        w.compact = 0;
        jw_open(&w, '{');
        jw_num(&w, "httpStatus", (long)http_status, 1);
        jw_str(&w, "action", action);
        jw_str(&w, "asyncOperation", v[2]);
        jw_str(&w, "location", v[3]);
        if (refused != NULL) {
            jw_key(&w, "followed");
            (void)fputs("false", f);
            jw_str(&w, "refused", refused);
        }
        jw_close(&w, '}');
        (void)fputc('\n', f);
        break;
    case CLI_OUT_TABLE:
        for (i = 0; i < 4; ++i) {
            size_t len = safe_len(v[i]);
            widths[i] = len > strlen(heads[i]) ? len : strlen(heads[i]);
        }
        table_head(f, heads, widths, 4);
        table_row(f, v, widths, 4);
        s_table = TABLE_ACTION;
        break;
    case CLI_OUT_TSV:
        tsv_row(f, v, 4);
        break;
    case CLI_OUT_TEXT:
    case CLI_OUT_NONE:
    default:
        return;
    }
    (void)fflush(f);
}
