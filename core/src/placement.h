/* SPDX-License-Identifier: MIT */
/* Private to core/: where a function's code goes. Hints only, never a
 * second copy of a rule: OUT_OF_LINE keeps rare or shared work a call of
 * its own (fewer registers saved on the hot path, one copy in flash where
 * -Os would inline it twice); IN_LINE puts a small step into its caller's
 * loop. Other compilers decide for themselves. */
#ifndef AMSOP_PLACEMENT_H
#define AMSOP_PLACEMENT_H

#if defined(__GNUC__)
#define OUT_OF_LINE __attribute__((noinline))
#define IN_LINE     __attribute__((always_inline))
#else
#define OUT_OF_LINE
#define IN_LINE
#endif

#endif
