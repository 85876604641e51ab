/* SPDX-License-Identifier: MIT */
/* lwipopts.h of boards/lwip-tap's raw flavour: what a bare-metal NO_SYS=1
 * firmware would use. Everything static: lwIP's heap is its own ram_heap
 * array (MEM_SIZE), its pools are static arrays; nothing from malloc. */
#ifndef AMSOP_TAP_LWIPOPTS_H
#define AMSOP_TAP_LWIPOPTS_H

/* Super-loop, no OS: the port drives the stack (port/lwip/raw). */
#define NO_SYS               1
#define SYS_LIGHTWEIGHT_PROT 0 /* no interrupts touch lwIP on this board */
#define LWIP_NETCONN         0
#define LWIP_SOCKET          0
#define LWIP_ALTCP           0

/* Memory: static only. */
#define MEM_LIBC_MALLOC         0
#define MEMP_MEM_MALLOC         0
#define MEM_USE_POOLS           0
#define MEM_ALIGNMENT           8          /* 4 on Cortex-M */
#define MEM_SIZE                (6 * 1024) /* PBUF_RAM: copied TCP payload, ARP/ICMP replies */
#define MEMP_NUM_PBUF           8
#define MEMP_NUM_RAW_PCB        0
#define MEMP_NUM_UDP_PCB        0
#define MEMP_NUM_TCP_PCB        2 /* the connection, and one in TIME_WAIT/closing */
#define MEMP_NUM_TCP_PCB_LISTEN 1
#define MEMP_NUM_TCP_SEG        16
#define PBUF_POOL_SIZE          8

/* Protocols: IPv4, ARP, ICMP, TCP. No DNS (the host table names the
 * server), no DHCP (static address), no UDP. */
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

/* TCP: a 536-byte MSS works on any path; the window is what the port's
 * receive ring holds (TCP_WND <= CONFIG_AMSOP_LWIP_RAW_RX_RING_SIZE, checked
 * at compile time), so back-pressure is TCP's own window. */
#define TCP_MSS            536
#define TCP_WND            (3 * TCP_MSS)
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
