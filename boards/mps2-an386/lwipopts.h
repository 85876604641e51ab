/* SPDX-License-Identifier: MIT */
/* lwipopts.h of the mps2-an386 firmware: lwIP 2.1 NO_SYS=1 on one LAN9118
 * netif, IPv4 + ARP + ICMP + TCP, static address. Everything static: lwIP's
 * heap is its own ram_heap array (MEM_SIZE), its pools are static arrays;
 * nothing from malloc. */
#ifndef AMSOP_MPS2_LWIPOPTS_H
#define AMSOP_MPS2_LWIPOPTS_H

/* Super-loop, no OS: the port drives the stack (port/lwip/raw), and the
 * netif driver is polled from it, never from an interrupt. */
#define NO_SYS               1
#define SYS_LIGHTWEIGHT_PROT 0
#define LWIP_NETCONN         0
#define LWIP_SOCKET          0
#define LWIP_ALTCP           0

/* Memory: static only. */
#define MEM_LIBC_MALLOC         0
#define MEMP_MEM_MALLOC         0
#define MEM_USE_POOLS           0
#define MEM_ALIGNMENT           4
#define MEM_SIZE                (8 * 1024) /* PBUF_RAM: copied TCP payload, ARP/ICMP replies */
#define MEMP_NUM_PBUF           8
#define MEMP_NUM_RAW_PCB        0
#define MEMP_NUM_UDP_PCB        0
#define MEMP_NUM_TCP_PCB        4 /* ARM's and the token authority's, and two closing */
#define MEMP_NUM_TCP_PCB_LISTEN 1
#define MEMP_NUM_TCP_SEG        16
#define PBUF_POOL_SIZE          6 /* received frames waiting for TCP (window: 2 segments) */

#define LWIP_IPV4      1
#define LWIP_IPV6      0
#define LWIP_ARP       1
#define LWIP_ETHERNET  1
#define LWIP_ICMP      1
#define LWIP_RAW       0
#define LWIP_UDP       0
#define LWIP_DNS       0
#define LWIP_DHCP      0
#define LWIP_IGMP      0
#define LWIP_TCP       1
#define IP_REASSEMBLY  0
#define IP_FRAG        0
#define ARP_TABLE_SIZE 4
#define ARP_QUEUEING   0
#define ETH_PAD_SIZE   0

/* TCP: full Ethernet segments; the window is what the port's receive ring
 * holds (TCP_WND <= CONFIG_AMSOP_LWIP_RAW_RX_RING_SIZE, mps2.config). */
#define TCP_MSS            1460
#define TCP_WND            (2 * TCP_MSS)
#define TCP_SND_BUF        (2 * TCP_MSS)
#define TCP_SND_QUEUELEN   ((4 * TCP_SND_BUF + TCP_MSS - 1) / TCP_MSS)
#define TCP_QUEUE_OOSEQ    0
#define LWIP_TCP_KEEPALIVE 0
#define TCP_LISTEN_BACKLOG 0

#define LWIP_NETIF_LOOPBACK          0
#define LWIP_HAVE_LOOPIF             0
#define LWIP_STATS                   0
#define LWIP_CHECKSUM_CTRL_PER_NETIF 0

#endif
