/* SPDX-License-Identifier: MIT */
/* One HTTP exchange's plumbing (see wire.h). */
#include <string.h>

#include "wire.h"

uint32_t amsop__left(const amsop_sys_t *sys, uint64_t deadline, uint32_t cap_ms)
{
    uint64_t now = sys->now_ms(sys->ctx);
    uint64_t left;
    if (now >= deadline)
        return 0;
    left = deadline - now;
    return (left < cap_ms) ? (uint32_t)left : cap_ms;
}

void amsop__writer_init(amsop__writer_t *w, const amsop_transport_t *tr, const amsop_sys_t *sys,
                        uint8_t *buf, size_t cap, uint64_t deadline, amsop_err_t deadline_err)
{
    w->tr = tr;
    w->sys = sys;
    w->buf = buf;
    w->cap = cap;
    w->len = 0;
    w->deadline = deadline;
    w->deadline_err = deadline_err;
    w->err = AMSOP_OK;
}

amsop_err_t amsop__flush(amsop__writer_t *w)
{
    size_t off = 0;
    while (w->err == AMSOP_OK && off < w->len) {
        size_t sent = 0;
        uint32_t t = amsop__left(w->sys, w->deadline, CONFIG_AMSOP_IO_TIMEOUT_MS);
        amsop_err_t err;
        if (t == 0) {
            w->err = w->deadline_err;
            break;
        }
        err = w->tr->send(w->tr->ctx, w->buf + off, w->len - off, t, &sent);
        if (err == AMSOP_OK && (sent == 0 || sent > w->len - off))
            err = AMSOP_ERR_NET_SEND;
        if (err != AMSOP_OK)
            w->err = err;
        off += sent;
    }
    w->len = 0;
    return w->err;
}

void amsop__put(amsop__writer_t *w, const char *s, size_t n)
{
    while (n > 0 && w->err == AMSOP_OK) {
        size_t room = w->cap - w->len;
        size_t k = (n < room) ? n : room;
        memcpy(w->buf + w->len, s, k);
        w->len += k;
        s += k;
        n -= k;
        if (w->len == w->cap)
            (void)amsop__flush(w);
    }
}

void amsop__puts(amsop__writer_t *w, const char *s)
{
    amsop__put(w, s, strlen(s));
}

void amsop__put_uint(amsop__writer_t *w, uint32_t v)
{
    char digits[10];
    size_t n = 0;
    do {
        digits[sizeof(digits) - 1 - n] = (char)('0' + v % 10u);
        v /= 10u;
        n++;
    } while (v != 0);
    amsop__put(w, digits + sizeof(digits) - n, n);
}

void amsop__put_host(amsop__writer_t *w, const amsop_endpoint_t *ep)
{
    if (ep->ipv6_literal)
        amsop__put(w, "[", 1);
    amsop__puts(w, ep->host);
    if (ep->ipv6_literal)
        amsop__put(w, "]", 1);
    if (ep->port != 443) {
        amsop__put(w, ":", 1);
        amsop__put_uint(w, ep->port);
    }
}

amsop_err_t amsop__read_reply(const amsop__writer_t *w, amsop_http_parser_t *http, int *got_bytes)
{
    *got_bytes = 0;
    while (!amsop_http_done(http)) {
        size_t n = 0;
        size_t used = 0;
        uint32_t t = amsop__left(w->sys, w->deadline, CONFIG_AMSOP_IO_TIMEOUT_MS);
        amsop_err_t err;

        if (t == 0)
            return w->deadline_err;
        err = w->tr->recv(w->tr->ctx, w->buf, w->cap, t, &n);
        if (err == AMSOP_ERR_NET_CLOSED && *got_bytes)
            return amsop_http_eof(http);
        if (err == AMSOP_ERR_TIMEOUT && amsop__left(w->sys, w->deadline, 1) == 0)
            return w->deadline_err;
        if (err != AMSOP_OK)
            return err;
        if (n == 0 || n > w->cap)
            return AMSOP_ERR_NET_RECV;
        *got_bytes = 1;
        err = amsop_http_feed(http, w->buf, n, &used);
        if (err != AMSOP_OK)
            return err;
        if (amsop_http_done(http) && used < n)
            return AMSOP_ERR_HTTP_EXTRA_DATA; /* longer than declared, or pipelined junk */
    }
    return AMSOP_OK;
}

void amsop__wipe(void *p, size_t n)
{
    volatile uint8_t *v = (volatile uint8_t *)p;
    while (n-- > 0)
        *v++ = 0;
}
