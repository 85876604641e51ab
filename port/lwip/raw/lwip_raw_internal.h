/* SPDX-License-Identifier: MIT */
/* Private to the lwIP raw (NO_SYS=1) port. */
#ifndef AMSOP_LWIP_RAW_INTERNAL_H
#define AMSOP_LWIP_RAW_INTERNAL_H

#include "lwip/tcp.h"

#include "lwip_internal.h"

typedef enum amsop__lwip_raw_state {
    AMSOP__RAW_IDLE = 0,    /* no connection */
    AMSOP__RAW_CONNECTING,  /* tcp_connect sent the SYN */
    AMSOP__RAW_CONNECTED,   /* established */
    AMSOP__RAW_PEER_CLOSED, /* FIN received: unread ring bytes remain readable */
    AMSOP__RAW_FAILED       /* reset or aborted: lwIP freed the pcb */
} amsop__lwip_raw_state_t;

/* Installs the port's callbacks on pcb, bound to n. */
void amsop__lwip_raw_attach(amsop_port_net_t *n, struct tcp_pcb *pcb);

/* tcp_connect on n->pcb with the port's connected callback. */
amsop_err_t amsop__lwip_raw_start_connect(amsop_port_net_t *n, const ip_addr_t *addr,
                                          uint16_t port);

/* Runs the stack until deadline_ms or until done(n) holds; returns done(n). */
int amsop__lwip_raw_drive_until(amsop_port_net_t *n, int (*done)(const amsop_port_net_t *),
                                uint64_t deadline_ms);

#endif
