/* SPDX-License-Identifier: MIT */
/* Receiving on a POSIX port connection, bounded by poll(). */
#define _POSIX_C_SOURCE 200809L

#include "posix_net_internal.h"

#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "amsop_port.h"

amsop_err_t amsop_port_net_recv(amsop_port_net_t *n, uint8_t *buf, size_t cap, uint32_t timeout_ms,
                                size_t *received)
{
    uint64_t deadline = amsop__posix_deadline(timeout_ms);

    if (received != NULL) {
        *received = 0;
    }
    if (n == NULL || buf == NULL || cap == 0 || received == NULL) {
        return AMSOP_ERR_INVALID_ARG;
    }
    if (n->fd < 0) {
        return AMSOP_ERR_NET_CLOSED;
    }
    for (;;) {
        amsop__posix_wait_result_t w;
        ssize_t rc = recv(n->fd, buf, cap, 0);

        if (rc > 0) {
            *received = (size_t)rc;
            return AMSOP_OK;
        }
        if (rc == 0) {
            return AMSOP_ERR_NET_CLOSED; /* orderly close (FIN) */
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno == ECONNRESET || errno == ENOTCONN) {
            /* A server dropping an idle keep-alive connection often resets
             * it; to the caller that is the same as a close: reconnect. */
            return AMSOP_ERR_NET_CLOSED;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            return AMSOP_ERR_NET_RECV;
        }
        w = amsop__posix_wait_fd(n->fd, POLLIN, deadline);
        if (w == AMSOP__POSIX_TIMEOUT) {
            return AMSOP_ERR_TIMEOUT;
        }
        if (w == AMSOP__POSIX_FAILED) {
            return AMSOP_ERR_NET_RECV;
        }
    }
}
