/* SPDX-License-Identifier: MIT */
/* The streaming HTTP/1.1 response reader (see amsop_http.h).
 *
 * One code path for any split of the reply (one byte at a time included):
 * the line states run in one loop that goes on while bytes remain, each
 * state taking the longest run it can (a header name, value text a word at
 * a time, blanks) and then the one byte that ended the run. Header
 * lines are never buffered and names are never copied: a name whole in
 * one piece costs a lookup by its length and, for a wanted name (a framing
 * header or a caller's capture) of that length, one compare a word at a
 * time; a name split over pieces is compared against the wanted names
 * span by span. A captured value goes
 * straight into the caller's buffer, the few values the reader interprets
 * into a 48-byte scratch. */
#include <string.h>

#include "amsop_config.h"
#include "amsop_http.h"
#include "field.h"
#include "placement.h"
#include "word.h"

/* Where the code goes (placement.h), for pieces of a few bytes: the rare
 * per-line work (a line's end, a stop byte, errors) and the loops that call
 * out (lines(), feed_loop(), the sink) are functions of their own
 * (OUT_OF_LINE), so that a small piece costs amsop_http_feed little more
 * than one call of lines(), and a value byte costs no call (IN_LINE
 * value_put). */

typedef amsop_http_parser_internal_t reader_t;

enum state {
    /* line states (lines()) */
    S_STATUS,       /* status line */
    S_HEADER_START, /* first byte of a header line, or the empty line */
    S_HEADER_NAME,
    S_VALUE_LWS, /* blanks between ':' and the value */
    S_VALUE,
    S_CHUNK_SIZE,
    S_CHUNK_EXT,
    S_CHUNK_DATA_END, /* CRLF after chunk data */
    S_TRAILER_START,
    S_TRAILER_LINE,
    /* body states (amsop_http_feed) */
    S_BODY_LENGTH, /* Content-Length body */
    S_BODY_CLOSE,  /* body runs until the connection closes */
    S_CHUNK_DATA,
    S_DONE
};

enum capture {
    CAP_NONE,
    CAP_CONTENT_LENGTH,
    CAP_TRANSFER_ENCODING,
    CAP_CONNECTION,
    CAP_RETRY_AFTER,
    CAP_CONTENT_ENCODING,
    CAP_FIELD_FIRST /* + the index of a caller's capture */
};

#define F_CHUNKED     0x01u
#define F_HAS_LENGTH  0x02u
#define F_CLOSE       0x04u
#define F_KEEP_ALIVE  0x08u /* "Connection: keep-alive" (matters for HTTP/1.0) */
#define F_SCRATCH_OVF 0x10u
#define F_VALUE_TRUNC 0x40u
#define F_DIGIT       0x80u /* chunk size line: saw a hex digit */

#define CHUNK_SIZE_LIMIT 0x0FFFFFFFu /* far above any body we keep */

/* The headers the reader itself interprets, by enum capture - 1. */
static const char *const framing_names[CAP_FIELD_FIRST - 1] = {
    "content-length", "transfer-encoding", "connection", "retry-after", "content-encoding"};
static const uint8_t framing_lens[CAP_FIELD_FIRST - 1] = {14, 17, 10, 11, 16};
/* Their bits (1 << (enum capture - 1)) by length & 31 and by first byte &
 * 31, as amsop_http_start builds them for a caller's captures (bits 5 on):
 * constants, so that a reply's start does not build them. */
static const uint8_t framing_by_len[32] = {
    [14] = 0x01u, [17] = 0x02u, [10] = 0x04u, [11] = 0x08u, [16] = 0x10u};
static const uint8_t framing_by_first[32] = {
    ['c' & 31] = 0x15u, ['t' & 31] = 0x02u, ['r' & 31] = 0x08u};
/* One bit per wanted name in a uint16_t (alive, by_len). */
typedef char wanted_fit[CAP_FIELD_FIRST - 1u + AMSOP_HTTP_CAPTURES_MAX <= 16u ? 1 : -1];

/* Byte classes: T_TOKEN an RFC 9110 token character (header names),
 * T_CTL a control byte (not text: below 0x20 but tab, and DEL), T_BLANK
 * space or tab. Bytes above 0x7F are text. */
#define T_TOKEN 1u
#define T_CTL   2u
#define T_BLANK 4u
static const uint8_t byte_class[256] = {
    2, 2, 2, 2, 2, 2, 2, 2, 2, 4, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    4, 1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 2,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

static int is_tchar(uint8_t c)
{
    return (byte_class[c] & T_TOKEN) != 0;
}

static int is_ctl(uint8_t c)
{
    return (byte_class[c] & T_CTL) != 0;
}

static int is_blank(uint8_t c)
{
    return (byte_class[c] & T_BLANK) != 0;
}

/* The caller's capture behind a CAP_FIELD_FIRST + i value, and its buffer. */
static const amsop_http_capture_t *cap_of(const reader_t *p, unsigned cap, char **buf)
{
    const amsop_http_capture_t *k = &p->out.caps[cap - CAP_FIELD_FIRST];
    *buf = (char *)p->out.base + k->offset;
    return k;
}

/* A captured value being read is not whole: emptied, its bits cleared. */
static void cap_reset(reader_t *p, unsigned cap)
{
    char *buf;
    const amsop_http_capture_t *k = cap_of(p, cap, &buf);
    buf[0] = '\0';
    *p->out.whole &= ~k->bit;
    *p->out.cut &= ~k->bit;
}

/* The first error sticks. It leaves no half-read value behind: a status
 * code or captured header the error cut short is emptied (not whole). */
OUT_OF_LINE static amsop_err_t fail(reader_t *p, amsop_err_t err)
{
    if (p->err == AMSOP_OK) {
        p->err = err;
        if (p->state == S_STATUS)
            *p->out.status = 0;
        else if ((p->state == S_VALUE || p->state == S_VALUE_LWS) && p->capture >= CAP_FIELD_FIRST)
            cap_reset(p, p->capture);
    }
    return p->err;
}

void amsop_http_fields_clear(const amsop_http_fields_t *f)
{
    uint32_t bits = 0;
    unsigned i;
    for (i = 0; i < f->ncaps; i++) {
        ((char *)f->base)[f->caps[i].offset] = '\0';
        bits |= f->caps[i].bit;
    }
    *f->whole &= ~bits;
    *f->cut &= ~bits;
    *f->status = 0;
    *f->retry_after_s = -1;
}

/* Every header result back to "none": at the start, and after an interim
 * (1xx) reply, nothing of which belongs to the reply. */
static void reset_out(reader_t *p)
{
    amsop_http_fields_clear(&p->out);
}

void amsop_http_start(amsop_http_parser_t *hp, const amsop_http_fields_t *out, uint8_t *body,
                      size_t body_cap, amsop_http_sink_t sink, void *ctx)
{
    reader_t *p = &hp->_internal;
    unsigned j;

    memset(p, 0, sizeof(*p));
    p->out = *out;
    p->body = body;
    p->body_cap = body_cap;
    p->sink = sink;
    p->sink_ctx = ctx;
    p->state = S_STATUS;
    p->err = AMSOP_OK;
    p->ncaps =
        (uint8_t)(out->ncaps < AMSOP_HTTP_CAPTURES_MAX ? out->ncaps : AMSOP_HTTP_CAPTURES_MAX);
    /* The caller's captures by length and by first byte, low 5 bits (a
     * letter's case does not change them), beside the framing headers'. */
    for (j = 0; j < p->ncaps; j++) {
        const amsop_http_capture_t *k = &out->caps[j];
        uint16_t bit = (uint16_t)(1u << (j + CAP_FIELD_FIRST - 1u));
        p->by_len[k->len & 31u] |= bit;
        if (k->len > 0)
            p->by_first[(uint8_t)k->name[0] & 31u] |= bit;
    }
    reset_out(p);
}

/* Status line: "HTTP/1.x NNN reason", byte c at index i (< 13), against
 * the form of its first 13 bytes: a byte that must be itself, or a digit
 * (\1 the minor version, \2 the status code's first, not 0, \3 its
 * others). */
static amsop_err_t status_byte(reader_t *p, uint32_t i, uint8_t c)
{
    static const char form[13] = "HTTP/1.\1 \2\3\3 ";
    uint8_t f = (uint8_t)form[i];
    unsigned digit = (unsigned)c - '0';

    if (f > 3u) {
        if (c != f)
            return fail(p, AMSOP_ERR_HTTP_STATUS_LINE);
    } else if (digit > 9u || (f == 2u && digit == 0u)) {
        return fail(p, AMSOP_ERR_HTTP_STATUS_LINE);
    } else if (f == 1u) {
        p->version_minor = (uint8_t)digit;
    } else {
        *p->out.status = *p->out.status * 10 + (int)digit;
    }
    return AMSOP_OK;
}

/* Value bytes d[0..n) (a control byte only in a caller's capture; high: text_run saw a
 * byte above 0x7F among them) of the current header line: dropped, kept
 * lower-cased in the scratch for the headers the reader interprets, or
 * copied into the caller's buffer. Blanks are trimmed at the end
 * (value_end); past the room, a non-blank byte marks the value cut. */
IN_LINE static inline void value_put(reader_t *p, const uint8_t *d, size_t n, unsigned high)
{
    size_t i;

    if (p->capture == CAP_NONE)
        return;
    if (p->capture < CAP_FIELD_FIRST) {
        for (i = 0; i < n; i++) {
            if (p->scratch_len + 1u >= sizeof(p->scratch)) {
                if (!is_blank(d[i]))
                    p->flags |= F_SCRATCH_OVF;
                continue;
            }
            p->scratch[p->scratch_len++] = amsop__lower((char)d[i]);
            if (!is_blank(d[i]))
                p->value_end = p->scratch_len;
        }
        return;
    }
    {
        char *buf;
        const amsop_http_capture_t *k = cap_of(p, p->capture, &buf);
        char *out = buf + p->value_len;
        size_t room = (size_t)k->cap - 1u - p->value_len;
        size_t m = n < room ? n : room;
        size_t last = 0; /* just past the last non-blank byte kept */
        if (m >= 2u * WB && !high) {
            memcpy(out, d, m);
            for (last = m; last > 0 && is_blank(d[last - 1u]); last--) {
            }
        } else {
            /* Short runs (a piece's end, a byte at a time) without a call,
             * and any run with a byte above 0x7F: one pass. Header values
             * are ASCII; the rest is kept inert. */
            for (i = 0; i < m; i++) {
                uint8_t c = d[i];
                out[i] = c >= 0x80u ? '?' : (char)c;
                if (!is_blank(c))
                    last = i + 1u;
            }
        }
        if (last > 0)
            p->value_end = p->value_len + (uint32_t)last;
        p->value_len += (uint32_t)m;
        for (i = m; i < n; i++)
            if (!is_blank(d[i]))
                p->flags |= F_VALUE_TRUNC;
    }
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
static void connection_tokens(reader_t *p, const char *s, uint32_t n)
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

/* A header line ended: act on the value. */
OUT_OF_LINE static amsop_err_t header_done(reader_t *p)
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
            *p->out.retry_after_s = (num > 0x7FFFFFFFu) ? 0x7FFFFFFF : (int32_t)num;
        break;
    case CAP_CONTENT_ENCODING:
        if (ovf || !(n == 0 || (n == 8 && memcmp(v, "identity", 8) == 0)))
            return fail(p, AMSOP_ERR_HTTP_ENCODING);
        break;
    case CAP_NONE:
        break;
    default: {
        char *buf;
        const amsop_http_capture_t *k = cap_of(p, p->capture, &buf);
        buf[p->value_end] = '\0';
        *p->out.whole |= k->bit;
        if (p->flags & F_VALUE_TRUNC)
            *p->out.cut |= k->bit;
        break;
    }
    }
    return AMSOP_OK;
}

/* Index of the lowest bit set in m (m != 0). */
static unsigned lowest_bit(unsigned m)
{
#ifdef WORD_FIRST_EXACT
    return (unsigned)__builtin_ctz(m);
#else
    unsigned i = 0;
    while (!(m & 1u)) {
        m >>= 1;
        i++;
    }
    return i;
#endif
}

/* The letter lanes of the word of name bytes (below 0x80) at s folded to
 * lower case (amsop__lower's rule, a word at a time): a carry-free add per
 * test. */
static word_t fold_word(const uint8_t *s)
{
    word_t a = word_load(s);
    word_t f = a | (ONES * 0x20u);
    word_t letter = (f + ONES * (0x80u - 'a')) & ~(f + ONES * (0x7Fu - 'z')) & HIGH;
    return a | (letter >> 2);
}

/* The name bytes s[0..m) (token characters), letters folded, equal the
 * wanted name's bytes w[0..m): a word at a time, the last word ending at m
 * (overlapping the one before it) when m is not a whole number of words. */
static int same_name(const uint8_t *s, const char *w, size_t m)
{
    const uint8_t *u = (const uint8_t *)w;
    size_t i = 0;
    if (m < WB) {
        for (; i < m; i++)
            if (amsop__lower((char)s[i]) != w[i])
                return 0;
        return 1;
    }
    for (; m - i > WB; i += WB)
        if (fold_word(s + i) != word_load(u + i))
            return 0;
    return fold_word(s + m - WB) == word_load(u + m - WB);
}

/* Name bytes s[0..m) at offset at of the name: the wanted names still
 * alive (the name so far is their prefix) keep their bit if these bytes
 * match theirs too. complete: the name ends here, so only names of exactly
 * its length stay (filtered first by the length's low 5 bits, a table
 * built at the start: most names cost that one lookup). A name split over
 * pieces is compared span by span, so no name byte is kept. */
static void name_span(reader_t *p, uint32_t at, const uint8_t *s, size_t m, int complete)
{
    uint32_t end = at + (uint32_t)m;
    unsigned live = p->alive;
    unsigned keep = 0;

    if (complete)
        live &= (unsigned)(framing_by_len[end & 31u] | p->by_len[end & 31u]);
    while (live != 0) {
        unsigned j = lowest_bit(live);
        const char *nm;
        uint32_t len;
        if (j < CAP_FIELD_FIRST - 1u) {
            nm = framing_names[j];
            len = framing_lens[j];
        } else {
            nm = p->out.caps[j - (CAP_FIELD_FIRST - 1u)].name;
            len = p->out.caps[j - (CAP_FIELD_FIRST - 1u)].len;
        }
        live &= live - 1u;
        if ((complete ? len == end : len >= end) && same_name(s, nm + at, m))
            keep |= 1u << j;
    }
    p->alive = (uint16_t)keep;
}

/* The name ended: the value belongs to the lowest wanted name it equals
 * (a framing header before a caller's capture of the same name), or none. */
static void classify_name(reader_t *p)
{
    p->capture = p->alive == 0 ? (uint8_t)CAP_NONE : (uint8_t)(lowest_bit(p->alive) + 1u);
    /* A repeated header replaces the earlier value: until this line ends
     * the field is not a whole value. */
    if (p->capture >= CAP_FIELD_FIRST)
        cap_reset(p, p->capture);
}

/* The empty line after the headers: decide how the body is framed. */
static amsop_err_t headers_end(reader_t *p)
{
    int status = *p->out.status;

    if (status >= 100 && status < 200) {
        /* Interim reply: skip it and read the real one. */
        if (status == 101)
            return fail(p, AMSOP_ERR_HTTP_STATUS_LINE);
        p->state = S_STATUS;
        reset_out(p);
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

static amsop_err_t chunk_size_end(reader_t *p)
{
    if (p->sink == NULL && p->remaining > p->body_cap - p->body_len)
        return fail(p, AMSOP_ERR_BODY_TOO_LARGE);
    p->state = p->remaining ? S_CHUNK_DATA : S_TRAILER_START;
    return AMSOP_OK;
}

/* Ends a line in a line-oriented state other than a header's value. */
OUT_OF_LINE static amsop_err_t line_end_other(reader_t *p)
{
    uint8_t st = p->state;
    p->line_len = 0;
    switch (st) {
    case S_STATUS:
        if (*p->out.status < 100)
            return fail(p, AMSOP_ERR_HTTP_STATUS_LINE);
        p->state = S_HEADER_START;
        return AMSOP_OK;
    case S_HEADER_START:
        return headers_end(p);
    case S_HEADER_NAME:
        return fail(p, AMSOP_ERR_HTTP_HEADER);
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

/* Ends a line in any line-oriented state: a header line (most lines)
 * here, inline; the rest in line_end_other. */
static inline amsop_err_t line_end(reader_t *p)
{
    if (p->state == S_VALUE || p->state == S_VALUE_LWS) {
        p->line_len = 0;
        p->state = S_HEADER_START;
        return p->capture == CAP_NONE ? AMSOP_OK : header_done(p);
    }
    return line_end_other(p);
}

OUT_OF_LINE static amsop_err_t line_error(const reader_t *p)
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

/* Length of the leading run of d[0..n) that is header text (no control
 * byte): a word at a time. (w - 0x20..) | w | (w + 0x01..) marks every
 * byte below 0x20, 0x7F and above 0x7F (a carry or borrow can mark a byte
 * next to one too, never unmark one); the first marked byte is looked at:
 * a control byte ends the run, a tab or a byte above 0x7F is text, stepped
 * over, and the scan goes on from the next byte. *high gets bit 7 set when
 * a byte above 0x7F was stepped over. */
static inline size_t text_run(const uint8_t *d, size_t n, unsigned *high)
{
    size_t k = 0;
    unsigned acc = 0;

    while (n - k >= WB) {
        word_t w;
        word_t m;
        memcpy(&w, d + k, sizeof(w));
        m = ((w - ONES * 0x20u) | w | (w + ONES)) & HIGH;
        if (m == 0) {
            k += WB;
            continue;
        }
        k += word_first(m);
        if (is_ctl(d[k]))
            break;
        acc |= d[k];
        k++;
    }
    if (n - k < WB)
        for (; k < n && !is_ctl(d[k]); k++)
            acc |= d[k];
    *high = acc & 0x80u;
    return k;
}

/* Length of the leading run of d[0..n) of token characters. Names are
 * letters, digits and '-': a word of those at a time (per byte, below 0x80:
 * bytes b | 0x20 in 'a'..'z', b in '0'..'9', b == '-', each test a carry-
 * free add), the rest and the first other byte one at a time. */
static size_t name_run(const uint8_t *d, size_t n)
{
    size_t k = 0;

    while (n - k >= WB) {
        word_t w;
        word_t f;
        word_t letter;
        word_t digit;
        word_t dash;
        memcpy(&w, d + k, sizeof(w));
        if (w & HIGH)
            break;
        f = w | (ONES * 0x20u);
        letter = (f + ONES * (0x80u - 'a')) & ~(f + ONES * (0x7Fu - 'z'));
        digit = (w + ONES * (0x80u - '0')) & ~(w + ONES * (0x7Fu - '9'));
        dash = w ^ (ONES * '-');
        dash = ~((dash + ONES * 0x7Fu) | dash);
        w = ~(letter | digit | dash) & HIGH; /* bytes that are none of those */
        if (w == 0) {
            k += WB;
            continue;
        }
        k += word_first(w);
        if (!is_tchar(d[k])) /* another token character goes on, anything else ends */
            return k;
        k++;
    }
    while (k < n && is_tchar(d[k]))
        k++;
    return k;
}

/* A new header or trailer line starts with token character c. */
static int line_start(reader_t *p, uint8_t c)
{
    if (++p->header_count > CONFIG_AMSOP_HEADER_COUNT_MAX) {
        fail(p, AMSOP_ERR_HTTP_TOO_MANY_HEADERS);
        return 0;
    }
    if (p->state == S_TRAILER_START) {
        p->state = S_TRAILER_LINE;
        return 1;
    }
    p->state = S_HEADER_NAME;
    p->flags &= (uint8_t) ~(F_SCRATCH_OVF | F_VALUE_TRUNC);
    p->alive = (uint16_t)(framing_by_first[c & 31u] | p->by_first[c & 31u]);
    return 1;
}

/* The run of d[0..n) that the current state, and the states it moves into
 * without a line ending, take: the status line up to its end, a header's
 * first byte and name, blanks and value text, chunk-size digits, extension
 * and trailer text. It stops before the byte that ends the line or the run
 * (CR, LF, ':', a control byte), or at an error (p->err set), and returns
 * the bytes taken. line_len does not count them yet. */
static size_t run(reader_t *p, const uint8_t *d, size_t n)
{
    size_t k = 0;
    uint32_t pos = p->line_len;
    unsigned high; /* text_run's: only value_put reads it */

    switch (p->state) {
    case S_STATUS:
        /* "HTTP/1.x NNN " byte by byte, then the reason phrase as text. */
        for (; k < n && pos + k < 13u && d[k] != '\r' && d[k] != '\n'; k++)
            if (status_byte(p, pos + (uint32_t)k, d[k]) != AMSOP_OK)
                return k;
        if (pos + k >= 13u)
            k += text_run(d + k, n - k, &high);
        return k;
    case S_HEADER_START:
    case S_TRAILER_START:
        if (n == 0 || !is_tchar(d[0]) || !line_start(p, d[0]))
            return 0;
        k = 1;
        if (p->state == S_TRAILER_LINE)
            return k + text_run(d + k, n - k, &high);
        /* fall through */
    case S_HEADER_NAME: /* the name */
    {
        size_t e = k + name_run(d + k, n - k);
        if (p->alive != 0) /* the name's bytes in this run, from d[0] */
            name_span(p, pos, d, e, e < n && d[e] == ':');
        k = e;
    }
        if (k == n || d[k] != ':')
            return k;
        classify_name(p);
        p->scratch_len = 0;
        p->value_len = 0;
        p->value_end = 0;
        p->state = S_VALUE_LWS;
        k++;
        /* fall through */
    case S_VALUE_LWS:
        /* A value nobody keeps has its leading blanks read as text like
         * the rest (the two value states end a line the same way). */
        if (p->capture != CAP_NONE) {
            while (k < n && is_blank(d[k]))
                k++;
            if (k == n || is_ctl(d[k]))
                return k;
        }
        p->state = S_VALUE;
        /* fall through */
    case S_VALUE: { /* from the value's first byte */
        size_t m = text_run(d + k, n - k, &high);
        value_put(p, d + k, m, high);
        return k + m;
    }
    case S_CHUNK_SIZE:
        for (; k < n; k++) {
            int h = amsop__hex(d[k]);
            if (h < 0)
                return k;
            p->flags |= F_DIGIT;
            p->remaining = (p->remaining << 4) | (uint64_t)h;
            if (p->remaining > CHUNK_SIZE_LIMIT) {
                fail(p, AMSOP_ERR_HTTP_CHUNK);
                return k;
            }
        }
        return k;
    case S_CHUNK_EXT:
    case S_TRAILER_LINE:
        return text_run(d, n, &high);
    default:
        return 0;
    }
}

/* The byte c that ended a run, not CR or LF: ';' or a blank after
 * chunk-size digits; anything else breaks the rule of the state (a name's
 * ':' is taken by the run). Returns 0 on an error. */
OUT_OF_LINE static int stop_byte(reader_t *p, uint8_t c)
{
    switch (p->state) {
    case S_CHUNK_SIZE:
        if ((c == ';' || is_blank(c)) && (p->flags & F_DIGIT)) {
            p->state = S_CHUNK_EXT;
            return 1;
        }
        fail(p, AMSOP_ERR_HTTP_CHUNK);
        return 0;
    case S_CHUNK_EXT:      /* a control byte */
    case S_CHUNK_DATA_END: /* data longer than the chunk size */
        fail(p, AMSOP_ERR_HTTP_CHUNK);
        return 0;
    case S_STATUS:
        fail(p, AMSOP_ERR_HTTP_STATUS_LINE);
        return 0;
    case S_VALUE_LWS:
    case S_VALUE:
        /* RFC 9110 5.5: a recipient may keep a control byte other than
         * NUL, CR and LF "within a safe context"; a caller's capture is
         * one (the caller judges the value, shown escaped), so there it is
         * kept as it is. Elsewhere it fails the line, as below. */
        if (c != 0 && p->capture >= CAP_FIELD_FIRST) {
            p->state = S_VALUE;
            value_put(p, &c, 1, 0);
            return 1;
        }
        break;
    default:
        break;
    }
    /* a line starting with a non-token byte (incl. obsolete line folding),
     * a name without ':', a control byte in a value or a trailer */
    fail(p, AMSOP_ERR_HTTP_HEADER);
    return 0;
}

/* The line-oriented states over d[0..n): runs, the bytes that end them,
 * line ends, until the bytes run out, a body starts or an error. Returns
 * the bytes taken; on an error, those before the byte that failed. */
OUT_OF_LINE static size_t lines(reader_t *p, const uint8_t *d, size_t n)
{
    size_t i = 0;

    while (i < n && p->state < S_BODY_LENGTH) {
        size_t room;
        size_t k;
        uint8_t c;

        if (p->after_cr) {
            p->after_cr = 0;
            if (d[i] != '\n') {
                fail(p, line_error(p));
                return i;
            }
            if (line_end(p) != AMSOP_OK)
                return i;
            i++;
            continue;
        }
        room = CONFIG_AMSOP_HEADER_LINE_MAX - p->line_len;
        k = run(p, d + i, n - i < room ? n - i : room);
        p->line_len += (uint32_t)k;
        i += k;
        if (p->err != AMSOP_OK || i == n)
            return i;
        if (k == room) {
            fail(p, p->state == S_STATUS ? AMSOP_ERR_HTTP_STATUS_LINE
                                         : AMSOP_ERR_HTTP_HEADER_TOO_LONG);
            return i;
        }
        c = d[i];
        p->line_len++;
        if (c == '\r') {
            if (i + 1u < n && d[i + 1u] == '\n') { /* the LF at hand: the line ends now */
                if (line_end(p) != AMSOP_OK)
                    return i + 1u;
                i += 2u;
            } else {
                p->after_cr = 1;
                i++;
            }
        } else if (c == '\n') {
            if (line_end(p) != AMSOP_OK)
                return i;
            i++;
        } else {
            if (!stop_byte(p, c))
                return i;
            i++;
        }
    }
    return i;
}

/* Body bytes: to the sink, or copied into the buffer (bounds were checked
 * against body_cap when the length became known). */
static size_t body_take(reader_t *p, const uint8_t *data, size_t n)
{
    if (p->sink != NULL)
        p->sink(p->sink_ctx, data, n);
    else
        memcpy(p->body + p->body_len, data, n);
    p->body_len += n;
    return n;
}

/* The feed loop: line states (lines()) and body states in turn until the
 * bytes run out, the reply ends or an error. Returns the bytes taken. */
OUT_OF_LINE static size_t feed_loop(reader_t *p, const uint8_t *data, size_t len)
{
    size_t i = 0;

    while (i < len) {
        uint8_t st = p->state;
        if (st < S_BODY_LENGTH) {
            i += lines(p, data + i, len - i);
            if (p->err != AMSOP_OK)
                break;
        } else if (st == S_BODY_CLOSE) {
            if (p->sink == NULL && len - i > p->body_cap - p->body_len) {
                fail(p, AMSOP_ERR_BODY_TOO_LARGE);
                break;
            }
            i += body_take(p, data + i, len - i);
        } else if (st != S_DONE) { /* S_BODY_LENGTH, S_CHUNK_DATA */
            size_t n = len - i;
            if (n > p->remaining)
                n = (size_t)p->remaining;
            i += body_take(p, data + i, n);
            p->remaining -= n;
            if (p->remaining == 0) {
                p->state = st == S_CHUNK_DATA ? S_CHUNK_DATA_END : S_DONE;
                p->line_len = 0;
            }
        } else {
            break;
        }
    }
    return i;
}

amsop_err_t amsop_http_feed(amsop_http_parser_t *hp, const uint8_t *data, size_t len,
                            size_t *consumed)
{
    reader_t *p = &hp->_internal;
    size_t i = 0;

    /* One exit: the bytes taken and the (sticky) error, whatever stopped
     * the loop. A piece inside the header lines (the common small piece)
     * is one call of lines(); the loop takes whatever it leaves. */
    if (p->err == AMSOP_OK) {
        if (p->state < S_BODY_LENGTH)
            i = lines(p, data, len);
        if (i < len && p->err == AMSOP_OK)
            i += feed_loop(p, data + i, len - i);
    }
    if (consumed)
        *consumed = i;
    return p->err;
}

amsop_err_t amsop_http_eof(amsop_http_parser_t *hp)
{
    reader_t *p = &hp->_internal;

    if (p->err != AMSOP_OK)
        return p->err;
    if (p->state == S_DONE)
        return AMSOP_OK;
    if (p->state == S_BODY_CLOSE) {
        p->state = S_DONE;
        return AMSOP_OK;
    }
    return fail(p, AMSOP_ERR_HTTP_TRUNCATED);
}

int amsop_http_done(const amsop_http_parser_t *hp)
{
    return hp->_internal.state == S_DONE;
}

int amsop_http_keep_alive(const amsop_http_parser_t *hp)
{
    const reader_t *p = &hp->_internal;

    if (p->state != S_DONE || (p->flags & F_CLOSE))
        return 0;
    if (p->version_minor == 0)
        return (p->flags & F_KEEP_ALIVE) != 0;
    return 1;
}
