/* Private to the core: its one copy of jsmn, behind a strict JSON check,
 * shared by the ARM reply extractor and the Azure AD token reply parser. */
#ifndef AMSOP_JSON_INTERNAL_H
#define AMSOP_JSON_INTERNAL_H

#include <stddef.h>

#include "amsop_json.h"

/* Tokenizes js[0..len) (jsmn, strict) into tokens[0..ntokens) and checks it
 * is exactly one well-formed JSON value (RFC 8259: no stray or doubled
 * separators, only true/false/null and JSON numbers as literals, no raw
 * control byte in a string, nothing but whitespace after the value).
 * Returns AMSOP_OK with *count tokens (>= 1), AMSOP_ERR_JSON, or
 * AMSOP_ERR_JSON_TOO_MANY_TOKENS when the value needs more tokens (or
 * deeper nesting) than there are. */
amsop_err_t amsop__json_tokenize(const char *js, size_t len, jsmntok_t *tokens, unsigned ntokens,
                                 int *count);

#endif
