/* SPDX-License-Identifier: MIT */
/* boards/lwip-tap, sockets flavour: Debian's lwIP (liblwip-dev, NO_SYS=0)
 * with its unix port (tcpip thread, sys_arch over pthreads), and the board's
 * TAP driver fed by a reader thread. Debian's own tapif (in liblwip) is not
 * used: with Debian's options it overruns PBUF_POOL chains on any frame
 * over 592 bytes (see tap_netif.h). */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "lwip/sys.h"
#include "lwip/tcpip.h"
#include "netif/ethernet.h"

#include "tap_netif.h"
#include "tap_stack.h"

const char tap_stack_flavour[] = "lwip-sockets";

static struct netif s_netif;

/* Frames from the device to lwIP's thread (tcpip_input), forever. */
static void rx_thread(void *arg)
{
    (void)arg;
    for (;;) {
        tap_netif_rx(1000u);
    }
}

static void on_tcpip_ready(void *arg)
{
    sys_sem_signal((sys_sem_t *)arg);
}

int tap_stack_up(const tap_args_t *a, char *err, size_t err_cap)
{
    /* Static and never freed: the tcpip thread may still be inside
     * sys_sem_signal when this thread wakes up. */
    static sys_sem_t ready;
    ip4_addr_t ip;
    ip4_addr_t mask;
    ip4_addr_t gw;
    struct netif *added;

    if (tap_parse_ip4("--ip", a->ip, &ip, err, err_cap) != 0 ||
        tap_parse_ip4("--netmask", a->netmask, &mask, err, err_cap) != 0 ||
        tap_parse_ip4("--gw", a->gw, &gw, err, err_cap) != 0) {
        return 1;
    }
    if (sys_sem_new(&ready, 0) != ERR_OK) {
        (void)snprintf(err, err_cap, "sys_sem_new failed");
        return 1;
    }
    tcpip_init(on_tcpip_ready, &ready);
    sys_sem_wait(&ready);

    if (tap_netif_open(a->tap) != 0) {
        (void)snprintf(err, err_cap, "cannot attach to TAP device %s: %s", a->tap, strerror(errno));
        return 1;
    }
    LOCK_TCPIP_CORE();
    added = netif_add(&s_netif, &ip, &mask, &gw, NULL, tap_netif_init, tcpip_input);
    if (added != NULL) {
        netif_set_default(&s_netif);
        netif_set_link_up(&s_netif);
        netif_set_up(&s_netif);
    }
    UNLOCK_TCPIP_CORE();
    if (added == NULL) {
        (void)snprintf(err, err_cap, "netif_add on %s failed", a->tap);
        return 1;
    }
    (void)sys_thread_new("tap_rx", rx_thread, NULL, 0, 0);
    return 0;
}
