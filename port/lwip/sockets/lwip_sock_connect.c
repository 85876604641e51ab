/* SPDX-License-Identifier: MIT */
/* TCP connect for the lwIP sockets port: an address literal or a name from
 * the static host table (else lwip_getaddrinfo when the stack has DNS), then
 * a non-blocking lwip_connect bounded by lwip_poll, so a dead server costs
 * at most the caller's timeout. The socket is left blocking; every send and
 * recv bounds itself with SO_SNDTIMEO / SO_RCVTIMEO. */
#include <string.h>

#include "lwip/sockets.h"
#if LWIP_DNS
#include "lwip/netdb.h"
#endif

#include "lwip_internal.h"

void amsop_port_net_init(amsop_port_net_t *n)
{
    if (n != NULL) {
        n->s = -1;
    }
}

static amsop_err_t resolve(const char *host, ip_addr_t *addr)
{
    amsop_err_t err = amsop__lwip_resolve_static(host, addr);
#if LWIP_DNS
    struct addrinfo hints;
    struct addrinfo *res = NULL;

    if (err == AMSOP_OK) {
        return AMSOP_OK;
    }
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (lwip_getaddrinfo(host, NULL, &hints, &res) != 0 || res == NULL) {
        return AMSOP_ERR_NET_DNS;
    }
    err = AMSOP_ERR_NET_DNS;
    if (res->ai_family == AF_INET) {
        ip_addr_t a;
        inet_addr_to_ip4addr(ip_2_ip4(&a), &((const struct sockaddr_in *)res->ai_addr)->sin_addr);
        IP_SET_TYPE_VAL(a, IPADDR_TYPE_V4);
        *addr = a;
        err = AMSOP_OK;
    }
    lwip_freeaddrinfo(res);
#endif
    return err;
}

/* Fills a sockaddr for addr:port; returns its length (0: family unsupported). */
static socklen_t to_sockaddr(const ip_addr_t *addr, uint16_t port, struct sockaddr_storage *ss)
{
    memset(ss, 0, sizeof *ss);
#if LWIP_IPV6
    if (IP_IS_V6(addr)) {
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
        s6->sin6_family = AF_INET6;
        s6->sin6_port = lwip_htons(port);
        inet6_addr_from_ip6addr(&s6->sin6_addr, ip_2_ip6(addr));
        return (socklen_t)sizeof *s6;
    }
#endif
#if LWIP_IPV4
    {
        struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
        s4->sin_family = AF_INET;
        s4->sin_port = lwip_htons(port);
        inet_addr_from_ip4addr(&s4->sin_addr, ip_2_ip4(addr));
        return (socklen_t)sizeof *s4;
    }
#else
    (void)addr;
    (void)port;
    return 0;
#endif
}

/* Waits for the non-blocking connect on s to finish within timeout_ms. */
static amsop_err_t finish_connect(int s, uint32_t timeout_ms)
{
    struct pollfd p;
    int so_error = 0;
    socklen_t len = (socklen_t)sizeof so_error;
    int rc;

    p.fd = s;
    p.events = POLLOUT;
    p.revents = 0;
    rc = lwip_poll(&p, 1, timeout_ms > (uint32_t)INT32_MAX ? INT32_MAX : (int)timeout_ms);
    if (rc == 0) {
        return AMSOP_ERR_TIMEOUT;
    }
    if (rc < 0 || lwip_getsockopt(s, SOL_SOCKET, SO_ERROR, &so_error, &len) != 0 || so_error != 0) {
        return AMSOP_ERR_NET_CONNECT;
    }
    return AMSOP_OK;
}

amsop_err_t amsop_port_net_connect(amsop_port_net_t *n, const char *host, uint16_t port,
                                   uint32_t timeout_ms)
{
    struct sockaddr_storage ss;
    socklen_t ss_len;
    ip_addr_t addr;
    amsop_err_t err;
    int s;
    int on = 1;
    int off = 0;

    if (n == NULL || host == NULL || port == 0) {
        return AMSOP_ERR_INVALID_ARG;
    }
    amsop_port_net_close(n);
    err = resolve(host, &addr);
    if (err != AMSOP_OK) {
        return err;
    }
    ss_len = to_sockaddr(&addr, port, &ss);
    if (ss_len == 0) {
        return AMSOP_ERR_NET_CONNECT;
    }
    s = lwip_socket(ss.ss_family, SOCK_STREAM, IPPROTO_TCP);
    if (s < 0) {
        return AMSOP_ERR_NET_CONNECT; /* no free socket or netconn */
    }
    if (lwip_ioctl(s, (long)FIONBIO, &on) != 0) {
        (void)lwip_close(s);
        return AMSOP_ERR_PORT;
    }
    if (lwip_connect(s, (const struct sockaddr *)&ss, ss_len) == 0) {
        err = AMSOP_OK;
    } else if (errno == EINPROGRESS) {
        err = finish_connect(s, timeout_ms);
    } else {
        err = AMSOP_ERR_NET_CONNECT;
    }
    if (err == AMSOP_OK && lwip_ioctl(s, (long)FIONBIO, &off) != 0) {
        err = AMSOP_ERR_PORT;
    }
    if (err != AMSOP_OK) {
        (void)lwip_close(s);
        return err;
    }
    /* Requests go out in a few small writes: no Nagle delay between them. */
    (void)lwip_setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &on, (socklen_t)sizeof on);
    n->s = s;
    ++amsop__lwip_stats.connects;
    return AMSOP_OK;
}
