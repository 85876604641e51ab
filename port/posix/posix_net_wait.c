/* SPDX-License-Identifier: MIT */
/* Bounded waits on one socket with poll(): the single place where the POSIX
 * port blocks on the network. */
#define _POSIX_C_SOURCE 200809L

#include "posix_net_internal.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>

#include "amsop_port.h"

uint64_t amsop__posix_deadline(uint32_t timeout_ms)
{
    return amsop_port_now_ms() + (uint64_t)timeout_ms;
}

amsop__posix_wait_result_t amsop__posix_wait_fd(int fd, short events, uint64_t deadline_ms)
{
    for (;;) {
        uint64_t now = amsop_port_now_ms();
        uint64_t left = deadline_ms > now ? deadline_ms - now : 0;
        int wait_ms = left > (uint64_t)INT_MAX ? INT_MAX : (int)left;
        struct pollfd p;
        int rc;

        if (amsop_port_interrupted())
            return AMSOP__POSIX_FAILED; /* the caller gave up: stop now */
        p.fd = fd;
        p.events = events;
        p.revents = 0;
        rc = poll(&p, 1, wait_ms);
        if (rc > 0) {
            /* POLLERR/POLLHUP count as ready: the following send/recv/
             * getsockopt call reports the precise error. */
            return AMSOP__POSIX_READY;
        }
        if (rc == 0) {
            if (left == 0) {
                return AMSOP__POSIX_TIMEOUT;
            }
            continue; /* poll may wake a little early; recheck the clock */
        }
        if (errno != EINTR) {
            return AMSOP__POSIX_FAILED;
        }
    }
}
