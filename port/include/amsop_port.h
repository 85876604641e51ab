/* SPDX-License-Identifier: MIT */
/* amsop port layer: what a platform provides. Exactly one port (posix/,
 * lwip/...) is linked; it also supplies amsop_port_types.h, which completes
 * struct amsop_port_net so callers can place it statically.
 *
 * The core never calls these directly: boards hand the core an
 * amsop_transport_t (the TLS transport, written once over these calls) and
 * an amsop_sys_t (amsop_port_sys()). */
#ifndef AMSOP_PORT_H
#define AMSOP_PORT_H

#include <stddef.h>
#include <stdint.h>

#include "amsop_err.h"
#include "amsop_port_types.h"
#include "amsop_transport.h"

typedef struct amsop_port_net amsop_port_net_t;

typedef void (*amsop_log_sink)(void *user, amsop_log_level_t level, const char *msg);

#ifdef __cplusplus
extern "C" {
#endif

/* Network: one TCP stream. Each call returns within its timeout. */
void amsop_port_net_init(amsop_port_net_t *n);
amsop_err_t amsop_port_net_connect(amsop_port_net_t *n, const char *host, uint16_t port,
                                   uint32_t timeout_ms);
amsop_err_t amsop_port_net_send(amsop_port_net_t *n, const uint8_t *buf, size_t len,
                                uint32_t timeout_ms, size_t *sent);
/* AMSOP_ERR_NET_CLOSED on orderly close, AMSOP_ERR_TIMEOUT when idle. */
amsop_err_t amsop_port_net_recv(amsop_port_net_t *n, uint8_t *buf, size_t cap, uint32_t timeout_ms,
                                size_t *received);
void amsop_port_net_close(amsop_port_net_t *n);
/* Optional warm-up: resolves host:port now (e.g. at start-up) so that later
 * connects to it need no name lookup. AMSOP_OK also where a port has
 * nothing to do; a failure here is reported again by the connect. */
amsop_err_t amsop_port_net_preresolve(amsop_port_net_t *n, const char *host, uint16_t port);

/* Optional: a flag (e.g. set by a signal handler) that ends any blocking
 * network wait early, with a failure, as soon as it is non-zero. Name
 * resolution is bounded only by the platform's resolver. */
void amsop_port_set_interrupt(const volatile int *flag);
int amsop_port_interrupted(void);

/* A plain-TCP amsop_transport_t over the calls above (tests, debugging). */
amsop_transport_t amsop_port_tcp_transport(amsop_port_net_t *n);

/* Time, sleep, entropy. */
uint64_t amsop_port_now_ms(void);
void amsop_port_sleep_ms(uint32_t ms);
/* Cryptographic-quality bytes for the TLS DRBG seed. */
amsop_err_t amsop_port_entropy(uint8_t *buf, size_t len);

/* The amsop_sys_t the core's wait loop uses, backed by the calls above. */
amsop_sys_t amsop_port_sys(void);

/* Optional log sink (default: none). Never receives the access token. */
void amsop_port_set_log(amsop_log_sink sink, void *user);
void amsop_port_log(amsop_log_level_t level, const char *msg);

#ifdef __cplusplus
}
#endif

#endif
