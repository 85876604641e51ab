/* SPDX-License-Identifier: MIT */
/* The lwIP ports' clock: lwIP's own sys_now() (the RTOS tick on an RTOS,
 * the board's timer on bare metal), widened to 64 bits so the core's
 * deadlines survive the 49.7-day wrap of a 32-bit millisecond counter. */
#include "amsop_port.h"
#include "lwip/sys.h"

uint64_t amsop_port_now_ms(void)
{
    /* Not synchronised: amsop runs in one task; called at least once per
     * wrap period by any poll loop, so no wrap goes unseen. */
    static uint32_t last;
    static uint64_t high;
    uint32_t now = (uint32_t)sys_now();

    if (now < last) {
        high += (uint64_t)1u << 32;
    }
    last = now;
    return high | now;
}
