/* SPDX-License-Identifier: MIT */
/* amsop lwIP sockets port: completes struct amsop_port_net for amsop_port.h
 * (one lwIP socket; no lwIP header needed by its users). */
#ifndef AMSOP_PORT_TYPES_H
#define AMSOP_PORT_TYPES_H

struct amsop_port_net {
    int s; /* lwIP socket (lwip_socket), blocking, -1 when closed */
};

#endif
