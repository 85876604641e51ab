/* SPDX-License-Identifier: MIT */
/* boards/lwip-tap: a minimal lwIP netif driver over a Linux TAP device
 * (/dev/net/tun). The raw flavour polls it from the port; the sockets
 * flavour runs tap_netif_rx in a reader thread (netif->input is then
 * tcpip_input, which hands frames to lwIP's thread). */
#ifndef AMSOP_TAP_NETIF_H
#define AMSOP_TAP_NETIF_H

#include <stddef.h>
#include <stdint.h>

#include "lwip/netif.h"

/* Where received frames go. PBUF_POOL is the embedded norm (raw flavour,
 * static pools). The sockets flavour uses PBUF_RAM: Debian's liblwip
 * 2.1.3+dfsg1-2 overruns PBUF_POOL chains (see boards/lwip-tap/CMakeLists.txt). */
#ifndef TAP_NETIF_RX_PBUF
#define TAP_NETIF_RX_PBUF PBUF_POOL
#endif

/* Opens the existing TAP device name. 0, or -1 with errno set. */
int tap_netif_open(const char *name);

/* netif_add's init function: Ethernet, MAC 02:00:00:00:00:01, MTU 1500. */
err_t tap_netif_init(struct netif *netif);

/* Hands the frames waiting on the device to netif->input, waiting at most
 * wait_ms for the first (capped at a minute per call). */
void tap_netif_rx(uint32_t wait_ms);

/* A --ip/--netmask/--gw value: NULL gives 0.0.0.0. 0, or 1 with a message
 * naming what in err. */
int tap_parse_ip4(const char *what, const char *s, ip4_addr_t *out, char *err, size_t err_cap);

#endif
