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
/* The skeleton handed to jsmn (json_stream.h): at most the 10 fields,
 * "0123456789". */
#define AMSOP__JSON_SKEL_MAX 16u
/* jsmn tokens the skeleton can need: its string (or the [] of a refusal). */
#define AMSOP__JSON_DOC_TOKENS 1u
/* Kept containers open at once: root, properties, input, endpoints,
 * endpoints[i] (a live event); root, error, details, details[0] (ARM). */
#define AMSOP__JSON_FRAMES 5u
/* Longest key a schema has ("streamingProtocol"), plus one, plus the NUL. */
#define AMSOP__JSON_KEY_ROOM 19u
/* Arrays a schema counts the elements of (error.details and
 * error.additionalInfo; a live event's endpoints and streamOptions). */
#define AMSOP__JSON_COUNTS 2u

struct amsop__jschema;

typedef struct amsop__jframe {
    uint16_t depth; /* nesting depth of this container */
    uint8_t node;   /* its schema node */
    uint8_t elem;   /* array: the next element's node, 0xFF past the chain */
    uint32_t count; /* array: elements so far */
} amsop__jframe_t;

/* One JSON string being decoded (escapes, surrogate pairs, UTF-8 checked)
 * into a field, cut at a character boundary; also used alone by
 * amsop__json_unescape. */
typedef struct amsop__jstr {
    char *dst;     /* where it decodes; NULL: checked and skipped */
    uint32_t len;  /* bytes written to dst */
    uint32_t cap;  /* dst's size, NUL included */
    uint32_t u8cp; /* the UTF-8 sequence being read */
    /* uval to u8have side by side: a string opens them with one store; hi,
     * mode and u8need are read as one word (json_stream.c, plain_now). */
    uint16_t uval;  /* the \uXXXX being read */
    uint16_t hi;    /* a high surrogate waiting for its low half; 0: none */
    uint8_t mode;   /* plain, after a backslash, in \uXXXX */
    uint8_t u8need; /* continuation bytes still expected */
    uint8_t cut;    /* a character did not fit: the rest is skipped */
    uint8_t digits;
    uint8_t u8have; /* continuation bytes read */
} amsop__jstr_t;

typedef struct amsop__jstream {
    amsop__jstr_t str;
    uint32_t counts[AMSOP__JSON_COUNTS]; /* the counted arrays' lengths */
    uint16_t depth;
    uint8_t lex;    /* L_* */
    uint8_t want;   /* W_* */
    uint8_t sub;    /* literal byte index / number state */
    uint8_t lit;    /* which literal */
    uint8_t vnode;  /* schema node of the value (or string) being read */
    uint8_t is_key; /* the string being read is a key */
    uint8_t nframes;
    uint8_t root_obj;   /* the body is an object (not an array or a scalar) */
    uint8_t schema_err; /* a value the extraction reads had the wrong type */
    uint8_t skel_len;
    uint8_t obj;      /* the innermost open container is an object */
    uint16_t strings; /* AMSOP_FIELD_BIT of the kept fields whose last value had their type */
    uint8_t top;      /* schema node of the innermost open container when kept, else 0xFF */
    amsop_err_t err;
    /* Above: cleared when a body begins; below: written before read. */
    const struct amsop__jschema *schema; /* what is kept, NULL: check only */
    void *base;                          /* where the schema's fields are */
    uint32_t *truncated;                 /* the fields' truncated bits */
    char kbuf[AMSOP__JSON_KEY_ROOM];
    char skel[AMSOP__JSON_SKEL_MAX];
    amsop__jframe_t frames[AMSOP__JSON_FRAMES];
    uint8_t stack[(CONFIG_AMSOP_JSON_DEPTH_MAX + 7) / 8]; /* 1: object */
} amsop__jstream_t;

#ifdef __cplusplus
extern "C" {
#endif

/* Tokenizes body[0..len) into tokens[0..ntokens) and fills name, status,
 * status_text, error.{code,message,target}, the first detail's code and
 * message, the root percentComplete (a number, kept as the bytes sent),
 * startTime and endTime, and the details / additionalInfo counts of *r
 * (other fields of *r are left alone). Strings are unescaped to UTF-8 (\uXXXX and surrogate
 * pairs included; \u0000, lone surrogates and invalid UTF-8 become U+FFFD),
 * cut at a character boundary when too long (flagged in r->truncated);
 * null leaves a field empty and absent; unknown keys are ignored; for a
 * duplicate key the last one wins. AMSOP_OK; AMSOP_ERR_INVALID_ARG (NULL
 * or no tokens); AMSOP_ERR_JSON (not JSON); AMSOP_ERR_JSON_TOO_MANY_TOKENS
 * (more tokens than given, or nesting past CONFIG_AMSOP_JSON_DEPTH_MAX);
 * AMSOP_ERR_JSON_SCHEMA (JSON, but not an object of this shape). On an
 * error other than AMSOP_ERR_INVALID_ARG (*r untouched) every field it owns
 * is empty. JSON errors are the body's: show or log it, do not retry the
 * parse; _TOO_MANY_TOKENS: give more tokens (CONFIG_AMSOP_JSON_TOKENS) or
 * accept the reply as too large. Reentrant (state in the arguments),
 * callable from on_change.
 * The client does not use this: it streams bodies of any size. */
amsop_err_t amsop_json_extract(const char *body, size_t len, amsop_json_token_t *tokens,
                               unsigned ntokens, amsop_result_t *r);

/* Maps a status string to its enum, case-insensitively as the Azure SDKs do
 * ("succeeded", "FAILED"), with "Cancelled" read as Canceled; any other text
 * is AMSOP_STATUS_UNKNOWN (the caller keeps the raw text in status_text).
 * Pure: reentrant, callable from anywhere. */
amsop_status_t amsop_status_from_text(const char *text, size_t len);

#ifdef __cplusplus
}
#endif

#endif
