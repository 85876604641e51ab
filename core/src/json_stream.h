/* SPDX-License-Identifier: MIT */
/* Private to core/: the streaming JSON pass in front of jsmn.
 *
 * One pass over the body, fed in any pieces, that is the core's only JSON
 * syntax check (RFC 8259, strict) and the only reader of the strings a
 * schema keeps (the ARM AsyncOperationResult / ErrorResponse into
 * amsop_result_t; a LiveEvent resource into amsop_live_event_info_t,
 * live_event.c):
 *   - each string the schema reads (for ARM: name, status, error.code/
 *     message/target, error.details[0].code/message, the root startTime/
 *     endTime) is decoded once, straight into its field: escapes
 *     and surrogate pairs to UTF-8, \u0000, lone surrogates and invalid
 *     UTF-8 to U+FFFD, cut at a character boundary with its truncated bit
 *     set, NUL terminated; the bytes past the field's room are checked,
 *     not copied;
 *   - a number the schema reads (the root percentComplete) is copied as its
 *     bytes through the same copy and cut (flagged truncated when it does
 *     not fit);
 *   - keys are compared once decoded ("st\u0061tus" is status);
 *   - a later duplicate replaces the earlier value (a later "error" or
 *     "details" the earlier whole), so the last one wins;
 *   - the elements of a counted array (error.details, error.additionalInfo;
 *     a live event's endpoints, streamOptions) are counted exactly;
 *   - what the body held is left as a skeleton of at most
 *     AMSOP__JSON_SKEL_MAX bytes for jsmn and the extraction's walk: one
 *     string, a digit for each field whose last value had its type (its
 *     field number: "014"; null is absent; one token, not one per field,
 *     so jsmn reads 5 bytes, not 13), or [] when the body is not an object
 *     or a member the schema reads had the wrong type.
 * Without a schema the pass only checks the syntax. */
#ifndef AMSOP_JSON_STREAM_H
#define AMSOP_JSON_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include "amsop_json.h"
#include "field.h"

/* What a pass keeps: a table of nodes in pre-order (a node's descendants
 * follow it, deeper), so one walk over the table resets a subtree. Node 0
 * is the root object. A key is compared with its container's children
 * only: the first is node + 1, the others follow `next`. An array with
 * AMSOP__JS_ELEMS keeps its elements 0, 1, ... as the nodes node + 1 and
 * then each one's `next` (elements past the chain are only counted, when
 * the array is counted); an element of another type than its node is
 * skipped, a member of another type refuses the body (AMSOP_ERR_JSON_SCHEMA).
 * At most 10 fields (one skeleton digit each, 16-bit masks). */
enum amsop__js_kind { AMSOP__JS_OBJ = 1, AMSOP__JS_ARR, AMSOP__JS_STR, AMSOP__JS_NUM };
#define AMSOP__JS_ELEMS  0x01u /* an array whose elements have nodes */
#define AMSOP__JS_COUNT0 0x02u /* an array whose length goes to counts[0] */
#define AMSOP__JS_COUNT1 0x04u /* ... to counts[1] */
#define AMSOP__JS_RESET0 0x08u /* a new value of this node resets counts[0] */
#define AMSOP__JS_RESET1 0x10u /* ... counts[1] */

typedef struct amsop__jnode {
    const char *key;
    uint16_t cap;  /* strings, numbers: the field's size */
    uint16_t strs; /* the fields of its subtree (1 << field): forgotten at once */
    uint8_t kind;  /* amsop__js_kind */
    uint8_t field; /* strings, numbers: which field */
    uint8_t klen;  /* strlen(key); 0 for the root and array elements */
    uint8_t next;  /* the next keyed sibling or element, 0 for none */
    uint8_t flags; /* AMSOP__JS_* */
} amsop__jnode_t;

typedef struct amsop__jschema {
    const amsop__jnode_t *nodes;
    const uint16_t *field_off; /* where each field is in the base struct */
    uint16_t truncated_off;    /* where its uint32_t truncated bits are */
    uint16_t present_off;      /* ... and its uint32_t present bits */
    uint16_t base_size;        /* sizeof the base struct */
    uint8_t nfields;
} amsop__jschema_t;

/* The LiveEvent schema (live_event.c), over amsop_live_event_info_t: for
 * the tests and the fuzz target, which drive the pass with it directly. */
const amsop__jschema_t *amsop__live_event_schema(void);

/* Starts a body whose kept fields go into base (a struct schema
 * describes, its fields empty already: the reply's one clear); with a NULL
 * schema the pass only checks the syntax. */
void amsop__js_begin_schema(amsop__jstream_t *s, const amsop__jschema_t *schema, void *base);
/* Starts an ARM body: r's AsyncOperationResult / ErrorResponse fields
 * (amsop_result_clear already), or NULL to check the syntax only. */
void amsop__js_begin(amsop__jstream_t *s, amsop_result_t *r);
/* Takes the next piece of the body. Errors stick (see amsop__js_end). */
void amsop__js_feed(amsop__jstream_t *s, const uint8_t *d, size_t n);
/* The body ended: AMSOP_OK for one complete JSON value (the skeleton is
 * then in s->skel[0..skel_len)), AMSOP_ERR_JSON, or
 * AMSOP_ERR_JSON_TOO_MANY_TOKENS when it nests deeper than
 * CONFIG_AMSOP_JSON_DEPTH_MAX. */
amsop_err_t amsop__js_end(amsop__jstream_t *s);

/* Unescapes the inside of one JSON string s[0..n) (checked already) into
 * a field: the pass's own decoding (\uXXXX and surrogate pairs to UTF-8;
 * \u0000, lone surrogates and invalid UTF-8 to U+FFFD; cut at a character
 * boundary, w->truncated then set). */
void amsop__json_unescape(amsop__fw_t *w, const char *s, size_t n);

#endif
