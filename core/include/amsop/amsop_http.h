/* SPDX-License-Identifier: MIT */
/* amsop: incremental HTTP/1.1 response parser.
 *
 * Fed any split of the reply bytes (one at a time included). Keeps no copy of
 * the header block: the headers amsop needs are streamed straight into the
 * result's fixed fields, the body into a caller buffer. Every limit is a
 * Kconfig value; every malformed input ends in one error code. */
#ifndef AMSOP_HTTP_H
#define AMSOP_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "amsop_err.h"
#include "amsop_result.h"

/* Longest header name we compare; longer names cannot be ones we use. */
#define AMSOP_HTTP_NAME_SCRATCH 32
/* Scratch for values we interpret (Content-Length, Transfer-Encoding, ...). */
#define AMSOP_HTTP_VALUE_SCRATCH 48

/* Where a streamed body goes: every body byte, in order, in pieces of any
 * size (chunk framing removed). */
typedef void (*amsop_http_sink_t)(void *ctx, const uint8_t *data, size_t len);

typedef struct amsop_http_parser {
    amsop_result_t *result;
    amsop_http_sink_t sink; /* non-NULL: body bytes go here, of any length */
    void *sink_ctx;
    uint8_t *body;
    size_t body_cap;
    size_t body_len;
    uint64_t content_length; /* declared length, when has_length */
    uint64_t remaining;      /* body or chunk bytes still to come */
    uint32_t line_len;       /* bytes in the current line so far */
    uint32_t header_count;   /* header and trailer lines so far */
    uint32_t value_len;      /* bytes written to the captured field */
    uint32_t value_end;      /* value_len after the last non-blank byte */
    uint8_t state;
    uint8_t after_cr; /* the previous byte was CR: LF must follow */
    uint8_t capture;  /* which header the current value belongs to */
    uint8_t name_len;
    uint8_t scratch_len;
    uint8_t version_minor; /* HTTP/1.x */
    uint8_t flags;         /* AMSOP_HTTP_F_* */
    uint8_t done;
    amsop_err_t err; /* sticky */
    char name[AMSOP_HTTP_NAME_SCRATCH];
    char scratch[AMSOP_HTTP_VALUE_SCRATCH];
} amsop_http_parser_t;

#ifdef __cplusplus
extern "C" {
#endif

/* Starts a reply. Header fields go to *result (cleared here); body bytes to
 * body[0..body_cap). */
void amsop_http_begin(amsop_http_parser_t *p, amsop_result_t *result, uint8_t *body,
                      size_t body_cap);

/* Starts a reply whose body, of any length, is handed to sink(ctx, ...) as
 * it arrives instead of being kept (AMSOP_ERR_BODY_TOO_LARGE never
 * happens); body_len counts its bytes. */
void amsop_http_begin_sink(amsop_http_parser_t *p, amsop_result_t *result, amsop_http_sink_t sink,
                           void *ctx);

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

#ifdef __cplusplus
}
#endif

#endif
