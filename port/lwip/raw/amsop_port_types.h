/* SPDX-License-Identifier: MIT */
/* amsop lwIP raw (NO_SYS=1) port: completes struct amsop_port_net for
 * amsop_port.h. The receive ring lives here, so the whole connection state
 * is placed by the caller (inside amsop_tls_t): no heap, no lwIP header
 * needed by its users. */
#ifndef AMSOP_PORT_TYPES_H
#define AMSOP_PORT_TYPES_H

#include <stdint.h>

#include "amsop_config.h"

struct tcp_pcb;

struct amsop_port_net {
    struct tcp_pcb *pcb; /* NULL when closed, or after lwIP freed it (reset) */
    uint8_t state;       /* amsop__lwip_raw_state_t */
    int8_t last_err;     /* lwIP err_t from the error callback */
    uint16_t head;       /* first unread byte of ring */
    uint16_t count;      /* unread bytes in ring */
    /* Bytes copied out of pbufs, not yet read; lwIP's window reopens
     * (tcp_recved) only as the reader drains them. */
    uint8_t ring[CONFIG_AMSOP_LWIP_RAW_RX_RING_SIZE];
};

#endif
