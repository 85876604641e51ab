/* SPDX-License-Identifier: MIT */
/* boards/mps2-an386: what the board's files give each other. The MPS2 AN386
 * FPGA image (Cortex-M4 at 25 MHz) as QEMU models it: CMSDK APB UART0 at
 * 0x40004000, SMSC LAN9118 at 0x40200000, SysTick, semihosting for exit. */
#ifndef AMSOP_MPS2_BOARD_H
#define AMSOP_MPS2_BOARD_H

#include <stddef.h>
#include <stdint.h>

#define BOARD_CPU_HZ 25000000u

/* Exit codes, the CLI's (boards/posix/cli_exit.h). */
enum {
    BOARD_EXIT_OK = 0,       /* Succeeded */
    BOARD_EXIT_FAILED = 1,   /* Failed or Canceled */
    BOARD_EXIT_CONFIG = 2,   /* provisioning record refused / unusable */
    BOARD_EXIT_NETWORK = 3,  /* network or TLS */
    BOARD_EXIT_ARM = 4,      /* Resource Manager error reply */
    BOARD_EXIT_DEADLINE = 5, /* the wait's deadline passed */
    BOARD_EXIT_FAULT = 6     /* a CPU fault handler ran */
};

/* startup.c */
size_t board_stack_high_water(void); /* bytes of the painted stack ever used */
size_t board_stack_size(void);

/* semihost.c: ends the QEMU run with this exit status. */
void board_exit(int code) __attribute__((noreturn));

/* console.c: CMSDK UART0. */
void con_init(void);
void con_puts(const char *s);
void con_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* clock.c: SysTick, 1 ms (started by board_reset). */
void clock_init(void);
uint32_t clock_ms(void);
/* Sleeps until the next interrupt (SysTick at most 1 ms away). */
void clock_idle(void);
/* Instructions executed so far under QEMU -icount shift=0 (where one
 * instruction is one nanosecond of virtual time): virtual nanoseconds not
 * spent asleep in clock_idle(). Without -icount it is virtual time too, but
 * then it is not an instruction count. */
uint64_t clock_busy_ns(void);

/* entropy.c: the NV seed (mbedTLS MBEDTLS_ENTROPY_NV_SEED) from the
 * provisioning record, and amsop_port_entropy()/LWIP_RAND() from it. */
void entropy_set_seed(const uint8_t *seed, size_t len);
unsigned int board_random32(void);

#endif
