/* SPDX-License-Identifier: MIT */
/* Helpers shared by the unit tests: file loading, a tiny independent JSON
 * path finder (for reading the spec vectors without the code under test),
 * UTF-8 validation and HTTP reply builders. Test code: may use libc freely. */
#ifndef AMSOP_TEST_UTIL_H
#define AMSOP_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

#ifndef AMSOP_VECTORS_DIR
#error "AMSOP_VECTORS_DIR must be defined by the build"
#endif

/* Whole file, NUL-terminated, malloc'ed (the caller frees it). NULL on failure. */
char *tu_load_file(const char *path, size_t *len);
/* A file in AMSOP_VECTORS_DIR. */
char *tu_load_vector(const char *name, size_t *len);

/* Finds the value at a path of object keys (depth keys) inside the JSON
 * text js[0..len). On success [*start, *end) delimits the raw value text
 * (strings include their quotes). Returns 1 found, 0 not found / bad JSON. */
int tu_json_find(const char *js, size_t len, const char *const *path, size_t depth, size_t *start,
                 size_t *end);

/* Like tu_json_find for a string value without escapes: copies its content
 * (without quotes) to out (cap bytes). Returns 1 ok, 0 missing, -1 null,
 * -2 not a plain string or too long. */
int tu_json_string(const char *js, size_t len, const char *const *path, size_t depth, char *out,
                   size_t cap);

/* Strict UTF-8 check (no overlongs, no surrogates, <= U+10FFFF). */
int tu_utf8_valid(const uint8_t *s, size_t n);

/* Builds an ARM-like reply: status line, the usual ARM headers, extra
 * header lines (each ending in CRLF, may be NULL), and the body framed with
 * Content-Length (chunk == 0) or chunked in pieces of chunk bytes.
 * Returns the length written (always < cap) or 0 if it did not fit. */
size_t tu_build_reply(char *out, size_t cap, const char *status_line, const char *extra_headers,
                      const char *body, size_t body_len, size_t chunk);

/* Replaces every "\n" not preceded by "\r" with "\r\n". Returns length or 0. */
size_t tu_crlf(const char *in, size_t n, char *out, size_t cap);

#endif
