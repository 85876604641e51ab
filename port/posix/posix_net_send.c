/* SPDX-License-Identifier: MIT */
/* Sending on a POSIX port connection, bounded by poll(). */
#define _POSIX_C_SOURCE 200809L

#include "posix_net_internal.h"

#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "amsop_port.h"

static amsop_err_t send_errno_to_err(int e)
{
    /* The peer is gone: the caller may reconnect, like after an orderly close. */
    if (e == EPIPE || e == ECONNRESET || e == ENOTCONN) {
        return AMSOP_ERR_NET_CLOSED;
    }
    return AMSOP_ERR_NET_SEND;
}

amsop_err_t amsop_port_net_send(amsop_port_net_t *n, const uint8_t *buf, size_t len,
                                uint32_t timeout_ms, size_t *sent)
{
    uint64_t deadline = amsop__posix_deadline(timeout_ms);

    if (sent != NULL) {
        *sent = 0;
    }
    if (n == NULL || buf == NULL || len == 0 || sent == NULL) {
        return AMSOP_ERR_INVALID_ARG;
    }
    if (n->fd < 0) {
        return AMSOP_ERR_NET_CLOSED;
    }
    for (;;) {
        amsop__posix_wait_result_t w;
        ssize_t rc = send(n->fd, buf, len, MSG_NOSIGNAL);

        if (rc > 0) {
            *sent = (size_t)rc; /* partial sends are the caller's to finish */
            return AMSOP_OK;
        }
        if (rc < 0 && errno == EINTR) {
            continue;
        }
        if (rc < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            return send_errno_to_err(errno);
        }
        w = amsop__posix_wait_fd(n->fd, POLLOUT, deadline);
        if (w == AMSOP__POSIX_TIMEOUT) {
            return AMSOP_ERR_TIMEOUT;
        }
        if (w == AMSOP__POSIX_FAILED) {
            return AMSOP_ERR_NET_SEND;
        }
    }
}
