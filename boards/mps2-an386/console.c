/* SPDX-License-Identifier: MIT */
/* The console: CMSDK APB UART0 (QEMU connects it to serial0, stdio with
 * -nographic), polled, transmit only. con_printf knows %s %c %d %u %x %%
 * with an optional 'l', zero-pad flag and width: all the program prints,
 * without newlib's stdio (whose FILE buffers come from malloc). */
#include <stdarg.h>
#include <stdint.h>

#include "board.h"

#define UART0_BASE    0x40004000u
#define UART_DATA     (*(volatile uint32_t *)(UART0_BASE + 0x00u))
#define UART_STATE    (*(volatile uint32_t *)(UART0_BASE + 0x04u))
#define UART_CTRL     (*(volatile uint32_t *)(UART0_BASE + 0x08u))
#define UART_BAUD     (*(volatile uint32_t *)(UART0_BASE + 0x10u))
#define STATE_TX_FULL 0x1u
#define CTRL_TX_EN    0x1u

void con_init(void)
{
    UART_BAUD = BOARD_CPU_HZ / 115200u;
    UART_CTRL = CTRL_TX_EN;
}

static void con_putc(char c)
{
    while (UART_STATE & STATE_TX_FULL) {
    }
    UART_DATA = (uint32_t)(unsigned char)c;
}

void con_puts(const char *s)
{
    while (*s != '\0') {
        if (*s == '\n') {
            con_putc('\r');
        }
        con_putc(*s++);
    }
}

static void put_num(unsigned long v, unsigned base, int width, char pad, int negative)
{
    char buf[24];
    int n = 0;

    do {
        unsigned d = (unsigned)(v % base);
        buf[n++] = (char)(d < 10u ? '0' + (int)d : 'a' + (int)d - 10);
        v /= base;
    } while (v != 0u && n < (int)sizeof buf - 1);
    if (negative) {
        if (pad == '0') {
            con_putc('-');
        } else {
            buf[n++] = '-';
        }
        width--;
    }
    for (; width > n; width--) {
        con_putc(pad);
    }
    while (n > 0) {
        con_putc(buf[--n]);
    }
}

void con_printf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    for (; *fmt != '\0'; fmt++) {
        int width = 0;
        int is_long = 0;
        char pad = ' ';

        if (*fmt != '%') {
            if (*fmt == '\n') {
                con_putc('\r');
            }
            con_putc(*fmt);
            continue;
        }
        fmt++;
        if (*fmt == '0') {
            pad = '0';
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9') {
            width = width * 10 + (*fmt++ - '0');
        }
        if (*fmt == 'l') {
            is_long = 1;
            fmt++;
        }
        switch (*fmt) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            con_puts(s != NULL ? s : "(null)");
            break;
        }
        case 'c':
            con_putc((char)va_arg(ap, int));
            break;
        case 'd': {
            long v = is_long ? va_arg(ap, long) : (long)va_arg(ap, int);
            put_num(v < 0 ? (unsigned long)-(v + 1) + 1u : (unsigned long)v, 10u, width, pad,
                    v < 0);
            break;
        }
        case 'u':
        case 'x': {
            unsigned long v =
                is_long ? va_arg(ap, unsigned long) : (unsigned long)va_arg(ap, unsigned int);
            put_num(v, *fmt == 'u' ? 10u : 16u, width, pad, 0);
            break;
        }
        case '%':
            con_putc('%');
            break;
        case '\0':
            fmt--;
            break;
        default:
            con_putc('%');
            con_putc(*fmt);
            break;
        }
    }
    va_end(ap);
}

/* mbedTLS's fprintf (MBEDTLS_PLATFORM_FPRINTF_MACRO): only the memory
 * pool's error reports reach it; their format is printed as it is. */
int board_mbedtls_fprintf(void *stream, const char *fmt, ...);
int board_mbedtls_fprintf(void *stream, const char *fmt, ...)
{
    (void)stream;
    con_puts("mbedtls: ");
    con_puts(fmt);
    return 0;
}
