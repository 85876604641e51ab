/* SPDX-License-Identifier: MIT */
/* The millisecond clock: SysTick from the 25 MHz core clock, one interrupt
 * per millisecond. sys_now() (lwIP, and through it amsop's port clock) reads
 * the count. clock_idle() sleeps in WFI until the next interrupt and keeps
 * the time spent there apart, so that under QEMU -icount shift=0 the rest
 * (clock_busy_ns) is the number of instructions executed. A real board keeps
 * SysTick or uses a low-power timer (RTC) that also runs in deep sleep. */
#include <stdint.h>

#include "board.h"
#include "lwip/sys.h"

#define SYST_CSR      (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR      (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR      (*(volatile uint32_t *)0xE000E018u)
#define CSR_ENABLE    0x1u
#define CSR_TICKINT   0x2u
#define CSR_CLKSOURCE 0x4u /* the processor clock */

#define TICKS_PER_MS (BOARD_CPU_HZ / 1000u)
#define NS_PER_TICK  (1000000000u / BOARD_CPU_HZ)

static volatile uint32_t s_ms;
static uint64_t s_idle_ns;

void SysTick_Handler(void);
void SysTick_Handler(void)
{
    s_ms++;
}

void clock_init(void)
{
    SYST_RVR = TICKS_PER_MS - 1u;
    SYST_CVR = 0u;
    SYST_CSR = CSR_ENABLE | CSR_TICKINT | CSR_CLKSOURCE;
}

uint32_t clock_ms(void)
{
    return s_ms;
}

u32_t sys_now(void)
{
    return s_ms;
}

/* Virtual nanoseconds since clock_init, at SysTick resolution (40 ns). */
static uint64_t now_ns(void)
{
    uint32_t ms;
    uint32_t cvr;

    do {
        ms = s_ms;
        cvr = SYST_CVR;
    } while (ms != s_ms);
    return (uint64_t)ms * 1000000u + (uint64_t)(TICKS_PER_MS - 1u - cvr) * NS_PER_TICK;
}

void clock_idle(void)
{
    uint64_t t0 = now_ns();

    __asm__ volatile("wfi" ::: "memory");
    s_idle_ns += now_ns() - t0;
}

uint64_t clock_busy_ns(void)
{
    return now_ns() - s_idle_ns;
}
