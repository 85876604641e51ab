/* SPDX-License-Identifier: MIT */
/* amsop: AsyncOperationResult / ErrorResponse extraction with jsmn. */
#ifndef AMSOP_JSON_H
#define AMSOP_JSON_H

#include <stddef.h>

/* Only the types here: the parser itself is compiled, static, into
 * core/src/json_extract.c, so no jsmn symbol leaks into a firmware image
 * that may carry its own jsmn. */
#ifndef JSMN_HEADER
#define JSMN_HEADER
#endif
#include <jsmn.h>

#include "amsop_err.h"
#include "amsop_result.h"

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
 * duplicate key the last one wins. */
amsop_err_t amsop_json_extract(const char *body, size_t len, jsmntok_t *tokens, unsigned ntokens,
                               amsop_result_t *r);

/* Maps a status string to its enum, case-insensitively as the Azure SDKs do
 * ("succeeded", "FAILED"), with "Cancelled" read as Canceled; any other text
 * is AMSOP_STATUS_UNKNOWN (the caller keeps the raw text in status_text). */
amsop_status_t amsop_status_from_text(const char *text, size_t len);

#ifdef __cplusplus
}
#endif

#endif
