/* Request writer: streams "METHOD path?api-version=v HTTP/1.1" and its
 * headers through the small I/O buffer, flushing to the transport whenever
 * it fills, so a 12 KB token passes through a 512-byte buffer. */
#include <string.h>

#include "client_internal.h"

typedef struct out {
    amsop_client_t *c;
    size_t len;
    uint64_t deadline;
    amsop_err_t deadline_err;
    amsop_err_t err;
} out_t;

uint32_t amsop__time_left(const amsop_client_t *c, uint64_t deadline, uint32_t cap_ms)
{
    uint64_t now = c->sys.now_ms(c->sys.ctx);
    uint64_t left;
    if (now >= deadline)
        return 0;
    left = deadline - now;
    return (left < cap_ms) ? (uint32_t)left : cap_ms;
}

static void flush(out_t *o)
{
    size_t off = 0;
    while (o->err == AMSOP_OK && off < o->len) {
        size_t sent = 0;
        uint32_t t = amsop__time_left(o->c, o->deadline, CONFIG_AMSOP_IO_TIMEOUT_MS);
        amsop_err_t err;
        if (t == 0) {
            o->err = o->deadline_err;
            break;
        }
        err = o->c->transport.send(o->c->transport.ctx, o->c->io + off, o->len - off, t, &sent);
        if (err == AMSOP_OK && (sent == 0 || sent > o->len - off))
            err = AMSOP_ERR_NET_SEND;
        if (err != AMSOP_OK)
            o->err = err;
        off += sent;
    }
    o->len = 0;
}

static void put(out_t *o, const char *s, size_t n)
{
    while (n > 0 && o->err == AMSOP_OK) {
        size_t room = sizeof(o->c->io) - o->len;
        size_t k = (n < room) ? n : room;
        memcpy(o->c->io + o->len, s, k);
        o->len += k;
        s += k;
        n -= k;
        if (o->len == sizeof(o->c->io))
            flush(o);
    }
}

static void puts_(out_t *o, const char *s)
{
    put(o, s, strlen(s));
}

static void put_uint(out_t *o, uint32_t v)
{
    char digits[10];
    size_t n = 0;
    do {
        digits[sizeof(digits) - 1 - n] = (char)('0' + v % 10u);
        v /= 10u;
        n++;
    } while (v != 0);
    put(o, digits + sizeof(digits) - n, n);
}

void amsop__status_request(const amsop_client_t *c, const amsop_target_t *t, amsop__request_t *rq)
{
    memset(rq, 0, sizeof(*rq));
    rq->method = "GET";
    rq->path = t->path;
    rq->path_len = t->path_len;
    rq->api_version = t->api_version[0] ? t->api_version : c->api_version;
}

amsop_err_t amsop__request_send(amsop_client_t *c, const amsop__request_t *rq, uint64_t deadline,
                                amsop_err_t deadline_err)
{
    out_t o;

    o.c = c;
    o.len = 0;
    o.deadline = deadline;
    o.deadline_err = deadline_err;
    o.err = AMSOP_OK;

    puts_(&o, rq->method);
    put(&o, " ", 1);
    put(&o, rq->path, rq->path_len);
    puts_(&o, "?api-version=");
    puts_(&o, rq->api_version);
    puts_(&o, " HTTP/1.1\r\nHost: ");
    if (c->endpoint.ipv6_literal)
        put(&o, "[", 1);
    puts_(&o, c->endpoint.host);
    if (c->endpoint.ipv6_literal)
        put(&o, "]", 1);
    if (c->endpoint.port != 443) {
        put(&o, ":", 1);
        put_uint(&o, c->endpoint.port);
    }
    /* The token goes only here: on the connection to the configured host. */
    puts_(&o, "\r\nAuthorization: Bearer ");
    put(&o, c->token, c->token_len);
    puts_(&o, "\r\nAccept: application/json\r\nUser-Agent: amsop/" AMSOP_VERSION
              "\r\nConnection: keep-alive\r\n");
    if (rq->content_type != NULL) {
        puts_(&o, "Content-Type: ");
        puts_(&o, rq->content_type);
        puts_(&o, "\r\n");
    }
    if (rq->body != NULL || rq->content_type != NULL) {
        puts_(&o, "Content-Length: ");
        put_uint(&o, (uint32_t)rq->body_len);
        puts_(&o, "\r\n");
    }
    puts_(&o, "\r\n");
    if (rq->body != NULL)
        put(&o, (const char *)rq->body, rq->body_len);
    if (o.len > 0)
        flush(&o);
    return o.err;
}
