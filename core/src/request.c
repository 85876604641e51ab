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

void amsop__client_request_id(const amsop_sys_t *sys, char id[AMSOP_CLIENT_REQUEST_ID_SIZE])
{
    static const char hex[] = "0123456789abcdef";
    uint8_t b[16];
    size_t i;
    size_t k = 0;

    for (i = 0; i < sizeof(b); i += 4u) {
        uint32_t v = sys->random(sys->ctx);
        b[i] = (uint8_t)v;
        b[i + 1u] = (uint8_t)(v >> 8);
        b[i + 2u] = (uint8_t)(v >> 16);
        b[i + 3u] = (uint8_t)(v >> 24);
    }
    b[6] = (uint8_t)((b[6] & 0x0Fu) | 0x40u); /* version 4: random */
    b[8] = (uint8_t)((b[8] & 0x3Fu) | 0x80u); /* variant 10 (RFC 9562) */
    for (i = 0; i < sizeof(b); i++) {
        if (i == 4u || i == 6u || i == 8u || i == 10u)
            id[k++] = '-';
        id[k++] = hex[b[i] >> 4];
        id[k++] = hex[b[i] & 0x0Fu];
    }
    id[k] = '\0';
}

amsop_err_t amsop__request_send(amsop_client_t *c, const amsop__request_t *rq,
                                const char *client_request_id)
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
    /* identity: the reader decodes no content coding, and without the
     * header any coding would be acceptable (RFC 9110 12.5.3). The client
     * request id, echoed back, is what a support ticket names (ARM's
     * request headers). */
    amsop__puts(w, "\r\nAccept: application/json\r\nAccept-Encoding: identity\r\n"
                   "User-Agent: amsop/" AMSOP_VERSION "\r\nConnection: keep-alive\r\n"
                   "x-ms-client-request-id: ");
    amsop__puts(w, client_request_id);
    amsop__puts(w, "\r\nx-ms-return-client-request-id: true\r\n");
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
