/* SPDX-License-Identifier: MIT */
/* Private to core/: the streaming JSON pass in front of jsmn.
 *
 * One pass over the body, fed in any pieces, that is the core's only JSON
 * syntax check (RFC 8259, strict) and, for an ARM reply, writes a small
 * document holding only what the extraction reads:
 *   - members of the root, of "error" and of error.details[0] whose keys the
 *     extraction knows, in their order (duplicates: the earlier copy is
 *     dropped, so the last one wins as before); every other member and
 *     every details element after the first is checked and dropped;
 *   - each kept string with escapes already decoded to UTF-8 (only \" and
 *     \\ stay escaped), cut at a character boundary once it holds as many
 *     bytes as its field can take plus one, so the extraction still sees it
 *     does not fit and flags it;
 *   - a kept value of the wrong type as 0 (the extraction refuses it as
 *     before), null as null;
 *   - error.details and error.additionalInfo element counts are counted
 *     here, exactly, whatever their length.
 * The document never outgrows AMSOP__JSON_DOC_MAX, whatever the body's
 * size. Without an output buffer the pass only checks the syntax. */
#ifndef AMSOP_JSON_STREAM_H
#define AMSOP_JSON_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include "amsop_config.h"
#include "amsop_err.h"

/* The kept document's bound: each kept string at most twice its field (\"
 * and \\ take two bytes for one) plus a character, quotes and its key, and
 * the structure around them. */
#define AMSOP__JSON_STR_ROOM(cap) (2u * (cap) + 24u)
#define AMSOP__JSON_DOC_MAX                                                                        \
    (AMSOP__JSON_STR_ROOM(CONFIG_AMSOP_NAME_MAX) + AMSOP__JSON_STR_ROOM(CONFIG_AMSOP_STATUS_TEXT_MAX) + \
     AMSOP__JSON_STR_ROOM(CONFIG_AMSOP_ERROR_CODE_MAX) +                                           \
     AMSOP__JSON_STR_ROOM(CONFIG_AMSOP_ERROR_MESSAGE_MAX) +                                        \
     AMSOP__JSON_STR_ROOM(CONFIG_AMSOP_ERROR_TARGET_MAX) +                                         \
     AMSOP__JSON_STR_ROOM(CONFIG_AMSOP_DETAIL_CODE_MAX) +                                          \
     AMSOP__JSON_STR_ROOM(CONFIG_AMSOP_DETAIL_MESSAGE_MAX) + 96u)
/* jsmn tokens the kept document can need (22), with room. */
#define AMSOP__JSON_DOC_TOKENS 24u
/* Schema nodes (json_stream.c). */
#define AMSOP__JSON_NODES 12u
/* Kept containers open at once: root, error, details, details[0]. */
#define AMSOP__JSON_FRAMES 4u

typedef struct amsop__jframe {
    uint16_t depth;  /* nesting depth of this container */
    uint8_t node;    /* its schema node */
    uint8_t member;  /* schema node of the member being read, or none */
    uint32_t count;  /* array: elements so far */
} amsop__jframe_t;

typedef struct amsop__jstream {
    char *out; /* NULL: check only */
    uint32_t cap;
    uint32_t len;
    uint32_t fed;      /* body bytes seen */
    uint32_t details_count;
    uint32_t info_count;
    uint32_t str_est;  /* decoded bytes of the kept string so far */
    uint32_t str_cap;  /* its field's size */
    uint32_t uval;     /* \uXXXX being read; a high surrogate waiting */
    uint32_t skip_from; /* depth where a dropped container began; 0: none */
    uint16_t hi;        /* the high surrogate waiting for its low half */
    uint16_t node_off[AMSOP__JSON_NODES]; /* kept member's start, 0xFFFF none */
    uint16_t node_end[AMSOP__JSON_NODES];
    uint16_t depth;
    uint8_t lex;       /* L_* */
    uint8_t want;      /* W_* */
    uint8_t sub;       /* literal index / number state / \u digits */
    uint8_t vnode;     /* schema node of the next value */
    uint8_t str_mode;  /* kept string: 1 writing, 2 cut; 0 not kept */
    uint8_t pending_hi; /* a high surrogate's emission is pending */
    uint8_t hi_emit;   /* ... and whether it was within the cut */
    uint8_t nframes;
    uint8_t klen;      /* key bytes in kbuf; 0xFF: too long */
    uint8_t is_key;
    uint8_t lit;       /* which literal */
    amsop_err_t err;
    char kbuf[16];
    amsop__jframe_t frames[AMSOP__JSON_FRAMES];
    uint8_t stack[(CONFIG_AMSOP_JSON_DEPTH_MAX + 7) / 8]; /* 1: object */
} amsop__jstream_t;

/* Starts a body. out: where the kept document goes (cap >= 
 * AMSOP__JSON_DOC_MAX), or NULL to check the syntax only. */
void amsop__js_begin(amsop__jstream_t *s, char *out, size_t cap);
/* Takes the next piece of the body. Errors stick (see amsop__js_end). */
void amsop__js_feed(amsop__jstream_t *s, const uint8_t *d, size_t n);
/* The body ended: AMSOP_OK for one complete JSON value, AMSOP_ERR_JSON, or
 * AMSOP_ERR_JSON_TOO_MANY_TOKENS when it nests deeper than
 * CONFIG_AMSOP_JSON_DEPTH_MAX. */
amsop_err_t amsop__js_end(amsop__jstream_t *s);

#endif
