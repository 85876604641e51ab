/* SPDX-License-Identifier: MIT */
/* boards/lwip-tap: bringing lwIP up on the TAP device, one implementation
 * per port flavour (sockets/tap_up_sockets.c, raw/tap_up_raw.c). */
#ifndef AMSOP_TAP_STACK_H
#define AMSOP_TAP_STACK_H

#include <stddef.h>

#include "tap_args.h"

/* Starts lwIP with a static address on a->tap. 0, or a message in err. */
int tap_stack_up(const tap_args_t *a, char *err, size_t err_cap);

/* "lwip-sockets" or "lwip-raw". */
extern const char tap_stack_flavour[];

#endif
