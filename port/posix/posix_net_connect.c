/* SPDX-License-Identifier: MIT */
/* TCP connect for the POSIX port: resolve with getaddrinfo (IPv4 and IPv6),
 * then try each address with a non-blocking connect bounded by poll(). The
 * address that worked is kept for reconnects to the same host:port. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* SO_NOSIGPIPE on BSDs; harmless elsewhere */

#include "posix_net_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "amsop_port.h"

/* Non-blocking (every wait goes through poll with a deadline) and
 * close-on-exec (a board may spawn helpers; they must not inherit it). */
static int prepare_socket(int fd)
{
    int fl = fcntl(fd, F_GETFL, 0);
    int one = 1;

    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) != 0) {
        return -1;
    }
    if (fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) {
        return -1;
    }
#ifdef SO_NOSIGPIPE
    (void)setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#endif
    /* Requests are written in a few small pieces; without TCP_NODELAY
     * Nagle + delayed ACK can add ~40 ms per request. Failure is harmless. */
    (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return 0;
}

/* One address. AMSOP_OK with *fd_out set, AMSOP_ERR_TIMEOUT when the
 * attempt's deadline passed, AMSOP_ERR_NET_CONNECT otherwise. */
static amsop_err_t connect_one(const struct addrinfo *ai, uint64_t deadline_ms, int *fd_out)
{
    int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    int so_error = 0;
    socklen_t so_len = sizeof so_error;
    amsop__posix_wait_result_t w;

    if (fd < 0) {
        return AMSOP_ERR_NET_CONNECT; /* e.g. IPv6 address on an IPv4-only host */
    }
    if (prepare_socket(fd) != 0) {
        (void)close(fd);
        return AMSOP_ERR_NET_CONNECT;
    }
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
        *fd_out = fd;
        return AMSOP_OK;
    }
    /* EINTR: the connect goes on asynchronously, exactly like EINPROGRESS. */
    if (errno != EINPROGRESS && errno != EINTR) {
        (void)close(fd);
        return AMSOP_ERR_NET_CONNECT;
    }
    w = amsop__posix_wait_fd(fd, POLLOUT, deadline_ms);
    if (w != AMSOP__POSIX_READY) {
        (void)close(fd);
        return w == AMSOP__POSIX_TIMEOUT ? AMSOP_ERR_TIMEOUT : AMSOP_ERR_NET_CONNECT;
    }
    /* Writable only says the attempt finished; SO_ERROR says how. */
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &so_len) != 0 || so_error != 0) {
        (void)close(fd);
        return AMSOP_ERR_NET_CONNECT;
    }
    *fd_out = fd;
    return AMSOP_OK;
}

static unsigned count_addresses(const struct addrinfo *list)
{
    unsigned n = 0;
    for (; list != NULL; list = list->ai_next) {
        n++;
    }
    return n;
}

void amsop_port_net_init(amsop_port_net_t *n)
{
    if (n != NULL) {
        memset(n, 0, sizeof *n);
        n->fd = -1;
    }
}

static int cached_for(const amsop_port_net_t *n, const char *host, uint16_t port)
{
    return n->addr_len > 0 && n->addr_port == port &&
           strncmp(n->addr_host, host, sizeof n->addr_host) == 0;
}

static void remember(amsop_port_net_t *n, const char *host, uint16_t port,
                     const struct addrinfo *ai)
{
    size_t len = strlen(host);
    n->addr_len = 0;
    if (len >= sizeof n->addr_host || ai->ai_addrlen > (socklen_t)sizeof n->addr) {
        return; /* not cached: every connect resolves */
    }
    memcpy(&n->addr, ai->ai_addr, ai->ai_addrlen);
    n->addr_len = ai->ai_addrlen;
    n->addr_port = port;
    memcpy(n->addr_host, host, len + 1);
}

/* The cached address, with half the time: a server that moved or is down
 * answers quickly with a refusal, and the resolver then gets the rest. */
static amsop_err_t connect_cached(amsop_port_net_t *n, uint64_t deadline)
{
    struct addrinfo ai;
    uint64_t now = amsop_port_now_ms();
    int fd = -1;
    amsop_err_t err;

    memset(&ai, 0, sizeof ai);
    ai.ai_family = n->addr.ss_family;
    ai.ai_socktype = SOCK_STREAM;
    ai.ai_protocol = IPPROTO_TCP;
    ai.ai_addr = (struct sockaddr *)&n->addr;
    ai.ai_addrlen = n->addr_len;
    err = connect_one(&ai, now < deadline ? now + (deadline - now) / 2u : now, &fd);
    if (err == AMSOP_OK) {
        n->fd = fd;
    } else {
        n->addr_len = 0; /* look it up again */
    }
    return err;
}

static int resolve(const char *host, uint16_t port, struct addrinfo **list)
{
    struct addrinfo hints;
    char service[6];

    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC; /* IPv4 and IPv6, in the resolver's order */
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    /* No AI_ADDRCONFIG: it hides "::1" on hosts whose only IPv6 address is
     * the loopback one. */
    hints.ai_flags = AI_NUMERICSERV;
    (void)snprintf(service, sizeof service, "%u", (unsigned)port);

    /* getaddrinfo blocks for as long as the system resolver is configured to
     * (resolv.conf timeout/attempts); the port cannot bound it without a
     * thread. It is also the one place where libc allocates for us:
     * freeaddrinfo releases it on every path. */
    *list = NULL;
    if (getaddrinfo(host, service, &hints, list) != 0 || *list == NULL) {
        if (*list != NULL) {
            freeaddrinfo(*list);
        }
        return -1;
    }
    return 0;
}

amsop_err_t amsop_port_net_preresolve(amsop_port_net_t *n, const char *host, uint16_t port)
{
    struct addrinfo *list = NULL;

    if (n == NULL || host == NULL || host[0] == '\0' || port == 0) {
        return AMSOP_ERR_INVALID_ARG;
    }
    if (cached_for(n, host, port)) {
        return AMSOP_OK;
    }
    if (resolve(host, port, &list) != 0) {
        return AMSOP_ERR_NET_DNS;
    }
    remember(n, host, port, list); /* the resolver's first choice */
    freeaddrinfo(list);
    return AMSOP_OK;
}

amsop_err_t amsop_port_net_connect(amsop_port_net_t *n, const char *host, uint16_t port,
                                   uint32_t timeout_ms)
{
    struct addrinfo *list = NULL;
    const struct addrinfo *ai;
    uint64_t deadline = amsop__posix_deadline(timeout_ms);
    unsigned left;
    amsop_err_t err = AMSOP_ERR_NET_CONNECT;

    if (n == NULL || host == NULL || host[0] == '\0' || port == 0) {
        return AMSOP_ERR_INVALID_ARG;
    }
    amsop_port_net_close(n);
    if (cached_for(n, host, port) && connect_cached(n, deadline) == AMSOP_OK) {
        return AMSOP_OK;
    }

    if (resolve(host, port, &list) != 0) {
        return AMSOP_ERR_NET_DNS;
    }

    left = count_addresses(list);
    for (ai = list; ai != NULL; ai = ai->ai_next, left--) {
        uint64_t now = amsop_port_now_ms();
        uint64_t attempt_deadline = deadline;
        int fd = -1;

        if (now >= deadline) {
            err = AMSOP_ERR_TIMEOUT;
            break;
        }
        /* Share the time between the addresses still to try, so one
         * black-holed address (often IPv6) cannot starve a working one. The
         * last address gets everything that is left. */
        if (left > 1) {
            attempt_deadline = now + (deadline - now) / left;
        }
        err = connect_one(ai, attempt_deadline, &fd);
        if (err == AMSOP_OK) {
            n->fd = fd;
            remember(n, host, port, ai);
            break;
        }
    }
    freeaddrinfo(list);
    return err;
}
