/* SPDX-License-Identifier: MIT */
/* Private to core/: application/x-www-form-urlencoded values, encoded in
 * pieces straight into the writer's staging buffer, so a secret never needs
 * a buffer of its encoded size. */
#ifndef AMSOP_FORM_H
#define AMSOP_FORM_H

#include <stddef.h>

#include "wire.h"

/* Bytes s[0..n) takes once encoded. */
size_t amsop__form_encoded_len(const char *s, size_t n);

/* Encodes as much of s[0..n) as fits whole into out[0..cap): unreserved
 * bytes (A-Z a-z 0-9 - . _ ~) as they are, space as '+', every other byte
 * as %XX (upper-case hex). *consumed gets the input bytes used; returns the
 * bytes written (an escape is never split). */
size_t amsop__form_encode(const char *s, size_t n, size_t *consumed, char *out, size_t cap);

/* Streams the encoding of s[0..n) through the writer. */
void amsop__put_form(amsop__writer_t *w, const char *s, size_t n);

#endif
