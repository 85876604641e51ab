/* SPDX-License-Identifier: MIT */
/* Sleeping between polls. */
#define _POSIX_C_SOURCE 200809L

#include <time.h>

#include "amsop_port.h"

void amsop_port_sleep_ms(uint32_t ms)
{
    struct timespec req;

    req.tv_sec = (time_t)(ms / 1000u);
    req.tv_nsec = (long)(ms % 1000u) * 1000000L;
    /* Deliberately not resumed after EINTR: a signal ends the sleep early,
     * which is how a CLI's Ctrl-C or a cancel request is noticed at once.
     * The core sleeps in short slices and measures elapsed time with
     * amsop_port_now_ms, so an early return never shortens a backoff by more
     * than the slice it interrupted. The only other failures (EINVAL,
     * EFAULT) cannot happen with this request. */
    (void)nanosleep(&req, NULL);
}
