/* SPDX-License-Identifier: MIT */
/* The whole client on a Cortex-M: amsop core + the TLS transport over
 * mbedTLS (port/tls/mbedtls/amsop_mbedtls_config.h; its static pool,
 * CONFIG_AMSOP_MBEDTLS_POOL_SIZE, lives in port/tls/tls_init.c) +
 * the lwIP raw port (NO_SYS=1) + lwIP. It calls init, get and wait like
 * fw_main.c, over a real TLS transport, so --gc-sections keeps everything a
 * polling device links. The board parts (Ethernet MAC driver, TRNG, tick
 * counter) are minimal stand-ins here and are listed apart in the table. */
#include <stddef.h>
#include <stdint.h>

#include "amsop.h"
#include "amsop_lwip.h"
#include "amsop_tls.h"
#include "lwip/etharp.h"
#include "netif/ethernet.h"
#include "lwip/init.h"
#include "lwip/netif.h"
#include "lwip/timeouts.h"

static volatile uint32_t ticks; /* SysTick would advance this */
static uint32_t rng_state = 2463534242u;
static struct netif eth;

/* --- board stand-ins ---------------------------------------------------- */
uint32_t sys_now(void);
uint32_t sys_now(void)
{
    return ticks;
}

unsigned int tap_random32(void); /* LWIP_RAND() of the lwipopts used */
unsigned int tap_random32(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

amsop_err_t amsop_port_entropy(uint8_t *buf, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++) /* a TRNG data register on real hardware */
        buf[i] = (uint8_t)tap_random32();
    return AMSOP_OK;
}

void amsop_lwip_netif_poll(uint32_t wait_ms)
{
    ticks += wait_ms; /* a MAC driver hands received frames to eth.input */
}

static err_t eth_output(struct netif *n, struct pbuf *p)
{
    (void)n;
    (void)p;
    return ERR_OK; /* a MAC driver would queue p for DMA */
}

static err_t eth_init(struct netif *n)
{
    n->linkoutput = eth_output;
    n->output = etharp_output;
    n->mtu = 1500;
    n->hwaddr_len = 6;
    n->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_LINK_UP;
    return ERR_OK;
}

/* --- the application ---------------------------------------------------- */
static amsop_tls_t tls;
static amsop_client_t client;
static amsop_target_t target;
static amsop_result_t result;

int main(void);
int main(void)
{
    amsop_config_t cfg = {0};
    amsop_wait_opts_t opts = {0};
    ip4_addr_t ip, mask, gw;

    lwip_init();
    IP4_ADDR(&ip, 192, 168, 1, 50);
    IP4_ADDR(&mask, 255, 255, 255, 0);
    IP4_ADDR(&gw, 192, 168, 1, 1);
    netif_add(&eth, &ip, &mask, &gw, NULL, eth_init, ethernet_input);
    netif_set_default(&eth);
    netif_set_up(&eth);
    if (amsop_lwip_hosts_add("management.azure.com", "20.37.158.0") != AMSOP_OK)
        return 1;
    if (amsop_tls_init(&tls, NULL) != AMSOP_OK) /* bundled Azure roots */
        return 1;
    cfg.token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.e30.c2ln";
    cfg.transport = amsop_tls_transport(&tls);
    cfg.sys = amsop_port_sys();
    if (amsop_client_init(&client, &cfg) != AMSOP_OK)
        return 1;
    if (amsop_target_from_ids("00000000-0000-0000-0000-000000000000", "rg", "acct",
                              "62e4d893-d233-4463-a81b-ddd04a0f6b4b", &target) != AMSOP_OK)
        return 2;
    if (amsop_client_get(&client, &target, &result) != AMSOP_OK)
        return 3;
    opts.timeout_ms = 600000u;
    return (int)amsop_client_wait(&client, &target, &opts, &result);
}
