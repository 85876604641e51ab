/* SPDX-License-Identifier: MIT */
/* Send, receive and close for the lwIP sockets port. Each call sets the
 * socket's SO_SNDTIMEO / SO_RCVTIMEO to its own timeout (lwIP checks them
 * inside the blocking call), so no call waits longer than asked. */
#include "lwip/sockets.h"

#include "lwip_internal.h"

/* Sets SO_RCVTIMEO or SO_SNDTIMEO (opt) of socket s to ms (> 0). */
static int set_timeout(int s, int opt, uint32_t ms)
{
    struct timeval tv;

    tv.tv_sec = (long)(ms / 1000u);
    tv.tv_usec = (long)((ms % 1000u) * 1000u);
    return lwip_setsockopt(s, SOL_SOCKET, opt, &tv, (socklen_t)sizeof tv);
}

/* A reset or a connection lwIP already tore down is, to the caller, the
 * same as an orderly close: reconnect. */
static amsop_err_t errno_to_err(int e, amsop_err_t other)
{
    if (e == EWOULDBLOCK || e == EAGAIN) {
        return AMSOP_ERR_TIMEOUT;
    }
    if (e == ECONNRESET || e == ENOTCONN || e == ECONNABORTED || e == EPIPE) {
        ++amsop__lwip_stats.peer_closed;
        return AMSOP_ERR_NET_CLOSED;
    }
    return other;
}

amsop_err_t amsop_port_net_send(amsop_port_net_t *n, const uint8_t *buf, size_t len,
                                uint32_t timeout_ms, size_t *sent)
{
    ssize_t rc;

    if (sent != NULL) {
        *sent = 0;
    }
    if (n == NULL || buf == NULL || len == 0 || sent == NULL) {
        return AMSOP_ERR_INVALID_ARG;
    }
    if (n->s < 0) {
        return AMSOP_ERR_NET_CLOSED;
    }
    /* SO_SNDTIMEO 0 would mean "forever" to lwIP: a zero timeout is a
     * non-blocking attempt instead. */
    if (timeout_ms > 0 && set_timeout(n->s, SO_SNDTIMEO, timeout_ms) != 0) {
        return AMSOP_ERR_PORT;
    }
    rc = lwip_send(n->s, buf, len, timeout_ms > 0 ? 0 : MSG_DONTWAIT);
    if (rc > 0) {
        *sent = (size_t)rc; /* partial sends are the caller's to finish */
        return AMSOP_OK;
    }
    return errno_to_err(errno, AMSOP_ERR_NET_SEND);
}

amsop_err_t amsop_port_net_recv(amsop_port_net_t *n, uint8_t *buf, size_t cap, uint32_t timeout_ms,
                                size_t *received)
{
    ssize_t rc;

    if (received != NULL) {
        *received = 0;
    }
    if (n == NULL || buf == NULL || cap == 0 || received == NULL) {
        return AMSOP_ERR_INVALID_ARG;
    }
    if (n->s < 0) {
        return AMSOP_ERR_NET_CLOSED;
    }
    if (timeout_ms > 0 && set_timeout(n->s, SO_RCVTIMEO, timeout_ms) != 0) {
        return AMSOP_ERR_PORT;
    }
    rc = lwip_recv(n->s, buf, cap, timeout_ms > 0 ? 0 : MSG_DONTWAIT);
    if (rc > 0) {
        *received = (size_t)rc;
        return AMSOP_OK;
    }
    if (rc == 0) {
        ++amsop__lwip_stats.peer_closed;
        return AMSOP_ERR_NET_CLOSED; /* orderly close (FIN) */
    }
    return errno_to_err(errno, AMSOP_ERR_NET_RECV);
}

void amsop_port_net_close(amsop_port_net_t *n)
{
    if (n != NULL && n->s >= 0) {
        (void)lwip_close(n->s);
        n->s = -1;
    }
}
