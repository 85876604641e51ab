/* boards/lwip-tap, raw flavour: a minimal lwIP netif driver over a Linux
 * TAP device (/dev/net/tun), polled by the port instead of a thread. */
#ifndef AMSOP_TAP_NETIF_H
#define AMSOP_TAP_NETIF_H

#include "lwip/netif.h"

/* Opens the existing TAP device name. 0, or -1 with errno set. */
int tap_netif_open(const char *name);

/* netif_add's init function: Ethernet, MAC 02:00:00:00:00:01, MTU 1500. */
err_t tap_netif_init(struct netif *netif);

#endif
