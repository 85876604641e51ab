/* SPDX-License-Identifier: MIT */
/* Private to core/: the streaming JSON pass in front of jsmn.
 *
 * One pass over the body, fed in any pieces, that is the core's only JSON
 * syntax check (RFC 8259, strict) and, for an ARM reply, the only reader of
 * its strings:
 *   - each string the extraction reads (name, status, error.code/message/
 *     target, error.details[0].code/message, the root startTime/endTime)
 *     is decoded once, straight into its amsop_result_t field: escapes
 *     and surrogate pairs to UTF-8, \u0000, lone surrogates and invalid
 *     UTF-8 to U+FFFD, cut at a character boundary with its truncated bit
 *     set, NUL terminated; the bytes past the field's room are checked,
 *     not copied;
 *   - the root percentComplete, a number, is copied as its bytes through
 *     the same copy and cut (flagged truncated when it does not fit);
 *   - keys are compared once decoded ("st\u0061tus" is status);
 *   - a later duplicate replaces the earlier value (a later "error" or
 *     "details" the earlier whole), so the last one wins;
 *   - error.details and error.additionalInfo elements are counted exactly;
 *   - what the body held is left as a skeleton of at most
 *     AMSOP__JSON_SKEL_MAX bytes for jsmn and the extraction's walk: one
 *     string, a digit for each field whose last value had its type (its
 *     amsop_field_t: "014"; null is absent; one token, not one per field,
 *     so jsmn reads 5 bytes, not 13), or [] when the body is not an object
 *     or a value the extraction reads had the wrong type.
 * Without a result the pass only checks the syntax. */
#ifndef AMSOP_JSON_STREAM_H
#define AMSOP_JSON_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include "amsop_json.h"
#include "field.h"

/* Starts a body. r: where the ARM fields go, its JSON fields empty
 * already (amsop_result_clear: the reply's one clear), or NULL to check the
 * syntax only. */
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
