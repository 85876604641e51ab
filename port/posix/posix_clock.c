/* SPDX-License-Identifier: MIT */
/* Monotonic milliseconds for deadlines and backoff. */
#define _POSIX_C_SOURCE 200809L

#include <time.h>

#include "amsop_port.h"

uint64_t amsop_port_now_ms(void)
{
    struct timespec ts;

    /* CLOCK_MONOTONIC: wall-clock steps (NTP, the user) must not shorten or
     * stretch a timeout. It cannot fail with a valid clock id and pointer. */
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        return 0;
    }
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}
