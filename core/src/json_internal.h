/* SPDX-License-Identifier: MIT */
/* Private to the core: its one copy of jsmn, behind a strict JSON check,
 * shared by the ARM reply extractor and the Azure AD token reply parser. */
#ifndef AMSOP_JSON_INTERNAL_H
#define AMSOP_JSON_INTERNAL_H

#include <stddef.h>

#ifndef JSMN_HEADER
#define JSMN_HEADER
#endif
#include <jsmn.h>

#include "amsop_json.h"
#include "field.h"
#include "json_stream.h"

/* Tokenizes js[0..len) (jsmn, strict) into tokens[0..ntokens) and checks it
 * is exactly one well-formed JSON value (RFC 8259: no stray or doubled
 * separators, only true/false/null and JSON numbers as literals, no raw
 * control byte in a string, nothing but whitespace after the value).
 * Returns AMSOP_OK with *count tokens (>= 1) for an object,
 * AMSOP_ERR_JSON_SCHEMA for valid JSON that is not an object, AMSOP_ERR_JSON,
 * or AMSOP_ERR_JSON_TOO_MANY_TOKENS when the value needs more tokens than
 * there are or nests deeper than CONFIG_AMSOP_JSON_DEPTH_MAX. */
amsop_err_t amsop__json_tokenize(const char *js, size_t len, jsmntok_t *tokens, unsigned ntokens,
                                 int *count);

/* Ends the ARM extraction of a streaming pass begun with r (json_stream.h)
 * once the whole body went through it: jsmn tokenizes the pass's skeleton
 * into tokens[0..ntokens) (AMSOP__JSON_DOC_TOKENS are enough) and the walk
 * sets presence, status and the counts. Returns the pass's error
 * (AMSOP_ERR_JSON, AMSOP_ERR_JSON_TOO_MANY_TOKENS), AMSOP_ERR_JSON_SCHEMA,
 * or AMSOP_OK, exactly as amsop_json_extract reads the whole body, except
 * that no body is too large. r is not cleared again, except on an error:
 * then every field the extraction owns is empty. */
amsop_err_t amsop__json_extract_kept(amsop__jstream_t *s, jsmntok_t *tokens, unsigned ntokens,
                                     amsop_result_t *r);

/* After amsop__js_end: jsmn reads the pass's skeleton into
 * tokens[0..ntokens) (AMSOP__JSON_DOC_TOKENS are enough) and each field it
 * names gets its bit in *present. Returns the pass's error, or
 * AMSOP_ERR_JSON_SCHEMA (not an object of the schema's shape), or
 * AMSOP_OK. The one end of every kept pass (ARM replies, live events). */
amsop_err_t amsop__js_kept(amsop__jstream_t *s, jsmntok_t *tokens, unsigned ntokens,
                           uint32_t *present);

/* The fields the extractor owns (name, status, error.*, details[0], the
 * counts), back to empty and absent. */
void amsop__json_clear(amsop_result_t *r);

/* Index just past the subtree that starts at token i (of n). */
int amsop__json_skip(const jsmntok_t *t, int n, int i);

/* Token k is the string key[0..n) exactly (compared raw: the Azure AD
 * reply's keys). */
int amsop__json_key_is(const char *js, const jsmntok_t *k, const char *key, size_t n);
#define AMSOP__JSON_KEY_IS(js, k, lit) amsop__json_key_is(js, k, lit, sizeof(lit) - 1u)

/* The core's view of caller token storage (sizes checked in json_extract.c). */
#define AMSOP__TOKENS(t) ((jsmntok_t *)(void *)(t))

#endif
