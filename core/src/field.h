/* SPDX-License-Identifier: MIT */
/* Writing into a fixed-size, always NUL-terminated text field.
 * Nothing is ever written past cap; text that does not fit is cut at a UTF-8
 * character boundary and the writer remembers it was truncated. */
#ifndef AMSOP_FIELD_H
#define AMSOP_FIELD_H

#include <stddef.h>
#include <stdint.h>

typedef struct amsop__fw {
    char *buf;
    size_t cap; /* bytes, NUL included; >= 1 */
    size_t len;
    uint8_t truncated;
} amsop__fw_t;

void amsop__fw_init(amsop__fw_t *w, char *buf, size_t cap);
/* Appends one code point as UTF-8 (surrogates and > U+10FFFF become U+FFFD).
 * Once one character did not fit, later ones are dropped too, so the field
 * is always a prefix of the real value. */
void amsop__fw_put_cp(amsop__fw_t *w, uint32_t cp);
/* cp as UTF-8 into out (surrogates and > U+10FFFF as U+FFFD); its length. */
size_t amsop__utf8_encode(uint32_t cp, char out[4]);
/* Appends raw bytes that should be UTF-8; invalid sequences become U+FFFD. */
void amsop__fw_put_utf8(amsop__fw_t *w, const uint8_t *s, size_t n);

/* The core's one copy of each small text rule. */
/* ASCII lower case of c (other bytes unchanged; RFC 9110: only ASCII
 * letters compare without case). Inline: the header-name matcher calls it
 * for every name byte. */
static inline char amsop__lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}
/* An ASCII letter or digit. */
int amsop__alnum(uint8_t c);
/* RFC 3986 "unreserved": ALPHA / DIGIT / "-" / "." / "_" / "~". */
int amsop__unreserved(uint8_t c);
/* c as "%XX" (upper-case hex, RFC 3986 2.1) into out[0..3). */
void amsop__pct_encode(uint8_t c, char out[3]);
/* The value of one hex digit, -1 when c is not one. */
int amsop__hex(uint8_t c);
/* ASCII case-insensitive comparison of n bytes. */
int amsop__ieq(const char *a, const char *b, size_t n);

/* v, or floor when v is smaller. A function, not an inline comparison: with
 * a Kconfig floor of 0 the comparison would be "always false" (-Wtype-limits),
 * and 0 is a value Kconfig allows. */
uint32_t amsop__at_least(uint32_t v, uint32_t floor);

/* Non-zero when s[0..n) is a dot-segment: "." or ".." once "%2e"/"%2E" is
 * read as '.' (RFC 3986 5.2.4 would remove it, so a server would see
 * another path than the one validated). */
int amsop__dot_segment(const char *s, size_t n);

/* An api-version value: 1..CONFIG_AMSOP_API_VERSION_MAX-1 of letters, digits,
 * '-' and '.' (it is written into the request line as it is). */
int amsop__api_version_ok(const char *v, size_t n);

#endif
