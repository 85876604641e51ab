/* SPDX-License-Identifier: MIT */
/* Reset and the vector table of the mps2-an386 firmware: copy .data from
 * flash, clear .bss, paint the stack below the current frame with a pattern
 * (board_stack_high_water() finds the deepest byte that was overwritten),
 * then main(). SysTick starts first, so clock figures count from reset.
 * Faults print one line and exit with BOARD_EXIT_FAULT. */
#include <stdint.h>

#include "board.h"

#define STACK_PAINT 0xA5A5A5A5u

extern uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[];
extern uint32_t __stack_bottom[], __stack_top[];
int main(void);
void board_reset(void);
void SysTick_Handler(void);

/* Linker symbols are distinct objects to C: walk them by word counts. */
static size_t words_between(const void *from, const void *to)
{
    return ((uintptr_t)to - (uintptr_t)from) / sizeof(uint32_t);
}

void board_reset(void)
{
    size_t n = words_between(__data_start, __data_end);
    size_t i;
    const uint32_t *sp;

    /* The clock counts from reset: SysTick runs during the copies below,
     * its first interrupt held (PRIMASK) until .bss is clear. */
    __asm__ volatile("cpsid i" ::: "memory");
    clock_init();
    for (i = 0; i < n; i++) {
        __data_start[i] = __data_load[i];
    }
    n = words_between(__bss_start, __bss_end);
    for (i = 0; i < n; i++) {
        __bss_start[i] = 0u;
    }
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    n = words_between(__stack_bottom, sp) - 16u; /* this frame stays intact */
    for (i = 0; i < n; i++) {
        __stack_bottom[i] = STACK_PAINT;
    }
    __asm__ volatile("cpsie i" ::: "memory");
    board_exit(main());
}

size_t board_stack_size(void)
{
    return (size_t)((uintptr_t)__stack_top - (uintptr_t)__stack_bottom);
}

size_t board_stack_high_water(void)
{
    size_t n = words_between(__stack_bottom, __stack_top);
    size_t i = 0;

    while (i < n && __stack_bottom[i] == STACK_PAINT) {
        i++;
    }
    return (n - i) * sizeof(uint32_t);
}

static void fault(const char *what)
{
    con_printf("fault: %s\n", what);
    board_exit(BOARD_EXIT_FAULT);
}

static void nmi_handler(void)
{
    fault("NMI");
}

static void hard_fault_handler(void)
{
    fault("HardFault");
}

static void mem_fault_handler(void)
{
    fault("MemManage");
}

static void bus_fault_handler(void)
{
    fault("BusFault");
}

static void usage_fault_handler(void)
{
    fault("UsageFault");
}

static void unexpected_handler(void)
{
    fault("unexpected interrupt");
}

typedef void (*vector_t)(void);

/* 16 system exceptions + the 32 interrupts QEMU wires on AN386. */
__attribute__((section(".vectors"), used)) static const vector_t vectors[16 + 32] = {
    (vector_t)(uintptr_t)__stack_top,
    board_reset,
    nmi_handler,
    hard_fault_handler,
    mem_fault_handler,
    bus_fault_handler,
    usage_fault_handler,
    0,
    0,
    0,
    0,
    unexpected_handler, /* SVCall */
    unexpected_handler, /* DebugMonitor */
    0,
    unexpected_handler, /* PendSV */
    SysTick_Handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
    unexpected_handler,
};
