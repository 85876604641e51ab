/* SPDX-License-Identifier: MIT */
/* boards/lwip-tap: the netif driver over a Linux TAP device, for both
 * flavours. One static frame buffer for output (lwIP's pbuf chain is
 * flattened into it), another for input; the fd is non-blocking so a poll
 * never stalls the raw flavour's super-loop. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif

#include "tap_netif.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "lwip/etharp.h"
#include "lwip/ip4_addr.h"
#include "lwip/pbuf.h"
#include "netif/ethernet.h"

#define TAP_FRAME_MAX       1518u /* Ethernet + VLAN tag, no FCS */
#define TAP_FRAMES_PER_POLL 32    /* bounded work per poll */

static int s_fd = -1;
static struct netif *s_netif;
static uint8_t s_frame[TAP_FRAME_MAX];    /* output */
static uint8_t s_rx_frame[TAP_FRAME_MAX]; /* input (its own: the sockets flavour reads in
                                             another thread than lwIP writes in) */

int tap_netif_open(const char *name)
{
    struct ifreq ifr;
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);

    if (fd < 0) {
        return -1;
    }
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    if (strlen(name) >= sizeof ifr.ifr_name) {
        (void)close(fd);
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(ifr.ifr_name, name, strlen(name));
    if (ioctl(fd, TUNSETIFF, &ifr) != 0) {
        int e = errno;
        (void)close(fd);
        errno = e;
        return -1;
    }
    s_fd = fd;
    return 0;
}

static err_t tap_linkoutput(struct netif *netif, struct pbuf *p)
{
    ssize_t rc;

    (void)netif;
    if (p->tot_len > sizeof s_frame) {
        return ERR_IF;
    }
    (void)pbuf_copy_partial(p, s_frame, p->tot_len, 0);
    rc = write(s_fd, s_frame, p->tot_len);
    /* A full device queue drops the frame, as a busy wire would; TCP resends. */
    return rc == (ssize_t)p->tot_len ? ERR_OK : ERR_IF;
}

err_t tap_netif_init(struct netif *netif)
{
    static const uint8_t mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};

    netif->name[0] = 't';
    netif->name[1] = 'p';
    netif->output = etharp_output;
    netif->linkoutput = tap_linkoutput;
    netif->mtu = 1500;
    netif->hwaddr_len = 6;
    memcpy(netif->hwaddr, mac, sizeof mac);
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
    s_netif = netif;
    return ERR_OK;
}

/* One frame from the device into lwIP. 1 if one was read, 0 if none. */
static int input_one(void)
{
    ssize_t rc = read(s_fd, s_rx_frame, sizeof s_rx_frame);
    struct pbuf *p;

    if (rc <= 0) {
        return 0;
    }
    p = pbuf_alloc(PBUF_RAW, (u16_t)rc, TAP_NETIF_RX_PBUF);
    if (p == NULL) {
        return 1; /* pool empty: dropped, TCP resends */
    }
    (void)pbuf_take(p, s_rx_frame, (u16_t)rc);
    if (s_netif->input(p, s_netif) != ERR_OK) {
        pbuf_free(p);
    }
    return 1;
}

void tap_netif_rx(uint32_t wait_ms)
{
    struct pollfd pfd;
    int i;

    if (s_fd < 0 || s_netif == NULL) {
        return;
    }
    pfd.fd = s_fd;
    pfd.events = POLLIN;
    pfd.revents = 0;
    if (poll(&pfd, 1, wait_ms > 60000u ? 60000 : (int)wait_ms) <= 0) {
        return; /* nothing arrived (or a signal: the caller loops anyway) */
    }
    for (i = 0; i < TAP_FRAMES_PER_POLL && input_one(); ++i) {
    }
}

int tap_parse_ip4(const char *what, const char *s, ip4_addr_t *out, char *err, size_t err_cap)
{
    if (s == NULL) {
        ip4_addr_set_zero(out);
        return 0;
    }
    if (!ip4addr_aton(s, out)) {
        (void)snprintf(err, err_cap, "%s: not an IPv4 address", what);
        return 1;
    }
    return 0;
}
