/* SPDX-License-Identifier: MIT */
/* boards/lwip-tap, raw flavour: lwIP built from Debian's source with this
 * board's lwipopts.h (NO_SYS=1, static pools), on the board's own TAP
 * driver. Also what NO_SYS lwIP wants from every board: sys_now() and a
 * random source. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "amsop_lwip.h"
#include "amsop_port.h"
#include "lwip/init.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "lwip/sys.h"
#include "netif/ethernet.h"
#include "tap_netif.h"
#include "tap_stack.h"

const char tap_stack_flavour[] = "lwip-raw";

static struct netif s_netif;

u32_t sys_now(void)
{
    struct timespec ts;

    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (u32_t)((uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u);
}

/* The raw port's hook (amsop_lwip.h): frames in, nothing else. */
void amsop_lwip_netif_poll(uint32_t wait_ms)
{
    tap_netif_rx(wait_ms);
}

unsigned int tap_random32(void)
{
    uint8_t b[4] = {0, 0, 0, 0};

    (void)amsop_port_entropy(b, sizeof b);
    return (unsigned int)b[0] | (unsigned int)b[1] << 8 | (unsigned int)b[2] << 16 |
           (unsigned int)b[3] << 24;
}

int tap_stack_up(const tap_args_t *a, char *err, size_t err_cap)
{
    ip4_addr_t ip;
    ip4_addr_t mask;
    ip4_addr_t gw;

    if (tap_parse_ip4("--ip", a->ip, &ip, err, err_cap) != 0 ||
        tap_parse_ip4("--netmask", a->netmask, &mask, err, err_cap) != 0 ||
        tap_parse_ip4("--gw", a->gw, &gw, err, err_cap) != 0) {
        return 1;
    }
    if (tap_netif_open(a->tap) != 0) {
        (void)snprintf(err, err_cap, "cannot attach to TAP device %s: %s", a->tap, strerror(errno));
        return 1;
    }
    lwip_init();
    if (netif_add(&s_netif, &ip, &mask, &gw, NULL, tap_netif_init, ethernet_input) == NULL) {
        (void)snprintf(err, err_cap, "netif_add failed");
        return 1;
    }
    netif_set_default(&s_netif);
    netif_set_link_up(&s_netif);
    netif_set_up(&s_netif);
    return 0;
}
