/* SPDX-License-Identifier: MIT */
/* Request writer: streams "METHOD path?api-version=v HTTP/1.1" and its
 * headers through the small I/O buffer, flushing to the transport whenever
 * it fills, so a 12 KB token passes through a 512-byte buffer. */
#include <string.h>

#include "client_internal.h"
#include "wire.h"

uint32_t amsop__time_left(const amsop_client_t *c, uint64_t deadline, uint32_t cap_ms)
{
    return amsop__left(&c->sys, deadline, cap_ms);
}

void amsop__status_request(const amsop_client_t *c, const amsop_target_t *t, amsop__request_t *rq)
{
    memset(rq, 0, sizeof(*rq));
    rq->method = "GET";
    rq->path = t->path;
    rq->path_len = t->path_len;
    rq->api_version = t->api_version[0] ? t->api_version : c->api_version;
}

void amsop__begin(amsop_client_t *c, uint64_t deadline, amsop_err_t deadline_err)
{
    /* Set per exchange, not once at init: the struct may have been copied. */
    amsop__writer_init(&c->_internal.wire, &c->transport, &c->sys, c->_internal.io,
                       sizeof(c->_internal.io), deadline, deadline_err);
}

amsop_err_t amsop__request_send(amsop_client_t *c, const amsop__request_t *rq)
{
    amsop__writer_t *const w = &c->_internal.wire;

    w->len = 0;
    w->err = AMSOP_OK;
    amsop__puts(w, rq->method);
    amsop__put(w, " ", 1);
    amsop__put(w, rq->path, rq->path_len);
    amsop__puts(w, "?api-version=");
    amsop__puts(w, rq->api_version);
    amsop__puts(w, " HTTP/1.1\r\nHost: ");
    amsop__put_host(w, &c->endpoint);
    /* The token goes only here: on the connection to the configured ARM
     * host (c->transport; the token provider has a transport of its own). */
    amsop__puts(w, "\r\nAuthorization: Bearer ");
    amsop__put(w, c->token, c->token_len);
    amsop__puts(w, "\r\nAccept: application/json\r\nUser-Agent: amsop/" AMSOP_VERSION
                   "\r\nConnection: keep-alive\r\n");
    if (rq->content_type != NULL) {
        amsop__puts(w, "Content-Type: ");
        amsop__puts(w, rq->content_type);
        amsop__puts(w, "\r\n");
    }
    if (rq->body != NULL || rq->content_type != NULL) {
        amsop__puts(w, "Content-Length: ");
        amsop__put_uint(w, (uint32_t)rq->body_len);
        amsop__puts(w, "\r\n");
    }
    amsop__puts(w, "\r\n");
    if (rq->body != NULL)
        amsop__put(w, (const char *)rq->body, rq->body_len);
    return amsop__flush(w);
}
