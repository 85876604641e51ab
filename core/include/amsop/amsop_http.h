/* SPDX-License-Identifier: MIT */
/* amsop: a generic streaming HTTP/1.1 response reader.
 *
 * Fed any split of the reply bytes (one at a time included), it reads the
 * status line, the framing (Content-Length, chunked, read-until-close,
 * Connection, Content-Encoding), Retry-After (RFC 9110 delay-seconds), and
 * the headers its caller registers (amsop_http_capture_t): each value is
 * written straight into the caller's buffer, so no header line is ever
 * buffered. The body goes into a caller buffer or, of any length, to a
 * caller sink. Nothing here knows Azure Resource Manager. Every limit is a
 * Kconfig value; every malformed input ends in one error code (sticky).
 *
 * Codes from amsop_http_feed / amsop_http_eof: AMSOP_ERR_HTTP_STATUS_LINE,
 * _HEADER, _HEADER_TOO_LONG, _TOO_MANY_HEADERS, _FRAMING, _CHUNK,
 * _ENCODING (a reply the peer sent wrong: drop the connection; retrying on
 * a new one may help), AMSOP_ERR_BODY_TOO_LARGE (buffered body only: the
 * body does not fit the buffer), AMSOP_ERR_HTTP_TRUNCATED (amsop_http_eof:
 * the connection ended inside the reply). Not reentrant per parser; any
 * number of parsers may run at once. A parser of the caller's own may be
 * used from on_change; the client's own (amsop_client_t) may not. */
#ifndef AMSOP_HTTP_H
#define AMSOP_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "amsop_err.h"

/* Captures read per reply; further ones are not read. */
#define AMSOP_HTTP_CAPTURES_MAX 11u
/* Scratch for the values the reader interprets (Content-Length, ...). */
#define AMSOP_HTTP_VALUE_SCRATCH 48

/* A header the caller keeps: its value goes to (char *)base + offset, at
 * most cap - 1 bytes and a NUL, blanks around it trimmed, bytes above 0x7F
 * as '?', control bytes other than NUL, CR and LF kept as they are (RFC 9110
 * 5.5 lets a recipient keep them in a safe context: the caller validates
 * and escapes the value; in any other header they fail the reply). While a value is being read its
 * bit is clear in *whole; once its line ended the bit is set, and set in *cut too if the value did
 * not fit. A repeated header replaces the earlier value. At most AMSOP_HTTP_CAPTURES_MAX captures
 * are read. Names are token characters of any length, written with lower-case letters: letters
 * compare without case, every other byte exactly (RFC 9110). */
typedef struct amsop_http_capture {
    const char *name; /* lower case */
    uint8_t len;      /* strlen(name) */
    uint16_t offset;
    uint16_t cap;
    uint32_t bit;
} amsop_http_capture_t;

/* Where one reply's header results go (all pointers the caller's). */
typedef struct amsop_http_fields {
    const amsop_http_capture_t *caps; /* may be NULL with ncaps 0 */
    unsigned ncaps;
    void *base;
    uint32_t *whole;        /* bits of captures read whole */
    uint32_t *cut;          /* bits of captures cut to fit */
    int *status;            /* status code; 0 until a status line is read whole */
    int32_t *retry_after_s; /* Retry-After in seconds, -1 when none usable */
} amsop_http_fields_t;

/* Where a streamed body goes: every body byte, in order, in pieces of any
 * size (chunk framing removed). */
typedef void (*amsop_http_sink_t)(void *ctx, const uint8_t *data, size_t len);

/* The reader's working state: read and written only by the calls below
 * (a caller reads it through amsop_http_body_len / amsop_http_status). */
typedef struct amsop_http_parser_internal {
    amsop_http_fields_t out;
    amsop_http_sink_t sink; /* non-NULL: body bytes go here, of any length */
    void *sink_ctx;
    uint8_t *body;
    size_t body_cap;
    size_t body_len;         /* body bytes so far (kept or handed to the sink) */
    uint64_t content_length; /* declared length, when has_length */
    uint64_t remaining;      /* body or chunk bytes still to come */
    uint32_t line_len;       /* bytes in the current line so far */
    uint32_t header_count;   /* header and trailer lines so far */
    uint32_t value_len;      /* bytes written to the captured field */
    uint32_t value_end;      /* value_len after the last non-blank byte */
    uint8_t state;
    uint8_t after_cr; /* the previous byte was CR: LF must follow */
    uint8_t capture;  /* which header the current value belongs to */
    uint8_t ncaps;    /* captures read (at most AMSOP_HTTP_CAPTURES_MAX) */
    uint8_t scratch_len;
    uint8_t version_minor; /* HTTP/1.x */
    uint8_t flags;         /* AMSOP_HTTP_F_* */
    amsop_err_t err;       /* sticky */
    uint16_t alive;        /* wanted names the header name so far is a prefix of */
    uint16_t by_len[32];   /* captures' bits (1 << (5 + index)) by (length & 31) */
    uint16_t by_first[32]; /* and by (first byte & 31) */
    char scratch[AMSOP_HTTP_VALUE_SCRATCH];
} amsop_http_parser_internal_t;

/* One reply being read. Nothing in it is for the caller (the azure-sdk
 * habit: working state in _internal); it is a plain struct so that it
 * lives where the caller puts it, with no allocation. */
typedef struct amsop_http_parser {
    amsop_http_parser_internal_t _internal;
} amsop_http_parser_t;

#ifdef __cplusplus
extern "C" {
#endif

/* Starts a reply: header results to *out (copied; its buffers emptied
 * here), body bytes to body[0..body_cap) (AMSOP_ERR_BODY_TOO_LARGE past it),
 * or, with a sink, to sink(ctx, ...) whatever their length. */
void amsop_http_start(amsop_http_parser_t *p, const amsop_http_fields_t *out, uint8_t *body,
                      size_t body_cap, amsop_http_sink_t sink, void *ctx);

/* Empties the fields *f describes, as amsop_http_start does: each capture's
 * buffer "" and its bit cleared in *whole and *cut (the other bits of those
 * words kept), *status 0, *retry_after_s -1. Reentrant. */
void amsop_http_fields_clear(const amsop_http_fields_t *f);

/* Consumes bytes. *consumed tells how many were part of this reply: fewer
 * than len only once the reply is complete. Returns the first error seen
 * (sticky) or AMSOP_OK. */
amsop_err_t amsop_http_feed(amsop_http_parser_t *p, const uint8_t *data, size_t len,
                            size_t *consumed);

/* The peer closed the connection: completes a reply whose body runs to the
 * close, else AMSOP_ERR_HTTP_TRUNCATED if the reply was not complete. */
amsop_err_t amsop_http_eof(amsop_http_parser_t *p);

/* Non-zero once the whole reply has been read. */
int amsop_http_done(const amsop_http_parser_t *p);

/* Non-zero when the connection may carry another request after this reply. */
int amsop_http_keep_alive(const amsop_http_parser_t *p);

/* Body bytes so far: kept in the buffer, or handed to the sink. */
static inline size_t amsop_http_body_len(const amsop_http_parser_t *p)
{
    return p->_internal.body_len;
}

/* The caller's *status field: 0 before the status line, its digits so far
 * while it is read, then the code (an interim 1xx's until that reply's
 * headers end, then the real reply's). */
static inline int amsop_http_status(const amsop_http_parser_t *p)
{
    return *p->_internal.out.status;
}

/* The sink for the body bytes that follow, for a reader started with one
 * (may be called from the sink itself, e.g. to pick a decoder at the first
 * body byte). A NULL sink is ignored: a streamed body has no buffer to
 * fall back to. */
static inline void amsop_http_set_sink(amsop_http_parser_t *p, amsop_http_sink_t sink, void *ctx)
{
    if (sink == NULL)
        return;
    p->_internal.sink = sink;
    p->_internal.sink_ctx = ctx;
}

#ifdef __cplusplus
}
#endif

#endif
