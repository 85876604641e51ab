/* SPDX-License-Identifier: MIT */
/* amsop POSIX port: completes struct amsop_port_net for amsop_port.h, so a
 * caller can place the connection state statically or on its stack. */
#ifndef AMSOP_PORT_TYPES_H
#define AMSOP_PORT_TYPES_H

#include <netinet/in.h>
#include <stdint.h>
#include <sys/socket.h>

#include "amsop_config.h"

struct amsop_port_net {
    int fd; /* connected, non-blocking TCP socket; -1 when closed */
    /* The address the last successful connect reached for addr_host:
     * addr_port. Reconnects try it first and skip the resolver, which
     * allocates inside libc and may block beyond any timeout. */
    struct sockaddr_storage addr;
    socklen_t addr_len; /* 0: nothing cached */
    uint16_t addr_port;
    char addr_host[CONFIG_AMSOP_HOST_MAX];
};

#endif
