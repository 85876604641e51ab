/* SPDX-License-Identifier: MIT */
/* TCP connect and close for the lwIP raw (NO_SYS=1) port. Names come from
 * the static host table (an address literal works too); the stack has no
 * DNS in the NO_SYS builds this port targets unless the board enables it. */
#include <string.h>

#include "lwip_raw_internal.h"

void amsop_port_net_init(amsop_port_net_t *n)
{
    if (n != NULL) {
        memset(n, 0, sizeof *n);
        n->state = AMSOP__RAW_IDLE;
    }
}

static int connect_done(const amsop_port_net_t *n)
{
    return n->state != AMSOP__RAW_CONNECTING;
}

/* Detaches the port from pcb, then closes it (or aborts it if lwIP cannot
 * queue the FIN): later segments for it never reach a stale n. */
static void release_pcb(struct tcp_pcb *pcb)
{
    tcp_arg(pcb, NULL);
    tcp_recv(pcb, NULL);
    tcp_err(pcb, NULL);
    if (tcp_close(pcb) != ERR_OK) {
        tcp_abort(pcb);
    }
}

amsop_err_t amsop_port_net_connect(amsop_port_net_t *n, const char *host, uint16_t port,
                                   uint32_t timeout_ms)
{
    uint64_t deadline = amsop_port_now_ms() + timeout_ms;
    ip_addr_t addr;
    struct tcp_pcb *pcb;
    amsop_err_t err;

    if (n == NULL || host == NULL || port == 0) {
        return AMSOP_ERR_INVALID_ARG;
    }
    amsop_port_net_close(n);
    err = amsop__lwip_resolve_static(host, &addr);
    if (err != AMSOP_OK) {
        return err;
    }
    pcb = tcp_new_ip_type(IP_GET_TYPE(&addr));
    if (pcb == NULL) {
        return AMSOP_ERR_NET_CONNECT; /* MEMP_NUM_TCP_PCB exhausted */
    }
    amsop__lwip_raw_attach(n, pcb);
    /* Requests go out in a few small writes: no Nagle delay between them. */
    tcp_nagle_disable(pcb);
    err = amsop__lwip_raw_start_connect(n, &addr, port);
    if (err == AMSOP_OK && !amsop__lwip_raw_drive_until(n, connect_done, deadline)) {
        err = AMSOP_ERR_TIMEOUT;
    } else if (err == AMSOP_OK && n->state != AMSOP__RAW_CONNECTED) {
        err = AMSOP_ERR_NET_CONNECT; /* refused (RST) or aborted */
    }
    if (err != AMSOP_OK) {
        amsop_port_net_close(n);
        return err;
    }
    ++amsop__lwip_stats.connects;
    return AMSOP_OK;
}

void amsop_port_net_close(amsop_port_net_t *n)
{
    if (n == NULL) {
        return;
    }
    if (n->pcb != NULL) {
        release_pcb(n->pcb);
        n->pcb = NULL;
    }
    n->state = AMSOP__RAW_IDLE;
    n->head = 0;
    n->count = 0;
}
