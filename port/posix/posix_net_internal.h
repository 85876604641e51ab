/* SPDX-License-Identifier: MIT */
/* Helpers shared by the POSIX network files; not part of the port API. */
#ifndef AMSOP_POSIX_NET_INTERNAL_H
#define AMSOP_POSIX_NET_INTERNAL_H

#include <stdint.h>

#include <sys/socket.h>

/* Linux has MSG_NOSIGNAL; BSD/macOS use SO_NOSIGPIPE on the socket instead
 * (set in posix_net_connect.c). Either way a peer that went away gives EPIPE,
 * never a process-killing SIGPIPE. */
#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0
#endif

typedef enum amsop__posix_wait_result {
    AMSOP__POSIX_READY = 0,
    AMSOP__POSIX_TIMEOUT,
    AMSOP__POSIX_FAILED
} amsop__posix_wait_result_t;

/* Absolute deadline for a call that starts now and may take timeout_ms. */
uint64_t amsop__posix_deadline(uint32_t timeout_ms);

/* Waits until fd has one of events or deadline_ms (amsop_port_now_ms time)
 * passes. Restarts after EINTR with the time that is left, so a signal never
 * stretches a call beyond its timeout. */
amsop__posix_wait_result_t amsop__posix_wait_fd(int fd, short events, uint64_t deadline_ms);

#endif
