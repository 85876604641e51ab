/* SPDX-License-Identifier: MIT */
/* The raw port's engine: with NO_SYS=1 nothing runs lwIP but its caller, so
 * a blocking port call drives the stack itself: the board's netif poll hook
 * (frames -> netif->input), then lwIP's timers, until its condition holds or
 * its deadline passes. Sleeping does the same, so TCP keeps answering
 * (ACKs, keep-alive, the server's FIN) while the core waits between polls. */
#include "amsop_config.h"
#include "lwip/timeouts.h"
#include "lwip_raw_internal.h"

void amsop_lwip_drive(uint32_t wait_ms)
{
    uint32_t timer_ms = sys_timeouts_sleeptime(); /* next lwIP timer */
    uint32_t slice = wait_ms;

    if (slice > CONFIG_AMSOP_LWIP_POLL_SLICE_MS) {
        slice = CONFIG_AMSOP_LWIP_POLL_SLICE_MS;
    }
    if (slice > timer_ms) {
        slice = timer_ms;
    }
    amsop_lwip_netif_poll(slice);
    sys_check_timeouts();
    ++amsop__lwip_stats.drive_loops;
}

int amsop__lwip_raw_drive_until(amsop_port_net_t *n, int (*done)(const amsop_port_net_t *),
                                uint64_t deadline_ms)
{
    for (;;) {
        uint32_t left;

        if (done(n)) {
            return 1;
        }
        if (amsop_port_interrupted()) {
            return 0; /* the caller gave up: stop now */
        }
        left = amsop__lwip_left_ms(deadline_ms);
        /* A zero timeout still gets one look at what has arrived. */
        amsop_lwip_drive(left);
        if (left == 0) {
            return done(n);
        }
    }
}

void amsop_port_sleep_ms(uint32_t ms)
{
    uint64_t deadline = amsop_port_now_ms() + ms;
    uint32_t left;

    while ((left = amsop__lwip_left_ms(deadline)) > 0) {
        amsop_lwip_drive(left);
    }
}
