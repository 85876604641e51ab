/* SPDX-License-Identifier: MIT */
/* amsop: AsyncOperationResult / ErrorResponse extraction with jsmn. */
#ifndef AMSOP_JSON_H
#define AMSOP_JSON_H

#include <stddef.h>

/* No jsmn here: the tokenizer is compiled, static, into
 * core/src/json_extract.c alone, so an application may use its own jsmn
 * (any JSMN_* options) without a clash or a different struct size. */
#include <stdint.h>

#include "amsop_config.h"
#include "amsop_err.h"
#include "amsop_result.h"

/* Room for one token of the core's JSON tokenizer: arrays of these are the
 * token storage amsop_json_extract and amsop_aad_parse_reply work in (one
 * jsmn token each; json_extract.c checks the size). Not for callers to
 * read. */
typedef struct amsop_json_token {
    int _internal[4];
} amsop_json_token_t;

/* Working state of the client's streaming JSON pass (core/src/json_stream.h
 * describes it); here only so amsop_client_t can hold it. Not for callers. */
/* The kept document's bound: each kept string at most twice its field (\"
 * and \\ take two bytes for one) plus a character, quotes and its key, and
 * the structure around them. */
#define AMSOP__JSON_STR_ROOM(cap) (2u * (cap) + 24u)
#define AMSOP__JSON_DOC_MAX                                                                        \
    (AMSOP__JSON_STR_ROOM(CONFIG_AMSOP_NAME_MAX) +                                                 \
     AMSOP__JSON_STR_ROOM(CONFIG_AMSOP_STATUS_TEXT_MAX) +                                          \
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
    uint16_t depth; /* nesting depth of this container */
    uint8_t node;   /* its schema node */
    uint8_t member; /* schema node of the member being read, or none */
    uint32_t count; /* array: elements so far */
} amsop__jframe_t;

typedef struct amsop__jstream {
    char *out; /* NULL: check only */
    uint32_t cap;
    uint32_t len;
    uint32_t fed; /* body bytes seen */
    uint32_t details_count;
    uint32_t info_count;
    uint32_t str_est;                     /* decoded bytes of the kept string so far */
    uint32_t str_cap;                     /* its field's size */
    uint32_t uval;                        /* \uXXXX being read; a high surrogate waiting */
    uint32_t skip_from;                   /* depth where a dropped container began; 0: none */
    uint16_t hi;                          /* the high surrogate waiting for its low half */
    uint16_t node_off[AMSOP__JSON_NODES]; /* kept member's start, 0xFFFF none */
    uint16_t node_end[AMSOP__JSON_NODES];
    uint16_t depth;
    uint8_t lex;        /* L_* */
    uint8_t want;       /* W_* */
    uint8_t sub;        /* literal index / number state / \u digits */
    uint8_t vnode;      /* schema node of the next value */
    uint8_t str_mode;   /* kept string: 1 writing, 2 cut; 0 not kept */
    uint8_t pending_hi; /* a high surrogate's emission is pending */
    uint8_t hi_emit;    /* ... and whether it was within the cut */
    uint8_t nframes;
    uint8_t klen; /* key bytes in kbuf; 0xFF: too long */
    uint8_t is_key;
    uint8_t lit;        /* which literal */
    uint8_t root_obj;   /* the body is an object (not an array or a scalar) */
    uint8_t schema_err; /* a value the extraction reads had the wrong type */
    amsop_err_t err;
    char kbuf[16];
    amsop__jframe_t frames[AMSOP__JSON_FRAMES];
    uint8_t stack[(CONFIG_AMSOP_JSON_DEPTH_MAX + 7) / 8]; /* 1: object */
} amsop__jstream_t;

#ifdef __cplusplus
extern "C" {
#endif

/* Tokenizes body[0..len) into tokens[0..ntokens) and fills name, status,
 * status_text, error.{code,message,target}, the first detail's code and
 * message, and the details / additionalInfo counts of *r (other fields of *r
 * are left alone). Strings are unescaped to UTF-8 (\uXXXX and surrogate
 * pairs included; \u0000, lone surrogates and invalid UTF-8 become U+FFFD),
 * cut at a character boundary when too long (flagged in r->truncated);
 * null leaves a field empty and absent; unknown keys are ignored; for a
 * duplicate key the last one wins. AMSOP_OK; AMSOP_ERR_INVALID_ARG (NULL
 * or no tokens); AMSOP_ERR_JSON (not JSON); AMSOP_ERR_JSON_TOO_MANY_TOKENS
 * (more tokens than given, or nesting past CONFIG_AMSOP_JSON_DEPTH_MAX);
 * AMSOP_ERR_JSON_SCHEMA (JSON, but not an object of this shape). On an
 * error every field it owns is empty. Reentrant (state in the arguments).
 * The client does not use this: it streams bodies of any size. */
amsop_err_t amsop_json_extract(const char *body, size_t len, amsop_json_token_t *tokens,
                               unsigned ntokens, amsop_result_t *r);

/* Maps a status string to its enum, case-insensitively as the Azure SDKs do
 * ("succeeded", "FAILED"), with "Cancelled" read as Canceled; any other text
 * is AMSOP_STATUS_UNKNOWN (the caller keeps the raw text in status_text). */
amsop_status_t amsop_status_from_text(const char *text, size_t len);

#ifdef __cplusplus
}
#endif

#endif
