/* SPDX-License-Identifier: MIT */
/* Leaving the program through Arm semihosting (QEMU -semihosting). On
 * M-profile the call is BKPT 0xAB with the operation in r0 and its argument
 * in r1. SYS_EXIT (0x18) on a 32-bit core carries no status (QEMU maps
 * ADP_Stopped_ApplicationExit to 0 and anything else to 1), so the exit code
 * goes through SYS_EXIT_EXTENDED (0x20), whose parameter block is
 * {reason, subcode}: QEMU exits with the subcode. A real board has no
 * debugger to exit to: it would reset or sleep instead. */
#include <stdint.h>

#include "board.h"

#define SYS_EXIT                    0x18u
#define SYS_EXIT_EXTENDED           0x20u
#define ADP_STOPPED_APPLICATIONEXIT 0x20026u
#define ADP_STOPPED_RUNTIMEERROR    0x20023u

static uint32_t semihost(uint32_t op, const void *arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;

    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void board_exit(int code)
{
    uint32_t block[2];

    block[0] = ADP_STOPPED_APPLICATIONEXIT;
    block[1] = (uint32_t)code;
    (void)semihost(SYS_EXIT_EXTENDED, block);
    /* A debugger without the extension: 0 or "error". */
    (void)semihost(SYS_EXIT, (const void *)(uintptr_t)(code == 0 ? ADP_STOPPED_APPLICATIONEXIT
                                                                 : ADP_STOPPED_RUNTIMEERROR));
    for (;;) {
        __asm__ volatile("wfi");
    }
}
