/* SPDX-License-Identifier: MIT */
/* Private to core/: scanning the reply a machine word at a time, shared by
 * the HTTP reader and the JSON pass. A word is a size_t: 4 bytes on a
 * 32-bit MCU, 8 on a 64-bit host (a 64-bit word on Cortex-M costs code, not
 * speed). Masks keep one flag per byte, in the byte's high bit. */
#ifndef AMSOP_WORD_H
#define AMSOP_WORD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef size_t word_t;
#define WB   sizeof(word_t)
#define ONES ((word_t)-1 / 0xFFu) /* a byte in every lane of a word */
#define HIGH (ONES * 0x80u)       /* the high bit of every lane */

/* WORD_FIRST_EXACT: word_first() costs one instruction (little-endian GCC
 * or clang: the first byte in memory is the lowest). */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define WORD_FIRST_EXACT 1
#endif

/* The word at p, any alignment. */
static inline word_t word_load(const uint8_t *p)
{
    word_t w;
    memcpy(&w, p, sizeof(w));
    return w;
}

/* Index, in memory order, of the first byte whose flag is set in m
 * (m != 0). */
static inline size_t word_first(word_t m)
{
#ifdef WORD_FIRST_EXACT
    return (size_t)__builtin_ctzll((unsigned long long)m) / 8u;
#else
    size_t i = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    while (!(m & ((word_t)0x80u << (8u * (WB - 1u - i)))))
        i++;
#else
    while (!(m & ((word_t)0x80u << (8u * i))))
        i++;
#endif
    return i;
#endif
}

#endif
