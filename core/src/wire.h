/* SPDX-License-Identifier: MIT */
/* Private to core/: one HTTP exchange's plumbing, shared by the ARM client
 * and the Azure AD token provider (each has its own transport and buffers):
 * a streaming writer that stages bytes in a small buffer, the reply reader,
 * deadlines, and wiping secrets. */
#ifndef AMSOP_WIRE_H
#define AMSOP_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "amsop_client.h"
#include "amsop_http.h"
#include "amsop_target.h"
#include "amsop_transport.h"

/* Streams bytes through buf[0..cap), flushing to the transport whenever it
 * fills, and reads the reply into the same buffer. The first failure sticks
 * in err; later puts do nothing. The state lives in the client (or provider)
 * struct, so the exchange path carries no copy of it on the stack. */
typedef amsop_wire_t amsop__writer_t;

/* Milliseconds left until deadline (0 when passed), capped at cap_ms. */
uint32_t amsop__left(const amsop_sys_t *sys, uint64_t deadline, uint32_t cap_ms);

void amsop__writer_init(amsop__writer_t *w, const amsop_transport_t *tr, const amsop_sys_t *sys,
                        uint8_t *buf, size_t cap, uint64_t deadline, amsop_err_t deadline_err);
void amsop__put(amsop__writer_t *w, const char *s, size_t n);
void amsop__puts(amsop__writer_t *w, const char *s);
void amsop__put_uint(amsop__writer_t *w, uint32_t v);
/* host, [host] for IPv6 literals, and :port unless 443. */
void amsop__put_host(amsop__writer_t *w, const amsop_endpoint_t *ep);
/* Sends what is staged. Returns the sticky error. */
amsop_err_t amsop__flush(amsop__writer_t *w);

/* Reads one reply through w's transport and buffer, until w's deadline,
 * into *http (amsop_http_begin'ed by the caller: it says where header fields
 * and the body go). *got_bytes tells whether any byte of it arrived (an idle
 * close shows up as none). */
amsop_err_t amsop__read_reply(const amsop__writer_t *w, amsop_http_parser_t *http, int *got_bytes);

/* Zeroes n bytes in a way the compiler may not drop (secrets, tokens). */
void amsop__wipe(void *p, size_t n);

#endif
