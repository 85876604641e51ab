/* SPDX-License-Identifier: MIT */
/* lwIP raw API callbacks of the raw port: they only record what happened
 * (connected, data, FIN, reset) in the caller's amsop_port_net_t; the port
 * calls that are driving the stack look at it when lwIP returns. */
#include <string.h>

#include "lwip_raw_internal.h"

/* The ring must hold everything lwIP may hand over before the reader
 * drains it: the window we advertise. Then a pbuf never has to be refused
 * and back-pressure is TCP's own (the window reopens on tcp_recved). */
#if TCP_WND > CONFIG_AMSOP_LWIP_RAW_RX_RING_SIZE
#error "TCP_WND (lwipopts.h) exceeds CONFIG_AMSOP_LWIP_RAW_RX_RING_SIZE (Kconfig)"
#endif
#if CONFIG_AMSOP_LWIP_RAW_RX_RING_SIZE > 65535
#error "CONFIG_AMSOP_LWIP_RAW_RX_RING_SIZE must fit the ring's 16-bit indexes"
#endif

static err_t on_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
    amsop_port_net_t *n = (amsop_port_net_t *)arg;

    (void)pcb;
    if (n != NULL && err == ERR_OK) {
        n->state = AMSOP__RAW_CONNECTED;
    }
    return ERR_OK;
}

/* Copies p into the ring (all of it, or nothing: lwIP then keeps p as
 * refused data and offers it again later). */
static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
    amsop_port_net_t *n = (amsop_port_net_t *)arg;
    size_t cap = sizeof n->ring;
    uint16_t tail;
    uint16_t first;

    (void)pcb;
    if (n == NULL) {
        if (p != NULL) {
            pbuf_free(p);
        }
        return ERR_OK;
    }
    if (p == NULL) {
        if (n->state == AMSOP__RAW_CONNECTED) {
            n->state = AMSOP__RAW_PEER_CLOSED;
            ++amsop__lwip_stats.peer_closed;
        }
        return ERR_OK;
    }
    if (err != ERR_OK || (size_t)p->tot_len > cap - n->count) {
        ++amsop__lwip_stats.rx_deferred;
        return ERR_MEM;
    }
    tail = (uint16_t)(((size_t)n->head + n->count) % cap);
    first = (uint16_t)((size_t)p->tot_len < cap - tail ? (size_t)p->tot_len : cap - tail);
    (void)pbuf_copy_partial(p, &n->ring[tail], first, 0);
    if (first < p->tot_len) {
        (void)pbuf_copy_partial(p, n->ring, (u16_t)(p->tot_len - first), first);
    }
    n->count = (uint16_t)(n->count + p->tot_len);
    pbuf_free(p);
    return ERR_OK;
}

/* lwIP has already freed the pcb (reset, or aborted after retries). */
static void on_error(void *arg, err_t err)
{
    amsop_port_net_t *n = (amsop_port_net_t *)arg;

    if (n != NULL) {
        n->pcb = NULL;
        n->last_err = (int8_t)err;
        if (n->state == AMSOP__RAW_CONNECTED || n->state == AMSOP__RAW_PEER_CLOSED) {
            ++amsop__lwip_stats.peer_closed;
        }
        n->state = AMSOP__RAW_FAILED;
    }
}

void amsop__lwip_raw_attach(amsop_port_net_t *n, struct tcp_pcb *pcb)
{
    n->pcb = pcb;
    n->head = 0;
    n->count = 0;
    n->last_err = ERR_OK;
    tcp_arg(pcb, n);
    tcp_recv(pcb, on_recv);
    tcp_err(pcb, on_error);
}

amsop_err_t amsop__lwip_raw_start_connect(amsop_port_net_t *n, const ip_addr_t *addr, uint16_t port)
{
    err_t e = tcp_connect(n->pcb, addr, port, on_connected);

    if (e != ERR_OK) {
        return AMSOP_ERR_NET_CONNECT;
    }
    n->state = AMSOP__RAW_CONNECTING;
    return AMSOP_OK;
}
