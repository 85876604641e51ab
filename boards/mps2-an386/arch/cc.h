/* SPDX-License-Identifier: MIT */
/* arch/cc.h of the mps2-an386 firmware: lwIP's defaults (stdint types,
 * little-endian) suit arm-none-eabi; the random source for TCP ports and
 * initial sequence numbers is the board's (entropy.c). */
#ifndef AMSOP_MPS2_ARCH_CC_H
#define AMSOP_MPS2_ARCH_CC_H

unsigned int board_random32(void);
#define LWIP_RAND() ((u32_t)board_random32())

#endif
