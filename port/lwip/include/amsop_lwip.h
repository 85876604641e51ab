/* SPDX-License-Identifier: MIT */
/* amsop lwIP ports: what a board adds to amsop_port.h when it runs amsop over
 * lwIP (port/lwip/sockets or port/lwip/raw).
 *
 * Provided by the port:  a static host table (names resolved without DNS).
 * Provided by the board: amsop_port_entropy() (a hardware TRNG on firmware),
 * and for the raw flavour amsop_lwip_netif_poll() and lwIP's sys_now(). */
#ifndef AMSOP_LWIP_H
#define AMSOP_LWIP_H

#include <stdint.h>

#include "amsop_err.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Adds NAME -> ADDR (an IPv4 or IPv6 literal) to the static host table that
 * connect consults before DNS. The certificate is still verified against
 * NAME. AMSOP_ERR_TOO_LONG if NAME does not fit or the table is full
 * (CONFIG_AMSOP_LWIP_HOSTS_MAX), AMSOP_ERR_INVALID_ARG if ADDR is no address.
 * Call before any connect; not synchronised. */
amsop_err_t amsop_lwip_hosts_add(const char *name, const char *addr);
void amsop_lwip_hosts_clear(void);

/* Raw flavour (NO_SYS=1) only, provided by the board: hand every frame the
 * network interface has received to its netif->input, waiting at most
 * wait_ms for the first one (0: do not wait). The port calls it, then
 * sys_check_timeouts(), in a loop whenever a call has to wait. */
void amsop_lwip_netif_poll(uint32_t wait_ms);

/* Raw flavour: runs the stack (netif poll + timers) for up to wait_ms.
 * A super-loop may call it between its own jobs; port calls use it while
 * they wait. */
void amsop_lwip_drive(uint32_t wait_ms);

/* Counters for diagnostics and tests (both flavours). */
typedef struct amsop_lwip_stats {
    uint32_t connects;      /* TCP connections established */
    uint32_t resolved_host; /* connects whose name came from the host table */
    uint32_t peer_closed;   /* FIN or RST seen from the peer */
    uint32_t drive_loops;   /* raw: netif poll + timer rounds */
    uint32_t rx_deferred;   /* raw: pbufs refused because the ring was full */
} amsop_lwip_stats_t;

void amsop_lwip_get_stats(amsop_lwip_stats_t *out);

#ifdef __cplusplus
}
#endif

#endif
