/* amsop POSIX port: completes struct amsop_port_net for amsop_port.h, so a
 * caller can place the connection state statically or on its stack. */
#ifndef AMSOP_PORT_TYPES_H
#define AMSOP_PORT_TYPES_H

struct amsop_port_net {
    int fd; /* connected, non-blocking TCP socket; -1 when closed */
};

#endif
