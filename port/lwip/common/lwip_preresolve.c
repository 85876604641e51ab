/* SPDX-License-Identifier: MIT */
/* The lwIP ports resolve from the board's static host table (raw) or with
 * lwIP's own DNS client (sockets), neither of which allocates from the C
 * heap: there is nothing to warm up. */
#include "amsop_port.h"

amsop_err_t amsop_port_net_preresolve(amsop_port_net_t *n, const char *host, uint16_t port)
{
    (void)n;
    return (host == NULL || host[0] == '\0' || port == 0) ? AMSOP_ERR_INVALID_ARG : AMSOP_OK;
}
