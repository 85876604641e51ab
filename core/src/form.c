/* SPDX-License-Identifier: MIT */
/* application/x-www-form-urlencoded values (see form.h). */
#include "form.h"
#include "field.h"

static size_t width(unsigned char ch)
{
    return (amsop__unreserved(ch) || ch == ' ') ? 1u : 3u;
}

size_t amsop__form_encoded_len(const char *s, size_t n)
{
    size_t total = 0;
    size_t i;
    for (i = 0; i < n; i++)
        total += width((unsigned char)s[i]);
    return total;
}

size_t amsop__form_encode(const char *s, size_t n, size_t *consumed, char *out, size_t cap)
{
    size_t i = 0;
    size_t len = 0;

    while (i < n) {
        unsigned char ch = (unsigned char)s[i];
        size_t need = width(ch);
        if (cap - len < need)
            break;
        if (amsop__unreserved(ch)) {
            out[len++] = (char)ch;
        } else if (ch == ' ') {
            out[len++] = '+';
        } else {
            amsop__pct_encode(ch, out + len);
            len += 3;
        }
        i++;
    }
    *consumed = i;
    return len;
}

void amsop__put_form(amsop__writer_t *w, const char *s, size_t n)
{
    while (n > 0 && w->err == AMSOP_OK) {
        size_t used = 0;
        size_t k = amsop__form_encode(s, n, &used, (char *)w->buf + w->len, w->cap - w->len);
        w->len += k;
        s += used;
        n -= used;
        if (n > 0 || w->len == w->cap)
            (void)amsop__flush(w); /* full, or the next escape did not fit */
    }
}
