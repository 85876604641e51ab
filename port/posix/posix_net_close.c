/* SPDX-License-Identifier: MIT */
/* Closing a POSIX port connection. */
#define _POSIX_C_SOURCE 200809L

#include <unistd.h>

#include "amsop_port.h"

void amsop_port_net_close(amsop_port_net_t *n)
{
    if (n == NULL || n->fd < 0) {
        return; /* closing twice, or never opened, is fine */
    }
    /* No retry on EINTR: on Linux the descriptor is released even then, and
     * retrying could close a descriptor another thread just got. */
    (void)close(n->fd);
    n->fd = -1;
}
