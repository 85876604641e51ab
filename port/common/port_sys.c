/* SPDX-License-Identifier: MIT */
/* The amsop_sys_t the core's wait loop uses: clock, sleep, jitter and the
 * log sink.
 * Written over the port calls only, so every port can share it. */
#include <string.h>

#include "amsop_port.h"

static uint64_t sys_now_ms(void *ctx)
{
    (void)ctx;
    return amsop_port_now_ms();
}

static void sys_sleep_ms(void *ctx, uint32_t ms)
{
    (void)ctx;
    amsop_port_sleep_ms(ms);
}

/* Jitter only spreads out retries of many devices, so it need not be
 * cryptographic; drawing it straight from the entropy source keeps the port
 * free of generator state. If entropy fails, the clock still differs from
 * device to device and from call to call. */
static uint32_t sys_random(void *ctx)
{
    uint8_t b[4];
    uint32_t r;

    (void)ctx;
    if (amsop_port_entropy(b, sizeof b) != AMSOP_OK) {
        uint64_t t = amsop_port_now_ms() * 0x9E3779B97F4A7C15u;
        return (uint32_t)(t >> 32);
    }
    memcpy(&r, b, sizeof r);
    return r;
}

static void sys_log(void *ctx, amsop_log_level_t level, const char *line)
{
    (void)ctx;
    amsop_port_log(level, line);
}

amsop_sys_t amsop_port_sys(void)
{
    amsop_sys_t s;

    s.ctx = NULL;
    s.now_ms = sys_now_ms;
    s.sleep_ms = sys_sleep_ms;
    s.random = sys_random;
    s.log = sys_log;
    return s;
}
