/* SPDX-License-Identifier: MIT */
/* A plain-TCP amsop_transport_t over the port's network calls: for tests,
 * the simulator without TLS, and debugging on a trusted network. */
#include "amsop_port.h"

static amsop_err_t tcp_open(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    return amsop_port_net_connect((amsop_port_net_t *)ctx, host, port, timeout_ms);
}

static amsop_err_t tcp_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms,
                            size_t *sent)
{
    return amsop_port_net_send((amsop_port_net_t *)ctx, buf, len, timeout_ms, sent);
}

static amsop_err_t tcp_recv(void *ctx, uint8_t *buf, size_t cap, uint32_t timeout_ms,
                            size_t *received)
{
    return amsop_port_net_recv((amsop_port_net_t *)ctx, buf, cap, timeout_ms, received);
}

static void tcp_close(void *ctx)
{
    amsop_port_net_close((amsop_port_net_t *)ctx);
}

amsop_transport_t amsop_port_tcp_transport(amsop_port_net_t *n)
{
    amsop_transport_t t;

    t.ctx = n;
    t.open = tcp_open;
    t.send = tcp_send;
    t.recv = tcp_recv;
    t.close = tcp_close;
    return t;
}
