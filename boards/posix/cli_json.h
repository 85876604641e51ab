/* SPDX-License-Identifier: MIT */
/* amsop CLI: --output json. One object per read, on one line. */
#ifndef AMSOP_CLI_JSON_H
#define AMSOP_CLI_JSON_H

#include <stdio.h>

#include "amsop_result.h"

/* Writes s as a JSON string literal ("..." with ", \ and control characters
 * escaped; invalid UTF-8 becomes \ufffd), or null when s is NULL. */
void cli_json_string(FILE *f, const char *s);

/* Writes the read as one JSON object followed by a newline:
 * {"httpStatus":..,"name":..,"status":..,"error":{"code":..,"message":..,
 *  "target":..,"detailsCount":..,"additionalInfoCount":..},"requestId":..,
 *  "retryAfter":..,"truncated":[..]} */
void cli_json_result(FILE *f, const amsop_result_t *r);

/* The percentComplete to print as a JSON number, or NULL (absent, or cut:
 * a cut number is not the one sent). The core keeps only the bytes of a
 * number its strict JSON check accepted, so a whole one is valid JSON. */
const char *cli_json_percent(const amsop_result_t *r);

#endif
