/* SPDX-License-Identifier: MIT */
/* The network side of the board: lwIP brought up on the LAN9118 with the
 * provisioned static address, and the raw port's hook
 * amsop_lwip_netif_poll(): frames in, and when none has come, sleep until
 * the next interrupt (SysTick, 1 ms) rather than spin. */
#include "net.h"

#include "amsop_lwip.h"
#include "board.h"
#include "lan9118.h"
#include "lwip/init.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "netif/ethernet.h"

static struct netif s_netif;

void amsop_lwip_netif_poll(uint32_t wait_ms)
{
    uint32_t start = clock_ms();

    while (lan9118_poll(&s_netif) == 0u && clock_ms() - start < wait_ms) {
        clock_idle();
    }
}

static void ip4_from(ip4_addr_t *a, const uint8_t b[4])
{
    IP4_ADDR(a, b[0], b[1], b[2], b[3]);
}

int net_up(const prov_t *p)
{
    ip4_addr_t ip;
    ip4_addr_t mask;
    ip4_addr_t gw;
    uint8_t mac[6];
    int i;

    if (lan9118_probe(mac) != 0) {
        con_printf("net: no LAN9118 at 0x%08lx\n", (unsigned long)LAN9118_BASE);
        return -1;
    }
    lwip_init();
    ip4_from(&ip, p->ip);
    ip4_from(&mask, p->netmask);
    ip4_from(&gw, p->gateway);
    for (i = 0; i < 6; i++) {
        s_netif.hwaddr[i] = mac[i];
    }
    if (netif_add(&s_netif, &ip, &mask, &gw, NULL, lan9118_netif_init, ethernet_input) == NULL) {
        con_printf("net: netif_add failed\n");
        return -1;
    }
    netif_set_default(&s_netif);
    netif_set_up(&s_netif);
    if (lan9118_link_up()) {
        netif_set_link_up(&s_netif);
    }
    con_printf(
        "net: lan9118 mac %02x:%02x:%02x:%02x:%02x:%02x link %s ip %u.%u.%u.%u/%u.%u.%u.%u\n",
        mac[0], mac[1], mac[2], mac[3], mac[4], mac[5], netif_is_link_up(&s_netif) ? "up" : "down",
        p->ip[0], p->ip[1], p->ip[2], p->ip[3], p->netmask[0], p->netmask[1], p->netmask[2],
        p->netmask[3]);
    return netif_is_link_up(&s_netif) ? 0 : -1;
}
