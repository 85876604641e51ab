/* SPDX-License-Identifier: MIT */
/* Reset code and vector table of the size-measurement firmware: copy .data,
 * clear .bss, call main. Just enough for the image to be a real program. */
#include <stdint.h>

extern uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[];
extern uint32_t __stack_top[];
int main(void);
void fw_reset(void);

void fw_reset(void)
{
    uint32_t *s = __data_load;
    uint32_t *d = __data_start;
    while (d < __data_end)
        *d++ = *s++;
    for (d = __bss_start; d < __bss_end; d++)
        *d = 0;
    (void)main();
    for (;;) {
    }
}

#if defined(__arm__)
/* Cortex-M: initial stack pointer, then the reset vector. */
__attribute__((section(".vectors"), used)) static void (*const vectors[2])(void) = {
    (void (*)(void))(uintptr_t)__stack_top, fw_reset};
#elif defined(__riscv)
/* RISC-V: set the stack pointer, then reset. */
__asm__(".section .vectors,\"ax\"\n"
        ".globl _start\n"
        "_start:\n"
        "  la sp, __stack_top\n"
        "  call fw_reset\n"
        "1: j 1b\n");
#endif
