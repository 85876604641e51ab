/* SPDX-License-Identifier: MIT */
/* Incremental HTTP/1.1 response parser (see amsop_http.h).
 *
 * Header lines are never buffered: the bytes of the headers amsop keeps go
 * straight into the result's fields, the few it interprets into a 48-byte
 * scratch. Body bytes are copied in runs, not one at a time. */
#include <string.h>

#include "amsop_config.h"
#include "amsop_http.h"
#include "field.h"

enum state {
    S_STATUS,       /* status line */
    S_HEADER_START, /* first byte of a header line, or the empty line */
    S_HEADER_NAME,
    S_VALUE_LWS, /* blanks between ':' and the value */
    S_VALUE,
    S_BODY_LENGTH, /* Content-Length body */
    S_BODY_CLOSE,  /* body runs until the connection closes */
    S_CHUNK_SIZE,
    S_CHUNK_EXT,
    S_CHUNK_DATA,
    S_CHUNK_DATA_END, /* CRLF after chunk data */
    S_TRAILER_START,
    S_TRAILER_LINE,
    S_DONE
};

enum capture {
    CAP_NONE,
    CAP_CONTENT_LENGTH,
    CAP_TRANSFER_ENCODING,
    CAP_CONNECTION,
    CAP_RETRY_AFTER,
    CAP_CONTENT_ENCODING,
    CAP_FIELD_FIRST, /* the rest write to result fields */
    CAP_REQUEST_ID = CAP_FIELD_FIRST,
    CAP_CORRELATION_ID,
    CAP_ASYNC_OPERATION,
    CAP_LOCATION,
    CAP_CONTENT_TYPE
};

#define F_CHUNKED     0x01u
#define F_HAS_LENGTH  0x02u
#define F_CLOSE       0x04u
#define F_KEEP_ALIVE  0x08u /* "Connection: keep-alive" (matters for HTTP/1.0) */
#define F_SCRATCH_OVF 0x10u
#define F_NAME_OVF    0x20u
#define F_VALUE_TRUNC 0x40u
#define F_DIGIT       0x80u /* chunk size line: saw a hex digit */

#define CHUNK_SIZE_LIMIT 0x0FFFFFFFu /* far above any body we keep */

static const struct {
    const char *name;
    uint8_t cap;
} known_headers[] = {
    {"content-length", CAP_CONTENT_LENGTH},
    {"transfer-encoding", CAP_TRANSFER_ENCODING},
    {"connection", CAP_CONNECTION},
    {"retry-after", CAP_RETRY_AFTER},
    {"content-encoding", CAP_CONTENT_ENCODING},
    {"x-ms-request-id", CAP_REQUEST_ID},
    {"x-ms-correlation-request-id", CAP_CORRELATION_ID},
    {"azure-asyncoperation", CAP_ASYNC_OPERATION},
    {"location", CAP_LOCATION},
    {"content-type", CAP_CONTENT_TYPE},
};

/* 1 + the known_headers index of the name of each length, 0 for none. */
static const uint8_t known_by_len[28] = {[14] = 1, [17] = 2, [10] = 3, [11] = 4, [16] = 5,
                                         [15] = 6, [27] = 7, [20] = 8, [8] = 9,  [12] = 10};

/* RFC 9110 token characters (header names) of ASCII, each mapped to its
 * lower case; 0 for every other byte. One lookup both checks and folds a
 * header-name byte. */
static const char name_map[128] = {
    0,   0,    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
    0,   0,    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   '!', 0,   '#', '$', '%',
    '&', '\'', 0,   0,   '*', '+', 0,   '-', '.', 0,   '0', '1', '2', '3', '4', '5', '6', '7', '8',
    '9', 0,    0,   0,   0,   0,   0,   0,   'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k',
    'l', 'm',  'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 0,   0,   0,   '^',
    '_', '`',  'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q',
    'r', 's',  't', 'u', 'v', 'w', 'x', 'y', 'z', 0,   '|', 0,   '~', 0,
};

static char name_char(uint8_t c)
{
    return c < 128u ? name_map[c] : 0;
}

static int is_tchar(uint8_t c)
{
    return name_char(c) != 0;
}

static int is_ctl(uint8_t c)
{
    return (c < 0x20u && c != '\t') || c == 0x7Fu;
}

static int is_blank(uint8_t c)
{
    return c == ' ' || c == '\t';
}

static void field_of(amsop_http_parser_t *p, uint8_t cap, char **buf, size_t *size,
                     amsop_field_t *f)
{
    amsop_result_t *r = p->result;
    switch (cap) {
    case CAP_REQUEST_ID:
        *buf = r->request_id, *size = sizeof(r->request_id), *f = AMSOP_FIELD_REQUEST_ID;
        break;
    case CAP_CORRELATION_ID:
        *buf = r->correlation_id, *size = sizeof(r->correlation_id);
        *f = AMSOP_FIELD_CORRELATION_ID;
        break;
    case CAP_ASYNC_OPERATION:
        *buf = r->async_operation, *size = sizeof(r->async_operation);
        *f = AMSOP_FIELD_ASYNC_OPERATION;
        break;
    case CAP_LOCATION:
        *buf = r->location, *size = sizeof(r->location), *f = AMSOP_FIELD_LOCATION;
        break;
    default:
        *buf = r->content_type, *size = sizeof(r->content_type), *f = AMSOP_FIELD_CONTENT_TYPE;
        break;
    }
}

/* The first error sticks. It leaves no half-read value behind: a status
 * code or header field the error cut short is emptied (it is not present). */
static amsop_err_t fail(amsop_http_parser_t *p, amsop_err_t err)
{
    if (p->err == AMSOP_OK) {
        p->err = err;
        if (p->state == S_STATUS) {
            p->result->http_status = 0;
        } else if ((p->state == S_VALUE || p->state == S_VALUE_LWS) &&
                   p->capture >= CAP_FIELD_FIRST) {
            char *buf;
            size_t size;
            amsop_field_t f;
            field_of(p, p->capture, &buf, &size, &f);
            buf[0] = '\0';
        }
    }
    return p->err;
}

void amsop_http_begin(amsop_http_parser_t *p, amsop_result_t *result, uint8_t *body,
                      size_t body_cap)
{
    memset(p, 0, sizeof(*p));
    p->result = result;
    p->body = body;
    p->body_cap = body_cap;
    p->state = S_STATUS;
    p->err = AMSOP_OK;
    amsop_result_clear(result);
}

void amsop_http_begin_sink(amsop_http_parser_t *p, amsop_result_t *result, amsop_http_sink_t sink,
                           void *ctx)
{
    amsop_http_begin(p, result, NULL, 0);
    p->sink = sink;
    p->sink_ctx = ctx;
}

/* Status line: "HTTP/1.x NNN reason". line_len (already counting this
 * byte) locates it. */
static amsop_err_t status_byte(amsop_http_parser_t *p, uint8_t c)
{
    static const char proto[] = "HTTP/1.";
    uint32_t i = p->line_len - 1u;

    if (i < 7) {
        if (c != (uint8_t)proto[i])
            return fail(p, AMSOP_ERR_HTTP_STATUS_LINE);
    } else if (i == 7) {
        if (c < '0' || c > '9')
            return fail(p, AMSOP_ERR_HTTP_STATUS_LINE);
        p->version_minor = (uint8_t)(c - '0');
    } else if (i == 8 || i == 12) {
        if (c != ' ')
            return fail(p, AMSOP_ERR_HTTP_STATUS_LINE);
    } else if (i <= 11) {
        if (c < '0' || c > '9' || (i == 9 && c == '0'))
            return fail(p, AMSOP_ERR_HTTP_STATUS_LINE);
        p->result->http_status = p->result->http_status * 10 + (c - '0');
    } else if (is_ctl(c)) {
        return fail(p, AMSOP_ERR_HTTP_STATUS_LINE);
    }
    return AMSOP_OK;
}

static void scratch_put(amsop_http_parser_t *p, uint8_t c)
{
    if (p->scratch_len + 1u >= sizeof(p->scratch)) {
        if (!is_blank(c))
            p->flags |= F_SCRATCH_OVF;
        return;
    }
    p->scratch[p->scratch_len++] = amsop__lower((char)c);
    if (!is_blank(c))
        p->value_end = p->scratch_len;
}

static void value_byte(amsop_http_parser_t *p, uint8_t c)
{
    char *buf;
    size_t size;
    amsop_field_t f;

    if (p->capture == CAP_NONE)
        return;
    if (p->capture < CAP_FIELD_FIRST) {
        scratch_put(p, c);
        return;
    }
    field_of(p, p->capture, &buf, &size, &f);
    if (p->value_len + 1u >= size) {
        if (!is_blank(c))
            p->flags |= F_VALUE_TRUNC;
        return;
    }
    /* Header values are ASCII; anything else is kept visible but inert. */
    buf[p->value_len++] = (c >= 0x80u) ? '?' : (char)c;
    if (!is_blank(c))
        p->value_end = p->value_len;
}

/* Decimal digits only. Over limit: fails, or saturates when limit is
 * UINT64_MAX (for Retry-After, where "huge" is still a valid answer). */
static int parse_u64(const char *s, uint32_t n, uint64_t limit, uint64_t *out)
{
    uint64_t v = 0;
    uint32_t i;
    if (n == 0)
        return 0;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        if (v > (limit - 9u) / 10u) {
            if (limit != UINT64_MAX)
                return 0;
            v = UINT64_MAX - 9u;
        } else {
            v = v * 10u + (uint64_t)(s[i] - '0');
        }
    }
    *out = v;
    return 1;
}

static int token_is(const char *s, uint32_t b, uint32_t e, const char *word)
{
    size_t n = strlen(word);
    return (size_t)(e - b) == n && memcmp(s + b, word, n) == 0;
}

/* "close" / "keep-alive" among the comma-separated tokens of Connection. */
static void connection_tokens(amsop_http_parser_t *p, const char *s, uint32_t n)
{
    uint32_t i = 0;
    while (i < n) {
        uint32_t b;
        uint32_t e;
        while (i < n && (s[i] == ',' || is_blank((uint8_t)s[i])))
            i++;
        b = i;
        while (i < n && s[i] != ',')
            i++;
        e = i;
        while (e > b && is_blank((uint8_t)s[e - 1]))
            e--;
        if (token_is(s, b, e, "close"))
            p->flags |= F_CLOSE;
        else if (token_is(s, b, e, "keep-alive"))
            p->flags |= F_KEEP_ALIVE;
    }
}

/* A header line ended: act on the captured value. */
static amsop_err_t header_done(amsop_http_parser_t *p)
{
    const char *v = p->scratch;
    uint32_t n = p->value_end;
    int ovf = (p->flags & F_SCRATCH_OVF) != 0;
    uint64_t num = 0;

    switch (p->capture) {
    case CAP_CONTENT_LENGTH:
        if (ovf || !parse_u64(v, n, 0xFFFFFFFFFFFFull, &num))
            return fail(p, AMSOP_ERR_HTTP_FRAMING);
        if ((p->flags & F_HAS_LENGTH) && p->content_length != num)
            return fail(p, AMSOP_ERR_HTTP_FRAMING);
        p->content_length = num;
        p->flags |= F_HAS_LENGTH;
        break;
    case CAP_TRANSFER_ENCODING:
        if (ovf || n != 7 || memcmp(v, "chunked", 7) != 0)
            return fail(p, AMSOP_ERR_HTTP_ENCODING);
        if (p->flags & F_CHUNKED)
            return fail(p, AMSOP_ERR_HTTP_FRAMING);
        p->flags |= F_CHUNKED;
        break;
    case CAP_CONNECTION:
        if (ovf)
            p->flags |= F_CLOSE; /* cannot tell: do not reuse */
        else
            connection_tokens(p, v, n);
        break;
    case CAP_RETRY_AFTER:
        /* Seconds only; an HTTP date or a negative value is ignored. */
        if (!ovf && parse_u64(v, n, UINT64_MAX, &num))
            p->result->retry_after_s = (num > 0x7FFFFFFFu) ? 0x7FFFFFFF : (int32_t)num;
        break;
    case CAP_CONTENT_ENCODING:
        if (ovf || !(n == 0 || (n == 8 && memcmp(v, "identity", 8) == 0)))
            return fail(p, AMSOP_ERR_HTTP_ENCODING);
        break;
    case CAP_NONE:
        break;
    default: {
        char *buf;
        size_t size;
        amsop_field_t f;
        field_of(p, p->capture, &buf, &size, &f);
        buf[p->value_end] = '\0';
        p->result->present |= AMSOP_FIELD_BIT(f);
        if (p->flags & F_VALUE_TRUNC)
            p->result->truncated |= AMSOP_FIELD_BIT(f);
        else
            p->result->truncated &= ~AMSOP_FIELD_BIT(f);
        break;
    }
    }
    return AMSOP_OK;
}

static void classify_name(amsop_http_parser_t *p)
{
    p->capture = CAP_NONE;
    if (p->flags & F_NAME_OVF)
        return;
    /* The known names all differ in length: one comparison at most. */
    if (p->name_len < sizeof(known_by_len) && known_by_len[p->name_len] != 0) {
        size_t i = known_by_len[p->name_len] - 1u;
        if (memcmp(known_headers[i].name, p->name, p->name_len) == 0)
            p->capture = known_headers[i].cap;
    }
    if (p->capture >= CAP_FIELD_FIRST) {
        char *buf;
        size_t size;
        amsop_field_t f;
        field_of(p, p->capture, &buf, &size, &f);
        buf[0] = '\0';
        /* A repeated header replaces the earlier value: until this line
         * ends the field is not a whole value, so it is not present. */
        p->result->present &= ~AMSOP_FIELD_BIT(f);
        p->result->truncated &= ~AMSOP_FIELD_BIT(f);
    }
}

/* The empty line after the headers: decide how the body is framed. */
static amsop_err_t headers_end(amsop_http_parser_t *p)
{
    int status = p->result->http_status;

    if (status >= 100 && status < 200) {
        /* Interim reply: skip it and read the real one. */
        if (status == 101)
            return fail(p, AMSOP_ERR_HTTP_STATUS_LINE);
        p->state = S_STATUS;
        amsop_result_clear(p->result); /* nothing of it belongs to the reply */
        p->flags = 0;
        return AMSOP_OK;
    }
    if ((p->flags & F_CHUNKED) && (p->flags & F_HAS_LENGTH))
        return fail(p, AMSOP_ERR_HTTP_FRAMING);
    if (status == 204 || status == 304) {
        p->state = S_DONE;
    } else if (p->flags & F_CHUNKED) {
        p->flags &= (uint8_t)~F_DIGIT;
        p->remaining = 0;
        p->state = S_CHUNK_SIZE;
    } else if (p->flags & F_HAS_LENGTH) {
        if (p->sink == NULL && p->content_length > p->body_cap)
            return fail(p, AMSOP_ERR_BODY_TOO_LARGE);
        p->remaining = p->content_length;
        p->state = p->remaining ? S_BODY_LENGTH : S_DONE;
    } else {
        p->flags |= F_CLOSE;
        p->state = S_BODY_CLOSE;
    }
    return AMSOP_OK;
}

static amsop_err_t chunk_size_end(amsop_http_parser_t *p)
{
    if (p->sink == NULL && p->remaining > p->body_cap - p->body_len)
        return fail(p, AMSOP_ERR_BODY_TOO_LARGE);
    p->state = p->remaining ? S_CHUNK_DATA : S_TRAILER_START;
    return AMSOP_OK;
}

/* The first byte of a header line (a token character) was seen. */
static void header_start(amsop_http_parser_t *p)
{
    p->state = S_HEADER_NAME;
    p->name_len = 0;
    p->flags &= (uint8_t) ~(F_NAME_OVF | F_SCRATCH_OVF | F_VALUE_TRUNC);
}

/* The ':' after a header name. */
static amsop_err_t name_end(amsop_http_parser_t *p)
{
    if (p->name_len == 0 && !(p->flags & F_NAME_OVF))
        return fail(p, AMSOP_ERR_HTTP_HEADER);
    classify_name(p);
    p->scratch_len = 0;
    p->value_len = 0;
    p->value_end = 0;
    p->state = S_VALUE_LWS;
    return AMSOP_OK;
}

/* Ends a line in any line-oriented state. */
static amsop_err_t line_end(amsop_http_parser_t *p)
{
    uint8_t st = p->state;
    p->line_len = 0;
    switch (st) {
    case S_STATUS:
        if (p->result->http_status < 100)
            return fail(p, AMSOP_ERR_HTTP_STATUS_LINE);
        p->state = S_HEADER_START;
        return AMSOP_OK;
    case S_HEADER_START:
        return headers_end(p);
    case S_HEADER_NAME:
        return fail(p, AMSOP_ERR_HTTP_HEADER);
    case S_VALUE_LWS:
    case S_VALUE:
        p->state = S_HEADER_START;
        return header_done(p);
    case S_CHUNK_SIZE:
        if (!(p->flags & F_DIGIT))
            return fail(p, AMSOP_ERR_HTTP_CHUNK);
        return chunk_size_end(p);
    case S_CHUNK_EXT:
        return chunk_size_end(p);
    case S_CHUNK_DATA_END:
        p->state = S_CHUNK_SIZE;
        p->flags &= (uint8_t)~F_DIGIT;
        return AMSOP_OK;
    case S_TRAILER_START:
        p->state = S_DONE;
        return AMSOP_OK;
    case S_TRAILER_LINE:
        p->state = S_TRAILER_START;
        return AMSOP_OK;
    default:
        return fail(p, AMSOP_ERR_HTTP_HEADER);
    }
}

static amsop_err_t line_error(const amsop_http_parser_t *p)
{
    switch (p->state) {
    case S_STATUS:
        return AMSOP_ERR_HTTP_STATUS_LINE;
    case S_CHUNK_SIZE:
    case S_CHUNK_EXT:
    case S_CHUNK_DATA_END:
        return AMSOP_ERR_HTTP_CHUNK;
    default:
        return AMSOP_ERR_HTTP_HEADER;
    }
}

/* One byte of a line-oriented state. */
static amsop_err_t line_byte(amsop_http_parser_t *p, uint8_t c)
{
    if (p->after_cr) {
        p->after_cr = 0;
        if (c != '\n')
            return fail(p, line_error(p));
        return line_end(p);
    }
    if (++p->line_len > CONFIG_AMSOP_HEADER_LINE_MAX)
        return fail(p, p->state == S_STATUS ? AMSOP_ERR_HTTP_STATUS_LINE
                                            : AMSOP_ERR_HTTP_HEADER_TOO_LONG);
    if (c == '\r') {
        p->after_cr = 1;
        return AMSOP_OK;
    }
    if (c == '\n')
        return line_end(p);

    switch (p->state) {
    case S_STATUS:
        return status_byte(p, c);
    case S_HEADER_START:
    case S_TRAILER_START:
        if (!is_tchar(c))
            return fail(p, AMSOP_ERR_HTTP_HEADER); /* incl. obsolete line folding */
        if (++p->header_count > CONFIG_AMSOP_HEADER_COUNT_MAX)
            return fail(p, AMSOP_ERR_HTTP_TOO_MANY_HEADERS);
        if (p->state == S_TRAILER_START) {
            p->state = S_TRAILER_LINE;
            return AMSOP_OK;
        }
        header_start(p);
        /* fall through */
    case S_HEADER_NAME:
        if (c == ':')
            return name_end(p);
        if (!is_tchar(c))
            return fail(p, AMSOP_ERR_HTTP_HEADER);
        if (p->name_len + 1u >= sizeof(p->name))
            p->flags |= F_NAME_OVF;
        else
            p->name[p->name_len++] = name_char(c);
        return AMSOP_OK;
    case S_VALUE_LWS:
        if (is_blank(c))
            return AMSOP_OK;
        p->state = S_VALUE;
        /* fall through */
    case S_VALUE:
        if (is_ctl(c))
            return fail(p, AMSOP_ERR_HTTP_HEADER);
        value_byte(p, c);
        return AMSOP_OK;
    case S_CHUNK_SIZE: {
        int h = amsop__hex(c);
        if (h < 0) {
            if ((c == ';' || is_blank(c)) && (p->flags & F_DIGIT)) {
                p->state = S_CHUNK_EXT;
                return AMSOP_OK;
            }
            return fail(p, AMSOP_ERR_HTTP_CHUNK);
        }
        p->flags |= F_DIGIT;
        p->remaining = (p->remaining << 4) | (uint64_t)h;
        if (p->remaining > CHUNK_SIZE_LIMIT)
            return fail(p, AMSOP_ERR_HTTP_CHUNK);
        return AMSOP_OK;
    }
    case S_CHUNK_EXT:
        if (is_ctl(c))
            return fail(p, AMSOP_ERR_HTTP_CHUNK);
        return AMSOP_OK;
    case S_CHUNK_DATA_END:
        return fail(p, AMSOP_ERR_HTTP_CHUNK); /* data longer than the chunk size */
    case S_TRAILER_LINE:
        if (is_ctl(c))
            return fail(p, AMSOP_ERR_HTTP_HEADER);
        return AMSOP_OK;
    default:
        return fail(p, AMSOP_ERR_HTTP_HEADER);
    }
}

/* Length of the leading run of d[0..n) made of bytes 0x20..0x7E, the
 * ordinary text of a header value. A word at a time: for a word w, every
 * byte is in range exactly when none of w - 0x20.., w and w + 0x01.. has a
 * byte's high bit set (the lowest out-of-range byte sets one, since no
 * borrow or carry reaches it from the in-range bytes below). */
static size_t plain_run(const uint8_t *d, size_t n)
{
    const size_t ones = (size_t)-1 / 0xFFu;
    size_t k = 0;

    for (; n - k >= sizeof(size_t); k += sizeof(size_t)) {
        size_t w;
        memcpy(&w, d + k, sizeof(w));
        size_t bad = ((w - ones * 0x20u) | w | (w + ones)) & (ones * 0x80u);
        if (bad != 0) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            /* The lowest flagged byte is the first out-of-range one. */
            return k + (size_t)__builtin_ctzll((unsigned long long)bad) / 8u;
#else
            break;
#endif
        }
    }
    while (k < n && d[k] >= 0x20u && d[k] < 0x7Fu)
        k++;
    return k;
}

/* A run of a header value's ordinary bytes (0x20..0x7E) at once: skipped
 * for the headers amsop ignores, copied in one piece into the fields it
 * keeps. The same checks as value_byte, byte for byte: these bytes are
 * never CTL, so only the line limit applies, and it cuts the run short so
 * the byte over it goes to line_byte and fails there. Everything else
 * (tab, CR, LF, other controls, DEL, non-ASCII) goes through line_byte. */
static size_t value_run(amsop_http_parser_t *p, const uint8_t *d, size_t len)
{
    size_t room = CONFIG_AMSOP_HEADER_LINE_MAX - p->line_len;
    size_t n;

    if (len > room)
        len = room;
    n = plain_run(d, len);
    p->line_len += (uint32_t)n;
    if (p->capture >= CAP_FIELD_FIRST) {
        char *buf;
        size_t size;
        amsop_field_t f;
        size_t k = n;
        size_t j;
        field_of(p, p->capture, &buf, &size, &f);
        if (k > size - 1u - p->value_len) {
            k = size - 1u - p->value_len;
            for (j = k; j < n; j++) /* a cut-off non-blank byte truncates */
                if (d[j] != ' ')
                    p->flags |= F_VALUE_TRUNC;
        }
        memcpy(buf + p->value_len, d, k);
        for (j = k; j > 0 && d[j - 1u] == ' '; j--) {
        }
        if (j > 0)
            p->value_end = p->value_len + (uint32_t)j;
        p->value_len += (uint32_t)k;
    } else if (p->capture != CAP_NONE) {
        size_t k;
        for (k = 0; k < n; k++)
            scratch_put(p, d[k]);
    }
    return n;
}

/* A run of header-name token bytes at once, lower-cased into p->name;
 * bytes past its room only set F_NAME_OVF, as in line_byte. */
static size_t name_run(amsop_http_parser_t *p, const uint8_t *d, size_t len)
{
    size_t room = CONFIG_AMSOP_HEADER_LINE_MAX - p->line_len;
    size_t keep = sizeof(p->name) - 1u - p->name_len;
    char *out = p->name + p->name_len;
    size_t n = 0;

    if (len > room)
        len = room;
    if (keep > len)
        keep = len;
    while (n < keep && (out[n] = name_char(d[n])) != 0)
        n++;
    p->name_len = (uint8_t)(p->name_len + n);
    if (n == keep) { /* past the room: checked, not kept */
        while (n < len && name_char(d[n]) != 0)
            n++;
        if (n > keep)
            p->flags |= F_NAME_OVF;
    }
    p->line_len += (uint32_t)n;
    return n;
}

/* "HTTP/1.x NNN " at the start of the status line, checked as status_byte
 * would; 0 when these bytes are anything else (status_byte decides). */
static int status_prefix(amsop_http_parser_t *p, const uint8_t *d)
{
    int code;
    if (memcmp(d, "HTTP/1.", 7) != 0 || d[7] < '0' || d[7] > '9' || d[8] != ' ' || d[9] < '1' ||
        d[9] > '9' || d[10] < '0' || d[10] > '9' || d[11] < '0' || d[11] > '9' || d[12] != ' ')
        return 0;
    code = (d[9] - '0') * 100 + (d[10] - '0') * 10 + (d[11] - '0');
    p->version_minor = (uint8_t)(d[7] - '0');
    p->result->http_status = p->result->http_status * 1000 + code;
    p->line_len = 13;
    return 1;
}

/* CR LF at d[i], and the CR still within the line limit. */
static int crlf_at(const amsop_http_parser_t *p, const uint8_t *d, size_t len, size_t i)
{
    return i + 1u < len && d[i] == '\r' && d[i + 1u] == '\n' &&
           p->line_len < CONFIG_AMSOP_HEADER_LINE_MAX;
}

/* Whole runs of the line-oriented states in their common shapes: a status
 * line "HTTP/1.x NNN reason", header lines "Name: value", chunk-size lines
 * of hex digits, and CRLF line ends. Each step makes exactly the checks and
 * state changes line_byte makes for those bytes (token characters in names,
 * no CTL in values, the header count and line length limits, the chunk size
 * limit, CR followed by LF); it stops at the first byte it does not handle
 * that way (blanks other than spaces after ':', tabs, controls, non-ASCII,
 * a lone CR or LF, chunk extensions, a limit about to be crossed, the end of
 * the bytes at hand) and line_byte takes that byte, so every error is still
 * found by line_byte at the same byte, or by line_end at the same LF.
 * Returns the bytes consumed; when p->err is set, the index of the LF whose
 * line failed. */
static size_t line_run(amsop_http_parser_t *p, const uint8_t *d, size_t len)
{
    size_t i = 0;

    for (;;) {
        uint8_t st = p->state;
        if (st == S_BODY_LENGTH || st == S_BODY_CLOSE || st == S_CHUNK_DATA || st == S_DONE)
            return i; /* not a line: amsop_http_feed copies the body */
        if (crlf_at(p, d, len, i)) {
            p->line_len++; /* the CR counts, as in line_byte */
            i += 2;
            if (line_end(p) != AMSOP_OK)
                return i - 1u;
            continue;
        }
        switch (st) {
        case S_STATUS:
            if (p->line_len != 0 || len - i < 13 || !status_prefix(p, d + i))
                return i;
            i += 13;
            {
                size_t room = CONFIG_AMSOP_HEADER_LINE_MAX - 13u;
                size_t n = plain_run(d + i, len - i < room ? len - i : room);
                p->line_len += (uint32_t)n; /* reason phrase: no CTL */
                i += n;
            }
            break;
        case S_HEADER_START:
            if (i == len || !is_tchar(d[i]) || p->header_count >= CONFIG_AMSOP_HEADER_COUNT_MAX)
                return i;
            p->header_count++;
            header_start(p);
            /* fall through */
        case S_HEADER_NAME:
            i += name_run(p, d + i, len - i);
            if (i == len || d[i] != ':' || p->line_len >= CONFIG_AMSOP_HEADER_LINE_MAX)
                return i;
            p->line_len++;
            i++;
            if (name_end(p) != AMSOP_OK)
                return i - 1u;
            /* fall through */
        case S_VALUE_LWS:
            while (i < len && d[i] == ' ' && p->line_len < CONFIG_AMSOP_HEADER_LINE_MAX) {
                p->line_len++;
                i++;
            }
            if (i == len || d[i] <= ' ' || d[i] >= 0x7Fu ||
                p->line_len >= CONFIG_AMSOP_HEADER_LINE_MAX)
                return i;
            p->state = S_VALUE;
            /* fall through */
        case S_VALUE:
            i += value_run(p, d + i, len - i);
            break;
        case S_CHUNK_SIZE: {
            int h = 0;
            while (i < len && p->line_len < CONFIG_AMSOP_HEADER_LINE_MAX &&
                   (h = amsop__hex(d[i])) >= 0 &&
                   ((p->remaining << 4) | (uint64_t)h) <= CHUNK_SIZE_LIMIT) {
                p->remaining = (p->remaining << 4) | (uint64_t)h;
                p->flags |= F_DIGIT;
                p->line_len++;
                i++;
            }
            break;
        }
        default:
            return i;
        }
        if (!crlf_at(p, d, len, i))
            return i; /* only a CRLF the top of the loop takes goes on */
    }
}

static size_t body_copy(amsop_http_parser_t *p, const uint8_t *data, size_t len)
{
    size_t n = len;
    if (n > p->remaining)
        n = (size_t)p->remaining;
    /* Bounds were checked against body_cap when the length became known. */
    if (p->sink != NULL)
        p->sink(p->sink_ctx, data, n);
    else
        memcpy(p->body + p->body_len, data, n);
    p->body_len += n;
    p->remaining -= n;
    return n;
}

amsop_err_t amsop_http_feed(amsop_http_parser_t *p, const uint8_t *data, size_t len,
                            size_t *consumed)
{
    size_t i = 0;

    if (consumed)
        *consumed = 0;
    if (p->err != AMSOP_OK)
        return p->err;
    while (i < len && p->state != S_DONE) {
        switch (p->state) {
        case S_BODY_LENGTH:
            i += body_copy(p, data + i, len - i);
            if (p->remaining == 0)
                p->state = S_DONE;
            break;
        case S_CHUNK_DATA:
            i += body_copy(p, data + i, len - i);
            if (p->remaining == 0) {
                p->state = S_CHUNK_DATA_END;
                p->line_len = 0;
            }
            break;
        case S_BODY_CLOSE: {
            size_t n = len - i;
            if (p->sink != NULL) {
                p->sink(p->sink_ctx, data + i, n);
                p->body_len += n;
                i += n;
                break;
            }
            if (n > p->body_cap - p->body_len) {
                if (consumed)
                    *consumed = i;
                return fail(p, AMSOP_ERR_BODY_TOO_LARGE);
            }
            memcpy(p->body + p->body_len, data + i, n);
            p->body_len += n;
            i += n;
            break;
        }
        default:
            if (!p->after_cr) {
                size_t n = line_run(p, data + i, len - i);
                i += n;
                if (p->err != AMSOP_OK) {
                    if (consumed)
                        *consumed = i;
                    return p->err;
                }
                if (n > 0)
                    break;
            }
            if (line_byte(p, data[i]) != AMSOP_OK) {
                if (consumed)
                    *consumed = i;
                return p->err;
            }
            i++;
            break;
        }
    }
    if (p->state == S_DONE)
        p->done = 1;
    if (consumed)
        *consumed = i;
    return AMSOP_OK;
}

amsop_err_t amsop_http_eof(amsop_http_parser_t *p)
{
    if (p->err != AMSOP_OK)
        return p->err;
    if (p->state == S_DONE)
        return AMSOP_OK;
    if (p->state == S_BODY_CLOSE) {
        p->state = S_DONE;
        p->done = 1;
        return AMSOP_OK;
    }
    return fail(p, AMSOP_ERR_HTTP_TRUNCATED);
}

int amsop_http_done(const amsop_http_parser_t *p)
{
    return p->done != 0;
}

int amsop_http_keep_alive(const amsop_http_parser_t *p)
{
    if (!p->done || (p->flags & F_CLOSE))
        return 0;
    if (p->version_minor == 0)
        return (p->flags & F_KEEP_ALIVE) != 0;
    return 1;
}
