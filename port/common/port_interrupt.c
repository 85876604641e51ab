/* SPDX-License-Identifier: MIT */
/* The caller's "give up now" flag (e.g. set by a SIGINT handler), seen by
 * every blocking network wait of a port, so cancelling a wait does not have
 * to sit out a 30-second receive timeout. Set once at start-up, like the log
 * sink; the one other piece of static state in the port. */
#include "amsop_port.h"

static const volatile int *s_interrupt;

void amsop_port_set_interrupt(const volatile int *flag)
{
    s_interrupt = flag;
}

int amsop_port_interrupted(void)
{
    return s_interrupt != NULL && *s_interrupt != 0;
}
