/* SPDX-License-Identifier: MIT */
/* An lwIP netif driver for the SMSC LAN9118 (on MPS2 at 0x40200000, 32-bit
 * bus, PIO FIFOs, no DMA), polled: lan9118_poll() hands every received frame
 * to netif->input. */
#ifndef AMSOP_MPS2_LAN9118_H
#define AMSOP_MPS2_LAN9118_H

#include <stdint.h>

#include "lwip/netif.h"

#define LAN9118_BASE 0x40200000u

typedef struct lan9118_stats {
    uint32_t rx_frames;
    uint32_t rx_dropped; /* errored, oversized, or no pbuf */
    uint32_t tx_frames;
    uint32_t tx_dropped; /* too long or FIFO full */
} lan9118_stats_t;

/* Checks the chip answers (BYTE_TEST), soft-resets it and reads the MAC
 * address it was given (QEMU: -nic ...,mac=). 0 when usable. */
int lan9118_probe(uint8_t mac[6]);

/* netif_add()'s init function: MAC address, MTU, flags, output hooks; turns
 * the receiver and transmitter on. */
err_t lan9118_netif_init(struct netif *n);

/* Moves every frame in the receive FIFO into lwIP; returns how many. */
unsigned lan9118_poll(struct netif *n);

/* Link state from the PHY (basic status register, bit 2). */
int lan9118_link_up(void);

void lan9118_get_stats(lan9118_stats_t *out);

#endif
