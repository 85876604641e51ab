/* SPDX-License-Identifier: MIT */
/* Private to the lwIP ports: helpers both flavours compile against their
 * own lwipopts.h (so ip_addr_t matches the stack they link). */
#ifndef AMSOP_LWIP_INTERNAL_H
#define AMSOP_LWIP_INTERNAL_H

#include "amsop_lwip.h"
#include "amsop_port.h"
#include "lwip/ip_addr.h"

/* The port's counters (amsop_lwip_get_stats copies them out). */
extern amsop_lwip_stats_t amsop__lwip_stats;

/* An address literal or a host-table name -> *out. AMSOP_OK, or
 * AMSOP_ERR_NET_DNS when neither applies (the caller may try DNS). */
amsop_err_t amsop__lwip_resolve_static(const char *host, ip_addr_t *out);

/* Milliseconds left until deadline_ms (0 when it has passed). */
uint32_t amsop__lwip_left_ms(uint64_t deadline_ms);

#endif
