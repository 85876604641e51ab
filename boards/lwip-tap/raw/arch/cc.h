/* SPDX-License-Identifier: MIT */
/* arch/cc.h of boards/lwip-tap's raw flavour: the compiler/platform glue a
 * firmware provides to lwIP. lwIP's defaults (stdint types, printf
 * diagnostics, little-endian) suit the host; only the random source for
 * TCP ports and sequence numbers is the board's. */
#ifndef AMSOP_TAP_ARCH_CC_H
#define AMSOP_TAP_ARCH_CC_H

unsigned int tap_random32(void);
#define LWIP_RAND() ((u32_t)tap_random32())

#endif
