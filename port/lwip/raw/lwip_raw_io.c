/* SPDX-License-Identifier: MIT */
/* Send and receive for the lwIP raw (NO_SYS=1) port. Both drive the stack
 * while they wait (see lwip_raw_drive.c); receive copies out of the ring and
 * gives the window back to lwIP with tcp_recved as it drains. */
#include <string.h>

#include "lwip_raw_internal.h"

static int can_send(const amsop_port_net_t *n)
{
    if (n->pcb == NULL ||
        (n->state != AMSOP__RAW_CONNECTED && n->state != AMSOP__RAW_PEER_CLOSED)) {
        return 1; /* nothing more to wait for: the caller sees the close */
    }
    return tcp_sndbuf(n->pcb) > 0 && tcp_sndqueuelen(n->pcb) < TCP_SND_QUEUELEN;
}

amsop_err_t amsop_port_net_send(amsop_port_net_t *n, const uint8_t *buf, size_t len,
                                uint32_t timeout_ms, size_t *sent)
{
    uint64_t deadline = amsop_port_now_ms() + timeout_ms;

    if (sent != NULL) {
        *sent = 0;
    }
    if (n == NULL || buf == NULL || len == 0 || sent == NULL) {
        return AMSOP_ERR_INVALID_ARG;
    }
    for (;;) {
        size_t chunk;
        err_t e;

        if (!amsop__lwip_raw_drive_until(n, can_send, deadline)) {
            return AMSOP_ERR_TIMEOUT;
        }
        if (n->pcb == NULL ||
            (n->state != AMSOP__RAW_CONNECTED && n->state != AMSOP__RAW_PEER_CLOSED)) {
            return AMSOP_ERR_NET_CLOSED;
        }
        chunk = tcp_sndbuf(n->pcb);
        if (chunk > len) {
            chunk = len;
        }
        e = tcp_write(n->pcb, buf, (u16_t)chunk, TCP_WRITE_FLAG_COPY);
        if (e == ERR_OK) {
            (void)tcp_output(n->pcb);
            *sent = chunk; /* partial sends are the caller's to finish */
            return AMSOP_OK;
        }
        if (e != ERR_MEM) {
            return AMSOP_ERR_NET_SEND;
        }
        /* ERR_MEM: segments or heap momentarily short; let ACKs free some. */
        if (amsop__lwip_left_ms(deadline) == 0) {
            return AMSOP_ERR_TIMEOUT;
        }
        amsop_lwip_drive(amsop__lwip_left_ms(deadline));
    }
}

static int can_recv(const amsop_port_net_t *n)
{
    return n->count > 0 || n->pcb == NULL || n->state != AMSOP__RAW_CONNECTED;
}

amsop_err_t amsop_port_net_recv(amsop_port_net_t *n, uint8_t *buf, size_t cap, uint32_t timeout_ms,
                                size_t *received)
{
    uint64_t deadline = amsop_port_now_ms() + timeout_ms;
    size_t ring_cap;
    size_t take;
    size_t first;

    if (received != NULL) {
        *received = 0;
    }
    if (n == NULL || buf == NULL || cap == 0 || received == NULL) {
        return AMSOP_ERR_INVALID_ARG;
    }
    ring_cap = sizeof n->ring;
    if (!amsop__lwip_raw_drive_until(n, can_recv, deadline)) {
        return AMSOP_ERR_TIMEOUT;
    }
    if (n->count == 0) {
        /* FIN, reset or never connected: the caller reconnects. */
        return AMSOP_ERR_NET_CLOSED;
    }
    take = n->count < cap ? n->count : cap;
    first = take < ring_cap - n->head ? take : ring_cap - n->head;
    memcpy(buf, &n->ring[n->head], first);
    memcpy(buf + first, n->ring, take - first);
    n->head = (uint16_t)(((size_t)n->head + take) % ring_cap);
    n->count = (uint16_t)(n->count - take);
    if (n->pcb != NULL) {
        tcp_recved(n->pcb, (u16_t)take); /* reopen the window by what was read */
    }
    *received = take;
    return AMSOP_OK;
}
