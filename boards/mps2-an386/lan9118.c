/* SPDX-License-Identifier: MIT */
/* SMSC LAN9118 netif driver, written for this board from the chip's
 * register description (system CSRs at 0x50..0xB4, MAC CSRs reached through
 * MAC_CSR_CMD/DATA, PHY registers through the MAC's MII_ACC/MII_DATA).
 *
 * Transmit: per frame, TX command A (first + last segment, byte count) and
 * B (tag, frame length), then the frame in 32-bit little-endian words; the
 * TX status word is read back and counted. Receive: while the RX status
 * FIFO holds an entry, pop it (length in bits 29:16, including the 4-byte
 * FCS; error summary bit 15), then read the frame's words from the RX data
 * FIFO into one PBUF_POOL chain. Polled from the raw lwIP port's drive loop;
 * no interrupts, no DMA. */
#include "lan9118.h"

#include <string.h>

#include "lwip/etharp.h"
#include "lwip/pbuf.h"
#include "netif/ethernet.h"

#define REG(off)       (*(volatile uint32_t *)(LAN9118_BASE + (off)))
#define RX_DATA_FIFO   0x00u
#define TX_DATA_FIFO   0x20u
#define RX_STATUS_FIFO 0x40u
#define TX_STATUS_FIFO 0x48u
#define ID_REV         0x50u
#define INT_EN         0x5Cu
#define BYTE_TEST      0x64u
#define TX_CFG         0x70u
#define HW_CFG         0x74u
#define RX_FIFO_INF    0x7Cu
#define TX_FIFO_INF    0x80u
#define PMT_CTRL       0x84u
#define MAC_CSR_CMD    0xA4u
#define MAC_CSR_DATA   0xA8u

#define BYTE_TEST_VALUE 0x87654321u
#define HW_CFG_SRST     0x1u
#define PMT_CTRL_READY  0x1u
#define TX_CFG_TX_ON    0x2u
#define TX_CFG_TXSAO    0x4u /* TX status FIFO may overrun: we only count */
#define CSR_BUSY        0x80000000u
#define CSR_READ        0x40000000u

#define MAC_CR       1u
#define MAC_ADDRH    2u
#define MAC_ADDRL    3u
#define MAC_MII_ACC  6u
#define MAC_MII_DATA 7u
#define MAC_CR_FDPX  0x00100000u
#define MAC_CR_TXEN  0x00000008u
#define MAC_CR_RXEN  0x00000004u
#define MII_ACC_BUSY 0x1u
#define PHY_ADDR     1u
#define PHY_BSR      1u
#define PHY_BSR_LINK 0x0004u

#define TXA_FIRST_SEG 0x00002000u
#define TXA_LAST_SEG  0x00001000u
#define RXS_LEN(s)    (((s) >> 16) & 0x3FFFu)
#define RXS_ERROR     0x00008000u
#define FCS_LEN       4u
#define FRAME_MAX     1518u /* with FCS */

static lan9118_stats_t s_stats;
/* One frame staged in word order: FIFO words in and out. */
static uint32_t s_frame[(FRAME_MAX + 3u) / 4u];

static uint32_t mac_read(uint32_t reg)
{
    REG(MAC_CSR_CMD) = CSR_BUSY | CSR_READ | reg;
    while (REG(MAC_CSR_CMD) & CSR_BUSY) {
    }
    return REG(MAC_CSR_DATA);
}

static void mac_write(uint32_t reg, uint32_t val)
{
    REG(MAC_CSR_DATA) = val;
    REG(MAC_CSR_CMD) = CSR_BUSY | reg;
    while (REG(MAC_CSR_CMD) & CSR_BUSY) {
    }
}

static uint32_t phy_read(uint32_t reg)
{
    mac_write(MAC_MII_ACC, (PHY_ADDR << 11) | (reg << 6) | MII_ACC_BUSY);
    while (mac_read(MAC_MII_ACC) & MII_ACC_BUSY) {
    }
    return mac_read(MAC_MII_DATA) & 0xFFFFu;
}

int lan9118_link_up(void)
{
    return (phy_read(PHY_BSR) & PHY_BSR_LINK) != 0u;
}

int lan9118_probe(uint8_t mac[6])
{
    uint32_t lo;
    uint32_t hi;
    unsigned spins;

    if (REG(BYTE_TEST) != BYTE_TEST_VALUE || (REG(ID_REV) >> 16) != 0x0118u) {
        return -1;
    }
    REG(HW_CFG) = HW_CFG_SRST;
    for (spins = 0; (REG(HW_CFG) & HW_CFG_SRST) || !(REG(PMT_CTRL) & PMT_CTRL_READY); spins++) {
        if (spins > 100000u) {
            return -1;
        }
    }
    REG(INT_EN) = 0u; /* polled */
    lo = mac_read(MAC_ADDRL);
    hi = mac_read(MAC_ADDRH);
    mac[0] = (uint8_t)lo;
    mac[1] = (uint8_t)(lo >> 8);
    mac[2] = (uint8_t)(lo >> 16);
    mac[3] = (uint8_t)(lo >> 24);
    mac[4] = (uint8_t)hi;
    mac[5] = (uint8_t)(hi >> 8);
    return 0;
}

static err_t lan9118_output(struct netif *n, struct pbuf *p)
{
    uint32_t len = p->tot_len;
    uint32_t words = (len + 3u) / 4u;
    uint32_t i;

    (void)n;
    if (len > FRAME_MAX - FCS_LEN || (REG(TX_FIFO_INF) & 0xFFFFu) < words * 4u + 8u) {
        s_stats.tx_dropped++;
        return ERR_MEM;
    }
    s_frame[words - 1u] = 0u;
    (void)pbuf_copy_partial(p, s_frame, (u16_t)len, 0);
    REG(TX_DATA_FIFO) = TXA_FIRST_SEG | TXA_LAST_SEG | len;
    REG(TX_DATA_FIFO) = (s_stats.tx_frames & 0xFFFFu) << 16 | len;
    for (i = 0; i < words; i++) {
        REG(TX_DATA_FIFO) = s_frame[i];
    }
    while ((REG(TX_FIFO_INF) >> 16) & 0xFFu) {
        (void)REG(TX_STATUS_FIFO);
    }
    s_stats.tx_frames++;
    return ERR_OK;
}

unsigned lan9118_poll(struct netif *n)
{
    unsigned frames = 0;

    while ((REG(RX_FIFO_INF) >> 16) & 0xFFu) {
        uint32_t status = REG(RX_STATUS_FIFO);
        uint32_t len = RXS_LEN(status);
        uint32_t words = (len + 3u) / 4u;
        uint32_t i;
        struct pbuf *p = NULL;

        if (len > FRAME_MAX) { /* cannot be staged: drain it word by word */
            for (i = 0; i < words; i++) {
                (void)REG(RX_DATA_FIFO);
            }
            s_stats.rx_dropped++;
            continue;
        }
        for (i = 0; i < words; i++) {
            s_frame[i] = REG(RX_DATA_FIFO);
        }
        if ((status & RXS_ERROR) == 0u && len > FCS_LEN + 14u) {
            p = pbuf_alloc(PBUF_RAW, (u16_t)(len - FCS_LEN), PBUF_POOL);
        }
        if (p == NULL) {
            s_stats.rx_dropped++;
            continue;
        }
        (void)pbuf_take(p, s_frame, (u16_t)(len - FCS_LEN));
        s_stats.rx_frames++;
        frames++;
        if (n->input(p, n) != ERR_OK) {
            pbuf_free(p);
        }
    }
    return frames;
}

err_t lan9118_netif_init(struct netif *n)
{
    n->name[0] = 'e';
    n->name[1] = 'n';
    n->output = etharp_output;
    n->linkoutput = lan9118_output;
    n->mtu = 1500;
    n->hwaddr_len = ETH_HWADDR_LEN;
    n->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
    /* Exact-match unicast + broadcast (promiscuous mode off), full duplex. */
    mac_write(MAC_ADDRL, (uint32_t)n->hwaddr[0] | (uint32_t)n->hwaddr[1] << 8 |
                             (uint32_t)n->hwaddr[2] << 16 | (uint32_t)n->hwaddr[3] << 24);
    mac_write(MAC_ADDRH, (uint32_t)n->hwaddr[4] | (uint32_t)n->hwaddr[5] << 8);
    mac_write(MAC_CR, MAC_CR_FDPX | MAC_CR_TXEN | MAC_CR_RXEN);
    REG(TX_CFG) = TX_CFG_TX_ON | TX_CFG_TXSAO;
    return ERR_OK;
}

void lan9118_get_stats(lan9118_stats_t *out)
{
    memcpy(out, &s_stats, sizeof *out);
}
