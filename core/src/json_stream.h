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

#include "amsop_json.h"

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
